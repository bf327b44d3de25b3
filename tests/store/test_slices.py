"""Cursor pagination of the store, as Octobat clients page: newest first, next to a known item."""

import secrets
from datetime import datetime, timezone

import pytest

from billbook.domain.customers import Customer, new_customer
from billbook.domain.errors import InvalidParam
from billbook.domain.listing import MAX_PAGE_SIZE, Cursor, ListQuery, Slice
from billbook.domain.tenancy import Mode
from billbook.store.unit_of_work import UnitOfWork

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def make(number: str, **fields) -> Customer:
    token = secrets.token_hex(8)
    return new_customer({"name": f"Customer {number}", **fields}, number=number, public_id=f"oc_cu_{token}",
                        portal_token=f"tok_{token}", now=T0)


def add_customers(tenant, database, count: int, **fields) -> list[str]:
    """Add `count` customers one after another; their public ids, oldest first."""
    customers = [make(f"C-{n:03d}", **fields) for n in range(1, count + 1)]
    with UnitOfWork(database, tenant) as uow:
        for customer in customers:
            assert uow.customers.add(customer)
        uow.commit()
    return [customer.public_id for customer in customers]


def window(database, tenant, cursor: Cursor, query: ListQuery = ListQuery()) -> Slice:
    with UnitOfWork(database, tenant, write=False) as uow:
        return uow.customers.slice(query, cursor)


def ids(found: Slice) -> list[str]:
    return [customer.public_id for customer in found.items]


@pytest.fixture
def tenant(account):
    return account.context().tenant


def test_the_first_window_is_the_newest_customers_newest_first(database, tenant):
    oldest_first = add_customers(tenant, database, 5)
    found = window(database, tenant, Cursor(limit=3))
    assert ids(found) == oldest_first[::-1][:3]
    assert (found.total, found.has_more, found.has_before) == (5, True, False)


def test_an_empty_list_is_one_empty_window(database, tenant):
    found = window(database, tenant, Cursor())
    assert (found.items, found.total, found.has_more, found.has_before) == ([], 0, False, False)


def test_a_window_holding_everything_has_nothing_around_it(database, tenant):
    oldest_first = add_customers(tenant, database, 3)
    found = window(database, tenant, Cursor(limit=3))
    assert ids(found) == oldest_first[::-1]
    assert (found.total, found.has_more, found.has_before) == (3, False, False)


def test_walking_forward_reaches_every_customer_once_and_has_more_ends_on_the_last_window(database, tenant):
    newest_first = add_customers(tenant, database, 23)[::-1]
    windows = [window(database, tenant, Cursor(limit=5))]
    while windows[-1].has_more:
        windows.append(window(database, tenant, Cursor(limit=5, starting_after=ids(windows[-1])[-1])))
    assert [ids(found) for found in windows] == [newest_first[i:i + 5] for i in range(0, 23, 5)]
    assert [found.has_more for found in windows] == [True, True, True, True, False]
    assert [found.has_before for found in windows] == [False, True, True, True, True]
    assert {found.total for found in windows} == {23}


def test_walking_backward_returns_the_previous_windows_newest_first(database, tenant):
    newest_first = add_customers(tenant, database, 20)[::-1]
    last = window(database, tenant, Cursor(limit=5, starting_after=newest_first[14]))
    assert ids(last) == newest_first[15:20] and not last.has_more
    windows = [last]
    while windows[-1].has_before:
        windows.append(window(database, tenant, Cursor(limit=5, ending_before=ids(windows[-1])[0])))
    assert [ids(found) for found in windows] == [newest_first[i:i + 5] for i in (15, 10, 5, 0)]
    assert [found.has_before for found in windows] == [True, True, True, False]
    assert [found.has_more for found in windows] == [False, True, True, True]
    assert {found.total for found in windows} == {20}


def test_a_window_before_a_middle_customer_holds_only_the_newer_ones(database, tenant):
    newest_first = add_customers(tenant, database, 10)[::-1]
    found = window(database, tenant, Cursor(limit=5, ending_before=newest_first[3]))
    assert ids(found) == newest_first[:3]
    assert (found.has_before, found.has_more) == (False, True)


