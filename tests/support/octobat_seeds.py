"""The Octobat seed examples (seeds/octobat-v2-customers.md, seeds/octobat-v1-api.md), as data."""

V2_CREATE = {
    "email": "contact@octobat.com",
    "name": "Octobat Inc.",
    "phone_number": "+33 9 52 54 03 70",
    "billing_address_zip": "75004",
    "billing_address_city": "Paris",
    "billing_address_country": "France",
    "business_type": "B2B",
    "tax_number": "FR60528551658",
}
V2_CUSTOMER_KEYS = {
    "id", "object", "livemode", "name", "email", "phone_number", "billing_address_line1", "billing_address_line2",
    "billing_address_city", "billing_address_zip", "billing_address_state", "billing_address_country",
    "business_type", "tax_number", "octobat_billing_page", "sources", "payment_sources",
}
V2_PAYMENT_SOURCE_KEYS = {
    "id", "object", "customer", "source", "payment_source_type", "details", "country", "exp_month", "exp_year",
}
V2_SEED_PAYMENT_SOURCE = {
    "source": "card_1029383qsfqs", "payment_source_type": "Credit Card", "country": "FR",
    "exp_month": "12", "exp_year": "2017",
}

V1_CREATE = {
    "email": "contact@octobat.com",
    "name": "Octobat Inc.",
    "phone_number": "+33 9 52 54 03 70",
    "billing_address_zip": "75004",
    "billing_address_city": "Paris",
    "billing_address_country": "France",
    "business_type": "B2B",
    "vat_number": "FR60528551658",
}
V1_CUSTOMER_KEYS = {
    "id", "object", "name", "email", "phone_number", "billing_address_line1", "billing_address_line2",
    "billing_address_city", "billing_address_zip", "billing_address_state", "billing_address_country",
    "business_type", "vat_number", "created_at", "updated_at",
}
LIST_KEYS = {"object", "data", "has_more", "has_before", "total_count", "request_url"}
