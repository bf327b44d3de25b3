"""The schema. Every ledger row carries its tenant: (account_id, livemode)."""

from sqlalchemy import (
                        JSON,
                        BigInteger,
                        Boolean,
                        Column,
                        Date,
                        ForeignKey,
                        Index,
                        Integer,
                        LargeBinary,
                        MetaData,
                        Numeric,
                        String,
                        Table,
                        Text,
                        UniqueConstraint,
                        false,
                        text,
                        true,
)

from billbook.store.types import UTCDateTime

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
Id = BigInteger().with_variant(Integer(), "sqlite")

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
)

# Per-tenant counters (customer numbers, and later invoice sequences) incremented under a row lock.
counters = Table(
    "counters", metadata,
    Column("account_id", Id, ForeignKey("accounts.id"), primary_key=True),
    Column("livemode", Boolean, primary_key=True),
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

customers = Table(
    "customers", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("portal_token", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("number", String(32), nullable=False),
    Column("name", String(255)),
    Column("email", String(255)),
    Column("type", String(10), nullable=False),
    Column("autopay", Boolean, nullable=False),
    Column("autopay_delay_days", Integer),
    Column("payment_terms", String(50)),
    Column("attention_to", String(255)),
    Column("address1", String(255)),
    Column("address2", String(255)),
    Column("city", String(100)),
    Column("state", String(100)),
    Column("postal_code", String(20)),
    Column("country", String(2)),
    Column("language", String(2)),
    Column("currency", String(3)),
    Column("chase", Boolean, nullable=False),
    Column("chasing_cadence", BigInteger),
    Column("next_chase_step", BigInteger),
    Column("phone", String(50)),
    Column("other_phone", String(50)),
    Column("website", String(255)),
    Column("credit_hold", Boolean, nullable=False),
    Column("credit_limit", Numeric(18, 2)),
    Column("owner", BigInteger),
    Column("taxable", Boolean, nullable=False),
    Column("taxes", JSON, nullable=False),
    Column("tax_id", String(50)),
    Column("avalara_entity_use_code", String(50)),
    Column("avalara_exemption_number", String(50)),
    Column("parent_customer", Id, ForeignKey("customers.id", ondelete="SET NULL")),
    Column("notes", Text),
    Column("sign_up_page", BigInteger),
    Column("disabled_payment_methods", JSON, nullable=False),
    Column("ach_gateway", BigInteger),
    Column("cc_gateway", BigInteger),
    Column("metadata", JSON, nullable=False),
    Column("business_type", String(3), nullable=False, server_default="B2C"),
    Column("sources", JSON, nullable=False, server_default="[]"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("account_id", "livemode", "number", name="uq_customers_tenant_number"),
    Index("ix_customers_tenant_id", "account_id", "livemode", "id"),
    Index("ix_customers_tenant_updated", "account_id", "livemode", "updated_at"),
    Index("ix_customers_tenant_name", "account_id", "livemode", "name"),
)

contacts = Table(
    "contacts", metadata,
    Column("id", Id, primary_key=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("customer_id", Id, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(255), nullable=False),
    Column("email", String(255)),
    Column("title", String(100)),
    Column("department", String(100)),
    Column("phone", String(50)),
    Column("primary", Boolean, nullable=False),
    Column("sms_enabled", Boolean, nullable=False),
    Column("address1", String(255)),
    Column("address2", String(255)),
    Column("city", String(100)),
    Column("state", String(100)),
    Column("postal_code", String(20)),
    Column("country", String(2)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_contacts_tenant_customer", "account_id", "livemode", "customer_id", "id"),
)

# Which customer stands for an integration's object (`?source=cus_…`): kept with the customer's
# `sources`, so the look-up is an index probe rather than a search through every customer's list.
customer_source_identifiers = Table(
    "customer_source_identifiers", metadata,
    Column("account_id", Id, ForeignKey("accounts.id"), primary_key=True),
    Column("livemode", Boolean, primary_key=True),
    Column("identifier", String(100), primary_key=True),
    Column("customer_id", Id, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True),
)

# A customer's card or bank account as a payment gateway knows it; never a full card number.
payment_sources = Table(
    "payment_sources", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("customer_id", Id, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(40), nullable=False),
    Column("reference", String(100)),
    Column("gateway", String(40)),
    Column("country", String(2)),
    Column("exp_month", Integer),
    Column("exp_year", Integer),
    Column("details", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_payment_sources_tenant_customer", "account_id", "livemode", "customer_id", "id"),
)

# How invoice numbers are formed; each tenant has exactly one default sequence.
numbering_sequences = Table(
    "numbering_sequences", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("name", String(100)),
    Column("prefix", String(20), nullable=False),
    Column("format", String(40), nullable=False),
    Column("reset", String(10), nullable=False),
    Column("is_default", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_numbering_sequences_tenant_id", "account_id", "livemode", "id"),
    Index("uq_numbering_sequences_tenant_default", "account_id", "livemode", unique=True,
          sqlite_where=text("is_default"), postgresql_where=text("is_default")),
)

# How customers can pay the account: Octobat's payment modes (v1) and payment recipients (v2).
payment_modes = Table(
    "payment_modes", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("name", String(255), nullable=False),
    Column("type", String(10), nullable=False),
    Column("iban", String(50)),
    Column("bic", String(11)),
    Column("details", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_payment_modes_tenant_id", "account_id", "livemode", "id"),
)

# Issued invoices. Rows are never deleted, and only the state may change (to paid): triggers
# installed by migration 0004 refuse anything else, whatever code asks.
invoices = Table(
    "invoices", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("customer_id", Id, ForeignKey("customers.id"), nullable=False),
    Column("sequence_id", Id, ForeignKey("numbering_sequences.id"), nullable=False),
    Column("number", String(64), nullable=False),
    Column("state", String(10), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("business_type", String(3), nullable=False),
    Column("customer", JSON, nullable=False),
    Column("supplier", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("payable_by", JSON, nullable=False),
    Column("extratax", BigInteger, nullable=False),
    Column("tax", BigInteger, nullable=False),
    Column("gross", BigInteger, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("account_id", "livemode", "number", name="uq_invoices_tenant_number"),
    Index("ix_invoices_tenant_id", "account_id", "livemode", "id"),
    Index("ix_invoices_tenant_customer", "account_id", "livemode", "customer_id", "id"),
)

# An issued invoice's lines, each with its VAT decision; never changed or deleted.
invoice_lines = Table(
    "invoice_lines", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("invoice_id", Id, ForeignKey("invoices.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("description", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("extratax", BigInteger, nullable=False),
    Column("tax", BigInteger, nullable=False),
    Column("gross", BigInteger, nullable=False),
    Column("vat_rate", Numeric(6, 3), nullable=False),
    Column("eservice", Boolean, nullable=False),
    Column("tax_category", String(2), nullable=False),
    Column("declare_in", String(2)),
    Column("mention", String(255)),
    Column("rule", String(255), nullable=False),
    Column("rate_overridden", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_invoice_lines_invoice", "invoice_id", "position"),
)

# The payment that settled an invoice (Octobat v1: one per paid invoice).
payments = Table(
    "payments", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("invoice_id", Id, ForeignKey("invoices.id"), nullable=False, unique=True),
    Column("payment_date", Date, nullable=False),
    Column("customer_bank_country", String(2)),
    Column("payment_mode_id", Id, ForeignKey("payment_modes.id"), nullable=False),
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
