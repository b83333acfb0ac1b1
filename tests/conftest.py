import os
import signal
import subprocess
import sys
from urllib.parse import urlparse

import pytest

# pytest-playwright runs an event loop in the test thread; ORM calls from browser tests
# would otherwise raise SynchronousOnlyOperation (test-only setting).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Test-only settings, set here so that settings.py never asks whether pytest is loaded."""
    from django.conf import settings

    # Hashing cost is not under test; the suite creates many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test's connection closes with it, so the test databases can be dropped at the end.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The embedded file cache holds rate-limit counters keyed by user id; another pytest run
    # on the same machine (same ids in its own test database) must not share them.
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("FileBasedCache"):
        import atexit
        import shutil
        import tempfile

        cache["LOCATION"] = tempfile.mkdtemp(prefix="lsp-test-cache-")
        atexit.register(shutil.rmtree, cache["LOCATION"], ignore_errors=True)  # gone with the process


SERVICES_REQUIRED = bool(os.environ.get("CI") or os.environ.get("LSP_REQUIRE_SERVICES"))
PASSWORD = "Rahasia#Kuat2026"


def need(var):
    """The service URL from the environment. Where services are required (make test, CI) a
    missing one fails the test; a bare `pytest` run without them skips it."""
    value = os.environ.get(var, "")
    if not value:
        (pytest.fail if SERVICES_REQUIRED else pytest.skip)(f"{var} belum diset: layanan tidak tersedia")
    return value


@pytest.fixture(scope="module", autouse=True)
def _module_files(tmp_path_factory):
    """The module's media folder, where what its fixtures of module scope store goes (they
    are set up before any test's own fixtures)."""
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("module-media")
    with override_settings(MEDIA_ROOT=folder):
        yield folder


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path, _module_files):
    """Each test stores its files in a folder of its own, starting with a copy of what the
    module's shared fixtures stored (a test's files go with it, as its rows do)."""
    import shutil

    media = tmp_path / "media"
    if any(_module_files.iterdir()):
        shutil.copytree(_module_files, media)
    # FileSystemStorage re-reads MEDIA_ROOT on the setting_changed signal.
    settings.MEDIA_ROOT = media


def clear_own_cache():
    """Empty the cache (rate limits, used TOTP codes). On Redis only this xdist worker's
    keys go: cache.clear() would FLUSHDB the other worker's keys mid-test."""
    from django.conf import settings
    from django.core.cache import cache

    config = settings.CACHES["default"]
    if config["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{config['KEY_PREFIX']}:*"):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_own_cache()
    yield


def roll_back(atomic):
    """Leave `atomic` (a transaction.atomic() entered by hand, the innermost one open),
    undoing all it did."""
    from django.db import transaction

    transaction.set_rollback(True)
    atomic.__exit__(None, None, None)


class SharedDemo:
    """The demo LSP (eksekutif.demo.seed_demo(journey=False)) seeded once per xdist worker
    for the run of test modules that use it, in a transaction that is never committed: each
    such module works in a savepoint of it (tests/sertifikasi/conftest.py's `_demo_seeded`),
    each test in a savepoint of that, so every module and every test starts from the demo
    exactly as seeded. Before a test that does not use it (another kind of module, a
    committed or browser test) the transaction is rolled back, and the next module that
    needs the demo seeds it again. Seeding per module cost ~5 s a module, twice over (both
    workers run tests of most modules)."""

    def __init__(self):
        self.atomic = self.blocker = self.module_atomic = None

    def open(self, blocker, seed):
        from django.db import connection, transaction

        if self.atomic is not None:
            return
        clear_own_cache()  # the demo signs as the Ketua: not on the signature limit of what ran before
        with blocker.unblock():
            assert not connection.in_atomic_block, "the shared demo is seeded outside any transaction"
            self.atomic, self.blocker = transaction.atomic(), blocker
            self.atomic.__enter__()
            try:
                seed()
            except BaseException:
                self.close()
                raise

    def enter_module(self):
        """A savepoint of the shared demo for the module about to run (open() first)."""
        from django.db import transaction

        with self.blocker.unblock():
            self.module_atomic = transaction.atomic()
            self.module_atomic.__enter__()

    def leave_module(self):
        """Roll the module's savepoint back (if a free database has not already done so)."""
        if self.module_atomic is not None:
            with self.blocker.unblock():
                roll_back(self.module_atomic)
            self.module_atomic = None

    def close(self):
        self.leave_module()
        if self.atomic is not None:
            with self.blocker.unblock():
                roll_back(self.atomic)
            self.atomic = None


SHARED_DEMO = SharedDemo()


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup):
    """SHARED_DEMO, rolled back at the end of the session, before the test database goes."""
    yield SHARED_DEMO
    SHARED_DEMO.close()


