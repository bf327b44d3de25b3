"""/octobat/v2/customers/:id/payment_sources, and the same sources seen through Invoiced."""

from tests.support.octobat_seeds import V2_PAYMENT_SOURCE_KEYS, V2_SEED_PAYMENT_SOURCE

CUSTOMERS = "/octobat/v2/customers"


def customer(api) -> str:
    return api.post(CUSTOMERS, data={"billing_address_country": "FR", "name": "Payer"}).json()["id"]


def test_the_seed_payment_source_is_created_listed_and_nested_in_its_customer(api):
    owner = customer(api)
    base = f"{CUSTOMERS}/{owner}/payment_sources"
    response = api.post(base, data={**V2_SEED_PAYMENT_SOURCE, "details[brand]": "Visa", "details[last4]": "4242"})
    assert response.status_code == 200, response.text
    source = response.json()
    assert set(source) == V2_PAYMENT_SOURCE_KEYS
    assert source["id"].startswith("oc_ps_") and source["customer"] == owner
    assert (source["source"], source["payment_source_type"], source["country"], source["exp_month"],
            source["exp_year"]) == ("card_1029383qsfqs", "Credit Card", "FR", 12, 2017)
    assert source["details"] == {"brand": "Visa", "last4": "4242"}
    listed = api.get(base).json()
    assert listed["data"] == [source] and listed["request_url"] == base.removeprefix("/octobat/v2")
    assert api.get(f"{base}/{source['id']}").json() == source
    assert api.get(f"{CUSTOMERS}/{owner}").json()["payment_sources"]["data"] == [source]


def test_a_payment_source_is_updated_in_part(api):
    base = f"{CUSTOMERS}/{customer(api)}/payment_sources"
    source = api.post(base, data=V2_SEED_PAYMENT_SOURCE).json()
    updated = api.patch(f"{base}/{source['id']}", data={"exp_year": "2030", "exp_month": "1"}).json()
    assert updated == {**source, "exp_year": 2030, "exp_month": 1}


def test_a_full_card_number_is_refused_wherever_it_is_sent(api):
    base = f"{CUSTOMERS}/{customer(api)}/payment_sources"
    for fields, param in (({"source": "4242 4242 4242 4242"}, "source"),
                          ({"details[number]": "4111111111111111"}, "details[number]"),
                          ({"details[last4]": "42424"}, "details[last4]")):
        response = api.post(base, data={**V2_SEED_PAYMENT_SOURCE, **fields})
        assert response.status_code == 422, fields
        assert list(response.json()["errors"]) == [param]
    assert api.get(base).json()["total_count"] == 0


def test_bad_values_name_their_parameter(api):
    base = f"{CUSTOMERS}/{customer(api)}/payment_sources"
    for fields, param in (({"payment_source_type": ""}, "payment_source_type"), ({"exp_month": "13"}, "exp_month"),
                          ({"country": "Narnia"}, "country"), ({"exp_year": "soon"}, "exp_year")):
        response = api.post(base, data={**V2_SEED_PAYMENT_SOURCE, **fields})
        assert response.status_code == 422, fields
        assert list(response.json()["errors"]) == [param]


def test_sources_of_another_customer_or_unknown_customer_are_not_found(api):
    first, second = customer(api), customer(api)
    source = api.post(f"{CUSTOMERS}/{first}/payment_sources", data=V2_SEED_PAYMENT_SOURCE).json()
    assert api.get(f"{CUSTOMERS}/{second}/payment_sources/{source['id']}").status_code == 404
    assert api.post(f"{CUSTOMERS}/oc_cu_missing/payment_sources", data=V2_SEED_PAYMENT_SOURCE).status_code == 404


def test_the_invoiced_dialect_shows_the_first_card_as_payment_source_and_filters_on_it(api):
    with_card, without = customer(api), customer(api)
    api.post(f"{CUSTOMERS}/{with_card}/payment_sources",
             data={**V2_SEED_PAYMENT_SOURCE, "details[brand]": "Visa", "details[last4]": "4242",
                   "details[funding]": "credit"})
    shown = {c["name"] + str(i): c for i, c in enumerate(api.get("/invoiced/customers").json())}
    card = next(c["payment_source"] for c in shown.values() if c["payment_source"])
    assert {key: card[key] for key in ("object", "brand", "last4", "exp_month", "exp_year", "funding")} == {
        "object": "card", "brand": "Visa", "last4": "4242", "exp_month": 12, "exp_year": 2017, "funding": "credit"}
    assert isinstance(card["id"], int)
    assert len(api.get("/invoiced/customers", params={"payment_source": "1"}).json()) == 1
    assert len(api.get("/invoiced/customers", params={"payment_source": "0"}).json()) == 1
    bank = api.post(f"{CUSTOMERS}/{without}/payment_sources",
                    data={"source": "ba_1", "payment_source_type": "SEPA Direct Debit", "details[last4]": "0189"})
    assert bank.status_code == 200
    objects = sorted(c["payment_source"]["object"] for c in api.get("/invoiced/customers").json())
    assert objects == ["bank_account", "card"]
