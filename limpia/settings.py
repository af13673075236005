"""Limpia settings, read from the environment.

SQLite (WAL) under the data folder by default; PostgreSQL when DATABASE_URL is set.
LIMPIA_ENV=production switches on the production hardening (no DEBUG, secure cookies,
TOTP required for national staff).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LIMPIA_DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = os.environ.get("LIMPIA_ENV", "development") == "production"
DEBUG = env_bool("LIMPIA_DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("LIMPIA_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
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

# Login throttling: failures per e-mail and per client address inside the window.
LOGIN_THROTTLE_LIMIT = int(os.environ.get("LIMPIA_LOGIN_THROTTLE_LIMIT", "5"))
LOGIN_THROTTLE_WINDOW_SECONDS = int(os.environ.get("LIMPIA_LOGIN_THROTTLE_WINDOW", "900"))
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
IMPORT_MAX_BYTES = int(os.environ.get("LIMPIA_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Documents and evidence files.
UPLOAD_MAX_BYTES = int(os.environ.get("LIMPIA_UPLOAD_MAX_BYTES", str(25 * 1024 * 1024)))

SIMPLE_HISTORY_REVERT_DISABLED = True

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_CONTENT_TYPE_NOSNIFF = True

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