def _seed_shared_demo():
    from eksekutif.demo import seed_demo

    seed_demo(journey=False)


@pytest.fixture(scope="module")
def _demo_seeded(_shared_demo, django_db_blocker):
    """The demo LSP without the journey's own demo applications (they would occupy the demo
    accounts): seed_demo(journey=False), seeded once per xdist worker for the modules that
    use it (SharedDemo), this module working in a savepoint of it that is rolled back after
    its last test; each test runs in a savepoint of that (what Django's
    TestCase.setUpTestData does), so every test starts from the same demo LSP and leaves
    nothing behind. A module's own shared world (a fixture of module scope using this one)
    is made in the module's savepoint. Seeding per test cost ~5 s a test."""
    _shared_demo.open(django_db_blocker, _seed_shared_demo)
    _shared_demo.enter_module()
    try:
        with django_db_blocker.unblock():  # for the module's own fixtures of module scope
            yield
    finally:
        _shared_demo.leave_module()


@pytest.fixture
def seeded_demo(_demo_seeded, db):
    """The demo LSP as seed_demo(journey=False) leaves it, for a test in a transaction."""


# A test with any of these needs the database free of open transactions (it commits, or a
# live server's thread reads what it commits).
FREE_DATABASE = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test that does not use the shared demo sets anything up, the shared demo is
    rolled back. In a module that uses it, such a test runs in the module's savepoint (as
    every test there did before the demo was shared), unless it needs the database free: a
    browser test (they run last, after the module's other tests) or one that commits."""
    if "_demo_seeded" in item.fixturenames:
        return
    marker = item.get_closest_marker("django_db")
    commits = marker is not None and marker.kwargs.get("transaction", False)
    if SHARED_DEMO.module_atomic is None or commits or FREE_DATABASE & set(item.fixturenames):
        SHARED_DEMO.close()


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Tasks run in-process unless the test asks for the real worker (marker `services`
    with the `celery_worker_process` fixture)."""
    from lsp_portal.celery import app

    old = app.conf.task_always_eager
    # Said explicitly either way: a test for the real worker must never inherit "eager" from
    # whatever ran before it in this process (it would run the task here, silently).
    app.conf.task_always_eager = "celery_worker_process" not in request.fixturenames
    yield
    app.conf.task_always_eager = old


# --- personas ---------------------------------------------------------------------------


def make_user(email, role_code=None, *, name=None, verified=True, password=PASSWORD):
    from allauth.account.models import EmailAddress

    from akun.models import Role, User

    user = User.objects.create_user(email, password, nama_lengkap=name or email.split("@")[0].title())
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if role_code:
        user.groups.add(Role.objects.get(code=role_code).group)
    return user


ROLE_PERSONAS = {
    "asesi": "asesi",
    "asesi_lain": "asesi",
    "asesor": "asesor",
    "asesor_lain": "asesor",
    "admin_lsp": "admin_lsp",
    "manajer": "manajer_sertifikasi",
    "komite": "komite_teknis",
    "ketua": "ketua",
    "dewan": "dewan_pengarah",
    "pengelola_tuk": "pengelola_tuk",
    "staf_ti": "staf_ti",
    "auditor": "auditor_internal",
    "outsider": None,  # signed in, verified, no role at all
}


def _persona(name):
    @pytest.fixture
    def fixture(db):
        return make_user(
            f"{name.replace('_', '.')}@uji.lsp.id", ROLE_PERSONAS[name], name=name.replace("_", " ").title()
        )

    fixture.__name__ = name
    return fixture


for _name in ROLE_PERSONAS:
    globals()[_name] = _persona(_name)


@pytest.fixture
def login(client):
    """login(user) → the client, signed in (session, no MFA step)."""

    def do(user):
        client.force_login(user)
        return client

    return do


# --- services ----------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _storage_ready():
    """Where S3 is configured its bucket exists, as `ensure_storage` makes it in production
    (django-storages never creates buckets)."""
    if os.environ.get("S3_ENDPOINT_URL"):
        from django.core.management import call_command

        call_command("ensure_storage", verbosity=0)


@pytest.fixture
def s3_bucket():
    need("S3_ENDPOINT_URL")
    from django.conf import settings

    return settings.S3_BUCKET


def start_worker_process(*, extra_env=None, args=()):
    """A `celery worker` OS process (solo pool) on the real broker, pointed at this
    session's test database rather than the one DATABASE_URL names."""
    from django.conf import settings

    env = dict(os.environ)
    path = "/" + settings.DATABASES["default"]["NAME"]
    env["DATABASE_URL"] = urlparse(os.environ["DATABASE_URL"])._replace(path=path).geturl()
    env.pop("EMAIL_HOST", None)
    env.update(extra_env or {})
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "lsp_portal",
        "worker",
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "warning",
        *args,
    ]
    return subprocess.Popen(command, env=env)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A separate `celery worker` OS process on the real Redis broker, pointed at this
    session's test database; e-mails it sends land in a folder the tests read."""
    need("CELERY_BROKER_URL")
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("Worker terpisah membutuhkan PostgreSQL (DATABASE_URL).")
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    proc = start_worker_process(extra_env={"EMAIL_FILE_PATH": str(mail_dir)})
    import time

    from lsp_portal.celery import app

    deadline = time.monotonic() + 60
    while not app.control.inspect(timeout=0.5).ping():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"Celery worker tidak siap (kode keluar {proc.poll()})")
    proc.mail_dir = mail_dir
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def pytest_collection_modifyitems(items):
    """Browser tests run last. Playwright keeps an event loop in the main thread for the
    rest of the session, and Django then keys database connections to a context that the
    final teardown never sees; run last, their own teardown closes those connections. The
    crawl of every page (about two minutes) starts them, so that the two xdist workers do
    not end with one of them crawling while the other waits."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            "test_browser_crawl.py" not in item.nodeid,
        )
    )


@pytest.fixture(scope="session", autouse=True)
def _seal_ready():
    """The LSP's seal (var/seal, as `make run` makes it); a lock keeps xdist workers from
    generating two different pairs."""
    from django.conf import settings

    from lsp_portal.seal import generate_seal

    generate_seal(common_name=settings.LSP_NAME)


# --- browser (pytest-playwright with Debian's chromium; no browser download) ------------

PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


class _SeededCopies:
    """The committed demo of each kind, kept per process once seeded, where the test database
    is SQLite in memory (the embedded pass, where the browser tests run): the next test that
    asks for the same kind gets the database and the files copied back in ~0.1 s instead of
    seeding them again (3–25 s). A copy is exactly what the seed left: every row, the
    sequences and the stored files; the cache is emptied before each test anyway."""

    def __init__(self):
        self.kept = {}  # kind -> (sqlite3 connection holding the copy, folder of the files)

    @staticmethod
    def usable():
        from django.db import connection

        return connection.vendor == "sqlite" and connection.is_in_memory_db()

    def restore(self, kind, media_root) -> bool:
        import shutil

        from django.db import connection

        if kind not in self.kept:
            return False
        copy, files = self.kept[kind]
        connection.ensure_connection()
        copy.backup(connection.connection)
        shutil.copytree(files, media_root, dirs_exist_ok=True)
        return True

    def keep(self, kind, media_root):
        import atexit
        import shutil
        import sqlite3
        import tempfile

        from django.db import connection

        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        files = tempfile.mkdtemp(prefix="lsp-demo-files-")
        atexit.register(shutil.rmtree, files, ignore_errors=True)  # gone with the worker
        if os.path.isdir(media_root):
            shutil.copytree(media_root, files, dirs_exist_ok=True)
        self.kept[kind] = (copy, files)


SEEDED_COPIES = _SeededCopies()


def _seed_demo_committed(settings, *, journey: bool, selesai: bool = False):
    from django.db import connections

    from eksekutif.demo import DEMO_PASSWORD, seed_demo

    settings.LSP_MFA_REQUIRED = False
    kind, media_root = (journey, selesai), str(settings.MEDIA_ROOT)
    if not (SEEDED_COPIES.usable() and SEEDED_COPIES.restore(kind, media_root)):
        seed_demo(journey=journey, selesai=selesai)
        if SEEDED_COPIES.usable():
            SEEDED_COPIES.keep(kind, media_root)
    yield DEMO_PASSWORD
    # Playwright runs an event loop here, so Django keys this connection to a context the
    # final teardown never sees: close it now, or PostgreSQL cannot drop the test database.
    connections.close_all()


@pytest.fixture
def demo_data(transactional_db, settings):
    """The embedded demo: every role has a verified account, and staff MFA is not enforced
    (as with `make run`), whatever DEBUG the test run was started with. Without the
    journey's demo applications (demo_data_journey has them: ~40 more records and PDFs)."""
    yield from _seed_demo_committed(settings, journey=False)


@pytest.fixture
def demo_data_journey(transactional_db, settings):
    """demo_data with the journey's demo applications in each state, without the remote batch
    taken to its certificates (demo_data_complete has it: ~20 s more)."""
    yield from _seed_demo_committed(settings, journey=True)


@pytest.fixture
def demo_data_complete(transactional_db, settings):
    """The demo exactly as `make run` seeds it."""
    yield from _seed_demo_committed(settings, journey=True, selesai=True)


@pytest.fixture
def requested_urls(page):
    """Every URL the page requests, in order (documents, CSS, images, favicon...)."""
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    return urls
