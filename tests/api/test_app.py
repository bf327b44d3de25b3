"""The application as a whole: health, and one OpenAPI document per dialect."""


def test_health(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_each_dialect_documents_its_routes_and_how_to_authenticate(anonymous):
    current = anonymous.get("/invoiced/openapi.json").json()
    assert {"/customers", "/customers/{customer_id}", "/customers/{customer_id}/contacts",
            "/customers/{customer_id}/contacts/{contact_id}"} == set(current["paths"])
    assert current["components"]["securitySchemes"]["apiKeyAsBasicUsername"]["scheme"] == "basic"
    create = current["paths"]["/customers"]["post"]
    assert "name" in create["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["properties"]
    listed = {p["name"] for p in current["paths"]["/customers"]["get"]["parameters"]}
    assert {"page", "per_page", "sort", "filter[type]", "payment_source", "updated_after"} <= listed
    legacy = anonymous.get("/invoiced/legacy/openapi.json").json()
    assert "other_phone" in legacy["paths"]["/customers"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]["properties"]
    assert anonymous.get("/invoiced/docs").status_code == 200
