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
LONG_RUNNING = ("web", "worker", "beat", "db", "redis", "minio")
ALL_SERVICES = APP_SERVICES + ("db", "redis", "minio")

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
    command = service["command"]
    return list(command) if isinstance(command, list) else shlex.split(command)


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
    migrate = services()["migrate"]
    line = as_command(migrate["command"])
    assert MANAGE_PY.findall(line) == ["migrate", "ensure_storage"]
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
    assert {"migrate", "ensure_storage"} <= used
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


def test_every_env_example_variable_is_read_by_settings():
    read = settings_env_names()
    names = set(env_example())
    assert names, ".env.example defines no variable"
    assert names <= read, f"settings.py never reads: {sorted(names - read)}"


def test_every_variable_compose_interpolates_is_in_env_example():
    used = compose_variables()
    assert {"DATABASE_URL", "S3_ACCESS_KEY", "S3_SECRET_KEY"} <= used
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
    env = env_example()
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
    for name in ("SECRET_KEY", "S3_SECRET_KEY", "EMAIL_HOST_PASSWORD"):
        assert env[name] == "", f"{name} must be filled in by the operator, not shipped"
    assert urlsplit(env["DATABASE_URL"]).password in (None, "")


def test_env_example_configures_production_settings():
    """The settings module, loaded in a fresh process with .env.example (secrets filled in),
    starts in production mode on the compose services."""
    env = env_example()
    env.update(
        SECRET_KEY="test-only-" + "x" * 50,
        S3_SECRET_KEY="test-only-secret",
        DATABASE_URL=env["DATABASE_URL"].replace("lsp:@", "lsp:katasandi@"),
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


def test_dockerfile_collects_static_files_in_production_mode():
    instructions = dockerfile_instructions()
    args = {a.split("=")[0]: a.split("=", 1)[1] for i, a in instructions if i == "ARG" and "=" in a}
    assert args.get("DEBUG") == "0"
    assert args.get("SECRET_KEY") and args.get("ALLOWED_HOSTS")
    final_stage = [a for i, a in instructions if i == "FROM"][-1]
    assert final_stage == "python:3.11-slim-bookworm"
    run = [a for i, a in instructions if i == "RUN" and "collectstatic" in a]
    assert run and "--noinput" in run[0]
