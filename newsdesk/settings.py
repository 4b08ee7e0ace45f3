"""Django settings: every value comes from ``newsdesk.config`` (one documented table)."""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

from newsdesk import config

BASE_DIR = config.data_dir()
SECRET_KEY = config.secret_key()
DEBUG = config.get_bool("NEWSDESK_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in config.get("NEWSDESK_ALLOWED_HOSTS").split(",") if h.strip()]
NEWSDESK_BASE_URL = config.get("NEWSDESK_BASE_URL").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from our own static files (CSP: self only)
    "newsdesk.storage",
    "newsdesk.web",
    "newsdesk.console",
    "newsdesk.worker",
    "axes",
    "newsdesk.accounts",
    "newsdesk.discussion",
    "newsdesk.following",
    "newsdesk.search",
    "newsdesk.syndication",
    "newsdesk.opml",
    "newsdesk.greader",
    "newsdesk.fleet",
    "newsdesk.metrics",
]

# The header middleware sits outside WhiteNoise and CommonMiddleware, so static files
# and the 400 for a bad Host carry the CSP and frame protection like every page.
MIDDLEWARE = [
    "newsdesk.metrics.timing.PageTimer",  # first: the latency includes every other layer
    "django.middleware.security.SecurityMiddleware",
    # CSP and frame protection sit outside WhiteNoise so static files carry them too.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsdesk.web.head.HeadAsGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into its 429 page
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


def _database() -> dict:
    db = dj_database_url.parse(config.database_url(), conn_max_age=60)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on busy_timeout instead of failing mid-transaction
        # with "database is locked".
        # Kept open a minute, per thread, like the other databases: opening one (and its
        # PRAGMAs) costs more than a page kept in the cache takes to serve.
        db["CONN_MAX_AGE"] = 60
        # Tests run worker threads beside the test: a file database, not shared-cache
        # memory; one per test process, so two runs on one machine never share it.
        db["TEST"] = {
            "NAME": str(Path(tempfile.gettempdir()) / f"newsdesk-test-{os.getpid()}.sqlite3")
        }
        db["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=30000;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": config.get("NEWSDESK_TASK_BACKEND"),
        "QUEUES": ["default", "sources", "articles", "stages"],
    }
}

# The Redis broker (RQ): one Redis queue per task queue; workers take them in this order.
TASK_QUEUES = ["sources", "articles", "default", "stages"]
if config.get("NEWSDESK_REDIS_URL"):
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        name: {"URL": config.get("NEWSDESK_REDIS_URL"), "DEFAULT_TIMEOUT": 900}
        for name in TASK_QUEUES
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = config.get("NEWSDESK_TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves from finders; it only warns when absent
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# One process: memory. Several processes or machines: Redis, so that rate limits and
# cached pages are shared instead of counted per process.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": config.get("NEWSDESK_CACHE_URL"),
        }
        if config.get("NEWSDESK_CACHE_URL")
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Whole pages are kept for anonymous readers: room for a busy site's hot pages.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if config.get_bool("NEWSDESK_HTTPS"):
    # Behind a TLS-terminating proxy: it must set X-Forwarded-Proto (and strip it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a one-way commitment for a whole domain: the operator's call, not ours.
    SECURE_HSTS_PRELOAD = False
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
CSRF_COOKIE_HTTPONLY = False

# Article bodies are sanitized with nh3 before storage; the CSP is the second wall:
# no inline script at all, and every image from our own origin (the image proxy).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Readers: accounts, comments, follows, digests.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Accounts made before Argon2 still log in; their hash is upgraded on that login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before any check
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "front"
LOGOUT_REDIRECT_URL = "front"
AXES_FAILURE_LIMIT = int(config.get_number("NEWSDESK_LOGIN_FAILURES"))
AXES_COOLOFF_TIME = timedelta(minutes=config.get_number("NEWSDESK_LOGIN_LOCKOUT_MINUTES"))
# Account *and* address: one attacker cannot lock a reader out from everywhere, and one
# shared address (an office) is not locked for everyone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address is the socket's: X-Forwarded-For is written by the client and would
# let an attacker pick a fresh address per attempt or pin failures on someone else.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

EMAIL_HOST = config.get("NEWSDESK_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(config.get_number("NEWSDESK_EMAIL_PORT"))
EMAIL_HOST_USER = config.get("NEWSDESK_EMAIL_USER")
EMAIL_HOST_PASSWORD = config.get("NEWSDESK_EMAIL_PASSWORD")
EMAIL_USE_TLS = config.get_bool("NEWSDESK_EMAIL_TLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = config.get("NEWSDESK_EMAIL_FROM")
PASSWORD_RESET_TIMEOUT = 3 * 3600

NEWSDESK_COMMENTS_PER_MINUTE = int(config.get_number("NEWSDESK_COMMENTS_PER_MINUTE"))
NEWSDESK_COMMENTS_PER_MINUTE_PER_ADDRESS = int(
    config.get_number("NEWSDESK_COMMENTS_PER_MINUTE_PER_ADDRESS")
)
NEWSDESK_COMMENT_EDIT_MINUTES = config.get_number("NEWSDESK_COMMENT_EDIT_MINUTES")
NEWSDESK_COMMENT_HOLD_FIRST = int(config.get_number("NEWSDESK_COMMENT_HOLD_FIRST"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "newsdesk": {"handlers": ["console"], "level": "INFO"},
        # Server errors with their traceback on the console, where an operator looks.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "WARNING"},
        "django_tasks_db": {"handlers": ["console"], "level": "WARNING"},
        # trafilatura warns for every page it finds no article in; the orchestrator
        # records that on the article instead.
        "trafilatura": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "htmldate": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
