"""/octobat/v2/invoice_numbering_sequences and /octobat/v2/payment_recipients."""

import re

SEQUENCES = "/octobat/v2/invoice_numbering_sequences"
RECIPIENTS = "/octobat/v2/payment_recipients"
IBAN = "FR76 3000 6000 0112 3456 7890 189"


def test_a_new_account_has_one_default_sequence(api):
    [sequence] = api.get(SEQUENCES).json()["data"]
    assert sequence["object"] == "invoice_numbering_sequence" and sequence["is_default"] is True
    assert {"id", "prefix", "is_default", "next_number", "livemode"} <= set(sequence)


def test_sequences_are_created_changed_and_made_default_through_the_api(api):
    created = api.post(SEQUENCES, data={"prefix": "SP", "format": "{prefix}{yyyy}-{counter:3}", "reset": "yearly"})
    assert created.status_code == 200, created.text
    sequence = created.json()
    assert re.fullmatch(r"SP\d{4}-001", sequence["next_number"]) and sequence["is_default"] is False
    assert sequence["reset_to_zero"] is True
    path = f"{SEQUENCES}/{sequence['id']}"
    changed = api.patch(path, data={"prefix": "OC", "format": "{prefix}-{yyyy}-{mm}-{counter:3}"}).json()
    assert re.fullmatch(r"OC-\d{4}-\d\d-001", changed["next_number"])
    assert api.patch(f"{path}/default").json()["is_default"] is True
    defaults = [s["id"] for s in api.get(SEQUENCES).json()["data"] if s["is_default"]]
    assert defaults == [sequence["id"]]


def test_a_new_sequence_may_be_the_default_from_the_start(api):
    sequence = api.post(SEQUENCES, data={"prefix": "NEW", "is_default": "true"}).json()
    assert [s["id"] for s in api.get(SEQUENCES).json()["data"] if s["is_default"]] == [sequence["id"]]


def test_bad_sequences_are_refused_naming_the_parameter(api):
    for fields, param in (({"format": "{prefix}"}, "format"), ({"prefix": "A B"}, "prefix"),
                          ({"prefix": "X", "reset": "weekly"}, "reset"),
                          ({"prefix": "X", "format": "{prefix}-{counter}", "reset": "yearly"}, "reset"),
                          ({"prefix": "X", "is_default": "maybe"}, "is_default")):
        response = api.post(SEQUENCES, data=fields)
        assert response.status_code == 422, fields
        assert list(response.json()["errors"]) == [param]
    assert len(api.get(SEQUENCES).json()["data"]) == 1


def test_payment_recipients_hold_a_checked_iban_in_their_details(api):
    created = api.post(RECIPIENTS, data={"name": "Transfer", "details[iban]": IBAN, "details[bic]": "BNPAFRPP",
                                         "details[bank]": "BNP"})
    assert created.status_code == 200, created.text
    recipient = created.json()
    assert recipient["object"] == "payment_recipient" and recipient["id"].startswith("oc_pm_")
    assert recipient["details"] == {"iban": IBAN, "bic": "BNPAFRPP", "bank": "BNP"}
    assert recipient["payment_recipient_type"] == "transfer" and recipient["livemode"] is True
    path = f"{RECIPIENTS}/{recipient['id']}"
    assert api.get(path).json() == recipient
    renamed = api.patch(path, data={"name": "Main account"}).json()
    assert renamed["name"] == "Main account" and renamed["details"] == recipient["details"]
    assert [r["id"] for r in api.get(RECIPIENTS).json()["data"]] == [recipient["id"]]
    # The same object is v1's payment mode.
    assert api.get(f"/octobat/v1/payment_modes/{recipient['id']}").json()["name"] == "Main account"


def test_an_invalid_iban_or_bic_is_refused_naming_where_it_was_sent(api):
    for fields, param in (({"details[iban]": "FR90 17216 18009 17038133245 88"}, "details[iban]"),
                          ({"details[iban]": IBAN, "details[bic]": "NOTABIC!"}, "details[bic]"),
                          ({"payment_recipient_type": "transfer"}, "details[iban]"),
                          ({"payment_recipient_type": "cash"}, "payment_recipient_type")):
        response = api.post(RECIPIENTS, data={"name": "Bank", **fields})
        assert response.status_code == 422, fields
        assert list(response.json()["errors"]) == [param]
    assert api.post(RECIPIENTS, data={"details[iban]": IBAN}).json()["errors"] == {"name": [{"details": "is required"}]}
    assert api.get(RECIPIENTS).json()["total_count"] == 0
