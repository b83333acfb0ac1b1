"""The production deployment files (docker-compose.yml, Dockerfile, .env.example) agree with
the code they run. No Docker engine is needed: the files are parsed, and every command,
module and variable they name is looked up in the project."""

import ast
import importlib
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"

APP_SERVICES = ("web", "worker", "beat", "migrate")
APP_PROCESSES = ("web", "worker", "beat")  # long-running, as the app's own roles
LONG_RUNNING = ("web", "worker", "beat", "db", "redis", "minio")
ALL_SERVICES = APP_SERVICES + ("db", "redis", "minio", "minio-init")

pytestmark = pytest.mark.embedded


# --- reading the files -------------------------------------------------------------------


def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


def services():
    return compose()["services"]


def as_command(value):
    """A compose command/entrypoint/test (string or list) as one shell-like string."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return " ".join(str(part) for part in value)


def service_commands(service):
    """Every command line a service runs: entrypoint, command and health check."""
    return [
        as_command(service.get("entrypoint")),
        as_command(service.get("command")),
        as_command((service.get("healthcheck") or {}).get("test")),
    ]


def all_compose_commands():
    return [line for service in services().values() for line in service_commands(service) if line]


def command_tokens(service):
    """The command's words; for `sh -c SCRIPT`, the words of the script's last line, the
    `exec` that the shell hands over to."""
    command = service["command"]
    tokens = list(command) if isinstance(command, list) else shlex.split(command)
    if tokens[:2] == ["sh", "-c"]:
        last = tokens[2].replace("$$", "$").split("&&")[-1]
        tokens = shlex.split(last)
        tokens = tokens[1:] if tokens[0] == "exec" else tokens
    return tokens


def option_value(tokens, *names):
    """The value of --name VALUE / --name=VALUE / -n VALUE in tokens, or None."""
    for i, token in enumerate(tokens):
        for name in names:
            if token == name and i + 1 < len(tokens):
                return tokens[i + 1]
            if token.startswith(name + "="):
                return token.split("=", 1)[1]
    return None


def env_example():
    """.env.example as {name: value}, in file order, with surrounding quotes removed."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def settings_env_names():
    """Names settings.py reads: the first argument of env(), env_bool(), env_list(),
    required() and os.environ.get() calls."""
    tree = ast.parse((ROOT / "lsp_portal" / "settings.py").read_text())
    readers = {"env", "env_bool", "env_list", "required"}
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_reader = (isinstance(func, ast.Name) and func.id in readers) or (
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "environ"
        )
        first = node.args[0]
        if is_reader and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def compose_strings(node):
    """Every string (keys and values) anywhere in the parsed compose file."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from compose_strings(key)
            yield from compose_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from compose_strings(item)
    elif isinstance(node, str):
        yield node


# `$$` is compose's escape for a literal `$` (for the container's shell), not interpolation.
INTERPOLATION = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")
SUBSTITUTION = re.compile(
    r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)"
)


def interpolate(text, env):
    """`text` as docker compose reads it with `env` as .env: ${X}, ${X:-default},
    ${X:?error} (an error when X is unset or empty) and `$$` for a literal `$`."""

    def one(match):
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        value = env.get(name, "")
        if match.group(2) in (":?", "?") and not value:
            raise AssertionError(f"compose would stop: {name} is empty ({match.group(3)})")
        if match.group(2) in (":-", "-") and not value:
            return match.group(3)
        return value

    return SUBSTITUTION.sub(one, text)


def filled_env():
    """.env.example with every blank secret filled in (letters and digits, as told)."""
    return {name: value or f"uji{name.lower().replace('_', '')}9" for name, value in env_example().items()}


def service_environment(name, env=None):
    """What a service's container receives: .env (when it reads it), then its own
    `environment`, interpolated as compose would."""
    env = env if env is not None else filled_env()
    service = services()[name]
    result = dict(env) if service.get("env_file") else {}
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    result.update({key: interpolate(str(value), env) for key, value in environment.items()})
    return result


def run_compose_script(script, tmp_path, env, fakes):
    """Run a service's `sh -c` script (after compose's `$$` -> `$`) with stand-ins for the
    programs in `fakes` ({name: shell body}); returns the completed process."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for program, body in fakes.items():
        path = bin_dir / program
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(0o755)
    full_env = {**env, "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}", "TMPDIR": str(tmp_path)}
    return subprocess.run(
        ["sh", "-c", script.replace("$$", "$")], env=full_env, capture_output=True, text=True, timeout=30
    )