def test_a_window_after_a_middle_customer_holds_the_next_older_ones(database, tenant):
    newest_first = add_customers(tenant, database, 10)[::-1]
    found = window(database, tenant, Cursor(limit=4, starting_after=newest_first[2]))
    assert ids(found) == newest_first[3:7]
    assert (found.has_before, found.has_more) == (True, True)


def test_nothing_comes_after_the_oldest_or_before_the_newest(database, tenant):
    newest_first = add_customers(tenant, database, 4)[::-1]
    after_oldest = window(database, tenant, Cursor(starting_after=newest_first[-1]))
    assert (after_oldest.items, after_oldest.has_more, after_oldest.has_before) == ([], False, True)
    before_newest = window(database, tenant, Cursor(ending_before=newest_first[0]))
    assert (before_newest.items, before_newest.has_more, before_newest.has_before) == ([], True, False)


@pytest.mark.parametrize("param", ["starting_after", "ending_before"])
def test_an_unknown_cursor_is_refused_naming_its_param(database, tenant, param):
    add_customers(tenant, database, 2)
    with pytest.raises(InvalidParam) as raised:
        window(database, tenant, Cursor(**{param: "oc_cu_doesnotexist"}))
    assert raised.value.param == param


@pytest.mark.parametrize("param", ["starting_after", "ending_before"])
def test_a_customer_of_another_account_or_mode_is_an_unknown_cursor(database, account, make_account, param):
    add_customers(account.context().tenant, database, 2)
    for other in (make_account().context().tenant, account.context(Mode.TEST).tenant):
        [foreign] = add_customers(other, database, 1)
        with pytest.raises(InvalidParam) as raised:
            window(database, account.context().tenant, Cursor(**{param: foreign}))
        assert raised.value.param == param


@pytest.mark.parametrize("limit", [0, -1, MAX_PAGE_SIZE + 1])
def test_a_limit_outside_1_to_100_is_refused(limit):
    with pytest.raises(InvalidParam) as raised:
        Cursor(limit=limit)
    assert raised.value.param == "limit"


def test_a_window_holds_at_most_its_limit_of_1_to_100(database, tenant):
    newest_first = add_customers(tenant, database, MAX_PAGE_SIZE + 1)[::-1]
    smallest = window(database, tenant, Cursor(limit=1))
    largest = window(database, tenant, Cursor(limit=MAX_PAGE_SIZE))
    assert ids(smallest) == newest_first[:1] and smallest.has_more
    assert ids(largest) == newest_first[:MAX_PAGE_SIZE] and largest.has_more
    assert window(database, tenant, Cursor(limit=MAX_PAGE_SIZE, starting_after=newest_first[0])).has_more is False


def test_both_cursors_at_once_are_refused():
    with pytest.raises(InvalidParam) as raised:
        Cursor(starting_after="oc_cu_a", ending_before="oc_cu_b")
    assert raised.value.param == "ending_before"


def test_the_source_filter_pages_only_matching_customers(database, tenant):
    stripe = {"gateway": "stripe", "source_type": "customer", "identifier": "cus_shared"}
    other = {"gateway": "stripe", "source_type": "customer", "identifier": "cus_other"}
    customers = [make(f"S-{n}", sources=[stripe if n % 2 else other]) for n in range(1, 8)]
    with UnitOfWork(database, tenant) as uow:
        for customer in customers:
            uow.customers.add(customer)
        uow.commit()
    matching = [customer.public_id for customer in customers if customer.sources == [stripe]][::-1]
    assert len(matching) == 4
    query = ListQuery(source="cus_shared")
    first = window(database, tenant, Cursor(limit=3), query)
    assert ids(first) == matching[:3]
    assert (first.total, first.has_more, first.has_before) == (4, True, False)
    second = window(database, tenant, Cursor(limit=3, starting_after=ids(first)[-1]), query)
    assert ids(second) == matching[3:]
    assert (second.total, second.has_more, second.has_before) == (4, False, True)
    back = window(database, tenant, Cursor(limit=3, ending_before=ids(second)[0]), query)
    assert ids(back) == matching[:3] and back.has_before is False


def test_the_source_filter_with_no_match_is_an_empty_window(database, tenant):
    add_customers(tenant, database, 3)
    found = window(database, tenant, Cursor(), ListQuery(source="cus_nobody"))
    assert (found.items, found.total, found.has_more) == ([], 0, False)
