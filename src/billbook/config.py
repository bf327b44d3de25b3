"""Settings, read once at start-up from the environment; command-line flags override them."""

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Requests per second each API key may make (it may burst to twice that); 0 turns the limit off.
DEFAULT_RATE_LIMIT = 100.0
DEFAULT_TWILIO_API_URL = "https://api.twilio.com"
DEFAULT_LOB_API_URL = "https://api.lob.com"


def default_database_url() -> str:
    return f"sqlite:///{Path('var').resolve() / 'billbook.db'}"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    public_base_url: str | None = None
    workers: int = 1
    rate_limit: float = DEFAULT_RATE_LIMIT
    # Confirm B2B customers' VAT numbers with the EU's VIES register before reverse-charging.
    vies_check: bool = False
    vies_url: str | None = None
    # Where SMS and letters go; tests point them at local stand-ins.
    twilio_api_url: str = DEFAULT_TWILIO_API_URL
    lob_api_url: str = DEFAULT_LOB_API_URL
    # Encrypts the providers' secrets at rest (delivery/secrets.py): a Fernet key, else a key file
    # (by default beside the SQLite database, or var/secret.key).
    secret_key: str | None = field(default=None, repr=False)
    secret_key_file: str | None = None
    # Email: an SMTP server (smtp://user:pass@host:587, STARTTLS when offered; smtps://…:465), else
    # .eml files under mail_directory; the sender's address (named after the account).
    smtp_url: str | None = field(default=None, repr=False)
    mail_from: str | None = None
    mail_directory: str = "var/mail"
    # Run an outbox worker inside each server process (`billbook serve` does unless --no-worker).
    delivery_worker: bool = False

    @property
    def base_url(self) -> str:
        """Absolute URL the server is reached at, for links it builds outside a request."""
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    def with_overrides(self, **overrides: object) -> "Settings":
        return replace(self, **{key: value for key, value in overrides.items() if value is not None})

    def to_environment(self) -> dict[str, str]:
        """The same settings as variables, for worker processes that read them anew."""
        values = {
            "BILLBOOK_DATABASE_URL": self.database_url,
            "BILLBOOK_HOST": self.host,
            "BILLBOOK_PORT": str(self.port),
            "BILLBOOK_WORKERS": str(self.workers),
            "BILLBOOK_RATE_LIMIT": str(self.rate_limit),
            "BILLBOOK_VIES_CHECK": "1" if self.vies_check else "0",
        }
        if self.public_base_url:
            values["BILLBOOK_PUBLIC_BASE_URL"] = self.public_base_url
        if self.vies_url:
            values["BILLBOOK_VIES_URL"] = self.vies_url
        values["BILLBOOK_TWILIO_API_URL"] = self.twilio_api_url
        values["BILLBOOK_LOB_API_URL"] = self.lob_api_url
        if self.secret_key:
            values["BILLBOOK_SECRET_KEY"] = self.secret_key
        if self.secret_key_file:
            values["BILLBOOK_SECRET_KEY_FILE"] = self.secret_key_file
        if self.smtp_url:
            values["BILLBOOK_SMTP_URL"] = self.smtp_url
        if self.mail_from:
            values["BILLBOOK_MAIL_FROM"] = self.mail_from
        values["BILLBOOK_MAIL_DIR"] = self.mail_directory
        values["BILLBOOK_DELIVERY_WORKER"] = "1" if self.delivery_worker else "0"
        return values


def load(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    return Settings(
        database_url=env.get("BILLBOOK_DATABASE_URL") or default_database_url(),
        host=env.get("BILLBOOK_HOST") or DEFAULT_HOST,
        port=int(env.get("BILLBOOK_PORT") or DEFAULT_PORT),
        public_base_url=env.get("BILLBOOK_PUBLIC_BASE_URL") or None,
        workers=int(env.get("BILLBOOK_WORKERS") or 1),
        rate_limit=float(env.get("BILLBOOK_RATE_LIMIT") or DEFAULT_RATE_LIMIT),
        vies_check=(env.get("BILLBOOK_VIES_CHECK") or "0").lower() in ("1", "true", "yes", "on"),
        vies_url=env.get("BILLBOOK_VIES_URL") or None,
        twilio_api_url=env.get("BILLBOOK_TWILIO_API_URL") or DEFAULT_TWILIO_API_URL,
        lob_api_url=env.get("BILLBOOK_LOB_API_URL") or DEFAULT_LOB_API_URL,
        secret_key=env.get("BILLBOOK_SECRET_KEY") or None,
        secret_key_file=env.get("BILLBOOK_SECRET_KEY_FILE") or None,
        smtp_url=env.get("BILLBOOK_SMTP_URL") or None,
        mail_from=env.get("BILLBOOK_MAIL_FROM") or None,
        mail_directory=env.get("BILLBOOK_MAIL_DIR") or "var/mail",
        delivery_worker=(env.get("BILLBOOK_DELIVERY_WORKER") or "0").lower() in ("1", "true", "yes", "on"),
    )
