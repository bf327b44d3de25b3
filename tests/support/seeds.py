"""Values from the Invoiced customer documentation (shared/seeds/invoiced-customers-*.md)."""

SEED_CREATE = {"name": "Acme", "email": "billing@acmecorp.com", "payment_terms": "NET 30", "type": "company"}
SEED_UPDATE = {"payment_terms": "NET 14", "attention_to": "Sarah Fisher", "address1": "342 Amber St",
               "city": "Hill Valley", "state": "CA", "postal_code": "94523", "tax_id": "893-934835",
               "phone": "(820) 297-2983"}
# Every attribute of the customer object in the current documentation.
SEED_CUSTOMER_KEYS = {
    "ach_gateway", "address1", "address2", "attention_to", "autopay", "autopay_delay_days",
    "avalara_entity_use_code", "avalara_exemption_number", "cc_gateway", "chase", "chasing_cadence", "city",
    "country", "created_at", "credit_hold", "credit_limit", "currency", "email", "id", "language", "metadata",
    "name", "next_chase_step", "notes", "number", "object", "owner", "parent_customer", "payment_source",
    "payment_terms", "phone", "postal_code", "sign_up_page", "sign_up_url", "state", "statement_pdf_url",
    "tax_id", "taxable", "taxes", "type", "updated_at",
}
# Every attribute of the contact object in the 2016 documentation.
SEED_CONTACT_KEYS = {"id", "object", "name", "email", "primary", "address1", "address2", "city", "state",
                     "postal_code", "country", "created_at"}

# Every writable field of the current documentation's create call, with a value of the right kind
# (`parent_customer` is added by each test, since it must name a real customer).
EVERY_CREATE_FIELD = {
    "name": "Acme", "number": "ACME-1", "email": "billing@acmecorp.com", "autopay": True,
    "autopay_delay_days": 3, "payment_terms": "NET 30", "attention_to": "Sarah Fisher",
    "address1": "342 Amber St", "address2": "Suite 1", "city": "Hill Valley", "state": "CA",
    "postal_code": "94523", "country": "US", "language": "en", "currency": "usd", "chase": False,
    "chasing_cadence": 12, "next_chase_step": 34, "phone": "(820) 297-2983", "credit_hold": True,
    "credit_limit": 1500.5, "owner": 7, "taxable": False, "taxes": ["vat"], "tax_id": "893-934835",
    "avalara_entity_use_code": "A", "avalara_exemption_number": "EX-1", "type": "person",
    "notes": "Good payer", "sign_up_page": 9, "disabled_payment_methods": ["credit_card", "wire_transfer"],
    "ach_gateway": 1, "cc_gateway": 2, "metadata": {"account_rep": "Jan", "icp_number": "1234567890"},
}
