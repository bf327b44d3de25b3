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

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity. Tables of
# rows known by their id set `sqlite_autoincrement`: without it SQLite hands the id of the newest
# row, once deleted, to the next one (PostgreSQL's sequences never go back).
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

customers = Table(
    "customers", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("portal_token", String(40), nullable=False, unique=True),
    # The token of the link to the customer's statements, which reaches nothing else.
    Column("statement_token", String(40)),
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
    Index("uq_customers_statement_token", "statement_token", unique=True),
    Index("ix_customers_tenant_id", "account_id", "livemode", "id"),
    Index("ix_customers_tenant_updated", "account_id", "livemode", "updated_at"),
    Index("ix_customers_tenant_name", "account_id", "livemode", "name"),
    sqlite_autoincrement=True,
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
    sqlite_autoincrement=True,
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
    sqlite_autoincrement=True,
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
    Column("chronological", Boolean, nullable=False, server_default=true()),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_numbering_sequences_tenant_id", "account_id", "livemode", "id"),
    Index("uq_numbering_sequences_tenant_default", "account_id", "livemode", unique=True,
          sqlite_where=text("is_default"), postgresql_where=text("is_default")),
    sqlite_autoincrement=True,
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
    sqlite_autoincrement=True,
)

# Invoices, drafts and issued. An issued invoice is never deleted and its content never changes,
# only what happened to it since (paid, credited, voided, sent…): triggers installed by the
# migrations refuse anything else, whatever code asks.
invoices = Table(
    "invoices", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("customer_id", Id, ForeignKey("customers.id"), nullable=False),
    Column("sequence_id", Id, ForeignKey("numbering_sequences.id")),
    Column("number", String(64)),
    Column("draft", Boolean, nullable=False),
    Column("name", String(255)),
    Column("currency", String(3), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date),
    Column("payment_terms", String(50)),
    Column("purchase_order", String(100)),
    Column("notes", Text),
    Column("business_type", String(3), nullable=False),
    Column("customer", JSON, nullable=False),
    Column("supplier", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("payable_by", JSON, nullable=False),
    Column("subtotal", BigInteger, nullable=False),
    Column("discounts", BigInteger, nullable=False),
    Column("extratax", BigInteger, nullable=False),
    Column("tax", BigInteger, nullable=False),
    Column("gross", BigInteger, nullable=False),
    Column("metadata", JSON, nullable=False),
    Column("amount_paid", BigInteger, nullable=False),
    Column("amount_credited", BigInteger, nullable=False),
    Column("voided", Boolean, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("sent", Boolean, nullable=False),
    Column("viewed", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # Credit notes share the invoices' shape and table; one may credit an invoice.
    Column("kind", String(12), nullable=False, server_default="invoice"),
    Column("credited_invoice_id", Id, ForeignKey("invoices.id")),
    # The token of the link to the document's PDF.
    Column("pdf_token", String(40)),
    Index("uq_invoices_pdf_token", "pdf_token", unique=True),
    UniqueConstraint("account_id", "livemode", "number", name="uq_invoices_tenant_number"),
    Index("ix_invoices_tenant_id", "account_id", "livemode", "id"),
    Index("ix_invoices_tenant_customer", "account_id", "livemode", "customer_id", "id"),
    Index("ix_invoices_tenant_sequence_date", "account_id", "livemode", "sequence_id", "issue_date"),
    sqlite_autoincrement=True,
)

# An invoice's lines, each with its VAT decision; those of an issued invoice never change.
invoice_lines = Table(
    "invoice_lines", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("invoice_id", Id, ForeignKey("invoices.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text),
    Column("quantity", Numeric(18, 6), nullable=False),
    Column("unit_cost", Numeric(24, 6), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("discount", BigInteger, nullable=False),
    Column("extratax", BigInteger, nullable=False),
    Column("tax", BigInteger, nullable=False),
    Column("gross", BigInteger, nullable=False),
    Column("vat_rate", Numeric(6, 3), nullable=False),
    Column("eservice", Boolean, nullable=False),
    Column("discountable", Boolean, nullable=False),
    Column("taxable", Boolean, nullable=False),
    Column("tax_category", String(2), nullable=False),
    Column("declare_in", String(2)),
    Column("mention", String(255)),
    Column("rule", String(255), nullable=False),
    Column("rate_overridden", Boolean, nullable=False),
    Column("metadata", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_invoice_lines_invoice", "invoice_id", "position"),
    sqlite_autoincrement=True,
)

# Money received from a customer, and what it was applied to.
payments = Table(
    "payments", metadata,
    Column("id", Id, primary_key=True),
    Column("public_id", String(40), nullable=False, unique=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("customer_id", Id, ForeignKey("customers.id"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("date", Date, nullable=False),
    Column("method", String(20), nullable=False),
    Column("reference", String(255)),
    Column("notes", Text),
    Column("voided", Boolean, nullable=False),
    Column("metadata", JSON, nullable=False),
    Column("payment_mode_id", Id, ForeignKey("payment_modes.id")),
    Column("customer_bank_country", String(2)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_payments_tenant_id", "account_id", "livemode", "id"),
    Index("ix_payments_tenant_customer", "account_id", "livemode", "customer_id", "id"),
    sqlite_autoincrement=True,
)

payment_applications = Table(
    "payment_applications", metadata,
    Column("id", Id, primary_key=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("payment_id", Id, ForeignKey("payments.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("invoice_id", Id, ForeignKey("invoices.id")),
    Column("amount", BigInteger, nullable=False),
    Column("credit_note_id", Id, ForeignKey("invoices.id")),
    Index("ix_payment_applications_payment", "payment_id"),
    Index("ix_payment_applications_invoice", "invoice_id"),
    sqlite_autoincrement=True,
)

# Every change of a customer's credit balance, with the balance it left: the balance's history.
credit_entries = Table(
    "credit_entries", metadata,
    Column("id", Id, primary_key=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("customer_id", Id, ForeignKey("customers.id"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("balance", BigInteger, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("date", Date, nullable=False),
    Column("notes", Text),
    Column("payment_id", Id, ForeignKey("payments.id")),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_credit_entries_customer", "account_id", "livemode", "customer_id", "currency", "id"),
    sqlite_autoincrement=True,
)

# An issued invoice's or credit note's PDF as first produced, served byte for byte ever after.
document_files = Table(
    "document_files", metadata,
    Column("invoice_id", Id, ForeignKey("invoices.id"), primary_key=True),
    Column("account_id", Id, ForeignKey("accounts.id"), nullable=False),
    Column("livemode", Boolean, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

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
