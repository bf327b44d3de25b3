"""The Octobat v1 seed invoice (seeds/octobat-v1-api.md, "Create an invoice"), as data."""

SEED_SUPPLIER = {
    "name": "Octobat", "country": "FR", "legal_form": "Inc", "vat_number": "FR60528551658", "capital_stock": "1000",
    "address_line1": "25 rue du Petit Musc", "zip": "75004", "city": "Paris", "eservice_default": True,
}
SEED_CUSTOMER = {
    "name": "My customer", "email": "contact@octobat.com", "phone_number": "+33 9 52 54 03 70",
    "billing_address_city": "Paris", "billing_address_zip": "75004", "billing_address_country": "France",
    "business_type": "B2C",
}
SEED_ITEMS = [
    {"description": "Monthly subscription", "payment_cents": 1000, "eservice": True},
    {"description": "2 hours extratime", "payment_cents": 2000, "vat_rate": 10.0},
    {"description": "Monthly subscription", "extratax_cents": 4000, "eservice": False},
]
# (extratax_cents, vat_rate, payment_cents, eservice) of each seed line, as the seed answers.
SEED_FIGURES = [(833, 20.0, 1000, True), (1818, 10.0, 2000, True), (4000, 20.0, 4800, False)]
INVOICE_KEYS = {
    "id", "object", "livemode", "state", "numbering_sequence_id", "invoice_number", "invoice_date", "currency",
    "pdf_file_url", "customer", "customer_id", "customer_name", "customer_address_line1", "customer_address_line2",
    "customer_address_city", "customer_address_state", "customer_address_zip", "customer_address_country",
    "customer_vat_number", "supplier_name", "supplier_legal_form", "supplier_siret", "supplier_address",
    "supplier_zip_code", "supplier_city", "supplier_country", "supplier_vat_number", "supplier_capital_stock",
    "business_type", "invoice_items", "payable_by", "payment", "created_at", "updated_at",
}
ITEM_KEYS = {"id", "object", "description", "extratax_cents", "quantity", "vat_rate", "payment_cents", "eservice",
             "created_at", "updated_at"}
PAYMENT_KEYS = {"id", "object", "invoice", "payment_date", "customer_bank_country", "payment_mode", "created_at",
                "updated_at"}
IBAN = "FR76 3000 6000 0112 3456 7890 189"
