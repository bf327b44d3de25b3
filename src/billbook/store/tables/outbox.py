"""Messages waiting to be delivered, or delivered."""

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, LargeBinary, String, Table, Text

from billbook.store.tables.schema import Id, metadata
from billbook.store.types import UTCDateTime

# Messages to send (emails, text messages, letters), written in the transaction of the request that
# sends them and delivered by workers: claimed for a while (`claimed_until`), retried with backoff.
outbox_messages = Table(
    "outbox_messages", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(32), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("channel", String(10), nullable=False),  # email, sms, letter
    Column("customer_id", Id, ForeignKey("customers.id"), nullable=False),
    Column("invoice_id", Id, ForeignKey("invoices.id")),  # what is sent, unless a statement
    Column("template", String(40), nullable=False),  # statement_email, invoice_email…
    Column("recipient", JSON, nullable=False),  # {email, name} / {phone, name} / {name, address lines…}
    Column("bcc", String(1000)),
    Column("subject", String(255)),
    Column("message", Text),
    Column("attachment", LargeBinary),  # the PDF sent, archived with the message
    Column("attachment_name", String(100)),
    Column("state", String(20), nullable=False),  # queued, sending, sent, failed, bounced…
    Column("reject_reason", String(500)),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("claimed_until", UTCDateTime),
    Column("provider_reference", String(100)),  # Message-ID, Twilio SID, Lob id
    Column("details", JSON, nullable=False),  # what the channel adds (a letter's pages, delivery date)
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime),
    Index("ix_outbox_messages_due", "state", "next_attempt_at"),
    Index("ix_outbox_messages_tenant_id", "account_id", "livemode", "id"),
    sqlite_autoincrement=True,
)
