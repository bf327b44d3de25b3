"""The schema. Every ledger row carries its tenant: (account_id, livemode). One module per part of
the ledger; all share one `metadata`, so tables name each other across modules."""

from billbook.store.tables.access import accounts, api_keys, counters, idempotency_keys, provider_connections
from billbook.store.tables.ledger import (
    credit_entries,
    document_files,
    invoice_lines,
    invoices,
    numbering_sequences,
    payment_applications,
    payment_modes,
    payments,
)
from billbook.store.tables.outbox import outbox_messages
from billbook.store.tables.parties import contacts, customer_source_identifiers, customers, payment_sources
from billbook.store.tables.schema import Id, metadata

__all__ = [
    "accounts", "api_keys", "counters", "provider_connections", "idempotency_keys", "customers", "contacts",
    "customer_source_identifiers", "payment_sources", "numbering_sequences", "payment_modes", "invoices",
    "invoice_lines", "payments", "payment_applications", "credit_entries", "document_files", "outbox_messages", "Id",
    "metadata",
]