def compose_variables():
    names = set()
    for text in compose_strings(compose()):
        text = text.replace("$$", "")
        for braced, bare in INTERPOLATION.findall(text):
            names.add(braced or bare)
    return names


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        logical.append(current)
        current = ""
    pairs = []
    for line in logical:
        instruction, _, arguments = line.partition(" ")
        pairs.append((instruction.upper(), arguments.strip()))
    return pairs


MANAGE_PY = re.compile(r"\bpython3?\s+(?:\S*/)?manage\.py\s+([A-Za-z0-9_]+)")
CELERY_APP = re.compile(r"\bcelery\s+(?:-A|--app)[\s=]+([A-Za-z0-9_.:]+)")


# --- services ----------------------------------------------------------------------------


def test_compose_defines_every_production_service():
    assert set(ALL_SERVICES) <= set(services())


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_healthcheck(name):
    healthcheck = services()[name].get("healthcheck") or {}
    assert not healthcheck.get("disable")
    assert as_command(healthcheck.get("test")).split()[0] in {"CMD", "CMD-SHELL"}


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_read_env_file_dot_env(name):
    env_file = services()[name].get("env_file")
    paths = (
        [env_file]
        if isinstance(env_file, str)
        else [item if isinstance(item, str) else item["path"] for item in env_file or []]
    )
    assert ".env" in paths


@pytest.mark.parametrize("name", ("web", "worker", "beat"))
def test_app_processes_start_only_after_migrate_succeeded(name):
    depends_on = services()[name]["depends_on"]
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_migrate_runs_migrations_then_ensures_storage_and_exits():
    """X-4: after the migrations, the app's role gets its rights on the tables as they are."""
    migrate = services()["migrate"]
    line = as_command(migrate["command"])
    assert MANAGE_PY.findall(line) == ["migrate", "db_app_role", "ensure_storage"]
    assert "--noinput" in line
    assert "&&" in line  # ensure_storage runs only when the migrations succeeded
    assert migrate.get("restart", "no") == "no"
    assert "healthcheck" not in migrate


@pytest.mark.parametrize(
    ("name", "volume_target"),
    [("db", "/var/lib/postgresql/data"), ("redis", "/data"), ("minio", "/data")],
)
def test_data_services_keep_their_data_on_a_named_volume(name, volume_target):
    mounts = services()[name]["volumes"]
    sources = [m.split(":")[0] for m in mounts if m.split(":")[1] == volume_target]
    assert sources and sources[0] in compose()["volumes"]


def test_db_is_postgres_15_checked_with_pg_isready():
    db = services()["db"]
    assert db["image"].split(":")[1].startswith("15")
    assert "pg_isready" in as_command(db["healthcheck"]["test"])


def test_redis_appends_every_write_to_disk():
    redis = services()["redis"]
    assert redis["image"].startswith("redis:7")
    tokens = command_tokens(redis)
    assert tokens[0] == "redis-server"
    assert tokens[tokens.index("--appendonly") + 1] == "yes"


def test_no_service_publishes_a_port_beyond_the_hosts_loopback():
    for name, service in services().items():
        for port in service.get("ports", []):
            port = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port['published']}"
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_beat_is_not_replicated():
    beat = services()["beat"]
    assert (beat.get("deploy") or {}).get("replicas", 1) == 1
    assert beat.get("scale", 1) == 1


# --- commands name real code -------------------------------------------------------------


def test_every_manage_py_command_in_compose_exists():
    from django.core.management import get_commands

    used = {name for line in all_compose_commands() for name in MANAGE_PY.findall(line)}
    assert {"migrate", "db_app_role", "ensure_storage", "generate_seal"} <= used
    assert used <= set(get_commands()), f"unknown: {used - set(get_commands())}"


def test_every_manage_py_command_in_dockerfile_exists():
    from django.core.management import get_commands

    runs = [args for instruction, args in dockerfile_instructions() if instruction == "RUN"]
    used = {name for line in runs for name in MANAGE_PY.findall(line)}
    assert "collectstatic" in used
    assert used <= set(get_commands()), f"unknown: {used - set(get_commands())}"


def test_every_celery_app_in_compose_is_importable():
    from celery import Celery
    from celery.app.utils import find_app

    modules = {module for line in all_compose_commands() for module in CELERY_APP.findall(line)}
    assert modules  # worker and beat at least
    for module in modules:
        assert isinstance(find_app(module), Celery), module


