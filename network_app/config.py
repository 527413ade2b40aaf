"""Configuration: the only module that reads the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from network_app.private_files import open_private_file, private_folder

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH = Path(os.environ.get("INSTANCE_PATH", PROJECT_ROOT / "instance"))


class ConfigurationError(RuntimeError):
    """The environment does not hold what the app needs to start safely."""


def _flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name):
    """A comma-separated setting as a list, without blanks."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _database_url():
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{INSTANCE_PATH / 'network.db'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _development_secret_key():
    """A key kept in instance/ so that a laptop's sessions survive a restart."""
    private_folder(INSTANCE_PATH)
    key_file = INSTANCE_PATH / "secret_key"
    if not key_file.exists():
        with open_private_file(key_file, text=True) as out:
            out.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def load_config():
    """Build the app configuration from the environment."""
    production = os.environ.get("APP_ENV", "development").lower() == "production"
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigurationError(
                "SECRET_KEY must be set when APP_ENV=production "
                '(generate one with: python -c "import secrets; print(secrets.token_hex(32))").'
            )
        secret_key = _development_secret_key()
    return {
        "PRODUCTION": production,
        "SECRET_KEY": secret_key,
        # Earlier keys, still accepted while a SECRET_KEY is being rotated (comma-separated).
        "SECRET_KEY_FALLBACKS": _list("SECRET_KEY_FALLBACKS"),
        # Fernet keys for the TOTP secrets (auth.secret_box); unset: derived from SECRET_KEY.
        "TOTP_KEYS": _list("TOTP_KEYS"),
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        # hide_parameters: a database error (logged with its traceback) then shows no names.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production or _flag("SESSION_COOKIE_SECURE"),
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(os.environ.get("SESSION_HOURS", "12"))),
        # The server-side session ends SESSION_HOURS after login whatever the cookie says, so
        # re-signing and re-sending the cookie on every response would extend nothing.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "WTF_CSRF_TIME_LIMIT": None,
        # The largest request body (413 above it); routes marked with request_limits.accepts_upload
        # take up to UPLOAD_MAX_CONTENT_LENGTH.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(1024 * 1024))),
        "UPLOAD_MAX_CONTENT_LENGTH": int(
            os.environ.get("UPLOAD_MAX_CONTENT_LENGTH", str(20 * 1024 * 1024))
        ),
        # Meetings' material (agenda, slides, minutes): the files, by random keys; the database
        # holds their names. Back it up with the database (`flask backup` includes it).
        "MATERIAL_FOLDER": os.environ.get("MATERIAL_FOLDER", str(INSTANCE_PATH / "material")),
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        "LANGUAGES": ("sv", "en"),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failures within the window (auth.throttle): from browsers without the account's device
        # cookie, per account, per account and address, and per address (against spraying);
        # from a browser with one, per device.
        "LOGIN_THROTTLE_WINDOW": timedelta(minutes=15),
        "LOGIN_THROTTLE_PER_ACCOUNT": int(os.environ.get("LOGIN_THROTTLE_PER_ACCOUNT", "10")),
        "LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS": int(
            os.environ.get("LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS", "5")
        ),
        "LOGIN_THROTTLE_PER_ADDRESS": int(os.environ.get("LOGIN_THROTTLE_PER_ADDRESS", "100")),
        "LOGIN_THROTTLE_PER_DEVICE": int(os.environ.get("LOGIN_THROTTLE_PER_DEVICE", "5")),
        "DEVICE_COOKIE_NAME": "__Host-device" if production else "device",
        "DEVICE_COOKIE_LIFETIME": timedelta(days=int(os.environ.get("DEVICE_COOKIE_DAYS", "180"))),
        "INVITATION_VALID_FOR": timedelta(days=7),
        # Requests to invitation links per client address, counted in the database.
        "INVITATION_RATE_LIMIT": int(os.environ.get("INVITATION_RATE_LIMIT", "30")),
        "INVITATION_RATE_WINDOW": timedelta(minutes=1),
        # The public training request form: requests per client address an hour, and how long
        # the link mailed to the contact person confirms the request.
        "TRAINING_REQUEST_RATE_LIMIT": int(os.environ.get("TRAINING_REQUEST_RATE_LIMIT", "5")),
        "TRAINING_REQUEST_RATE_WINDOW": timedelta(hours=1),
        "TRAINING_CONFIRMATION_VALID_FOR": timedelta(days=3),
        # The public application form: applications per client address and window, and how long
        # the confirmation link mailed to the applicant works.
        "APPLICATION_RATE_LIMIT": int(os.environ.get("APPLICATION_RATE_LIMIT", "5")),
        "APPLICATION_RATE_WINDOW": timedelta(hours=1),
        "APPLICATION_LINK_HOURS": int(os.environ.get("APPLICATION_LINK_HOURS", "72")),
        # Retention of applications (purge-applications): unconfirmed ones are deleted this many
        # days after their link expired; a declined one's people erased this long after.
        "APPLICATION_UNCONFIRMED_DAYS": int(os.environ.get("APPLICATION_UNCONFIRMED_DAYS", "7")),
        "APPLICATION_DECLINED_DAYS": int(os.environ.get("APPLICATION_DECLINED_DAYS", "365")),
        # A leader's account sees every group's contact details: in production it needs TOTP too.
        "TWO_FACTOR_REQUIRED_FOR_LEADERS": production or _flag("TWO_FACTOR_REQUIRED_FOR_LEADERS"),
        "BASE_URL": os.environ.get("BASE_URL", "").rstrip("/"),
        # The port `make run` serves on, for the login address seed-demo prints.
        "DISPLAY_PORT": os.environ.get("DISPLAY_PORT") or os.environ.get("PORT") or "5000",
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "MAIL_SERVER": os.environ.get("SMTP_HOST", ""),
        "MAIL_PORT": int(os.environ.get("SMTP_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("SMTP_USER", ""),
        "MAIL_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("SMTP_STARTTLS", True),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "natverk@localhost"),
        "MAIL_TIMEOUT": int(os.environ.get("SMTP_TIMEOUT", "30")),
        # Without SMTP_HOST send-mail prints each message's id and kind; MAIL_DEBUG the whole of it.
        "MAIL_DEBUG": _flag("MAIL_DEBUG"),
        # send-mail: messages per claim, tries before a message counts as failed, the back-off
        # (doubling from MAIL_RETRY_SECONDS up to MAIL_MAX_RETRY_SECONDS), how long a claim
        # holds (keep it over twice SMTP_TIMEOUT), and the days sent messages are kept.
        "MAIL_BATCH_SIZE": int(os.environ.get("MAIL_BATCH_SIZE", "50")),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "10")),
        "MAIL_RETRY_SECONDS": int(os.environ.get("MAIL_RETRY_SECONDS", "60")),
        "MAIL_MAX_RETRY_SECONDS": int(os.environ.get("MAIL_MAX_RETRY_SECONDS", "21600")),
        "MAIL_CLAIM_SECONDS": int(os.environ.get("MAIL_CLAIM_SECONDS", "600")),
        "OUTBOX_KEEP_DAYS": int(os.environ.get("OUTBOX_KEEP_DAYS", "90")),
        # A test hook: send-mail waits this long after claiming, so a test can kill it there.
        "MAIL_PAUSE_AFTER_CLAIM": float(os.environ.get("SEND_MAIL_PAUSE_AFTER_CLAIM", "0")),
        # Days after a network closes before its people are anonymised (anonymise-closed-networks).
        "RETENTION_DAYS": int(os.environ.get("RETENTION_DAYS", "730")),
        # The benchmark's floor (bench/floor.py): a page with the base layout and no query, at
        # /_bench/floor, registered only when this is set.
        "BENCH_FLOOR": _flag("BENCH_FLOOR"),
    }
