"""Changing an account's details: checked as at creation, an empty value clears one, and issued
documents keep the details they were issued with."""

import pytest

from billbook.domain.errors import InvalidParam, NotFound
from billbook.services import accounts, customers, drafts


def test_details_change_are_checked_and_cleared_and_issued_invoices_keep_theirs(database, account):
    ctx = account.context()
    customer = customers.create(ctx, {"name": "Acme", "country": "FR"}).id
    before = drafts.create_invoice(ctx, {"customer": customer, "items": [{"name": "A", "unit_cost": 10}]})

    updated = accounts.update_account(database, account.id, {"siret": "528 551 658 00016", "city": "Lyon"})
    assert (updated.siret, updated.city) == ("52855165800016", "Lyon")
    assert accounts.get_account(database, account.id).siret == "52855165800016"
    assert accounts.update_account(database, account.id, {"city": ""}).city is None
    assert accounts.get_account(database, account.id).siret == "52855165800016"

    with pytest.raises(InvalidParam) as refused:
        accounts.update_account(database, account.id, {"siret": "12345678901234"})
    assert refused.value.param == "siret"
    with pytest.raises(InvalidParam) as refused:
        accounts.update_account(database, account.id, {"name": ""})
    assert refused.value.param == "name"
    assert accounts.get_account(database, account.id).siret == "52855165800016"

    from billbook.services import invoices
    assert invoices.retrieve(ctx, before.invoice.id).invoice.supplier["siret"] != "52855165800016"


def test_an_unknown_account_is_not_found(database):
    with pytest.raises(NotFound):
        accounts.update_account(database, 999_999, {"city": "Lyon"})