@pytest.mark.parametrize(("name", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_celery_services_run_their_role(name, subcommand):
    tokens = command_tokens(services()[name])
    assert tokens[0] == "celery"
    assert subcommand in tokens


def test_gunicorn_target_in_compose_resolves_to_the_wsgi_application():
    from django.core.handlers.wsgi import WSGIHandler

    tokens = command_tokens(services()["web"])
    assert tokens[0] == "gunicorn"
    target = next(t for t in tokens[1:] if not t.startswith("-"))
    module, _, attr = target.partition(":")
    assert isinstance(getattr(importlib.import_module(module), attr), WSGIHandler)
    assert f"{module}.{attr}" == django_settings.WSGI_APPLICATION


def test_web_runs_at_least_two_gunicorn_workers():
    tokens = command_tokens(services()["web"])
    assert int(option_value(tokens, "--workers", "-w")) >= 2


def test_dockerfile_default_command_is_gunicorn_on_the_same_target():
    cmd = [args for instruction, args in dockerfile_instructions() if instruction == "CMD"][-1]
    tokens = json.loads(cmd)
    web_target = next(t for t in command_tokens(services()["web"])[1:] if not t.startswith("-"))
    assert tokens[0] == "gunicorn"
    assert tokens[1] == web_target


def test_web_healthcheck_reaches_healthz_under_production_security(settings, client, monkeypatch):
    """With DEBUG=0 Django redirects plain HTTP to HTTPS and answers only ALLOWED_HOSTS; the
    probe runs inside the container over plain HTTP, so it must look like the proxy's request."""
    import urllib.request

    env = env_example()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = env["ALLOWED_HOSTS"].split(",")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    test = services()["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    sent = []

    class Response:
        status = 200

    def fake_urlopen(request, timeout=None):
        sent.append(request)
        return Response()

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    monkeypatch.setenv("SITE_URL", env["SITE_URL"])
    with pytest.raises(SystemExit) as exit_info:
        exec(compile(test[3], "healthcheck", "exec"), {})
    assert exit_info.value.code == 0

    (request,) = sent
    url = urlsplit(request.full_url)
    assert (url.hostname, url.port, url.path) == ("127.0.0.1", 8000, "/healthz")
    headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in request.header_items()}
    response = client.get(url.path, **headers)
    assert response.status_code in (200, 503)  # the health view answered, healthy or not
    assert "status" in response.json()
    # Control: without the proxy's header the same probe would only get a redirect.
    headers.pop("HTTP_X_FORWARDED_PROTO")
    assert client.get(url.path, **headers).status_code == 301


# --- variables ---------------------------------------------------------------------------


def test_every_env_example_variable_is_read_by_settings_or_compose():
    """A variable is used by the app (settings.py) or by docker-compose.yml itself (the data
    services' credentials and the parts of the URLs it builds)."""
    read = settings_env_names() | compose_variables()
    names = set(env_example())
    assert names, ".env.example defines no variable"
    assert names <= read, f"nothing reads: {sorted(names - read)}"


def test_every_variable_compose_interpolates_is_in_env_example():
    used = compose_variables()
    assert {"POSTGRES_PASSWORD", "DB_APP_PASSWORD", "REDIS_PASSWORD", "MINIO_ROOT_PASSWORD"} <= used
    assert {"S3_ACCESS_KEY", "S3_SECRET_KEY"} <= used
    missing = used - set(env_example())
    assert not missing, f"not in .env.example: {sorted(missing)}"


def test_every_env_example_variable_has_a_comment_line():
    lines = ENV_EXAMPLE.read_text().splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith("#") and "=" in line:
            assert i > 0 and lines[i - 1].startswith("#"), f"no comment above {line.split('=')[0]}"


def test_env_example_is_production_mode():
    env = env_example()
    assert env["DEBUG"] == "0"
    assert env["LSP_MFA_REQUIRED"] == "1"


def test_env_example_service_urls_point_at_compose_services():
    env = service_environment("web")
    names = set(services())
    for variable in (
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
        "S3_ENDPOINT_URL",
    ):
        assert urlsplit(env[variable]).hostname in names, variable
    assert urlsplit(env["DATABASE_URL"]).hostname == "db"
    assert urlsplit(env["CELERY_BROKER_URL"]).hostname == "redis"
    assert urlsplit(env["S3_ENDPOINT_URL"]).hostname == "minio"


def test_env_example_site_url_is_an_allowed_and_trusted_https_origin():
    env = env_example()
    site = urlsplit(env["SITE_URL"])
    assert site.scheme == "https"
    assert site.hostname in env["ALLOWED_HOSTS"].split(",")
    assert f"{site.scheme}://{site.netloc}" in env["CSRF_TRUSTED_ORIGINS"].split(",")


def test_env_example_secrets_are_left_blank():
    env = env_example()
    for name in (
        "SECRET_KEY",
        "S3_SECRET_KEY",
        "EMAIL_HOST_PASSWORD",
        "POSTGRES_PASSWORD",
        "DB_APP_PASSWORD",
        "REDIS_PASSWORD",
        "MINIO_ROOT_PASSWORD",
    ):
        assert env[name] == "", f"{name} must be filled in by the operator, not shipped"


def test_compose_refuses_to_start_with_a_blank_secret():
    """A blank password stops `docker compose` with a message, rather than starting a
    database or cache without one."""
    env = env_example()
    with pytest.raises(AssertionError, match="compose would stop"):
        service_environment("web", env)


def test_env_example_configures_production_settings():
    """The settings module, loaded in a fresh process with what compose gives web from
    .env.example (secrets filled in), starts in production mode on the compose services."""
    env = service_environment("web")
    env.update(
        SECRET_KEY="test-only-" + "x" * 50,
        PATH=os.environ.get("PATH", ""),
        DJANGO_SETTINGS_MODULE="lsp_portal.settings",
    )
    script = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.DEBUG, s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        "s.STORAGES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        "s.LSP_MFA_REQUIRED, s.TRUSTED_PROXY_COUNT, s.SECURE_SSL_REDIRECT]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        False,
        "django.db.backends.postgresql",
        "db",
        "lsp_portal.storage.PrivateS3Storage",
        False,
        "django.core.mail.backends.smtp.EmailBackend",
        True,
        True,
        True,
    ]


