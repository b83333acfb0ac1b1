"""Settings for lsp-portal.

Every value comes from an environment variable whose default is the embedded setup that
`make run` uses: SQLite in var/, files in var/media, Celery eager, e-mail on the console.
Production (DEBUG=0) refuses to start when a required variable is missing.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LSP_VAR_DIR", BASE_DIR / "var"))


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)


def required(name, *, dev_default):
    """Return env var `name`; in production (DEBUG=0) a missing value stops start-up."""
    value = os.environ.get(name, "")
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(f"Variabel lingkungan {name} wajib diisi ketika DEBUG=0 (mode produksi).")


SECRET_KEY = required("SECRET_KEY", dev_default="dev-only-insecure-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
if not DEBUG and not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "Variabel lingkungan ALLOWED_HOSTS wajib diisi ketika DEBUG=0 (mode produksi)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "auditlog",
    "lsp_portal",
    "akun",
    "administrasi",
    "sdm",
    "tuk",
    "muk",
    "portal",
    "sertifikasi",
    "verifikasi_tuk",
    "banding",
    "eksekutif",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "lsp_portal.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "akun.middleware.AuditActorMiddleware",
    "akun.middleware.RequireStaffMFAMiddleware",
]

ROOT_URLCONF = "lsp_portal.urls"
WSGI_APPLICATION = "lsp_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lsp_portal.navigation.context",
                "lsp_portal.notifications.context",  # the bell's unread count
            ],
        },
    },
]


# Database: DATABASE_URL (postgres://user:pass@host:port/name) or SQLite in var/.
def database_from_url(url):
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # Persistent connections in production; tests/conftest.py sets none, as the live
            # server's request threads would otherwise keep the test database open at teardown.
            "CONN_MAX_AGE": int(env("DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parsed.scheme == "sqlite":
        return sqlite_database(unquote(parsed.path) or str(VAR_DIR / "db.sqlite3"))
    raise ImproperlyConfigured(f"DATABASE_URL tidak dikenali: skema '{parsed.scheme}'.")


def sqlite_database(path):
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
        # failing with "database is locked" half-way (the audit hash chain relies on it).
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # so a bare `manage.py migrate` works too
    DATABASES = {"default": sqlite_database(str(VAR_DIR / "db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every web process; allauth rate limits
# live here), otherwise a file cache in var/ that survives restarts of the embedded server.
XDIST_WORKER = env("PYTEST_XDIST_WORKER")
# A parallel test run's worker keeps its cache keys, tasks and stored files apart from the other
# worker's and from another run's on the same machine (its run id, the same for the worker
# process it starts, which inherits the environment); empty outside pytest-xdist.
XDIST_NAMESPACE = f"{XDIST_WORKER}{env('PYTEST_XDIST_TESTRUNUID', '')[:8]}"
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"lsp{XDIST_NAMESPACE}",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / (XDIST_WORKER or "default")),
        }
    }

AUTH_USER_MODEL = "akun.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "akun:home"  # the dashboard: what waits on the person (lsp_portal.worklist)
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: e-mail login, mandatory verification, Indonesian templates of our own.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "akun.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset never tell whether an e-mail has an account (X-4 review): a
# sign-up with a registered address shows the same "check your e-mail" page and mails the
# owner instead; a reset for an unknown address shows the same page and mails nobody.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LSP] "
ACCOUNT_ADAPTER = "akun.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # The key is the e-mail plus the client IP (akun.adapters): failures from one client
    # never lock the account's owner out elsewhere.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "LSP Portal")
# Every staff role must enrol TOTP before using the portal. On by default in production;
# the embedded demo (DEBUG=1) turns it off so the demo accounts open at once, and says so.
LSP_MFA_REQUIRED = env_bool("LSP_MFA_REQUIRED", not DEBUG)

# Audit trail: django-auditlog writing into our hash-chained, append-only model.
AUDITLOG_LOGENTRY_MODEL = "akun.AuditEntry"
# auditlog's migrations would create its own (swapped-out) table with a foreign key to our
# users, which nothing writes and which breaks flushing the test database.
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_STORE_JSON_CHANGES = True
# Every model is audited, so each later domain model is covered the day it is added.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "sessions",
    "contenttypes",
    "auth.Permission",
    "akun.AuditChainHead",
    # m2m through rows: the change is logged on the owning object instead.
    "akun.User_groups",
    "akun.User_user_permissions",
    "auth.Group_permissions",
    # Messages about events the trail already holds, and their delivery log (read marks and
    # delivery attempts would only crowd the chain, each under its lock).
    "lsp_portal.Notifikasi",
    "lsp_portal.PengirimanNotifikasi",
)
# Secrets never enter the audit trail in clear (TOTP secrets live in mfa.Authenticator.data).
AUDITLOG_MASK_TRACKING_FIELDS = ("password", "data", "secret", "key")
# Masked means hidden whole: auditlog's default mask leaves half of the value readable.
AUDITLOG_MASK_CALLABLE = "akun.audit.mask_secret"
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("last_login", "updated_at")
# How many reverse proxies of ours sit in front of the app; the client IP is the right-most
# X-Forwarded-For address they did not add (lsp_portal.http.client_ip). 0: the header is
# ignored. The retired TRUST_X_FORWARDED_FOR=1 meant one proxy that sets the header.
_OLD_PROXY_SWITCH = "1" if env_bool("TRUST_X_FORWARDED_FOR", False) else "0"
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", _OLD_PROXY_SWITCH))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# django-guardian: explicit object grants; anonymous users get no object permissions.
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))

# Storage: S3-compatible (with Object Lock for records) when S3_ENDPOINT_URL is set,
# local files in var/media otherwise. Files are never served from a public URL.
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL")
S3_BUCKET = env("S3_BUCKET", "lsp-arsip")
S3_REGION = env("S3_REGION", "us-east-1")
# Conditional writes (If-None-Match: *) refuse a second record file under one name in the
# bucket itself; AWS S3, MinIO and moto have them. 0 for a server without: probe, then PUT.
S3_CONDITIONAL_WRITES = env("S3_CONDITIONAL_WRITES", "1") != "0"
if S3_ENDPOINT_URL:
    _s3_options = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": S3_ENDPOINT_URL,
        "access_key": required("S3_ACCESS_KEY", dev_default=env("AWS_ACCESS_KEY_ID", "testing")),
        "secret_key": required("S3_SECRET_KEY", dev_default=env("AWS_SECRET_ACCESS_KEY", "testing")),
        "region_name": S3_REGION,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "location": f"t{XDIST_NAMESPACE}" if XDIST_WORKER else "",
    }
    _default_storage = {"BACKEND": "lsp_portal.storage.PrivateS3Storage", "OPTIONS": _s3_options}
else:
    _default_storage = {"BACKEND": "lsp_portal.storage.PrivateFileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    # Records (administrasi): same place, but locked until their retention date (SE-A3.Kb).
    "records": {
        **_default_storage,
        "BACKEND": "administrasi.storage.RecordS3Storage"
        if S3_ENDPOINT_URL
        else "administrasi.storage.RecordFileSystemStorage",
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Celery: Redis broker when CELERY_BROKER_URL is set, otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if XDIST_WORKER and CELERY_BROKER_URL:
    # Two pytest-xdist workers on one Redis would otherwise steal each other's tasks.
    _XDIST_PREFIX = {"global_keyprefix": f"{XDIST_NAMESPACE}:"}
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = _XDIST_PREFIX
else:
    _XDIST_PREFIX = {}

# E-mail: SMTP when EMAIL_HOST is set, the console otherwise (or a folder, for tests).
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif env("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "LSP Portal <noreply@lsp.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp) on every response: our own origin only, no inline
# script or style anywhere (templates load static/js and static/css). data: images are the
# TOTP QR code allauth draws. The PDF templates are rendered by WeasyPrint, not a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# /healthz answers everyone with its status only; the checks' details need this token in
# the X-Healthz-Token header (monitoring) or a login with view_system_status. Empty: no token.
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN")
# Powerful browser features are off on every page (lsp_portal.headers); a view that needs
# one (the remote assessment's camera and microphone) turns it on with @permissions_policy.
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": "()",
    "camera": "()",
    "display-capture": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "hid": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "publickey-credentials-get": "()",
    "serial": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Notifications (lsp_portal.notifications): the external channels, by code or by the dotted
# path of a Channel subclass. WhatsApp acts only when its gateway URL is set.
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS", ["email", "whatsapp"])
WHATSAPP_GATEWAY_URL = env("WHATSAPP_GATEWAY_URL")
WHATSAPP_GATEWAY_TOKEN = env("WHATSAPP_GATEWAY_TOKEN")

# The LSP's own name, shown in the header and e-mails until the portal profile exists.
LSP_NAME = env("LSP_NAME", "LSP Contoh Nusantara")

# The LSP's seal for final PDFs: PEM key and certificate. `make run` makes a demo pair.
LSP_SEAL_KEY = env("LSP_SEAL_KEY", str(VAR_DIR / "seal" / "seal-key.pem"))
LSP_SEAL_CERT = env("LSP_SEAL_CERT", str(VAR_DIR / "seal" / "seal-cert.pem"))
# Records are kept at least one certificate validity period (SE-A3.Kb); a scheme may say more.
LSP_RETENTION_YEARS = int(env("LSP_RETENTION_YEARS", "3"))
# An SOP version's signed PDF (administrasi.Sop): kept this long from approval, to outlive the
# years it is in force and the certificates issued under it (never less than the above).
SOP_RETENTION_YEARS = int(env("SOP_RETENTION_YEARS", "10"))
# Youngest applicant, in full years on the day of the FR.APL.01 (sertifikasi.identitas.check_usia).
SERTIFIKASI_USIA_MINIMUM = int(env("SERTIFIKASI_USIA_MINIMUM", "15"))
# Largest evidence file an applicant may upload (FR.APL.01/02), in MB; shown on the form.
SERTIFIKASI_UPLOAD_MAX_MB = float(env("SERTIFIKASI_UPLOAD_MAX_MB", "5"))
# The assessment session (Journey II): it opens this many minutes before the batch's start.
SERTIFIKASI_SESI_BUKA_MENIT = int(env("SERTIFIKASI_SESI_BUKA_MENIT", "30"))
# A session recording upload: largest file in MB (S3: presigned multipart, embedded: plain).
SERTIFIKASI_REKAMAN_MAX_MB = int(env("SERTIFIKASI_REKAMAN_MAX_MB", "2048"))
# TUK verification (verifikasi_tuk): the least internet speed a TUK must measure in the session
# (SE.007 A.III.5 asks 10 Mbps of the LSP), the largest evidence file in MB, and the longest
# validity of an SK penetapan: per use for a TUK Sewaktu or Tempat Kerja (days), periodic for
# a TUK Mandiri (years). FLOW.md §4.1, Pedoman BNSP 206.
VERIFIKASI_TUK_MIN_MBPS = env("VERIFIKASI_TUK_MIN_MBPS", "10")
VERIFIKASI_TUK_UPLOAD_MAX_MB = float(env("VERIFIKASI_TUK_UPLOAD_MAX_MB", "10"))
VERIFIKASI_TUK_SEWAKTU_MAKS_HARI = int(env("VERIFIKASI_TUK_SEWAKTU_MAKS_HARI", "90"))
VERIFIKASI_TUK_MANDIRI_MAKS_TAHUN = int(env("VERIFIKASI_TUK_MANDIRI_MAKS_TAHUN", "3"))
# Appeals (banding, SE-A4.8j): a candidate may file FR.AK.04 up to this many days after the
# decision was sent (the SK keputusan final); the panel decides within this many days of filing.
BANDING_BATAS_HARI = int(env("BANDING_BATAS_HARI", "14"))
BANDING_BATAS_KEPUTUSAN_HARI = int(env("BANDING_BATAS_KEPUTUSAN_HARI", "30"))
# The smallest appeal panel (tim banding) the Manajer may name (FLOW.md §3: often three).
BANDING_PANEL_MIN_ANGGOTA = int(env("BANDING_PANEL_MIN_ANGGOTA", "3"))
# Complaints (pengaduan, X-5): the LSP answers within this many days of the verified filing;
# the e-mail verification link lasts this many hours; a client IP may file this many per hour.
PENGADUAN_BATAS_JAWAB_HARI = int(env("PENGADUAN_BATAS_JAWAB_HARI", "14"))
PENGADUAN_TAUTAN_BERLAKU_JAM = int(env("PENGADUAN_TAUTAN_BERLAKU_JAM", "48"))
PENGADUAN_LIMIT_PER_JAM = int(env("PENGADUAN_LIMIT_PER_JAM", "5"))

CELERY_BEAT_SCHEDULE = {
    # Final records whose PDF never got queued or finished (broker outage, killed worker).
    "render-pending-pdfs": {"task": "administrasi.tasks.render_pending_pdfs", "schedule": 300.0},
    # expiry reminders (90/30/7 days), daily at 07:00 WIB; each is sent once.
    "sdm-expiry-reminders": {
        "task": "sdm.tasks.send_expiry_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # walk the audit hash chain daily at 02:00 WIB; a break e-mails Ketua and Staf TI.
    "verify-audit": {"task": "akun.tasks.verify_audit", "schedule": crontab(hour=2, minute=0)},
    # FR.IA.05 tests past their deadline whose finishing task was lost with the broker.
    "ujian-selesai-tertinggal": {
        "task": "sertifikasi.tasks.ujian_selesai_tertinggal",
        "schedule": 300.0,
    },
    # SE-A4.8j: appeals 7 days before their decision deadline and once overdue, 07:30 WIB.
    "banding-deadline-reminders": {
        "task": "banding.tasks.banding_deadline_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # SE-A1.1–A1.4: SOP versions approved for a later date take effect, daily at 00:05 WIB.
    "sop-take-effect": {
        "task": "administrasi.tasks.sop_take_effect_due",
        "schedule": crontab(hour=0, minute=5),
    },
    # complaints 3 days before their answer is due and once overdue, 07:35 WIB.
    "pengaduan-deadline-reminders": {
        "task": "banding.tasks.pengaduan_deadline_reminders",
        "schedule": crontab(hour=7, minute=35),
    },
    # Notifications whose delivery task was lost (broker down at commit) or whose sender died.
    "deliver-pending-notifications": {
        "task": "lsp_portal.tasks.deliver_pending_notifications",
        "schedule": 600.0,
    },
}
# A task whose worker died is handed out again after this long (Redis transport).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900, **_XDIST_PREFIX}
