"""The one settings module: every deployment difference comes from environment variables.

A bad value stops start-up with ImproperlyConfigured naming the variable, so a typo in
production is found at boot rather than at the first request that needs it. A
demonstration checkout also has the local settings file that `make demo` writes
(clusterbench.localenv); the environment takes precedence over it.
"""

import datetime as dt
import importlib.util
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from clusterbench.localenv import LocalEnvError, local_env_path, local_env_read
from clusterbench.text import shown

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

LOCAL_ENV_FILE = local_env_path()
try:
    _LOCAL_ENV = local_env_read(LOCAL_ENV_FILE)
except LocalEnvError as exc:
    raise ImproperlyConfigured(f"LOCAL_ENV_FILE: {exc}") from None


def _raw(name: str) -> str | None:
    """The environment's value, else the local settings file's, else None."""
    return os.environ.get(name, _LOCAL_ENV.get(name))


def env_str(name: str, default: str = "") -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got “{shown(raw)}”"
    )


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 65535) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got “{shown(raw)}”") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_env() -> dict:
    url = env_str("DATABASE_URL")
    if not url:
        path = Path(env_str("SQLITE_PATH", str(PROJECT_DIR / "var" / "clusterbench.sqlite3")))
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                # WAL lets the web server read while a background job writes; IMMEDIATE
                # takes the write lock up front instead of failing half-way with "locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Kept between requests, as PostgreSQL's: opening one (the pragmas above,
            # Django's functions) cost 1-1.7 ms, more than a kept public page.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": str(path.with_name("test_clusterbench.sqlite3"))},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
    if config.get("ENGINE") not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at PostgreSQL (postgres://...) or SQLite (sqlite:///...); "
            f"got engine “{shown(config.get('ENGINE') or '')}”"
        )
    return config


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (a long random string) unless DEBUG=1 for local development; "
            "in a checkout, `make demo` or `make install-dev` writes one to var/local.env"
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address in every link sent out: emails, calendar invitations, the
# certificate's verify line and QR code. `make demo` sets it from HOST and PORT.
SITE_URL = env_str("SITE_URL").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set to the public address of this server, used in the links "
            "of emails, calendar invitations and certificates (e.g. https://bench.example.org)"
        )
    SITE_URL = "http://127.0.0.1:8000"
if not SITE_URL.startswith(("http://", "https://")) or " " in SITE_URL:
    raise ImproperlyConfigured(
        f"SITE_URL must be an address starting with https:// or http://; got “{shown(SITE_URL)}”"
    )
# The price list quotes are issued from; empty: the bundled one. Checked at start-up.
PRICE_LIST_FILE = env_str("PRICE_LIST_FILE")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "corsheaders",
    "clusterbench.accounts",
    "clusterbench.methodology",
    "clusterbench.clusters",
    "clusterbench.engagements",
    "clusterbench.offers",
    "clusterbench.interviews",
    "clusterbench.peers",
    "clusterbench.networks",
    "clusterbench.reports",
    "clusterbench.labels",
    "clusterbench.audits",
    "clusterbench.demo",
    "clusterbench.languages",
    "clusterbench.web",
    "clusterbench.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware, as it asks
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clusterbench.languages.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "clusterbench.web.middleware.PrivatePagesMiddleware",
    "clusterbench.api.middleware.ApiCachingMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Django Ninja's templates and static files: the API's interactive docs, served from this
# site (no CDN, CSP-friendly). They are found where Ninja is installed instead of listing
# it as an app: an app is imported by every command at start (Ninja with Pydantic, about a
# tenth of a second), while only the API's URLs need Ninja itself.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent

ROOT_URLCONF = "clusterbench.urls"
WSGI_APPLICATION = "clusterbench.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clusterbench.web.context_processors.demo_data",
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out login goes no further
    "django.contrib.auth.backends.ModelBackend",
    "clusterbench.accounts.backends.SecretariatBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_work"  # each role's home: what needs them now
LOGOUT_REDIRECT_URL = "home"

# English (the default, as the service promises) and Serbian in both of its scripts. The
# Cyrillic catalogue is generated from the Latin one (clusterbench.languages.catalogues);
# Django's own messages and formats come from its "sr" (Cyrillic) and "sr_Latn" locales,
# so Serbian pages write a decimal comma and Serbian dates.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("sr-latn", "Srpski (latinica)"),
    ("sr-cyrl", "Српски (ћирилица)"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["clusterbench.languages.dateformats"]  # dates as each language writes them
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from it
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))
STORAGES = {
    # STORAGE_BACKEND switches generated files to any Django storage class,
    # e.g. storages.backends.s3.S3Storage (django-storages) when running on several machines.
    "default": {
        "BACKEND": env_str("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ClusterBench <noreply@clusterbench.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Production hardening, on unless DEBUG; SECURE_SSL_REDIRECT can be switched off when a
# proxy in front already redirects to HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, maximum=10**9)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Login throttling (django-axes): 5 wrong passwords for one username from one address lock
# that pair out for 15 minutes (429 with a page saying so); a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The connecting address only: X-Forwarded-For can be forged to dodge the lockout. Behind a
# reverse proxy every client has the proxy's address, so the lockout is per username.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Content-Security-Policy (django-csp): scripts and style sheets only from this site, no
# inline script at all. Charts are inline SVG written by the project (reports/charts.py) with
# presentation attributes only; any <style>
# elements carry the page's nonce, and their style="..." attributes are allowed by
# style-src-attr (attributes cannot carry a nonce, and cannot run code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}


# The API (clusterbench.api). Rate limits: calls per second, minute, hour or day, per
# personal token and per address for calls without a token; beyond them 429 with
# Retry-After. Counted in the cache below, so with several server processes point
# CACHE_URL at a shared Redis.
def env_rate(name: str, default: str) -> str:
    raw = env_str(name, default).strip()
    count, _, period = raw.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in ("second", "minute", "hour", "day"):
        raise ImproperlyConfigured(
            f"{name} must be a number of calls per second, minute, hour or day, e.g. 60/minute; "
            f"got “{shown(raw)}”"
        )
    return raw


API_RATE_PER_TOKEN = env_rate("API_RATE_PER_TOKEN", "600/minute")
API_RATE_PER_ADDRESS = env_rate("API_RATE_PER_ADDRESS", "120/minute")
NINJA_NUM_PROXIES = 0  # the connecting address only; X-Forwarded-For can be forged
# CORS: any site may read the public operations from a browser (a network's own site
# showing its members' labels); nothing else, and never with credentials.
CORS_URLS_REGEX = r"^/api/v1/(headline|clusters|certificates)(/.*)?$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

CACHE_URL = env_str("CACHE_URL").strip()
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(
        "CACHE_URL must be a Redis address (redis://host:6379/0) or empty; "
        f"got “{shown(CACHE_URL)}”"
    )
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Background work (report drafts): the database queue by default, worked by
# `clusterbench db_worker`; TASKS_BACKEND=immediate runs tasks inline (tests, scripts).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in ("database", "immediate"):
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database or immediate; got “{shown(TASKS_BACKEND)}”"
    )
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "clusterbench.logfilters.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes announces itself at every start, on every command; its lockout
    # warnings come from other loggers and still show.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}
