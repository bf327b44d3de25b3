"""Accounts, their API keys and connected providers, and what requests and counters keep per tenant."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    false,
    true,
)

from billbook.store.tables.schema import Id, metadata
from billbook.store.types import UTCDateTime

accounts = Table(
    "accounts", metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("vat_number", String(32)),
    Column("legal_form", String(50)),
    Column("siret", String(14)),
    Column("capital_stock", Numeric(18, 2)),
    Column("address_line1", String(200)),
    Column("address_line2", String(200)),
    Column("city", String(100)),
    Column("zip", String(20)),
    Column("eservice_default", Boolean, nullable=False, server_default=false()),
    Column("oss_threshold_exceeded", Boolean, nullable=False, server_default=true()),
    Column("created_at", UTCDateTime, nullable=False),
    sqlite_autoincrement=True,
)

api_keys = Table(
    "api_keys", metadata,
    Column("id", Id, primary_key=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("fingerprint", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    sqlite_autoincrement=True,
)

# Per-tenant counters (customer numbers, and later invoice sequences) incremented under a row lock.
counters = Table(
    "counters", metadata,
    Column("account_id", Id, ForeignKey("accounts.id"), primary_key=True),
    Column("livemode", Boolean, primary_key=True),
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# The providers an account connects to send text messages (Twilio) and letters (Lob); the secret
# (auth token, API key) is encrypted.
provider_connections = Table(
    "provider_connections", metadata,
    Column("account_id", Id, ForeignKey("accounts.id"), primary_key=True),
    Column("provider", String(10), primary_key=True),  # twilio, lob
    Column("settings", JSON, nullable=False),  # what is not secret: the account SID, the sender number
    Column("secret", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Responses remembered for requests sent with an Idempotency-Key.
idempotency_keys = Table(
    "idempotency_keys", metadata,
    Column("account_id", Id, ForeignKey("accounts.id"), primary_key=True),
    Column("livemode", Boolean, primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_fingerprint", String(64), nullable=False),
    Column("status", Integer),
    Column("content_type", String(100)),
    Column("body", LargeBinary),
    Column("created_at", UTCDateTime, nullable=False),
)
