"""Limpia settings, read from the environment.

SQLite (WAL) under the data folder by default; PostgreSQL when DATABASE_URL is set.
LIMPIA_ENV=production switches on the production hardening (no DEBUG, secure cookies,
TOTP required for national staff).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LIMPIA_DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = os.environ.get("LIMPIA_ENV", "development") == "production"
DEBUG = env_bool("LIMPIA_DEBUG", not PRODUCTION)
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = os.environ.get("LIMPIA_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # Sessions, password-reset links and certificate codes are signed with it: never start with a known one.
    raise ImproperlyConfigured(
        "LIMPIA_ENV=production needs LIMPIA_SECRET_KEY: a random secret of at least 50 characters, not the "
        "development default (for example: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = os.environ.get("LIMPIA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("LIMPIA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("LIMPIA_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "limpia.core",
    "limpia.accounts",
    "limpia.registry",
    "limpia.agreements",
    "limpia.audits",
    "limpia.mrv",
    "limpia.programs",
    "limpia.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "limpia.core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "limpia.accounts.middleware.RequireStaffTOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "limpia.core.middleware.BadInputMiddleware",  # bad input the forms let through: 400, never 500
]

ROOT_URLCONF = "limpia.urls"
WSGI_APPLICATION = "limpia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "limpia.core.context_processors.navigation",
            ],
        },
    },
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=int(os.environ.get("LIMPIA_CONN_MAX_AGE", "60"))
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("LIMPIA_SQLITE_PATH", DATA_DIR / "limpia.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait
                # (busy_timeout) instead of failing with "database is locked" mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling (limpia.accounts.throttling): failures per account, and (higher, so colleagues behind one
# office NAT are not locked out by one person's mistakes) per client address, inside the window.
LOGIN_THROTTLE_LIMIT = int(os.environ.get("LIMPIA_LOGIN_THROTTLE_LIMIT", "5"))
LOGIN_THROTTLE_ADDRESS_LIMIT = int(os.environ.get("LIMPIA_LOGIN_THROTTLE_ADDRESS_LIMIT", "50"))
LOGIN_THROTTLE_WINDOW_SECONDS = int(os.environ.get("LIMPIA_LOGIN_THROTTLE_WINDOW", "900"))
# Password-reset e-mails per account and per client address inside the window; past it, none is sent, silently.
PASSWORD_RESET_LIMIT = int(os.environ.get("LIMPIA_PASSWORD_RESET_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("LIMPIA_PASSWORD_RESET_ADDRESS_LIMIT", "20"))
PASSWORD_RESET_WINDOW_SECONDS = int(os.environ.get("LIMPIA_PASSWORD_RESET_WINDOW", "3600"))
# Behind a reverse proxy: the request header (as in request.META, e.g. HTTP_X_FORWARDED_FOR) where the proxies
# write the client's address, and how many proxies there are (the address is read that many entries from the
# right; entries further left come from the client and are ignored). Empty: REMOTE_ADDR.
LIMPIA_TRUSTED_PROXY_HEADER = os.environ.get("LIMPIA_TRUSTED_PROXY_HEADER", "")
LIMPIA_TRUSTED_PROXY_COUNT = int(os.environ.get("LIMPIA_TRUSTED_PROXY_COUNT", "1"))
CALCULATOR_RATE_PER_MINUTE = int(os.environ.get("LIMPIA_CALCULATOR_RATE", "30"))
REQUIRE_TOTP_FOR_STAFF = env_bool("LIMPIA_REQUIRE_TOTP_FOR_STAFF", PRODUCTION)
OTP_TOTP_ISSUER = "Limpia"

LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", _("Spanish (Chile)")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "limpia" / "locale"]
TIME_ZONE = "America/Santiago"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["limpia.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
elif PRODUCTION:
    # Counters (sign-in throttling, rate limits) must be shared by every process: never per-process memory in
    # production. The table is created by `migrate` (limpia.core.apps, post_migrate).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "limpia_cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": os.environ.get("LIMPIA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

EMAIL_BACKEND = os.environ.get("LIMPIA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("LIMPIA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LIMPIA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LIMPIA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LIMPIA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LIMPIA_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("LIMPIA_DEFAULT_FROM_EMAIL", "Limpia <no-responder@limpia.cl>")

# Uploaded spreadsheets for bulk imports.
IMPORT_MAX_BYTES = int(os.environ.get("LIMPIA_IMPORT_MAX_BYTES", str(100 * 1024 * 1024)))
# What a spreadsheet may hold once opened (limpia.core.tabular checks them before and while parsing): an XLSX's
# parts decompressed (all, and each part read whole: shared strings, styles…), how much more each part
# decompresses than it weighs (a zip bomb is ~1000×; real workbooks 2–30×), data rows (Excel's own limit),
# columns and characters in one cell.
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("LIMPIA_IMPORT_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_XML_PART_BYTES = int(os.environ.get("LIMPIA_IMPORT_MAX_XML_PART_BYTES", str(50 * 1024 * 1024)))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("LIMPIA_IMPORT_MAX_COMPRESSION_RATIO", "100"))
IMPORT_MAX_ROWS = int(os.environ.get("LIMPIA_IMPORT_MAX_ROWS", "1048576"))
IMPORT_MAX_COLUMNS = int(os.environ.get("LIMPIA_IMPORT_MAX_COLUMNS", "100"))
IMPORT_MAX_CELL_CHARS = int(os.environ.get("LIMPIA_IMPORT_MAX_CELL_CHARS", "10000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Documents and evidence files.
UPLOAD_MAX_BYTES = int(os.environ.get("LIMPIA_UPLOAD_MAX_BYTES", str(25 * 1024 * 1024)))

SIMPLE_HISTORY_REVERT_DISABLED = True

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("LIMPIA_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("LIMPIA_HSTS_PRELOAD", True)
    # Redirect plain HTTP to HTTPS (the proxy says which it was in X-Forwarded-Proto). Turn it off only when the
    # TLS-terminating proxy itself redirects; then the check that warns about it is silenced on purpose.
    SECURE_SSL_REDIRECT = env_bool("LIMPIA_SECURE_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp): scripts only from our own static files (no inline script, no eval, no
# javascript: links); styles from our files, plus inline `style` attributes (progress-bar widths computed on the
# server; an attribute cannot run script or load anything) but no <style> elements; images from our files and
# data: URIs (Bootstrap's icons); nothing may frame the site. Permissions-Policy turns off device features the
# platform never uses (limpia.core.security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIMPIA_LOG_LEVEL", "WARNING")},
}

# The benchmark's bare reference view (limpia bench web serves it from the same gunicorn).
LIMPIA_BENCH_VIEW = os.environ.get("LIMPIA_BENCH_VIEW") == "1"
# Requests a minute per client address to the open-data downloads and the public API (the benchmark raises it).
LIMPIA_PUBLIC_RATE_LIMIT = int(os.environ.get("LIMPIA_PUBLIC_RATE_LIMIT", "120"))
# Certificate verifications a minute per client address (the benchmark raises it).
LIMPIA_VERIFY_RATE_LIMIT = int(os.environ.get("LIMPIA_VERIFY_RATE_LIMIT", "30"))
# How long a public page is kept whole in the cache for the public (0: never). Signed-in people get fresh pages.
LIMPIA_PUBLIC_CACHE_SECONDS = int(os.environ.get("LIMPIA_PUBLIC_CACHE_SECONDS", "60"))
