"""Django settings: every value comes from ``newsdesk.config`` (one documented table)."""

from __future__ import annotations

import os
import tempfile
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
]

# The header middleware sits outside WhiteNoise and CommonMiddleware, so static files
# and the 400 for a bad Host carry the CSP and frame protection like every page.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
        db["CONN_MAX_AGE"] = 0
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
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
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
# no inline script at all, images from anywhere publishers host them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "https:", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

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
