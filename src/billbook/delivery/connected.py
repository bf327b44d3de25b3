"""The outbox worker's text-message and letter providers: each message is sent with the
connection its own account made (`billbook accounts connect twilio|lob`).

Each provider's `deliver(message, account_name)` matches the worker's provider signature. What
they read from an outbox message:

- a text (`channel == "sms"`): `recipient["phone"]` in E.164 and `message` as the body;
- a letter (`channel == "letter"`): `recipient` holds the mailing address in Lob's field names
  (`name`, `address_line1`, `address_line2`, `address_city`, `address_state`, `address_zip`,
  `address_country`), `attachment` the PDF; the sender is the account's name and address; the
  message's `public_id` is Lob's idempotency key.
"""

import asyncio

import httpx

from billbook.config import DEFAULT_LOB_API_URL, DEFAULT_TWILIO_API_URL
from billbook.delivery import lob, twilio
from billbook.delivery.outcomes import Outcome, Refused, TryAgain
from billbook.delivery.secrets import SecretBox, SecretKeyInvalid, SecretUnreadable
from billbook.domain.errors import NotFound
from billbook.domain.outbox import OutboxMessage
from billbook.domain.providers import LOB, TWILIO, LobConnection, TwilioConnection
from billbook.services import accounts, providers
from billbook.store.database import Database

# Lob prints at most 40 characters of a name.
_NAME_LIMIT = 40


class TwilioTexts:
    def __init__(self, database: Database, base_url: str = DEFAULT_TWILIO_API_URL,
                 secrets: SecretBox | None = None, http: httpx.AsyncClient | None = None):
        self.database, self.base_url, self.secrets, self.http = database, base_url, secrets, http

    async def deliver(self, message: OutboxMessage, account_name: str) -> Outcome:
        connection = await _connection(self.database, message.account_id, TWILIO, self.secrets)
        if not isinstance(connection, TwilioConnection):
            return connection
        phone = (message.recipient or {}).get("phone")
        if not phone or not message.message:
            return Refused("the text message has no phone number or no body")
        return await twilio.send_sms(connection, phone, message.message, base_url=self.base_url, http=self.http)


class LobLetters:
    def __init__(self, database: Database, base_url: str = DEFAULT_LOB_API_URL,
                 secrets: SecretBox | None = None, http: httpx.AsyncClient | None = None):
        self.database, self.base_url, self.secrets, self.http = database, base_url, secrets, http

    async def deliver(self, message: OutboxMessage, account_name: str) -> Outcome:
        connection = await _connection(self.database, message.account_id, LOB, self.secrets)
        if not isinstance(connection, LobConnection):
            return connection
        if not message.attachment:
            return Refused("the letter has no PDF to print")
        try:
            to = _address(message.recipient or {})
        except (KeyError, TypeError):
            return Refused("the letter's address lacks a name, a street, a city, a postal code or a country")
        account = await asyncio.to_thread(accounts.get_account, self.database, message.account_id)
        sender = lob.LobAddress(name=(account_name or account.name)[:_NAME_LIMIT],
                                address_line1=account.address_line1 or "", address_line2=account.address_line2,
                                address_city=account.city or "", address_zip=account.zip or "",
                                address_country=account.country)
        return await lob.send_letter(connection, to=to, sender=sender, pdf=message.attachment,
                                     idempotency_key=message.public_id, metadata={"billbook_id": message.public_id},
                                     base_url=self.base_url, http=self.http)


def _address(recipient: dict) -> lob.LobAddress:
    return lob.LobAddress(name=recipient["name"][:_NAME_LIMIT], address_line1=recipient["address_line1"],
                          address_line2=recipient.get("address_line2"), address_city=recipient["address_city"],
                          address_state=recipient.get("address_state"), address_zip=recipient["address_zip"],
                          address_country=recipient["address_country"])


async def _connection(database: Database, account_id: int, provider: str,
                      secrets: SecretBox | None) -> TwilioConnection | LobConnection | Outcome:
    try:
        return await asyncio.to_thread(providers.connection, database, account_id, provider, secrets=secrets)
    except NotFound:
        # Disconnected after the message was queued: it cannot go until someone connects again,
        # and the request that queued it was told it would.
        return Refused(f"{provider.capitalize()} is not connected for this account")
    except (SecretUnreadable, SecretKeyInvalid) as error:
        # The server's key is wrong or missing: an operator can restore it, so keep the message.
        return TryAgain(error.message)
