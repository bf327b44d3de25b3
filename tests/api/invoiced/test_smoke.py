def test_create_then_retrieve(api):
    created = api.post("/invoiced/customers", data={"name": "Acme"})
    assert created.status_code == 201
    fetched = api.get(f"/invoiced/customers/{created.json()['id']}")
    assert fetched.json()["name"] == "Acme"
