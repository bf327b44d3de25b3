"""Changing an account's details: checked as at creation, an empty value clears one, and issued
documents keep the details they were issued with."""

import threading

import pytest

from billbook.domain.errors import InvalidParam, NotFound
from billbook.services import accounts, customers, drafts
from billbook.store.accounts import AccountRepository


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


@pytest.mark.postgres
def test_two_updates_at_once_keep_both_changes(database, account, monkeypatch):
    """The first update holds the account between reading and writing it; the second, started
    meanwhile, must read the account as the first leaves it, not as it was."""
    if database.backend != "postgresql":
        pytest.skip("SQLite admits one writer at a time: nothing can race")
    first_read, second_read = threading.Event(), threading.Event()
    read = AccountRepository.get

    def get(self, account_id, **options):
        found = read(self, account_id, **options)
        if threading.current_thread().name == "siret":
            first_read.set()
            second_read.wait(1)  # long enough for an unlocked read to slip in before the write
        else:
            second_read.set()
        return found

    monkeypatch.setattr(AccountRepository, "get", get)

    errors = []

    def update(changes: dict) -> None:
        try:
            accounts.update_account(database, account.id, changes)
        except Exception as error:
            errors.append(error)

    first = threading.Thread(target=update, args=({"siret": "52855165800016"},), name="siret")
    second = threading.Thread(target=update, args=({"city": "Lyon"},), name="city")
    first.start()
    assert first_read.wait(10)
    second.start()
    for thread in (first, second):
        thread.join(30)
    assert errors == []
    found = accounts.get_account(database, account.id)
    assert (found.siret, found.city) == ("52855165800016", "Lyon")


def test_a_blank_value_clears_a_detail_and_a_required_one_is_refused_naming_it(database, make_account):
    account = make_account(city="Paris", currency="USD")
    assert accounts.update_account(database, account.id, {"city": "   "}).city is None
    assert accounts.get_account(database, account.id).city is None
    for name in ("name", "country", "currency"):
        for empty in ("", "  "):
            with pytest.raises(InvalidParam) as refused:
                accounts.update_account(database, account.id, {name: empty})
            assert refused.value.param == name
    assert accounts.get_account(database, account.id).currency == "USD"


def test_an_unknown_detail_is_refused_naming_it(database, account):
    with pytest.raises(InvalidParam) as refused:
        accounts.update_account(database, account.id, {"town": "Lyon"})
    assert refused.value.param == "town"


def test_an_account_leaving_france_clears_its_siret_first(database, make_account):
    account = make_account(siret="73282932000074")
    with pytest.raises(InvalidParam) as refused:
        accounts.update_account(database, account.id, {"country": "DE"})
    assert refused.value.param == "siret" and "DE" in refused.value.message
    assert accounts.get_account(database, account.id).country == "FR"
    moved = accounts.update_account(database, account.id, {"country": "DE", "siret": ""})
    assert (moved.country, moved.siret) == ("DE", None)
