"""The application as a whole: health, and one OpenAPI document per dialect."""


def test_health(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_each_dialect_documents_its_routes_and_how_to_authenticate(anonymous):
    current = anonymous.get("/invoiced/openapi.json").json()
    assert {"/customers", "/customers/{customer_id}", "/customers/{customer_id}/contacts",
            "/customers/{customer_id}/contacts/{contact_id}", "/invoices", "/invoices/{invoice_id}",
            "/invoices/{invoice_id}/void", "/invoices/{invoice_id}/pay", "/payments", "/payments/{payment_id}",
            "/credit_balance_adjustments", "/customers/{customer_id}/balance", "/credit_notes",
            "/credit_notes/{note_id}", "/credit_notes/{note_id}/void", "/customers/{customer_id}/emails",
            "/invoices/{invoice_id}/emails", "/credit_notes/{note_id}/emails"} | {
            f"{owner}/{channel}" for owner in ("/customers/{customer_id}", "/invoices/{invoice_id}",
                                               "/credit_notes/{note_id}") for channel in ("text_messages", "letters")
    } == set(current["paths"])
    assert current["components"]["securitySchemes"]["apiKeyAsBasicUsername"]["scheme"] == "basic"
    create = current["paths"]["/customers"]["post"]
    assert "name" in create["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["properties"]
    listed = {p["name"] for p in current["paths"]["/customers"]["get"]["parameters"]}
    assert {"page", "per_page", "sort", "filter[type]", "payment_source", "updated_after"} <= listed
    legacy = anonymous.get("/invoiced/legacy/openapi.json").json()
    assert "other_phone" in legacy["paths"]["/customers"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]["properties"]
    assert anonymous.get("/invoiced/docs").status_code == 200


def test_each_octobat_version_documents_its_routes_under_its_own_field_names(anonymous):
    v2 = anonymous.get("/octobat/v2/openapi.json").json()
    assert {"/customers", "/customers/{customer_id}/payment_sources", "/invoice_numbering_sequences",
            "/invoice_numbering_sequences/{sequence_id}/default", "/payment_recipients"} <= set(v2["paths"])
    create = v2["paths"]["/customers"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"billing_address_country", "tax_number", "sources"} <= set(create["properties"])
    assert "country" not in create["properties"]
    listed = {p["name"] for p in v2["paths"]["/customers"]["get"]["parameters"]}
    assert {"limit", "starting_after", "ending_before", "source"} <= listed
    v1 = anonymous.get("/octobat/v1/openapi.json").json()
    assert {"/customers", "/numbering_sequences", "/payment_modes"} <= set(v1["paths"])
    assert "vat_number" in v1["paths"]["/customers"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]["properties"]
    assert anonymous.get("/octobat/v2/docs").status_code == 200
