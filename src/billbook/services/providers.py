"""Connecting an account's delivery providers (Twilio for text messages, Lob for letters), and
reading a connection back, its secret decrypted, when a message is delivered.

The secret is sealed with the server's key (delivery/secrets.py) before it reaches the database;
what is not secret (Twilio's account SID and sender number) stays readable in `settings`.
"""

import json

from billbook import config
from billbook.delivery.secrets import SecretBox, secret_box
from billbook.domain import providers
from billbook.domain.errors import InvalidParam, NotFound
from billbook.domain.providers import LobConnection, TwilioConnection
from billbook.services.context import utc_now
from billbook.store.database import Database
from billbook.store.unit_of_work import AdminUnitOfWork

_NAMES = {providers.TWILIO: "Twilio", providers.LOB: "Lob"}


def connect_twilio(database: Database, account_id: int, account_sid: str, auth_token: str, from_number: str,
                   *, secrets: SecretBox | None = None) -> TwilioConnection:
    """Store (or replace) the account's Twilio credentials and the number its texts come from."""
    connection = providers.twilio_connection(account_sid, auth_token, from_number)
    _save(database, account_id, providers.TWILIO,
          {"account_sid": connection.account_sid, "from": connection.from_number},
          {"auth_token": connection.auth_token}, secrets)
    return connection


def connect_lob(database: Database, account_id: int, api_key: str,
                *, secrets: SecretBox | None = None) -> LobConnection:
    """Store (or replace) the account's Lob API key."""
    connection = providers.lob_connection(api_key)
    _save(database, account_id, providers.LOB, {"livemode": connection.livemode}, {"api_key": connection.api_key},
          secrets)
    return connection


def connection(database: Database, account_id: int, provider: str,
               *, secrets: SecretBox | None = None) -> TwilioConnection | LobConnection:
    """The provider's connection with its secret decrypted, for delivering a message; NotFound when
    the account has not connected it, SecretUnreadable when this server's key cannot open it."""
    _check_provider(provider)
    with AdminUnitOfWork(database, write=False) as uow:
        stored = uow.provider_connections.get(account_id, provider)
    if stored is None:
        raise NotFound(f"{_NAMES[provider]} connection of account", account_id)
    secret = json.loads((secrets or default_secret_box(database)).open(stored.secret))
    if provider == providers.TWILIO:
        return TwilioConnection(account_sid=stored.settings["account_sid"], from_number=stored.settings["from"],
                                auth_token=secret["auth_token"])
    return LobConnection(api_key=secret["api_key"])


def is_connected(database: Database, account_id: int, provider: str) -> bool:
    """Whether the account has connected the provider (its secret stays sealed)."""
    _check_provider(provider)
    with AdminUnitOfWork(database, write=False) as uow:
        return uow.provider_connections.get(account_id, provider) is not None


def disconnect(database: Database, account_id: int, provider: str) -> None:
    _check_provider(provider)
    with AdminUnitOfWork(database) as uow:
        if not uow.provider_connections.delete(account_id, provider):
            raise NotFound(f"{_NAMES[provider]} connection of account", account_id)
        uow.commit()


def default_secret_box(database: Database, create: bool = False) -> SecretBox:
    """The key this process was configured with (BILLBOOK_SECRET_KEY or the key file for this
    database; the file is made only when connecting a provider)."""
    settings = config.load()
    return secret_box(database.url, key=settings.secret_key, key_file=settings.secret_key_file, create=create)


def _save(database: Database, account_id: int, provider: str, settings: dict, secret: dict,
          secrets: SecretBox | None) -> None:
    sealed = (secrets or default_secret_box(database, create=True)).seal(json.dumps(secret))
    with AdminUnitOfWork(database) as uow:
        if uow.accounts.get(account_id) is None:
            raise NotFound("Account", account_id)
        uow.provider_connections.save(account_id, provider, settings, sealed, utc_now())
        uow.commit()


def _check_provider(provider: str) -> None:
    if provider not in providers.PROVIDERS:
        raise InvalidParam("provider", f"must be one of {', '.join(providers.PROVIDERS)}")
