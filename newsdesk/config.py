"""Every setting newsdesk reads from the environment, in one table.

The README's configuration table is checked against ``SETTINGS`` by a test, so
a setting cannot exist without being documented. Defaults work on one machine
with nothing else installed.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class SettingError(ValueError):
    """A setting the operator wrote that cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "NEWSDESK_DATA_DIR",
        "./data",
        "Folder for the SQLite database, the generated secret key and other files.",
    ),
    Setting(
        "DATABASE_URL",
        "sqlite:///$NEWSDESK_DATA_DIR/newsdesk.sqlite3",
        "Database; `postgres://user:pass@host/db` for PostgreSQL.",
    ),
    Setting(
        "NEWSDESK_FETCH_ALLOWLIST",
        "",
        "Comma-separated hosts, IPs or CIDRs (optionally `:port`) that may be fetched although private. Everything private is refused otherwise.",
    ),
    Setting(
        "NEWSDESK_SECRET_KEY",
        "generated into $NEWSDESK_DATA_DIR/secret.key",
        "Django secret key.",
    ),
    Setting("NEWSDESK_DEBUG", "false", "Django debug mode (never in production)."),
    Setting(
        "NEWSDESK_ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        "Comma-separated host names the site answers to (`*` for any).",
    ),
    Setting(
        "NEWSDESK_BASE_URL",
        "",
        "Public address of the site (e.g. `https://news.example.org`), used for absolute links in the API and feeds.",
    ),
    Setting(
        "NEWSDESK_HTTPS",
        "false",
        "Served over HTTPS (behind a proxy that sets `X-Forwarded-Proto`): secure cookies, HSTS, redirect to HTTPS.",
    ),
    Setting("NEWSDESK_TIME_ZONE", "UTC", "Time zone used to display exact times."),
    Setting(
        "NEWSDESK_USER_AGENT",
        "newsdesk/0.1 (self-hosted news reader; +https://github.com/newsdesk/newsdesk)",
        "User-Agent sent to publishers.",
    ),
    Setting("NEWSDESK_FETCH_TIMEOUT", "10", "Connect and per-read timeout in seconds."),
    Setting(
        "NEWSDESK_FETCH_DEADLINE",
        "30",
        "Total deadline for one response in seconds (a drip-feeding server cannot hold a worker longer).",
    ),
    Setting(
        "NEWSDESK_FETCH_MAX_BYTES", "15728640", "Cap on the decoded size of one response in bytes."
    ),
    Setting(
        "NEWSDESK_HOST_CONCURRENCY",
        "2",
        "Concurrent requests to one publisher host, all worker processes together.",
    ),
    Setting(
        "NEWSDESK_HOST_DELAY",
        "1.0",
        "Minimum seconds between two requests to one host, all worker processes together.",
    ),
    Setting("NEWSDESK_RESPECT_ROBOTS", "true", "Obey robots.txt for article pages."),
    Setting(
        "NEWSDESK_CACHE_URL",
        "",
        "Shared cache, e.g. `redis://127.0.0.1:6379/0` (install the `redis` extra); empty: per-process memory.",
    ),
    Setting(
        "NEWSDESK_TASK_BACKEND",
        "django_tasks_db.DatabaseBackend",
        "django-tasks backend class; the database queue needs no broker. `newsdesk.worker.rq_backend.RedisQueueBackend` is the Redis broker (RQ; needs `NEWSDESK_REDIS_URL`).",
    ),
    Setting(
        "NEWSDESK_REDIS_URL",
        "",
        "Redis for the broker and for politeness shared by every worker, e.g. `redis://127.0.0.1:6379/1`; empty: politeness is shared through the database.",
    ),
    Setting(
        "NEWSDESK_TASK_RETRIES",
        "3",
        "Times the Redis broker runs a task again after its worker was lost or it failed, before it lands in the dead letters.",
    ),
    Setting(
        "NEWSDESK_METRICS_TOKEN",
        "",
        "Bearer token that may read `/metrics` (staff may always); empty: staff only.",
    ),
    Setting(
        "NEWSDESK_WORKER_THREADS",
        "2",
        "Worker threads that `newsdesk serve` runs beside the web server.",
    ),
    Setting(
        "NEWSDESK_SCHEDULER_INTERVAL",
        "30",
        "Seconds between two scans for due sources in `newsdesk serve`.",
    ),
    Setting(
        "NEWSDESK_IMAGE_CACHE_MB",
        "500",
        "Cap in MiB on the image proxy's disk cache under `$NEWSDESK_DATA_DIR/media` (oldest files go first).",
    ),
    Setting(
        "NEWSDESK_IMAGE_MAX_BYTES",
        "5242880",
        "Cap on one publisher image fetched by the image proxy, in bytes.",
    ),
    Setting(
        "NEWSDESK_IMAGE_MAX_PIXELS",
        "40000000",
        "Largest image (width x height) the image proxy decodes; larger ones are refused.",
    ),
    Setting(
        "NEWSDESK_IMAGE_RETRY_HOURS",
        "24",
        "Hours before the image proxy asks again for an image that failed for a passing reason (refused images are never fetched again).",
    ),
    Setting(
        "NEWSDESK_DISPLAY_POLICY",
        "full",
        "What readers see of an article by default: `full` (clean text), `excerpt` (first paragraphs and a link) or `headline` (headline and link); each source can override it.",
    ),
    Setting(
        "NEWSDESK_SECTIONS",
        "World=world,international,europe,asia,africa,americas,middle east;Business=business,economy,markets,finance;Technology=technology,tech,science and technology;Science=science,space,climate,environment;Health=health,medicine;Sport=sport,sports,football,soccer;Entertainment=entertainment,culture,arts,film,music",
        "Section tabs: `Name=tag,tag;Name=tag…`; an article belongs to a section when one of its hashtags or feed categories matches a listed word (case-insensitive).",
    ),
    Setting(
        "NEWSDESK_LLM_URL",
        "",
        "OpenAI-compatible chat endpoint (e.g. `http://127.0.0.1:11434/v1` for Ollama). Empty: AI features stay offline and no request leaves the machine.",
    ),
    Setting("NEWSDESK_LLM_MODEL", "", "Model name sent to the language-model endpoint."),
    Setting(
        "NEWSDESK_LLM_KEY", "", "API key for the language-model endpoint (sent as a Bearer token)."
    ),
    Setting(
        "NEWSDESK_LLM_TIMEOUT",
        "20",
        "Seconds one language-model call may take before the offline result is shown instead.",
    ),
    Setting(
        "NEWSDESK_EMAIL_HOST",
        "",
        "SMTP server for password resets and digests; empty: e-mails are printed on the console.",
    ),
    Setting("NEWSDESK_EMAIL_PORT", "587", "SMTP port."),
    Setting("NEWSDESK_EMAIL_USER", "", "SMTP user name (empty: no login)."),
    Setting("NEWSDESK_EMAIL_PASSWORD", "", "SMTP password."),
    Setting("NEWSDESK_EMAIL_TLS", "true", "Use STARTTLS with the SMTP server."),
    Setting(
        "NEWSDESK_EMAIL_FROM",
        "newsdesk <noreply@localhost>",
        "Sender address of the e-mails newsdesk sends.",
    ),
    Setting(
        "NEWSDESK_LOGIN_FAILURES",
        "10",
        "Wrong passwords for one account from one address before logins from there are locked.",
    ),
    Setting("NEWSDESK_LOGIN_LOCKOUT_MINUTES", "15", "How long a login lock-out lasts, in minutes."),
    Setting(
        "NEWSDESK_COMMENTS_PER_MINUTE",
        "5",
        "Comments one account may post per minute (more get 429 Too Many Requests).",
    ),
    Setting(
        "NEWSDESK_COMMENTS_PER_MINUTE_PER_ADDRESS",
        "20",
        "Comments one client address may post per minute, all accounts together.",
    ),
    Setting(
        "NEWSDESK_COMMENT_EDIT_MINUTES",
        "15",
        "How long after posting a reader may still edit a comment.",
    ),
    Setting(
        "NEWSDESK_COMMENT_HOLD_FIRST",
        "1",
        "The first N comments of a new account wait for a moderator before others see them (0: never held).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The raw value of a documented setting; undocumented names are a programming error."""
    setting = _BY_NAME[name]
    return os.environ.get(name, setting.default)


def get_bool(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "on"}


def get_number(name: str, cast: Callable[[str], float] = float) -> float:
    return cast(get(name))


def data_dir() -> Path:
    path = Path(os.environ.get("NEWSDESK_DATA_DIR", "./data")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir() / 'newsdesk.sqlite3'}"


def secret_key() -> str:
    """The configured key, or one generated once into the data dir (mode 0600)."""
    if os.environ.get("NEWSDESK_SECRET_KEY"):
        return os.environ["NEWSDESK_SECRET_KEY"]
    path = data_dir() / "secret.key"
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race; read its key
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()