# --- image -------------------------------------------------------------------------------


def apt_run_packages():
    match = re.search(r"^APT_RUN\s*:?=\s*(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    return set(match.group(1).split())


def test_dockerfile_installs_the_makefiles_apt_run_packages():
    installs = [
        args
        for instruction, args in dockerfile_instructions()
        if instruction == "RUN" and "apt-get install" in args
    ]
    assert installs
    packages = set()
    for args in installs:
        for command in args.split("&&"):
            words = command.split()
            if words[:2] == ["apt-get", "install"]:
                assert "--no-install-recommends" in words
                packages |= {w for w in words[2:] if not w.startswith("-")}
    assert packages == apt_run_packages()


def test_dockerfile_runs_as_a_non_root_user():
    users = [args for instruction, args in dockerfile_instructions() if instruction == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}


def dockerfile_env():
    """The final stage's ENV values (NAME=value pairs)."""
    instructions = dockerfile_instructions()
    last_from = max(i for i, (instruction, _) in enumerate(instructions) if instruction == "FROM")
    values = {}
    for instruction, args in instructions[last_from:]:
        if instruction == "ENV":
            for pair in shlex.split(args):
                name, _, value = pair.partition("=")
                values[name] = value
    return values


def test_dockerfile_collects_static_files_in_production_mode():
    instructions = dockerfile_instructions()
    args = {a.split("=")[0]: a.split("=", 1)[1] for i, a in instructions if i == "ARG" and "=" in a}
    assert dockerfile_env()["DEBUG"] == "0"
    assert "DEBUG" not in args  # the image's own value, not a build argument
    assert args.get("SECRET_KEY") and args.get("ALLOWED_HOSTS")
    final_stage = [a for i, a in instructions if i == "FROM"][-1]
    assert final_stage == "python:3.11-slim-bookworm"
    run = [a for i, a in instructions if i == "RUN" and "collectstatic" in a]
    assert run and "--noinput" in run[0]


# --- safe defaults and least privilege (X-4, X-11, SE-A4.4) -----------------------------


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_run_with_debug_off_explicitly(name):
    """X-11: DEBUG=0 is set by compose itself (and by the image), not left to .env."""
    assert services()[name]["environment"]["DEBUG"] == "0"
    assert service_environment(name, {**filled_env(), "DEBUG": "1"})["DEBUG"] == "0"


def test_image_defaults_to_debug_off():
    """X-11: a container started from the image without any setting runs in production mode."""
    assert dockerfile_env()["DEBUG"] == "0"


@pytest.mark.parametrize("name", APP_PROCESSES)
def test_app_processes_connect_as_the_app_role_not_the_schema_owner(name):
    """X-4: web, worker and beat use DB_APP_USER (only SELECT and INSERT on the audit trail)."""
    env = filled_env()
    url = urlsplit(service_environment(name, env)["DATABASE_URL"])
    assert (url.username, url.password) == (env["DB_APP_USER"], env["DB_APP_PASSWORD"])
    assert (url.hostname, url.path) == ("db", "/" + env["POSTGRES_DB"])
    assert env["DB_APP_USER"] != env["POSTGRES_USER"]


def test_migrate_connects_as_the_schema_owner_and_knows_the_app_role():
    """X-4: the migration role is separate; migrate creates the app role with its password."""
    env = filled_env()
    migrate = service_environment("migrate", env)
    url = urlsplit(migrate["DATABASE_URL"])
    assert (url.username, url.password) == (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"])
    assert (migrate["DB_APP_USER"], migrate["DB_APP_PASSWORD"]) == (
        env["DB_APP_USER"],
        env["DB_APP_PASSWORD"],
    )
    db = service_environment("db", env)
    assert (db["POSTGRES_USER"], db["POSTGRES_PASSWORD"], db["POSTGRES_DB"]) == (
        env["POSTGRES_USER"],
        env["POSTGRES_PASSWORD"],
        env["POSTGRES_DB"],
    )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_owner_and_root_secrets_never_reach_the_app(name):
    """X-4: .env holds the database owner's and MinIO root's passwords for the data services;
    compose blanks them for every app container, and none of its values contains them."""
    env = filled_env()
    received = service_environment(name, env)
    for secret in ("POSTGRES_PASSWORD", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"):
        assert received[secret] == ""
    values = [value for key, value in received.items() if key != "DATABASE_URL" or name != "migrate"]
    assert not any(env["MINIO_ROOT_PASSWORD"] in value for value in values)
    assert not any(env["POSTGRES_PASSWORD"] in value for value in values)


@pytest.mark.parametrize("variable", ["REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"])
def test_app_reaches_redis_with_its_password(variable):
    env = filled_env()
    url = urlsplit(service_environment("web", env)[variable])
    assert (url.hostname, url.password) == ("redis", env["REDIS_PASSWORD"])


def test_redis_requires_the_password_without_showing_it_on_a_command_line(tmp_path):
    """The server reads `requirepass` from a file the script writes (mode 0600); the password
    is not in the server's arguments (which `ps` shows on the host)."""
    env = filled_env()
    redis = services()["redis"]
    script = as_command(redis["command"]).split(" ", 2)[2]
    received = service_environment("redis", env)
    fake = 'echo "ARGS $*"; cat "$1"; stat -c "MODE %a" "$1"\n'
    result = run_compose_script(script, tmp_path, received, {"redis-server": fake})
    assert result.returncode == 0, result.stderr
    args_line = next(line for line in result.stdout.splitlines() if line.startswith("ARGS"))
    assert env["REDIS_PASSWORD"] not in args_line and "--appendonly yes" in args_line
    assert f'requirepass "{env["REDIS_PASSWORD"]}"' in result.stdout
    assert "MODE 600" in result.stdout
    assert "REDISCLI_AUTH" in as_command(redis["healthcheck"]["test"])


def test_minio_root_is_its_own_user_not_the_apps():
    env = filled_env()
    minio = service_environment("minio", env)
    assert (minio["MINIO_ROOT_USER"], minio["MINIO_ROOT_PASSWORD"]) == (
        env["MINIO_ROOT_USER"],
        env["MINIO_ROOT_PASSWORD"],
    )
    assert env["MINIO_ROOT_USER"] != env["S3_ACCESS_KEY"]


def test_migrate_waits_for_minio_init():
    assert services()["migrate"]["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    assert services()["minio-init"].get("restart") == "no"


def test_minio_init_gives_the_app_user_a_policy_limited_to_its_bucket(tmp_path):
    """The app's S3 user may read, write and retain objects of its bucket only: no other
    bucket, no bucket administration, no bypass of Object Lock."""
    env = filled_env()
    init = services()["minio-init"]
    script = init["entrypoint"][2]
    fake_mc = (
        'echo "mc $*" >> "$TMPDIR/mc.log"\n'
        'if [ "$1 $2 $3" = "admin policy create" ]; then cp "$6" "$TMPDIR/policy.json"; fi\n'
    )
    result = run_compose_script(script, tmp_path, service_environment("minio-init", env), {"mc": fake_mc})
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "mc.log").read_text().splitlines()
    bucket = env["S3_BUCKET"]
    assert (
        f"mc alias set root http://minio:9000 {env['MINIO_ROOT_USER']} {env['MINIO_ROOT_PASSWORD']}" in calls
    )
    assert f"mc mb --ignore-existing --with-lock root/{bucket}" in calls
    assert f"mc admin user add root {env['S3_ACCESS_KEY']} {env['S3_SECRET_KEY']}" in calls
    assert f"mc admin policy attach root lsp-portal-app --user {env['S3_ACCESS_KEY']}" in calls
    policy = json.loads((tmp_path / "policy.json").read_text())
    resources = {r for statement in policy["Statement"] for r in statement["Resource"]}
    actions = {a for statement in policy["Statement"] for a in statement["Action"]}
    assert resources == {f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"}
    assert {"s3:GetObject", "s3:PutObject", "s3:PutObjectRetention", "s3:ListBucket"} <= actions
    assert not any("*" in action for action in actions)
    assert not actions & {"s3:BypassGovernanceRetention", "s3:DeleteBucket", "s3:PutBucketPolicy"}
    assert {statement["Effect"] for statement in policy["Statement"]} == {"Allow"}


def test_minio_init_stops_on_an_error_other_than_an_attached_policy(tmp_path):
    env = filled_env()
    script = services()["minio-init"]["entrypoint"][2]
    failing = 'if [ "$1 $2 $3" = "admin policy attach" ]; then echo "server unreachable" >&2; exit 1; fi\n'
    result = run_compose_script(script, tmp_path, service_environment("minio-init", env), {"mc": failing})
    assert result.returncode != 0 and "server unreachable" in result.stderr
    already = (
        'if [ "$1 $2 $3" = "admin policy attach" ]; then echo "policy already attached" >&2; exit 1; fi\n'
    )
    result = run_compose_script(script, tmp_path, service_environment("minio-init", env), {"mc": already})
    assert result.returncode == 0, result.stderr


def volume_mounts(name):
    """{volume: (target, read_only)} of a service's named-volume mounts."""
    mounts = {}
    for mount in services()[name].get("volumes", []):
        source, target, *mode = mount.split(":")
        mounts[source] = (target, mode == ["ro"])
    return mounts


def test_seal_key_volume_is_mounted_only_on_the_worker():
    """X-11: the private key is where sealing happens (worker) and nowhere else."""
    holders = [name for name in services() if "seal-key" in volume_mounts(name)]
    assert holders == ["worker"]
    target, read_only = volume_mounts("worker")["seal-key"]
    key_path = service_environment("worker")["LSP_SEAL_KEY"]
    assert key_path.startswith(target + "/") and not read_only
    assert "seal-key" in compose()["volumes"]


def test_seal_certificate_is_written_by_the_worker_and_read_by_web():
    """X-11: web checks uploaded PDFs against the certificate, read-only."""
    cert_path = service_environment("web")["LSP_SEAL_CERT"]
    for name, expect_read_only in (("worker", False), ("web", True)):
        target, read_only = volume_mounts(name)["seal-cert"]
        assert cert_path.startswith(target + "/") and read_only == expect_read_only


def test_worker_makes_its_seal_before_it_takes_tasks():
    line = as_command(services()["worker"]["command"])
    assert MANAGE_PY.findall(line) == ["generate_seal"]
    assert line.index("generate_seal") < line.index("&& exec celery")


def test_image_prepares_the_seal_key_directory_private_to_the_app_user():
    """X-11: a new named volume takes the image directory's owner and mode (0700)."""
    runs = " ".join(args for instruction, args in dockerfile_instructions() if instruction == "RUN")
    assert "install -d -o lsp -g lsp -m 0700 var/seal-key" in runs
    assert "var/seal-cert" in runs


def test_env_example_documents_the_seal_key():
    text = ENV_EXAMPLE.read_text()
    assert "seal-key" in text and "generate_seal" in text and "0600" in text
