"""The customer repository on both databases: tenancy, numbers, filters, time."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from billbook.domain.customers import Customer, new_customer
from billbook.domain.listing import ListQuery, Page
from billbook.domain.payment_sources import PaymentSource
from billbook.domain.tenancy import Mode
from billbook.store import tables
from billbook.store.unit_of_work import UnitOfWork

T0 = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)
_serial = iter(range(10**6))


def make(number: str, name: str = "Acme", now: datetime = T0, **fields) -> Customer:
    serial = next(_serial)
    return new_customer({"name": name, **fields}, number=number, public_id=f"oc_cu_{serial}_{number}_{id(now)}",
                        portal_token=f"tok{serial}{number}{id(now)}", now=now)


def add(database, tenant, *customers):
    with UnitOfWork(database, tenant) as uow:
        for customer in customers:
            uow.customers.add(customer)
        uow.commit()


def test_a_customer_round_trips_with_aware_utc_times(database, account):
    tenant = account.context().tenant
    add(database, tenant, make("C-1", metadata={"crm": "42"}, taxes=["vat"], country="FR"))
    with UnitOfWork(database, tenant, write=False) as uow:
        [found], total = uow.customers.page(ListQuery())
    assert total == 1
    assert found.created_at == T0 and found.created_at.tzinfo is not None
    assert (found.metadata, found.taxes, found.country) == ({"crm": "42"}, ["vat"], "FR")


def test_rows_of_another_account_or_mode_are_invisible(database, account, make_account):
    mine = account.context().tenant
    add(database, mine, make("C-1"))
    with UnitOfWork(database, mine, write=False) as uow:
        [customer], _ = uow.customers.page(ListQuery())
    for tenant in (make_account().context().tenant, account.context(Mode.TEST).tenant):
        with UnitOfWork(database, tenant) as uow:
            assert uow.customers.get(customer.id) is None
            assert uow.customers.page(ListQuery()) == ([], 0)
            assert uow.customers.remove(customer.id) is False
            uow.commit()
    with UnitOfWork(database, mine, write=False) as uow:
        assert uow.customers.get(customer.id) is not None


def test_numbers_are_unique_per_tenant_but_may_repeat_across_tenants(database, account):
    add(database, account.context().tenant, make("C-1"))
    add(database, account.context(Mode.TEST).tenant, make("C-1"))
    with UnitOfWork(database, account.context().tenant) as uow:
        duplicate = make("C-1")
        assert uow.customers.add(duplicate) is False and duplicate.id is None
        assert uow.customers.page(ListQuery())[1] == 1
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(insert(tables.customers).values(
            public_id="oc_cu_dup", portal_token="dup", account_id=account.id, livemode=True, number="C-1",
            name="Dup", type="company", autopay=False, chase=True, credit_hold=False, taxable=True, taxes=[],
            disabled_payment_methods=[], metadata={}, created_at=T0, updated_at=T0))


def test_an_uncommitted_unit_of_work_leaves_nothing(database, account):
    tenant = account.context().tenant
    with UnitOfWork(database, tenant) as uow:
        uow.customers.add(make("C-1"))
    with UnitOfWork(database, tenant, write=False) as uow:
        assert uow.customers.page(ListQuery()) == ([], 0)


def test_counters_count_per_tenant_and_name(database, account):
    live, test = account.context().tenant, account.context(Mode.TEST).tenant
    with UnitOfWork(database, live) as uow:
        assert [uow.counters.next("a") for _ in range(3)] == [1, 2, 3]
        assert uow.counters.next("b") == 1
        uow.commit()
    with UnitOfWork(database, test) as uow:
        assert uow.counters.next("a") == 1
    with UnitOfWork(database, live) as uow:
        assert uow.counters.next("a") == 4


def test_filters_sort_window_and_page(database, account):
    tenant = account.context().tenant
    add(database, tenant,
        make("C-1", "Zed", now=T0, type="person", metadata={"crm": "x"}),
        make("C-2", "Abe", now=T0 + timedelta(hours=1), type="company", metadata={"crm": "y"}),
        make("C-3", "Max", now=T0 + timedelta(hours=2), type="person", email=None))
    with UnitOfWork(database, tenant, write=False) as uow:
        def names(query):
            return [c.name for c in uow.customers.page(query)[0]]

        assert names(ListQuery(filters={"type": "person"})) == ["Zed", "Max"]
        assert names(ListQuery(metadata={"crm": "y"})) == ["Abe"]
        assert names(ListQuery(sort=("name", False))) == ["Abe", "Max", "Zed"]
        assert names(ListQuery(sort=("name", True))) == ["Zed", "Max", "Abe"]
        assert names(ListQuery(updated_since=T0 + timedelta(minutes=30))) == ["Abe", "Max"]
        assert names(ListQuery(updated_before=T0 + timedelta(minutes=30))) == ["Zed"]
        assert names(ListQuery(filters={"email": None})) == ["Zed", "Abe", "Max"]
        page, total = uow.customers.page(ListQuery(page=Page(2, 2)))
        assert [c.name for c in page] == ["Max"] and total == 3


def test_unfiltered_totals_follow_adds_and_removals(database, account):
    tenant = account.context().tenant
    add(database, tenant, make("C-1"), make("C-2"), make("C-3"))
    with UnitOfWork(database, tenant) as uow:
        [first, *_], total = uow.customers.page(ListQuery())
        assert total == 3
        assert uow.customers.remove(first.id) and not uow.customers.remove(first.id)
        assert uow.customers.page(ListQuery())[1] == 2
        uow.commit()
    with UnitOfWork(database, tenant, write=False) as uow:
        assert uow.customers.page(ListQuery())[1] == 2
        assert uow.customers.page(ListQuery(filters={"number": "C-2"}))[1] == 1


def test_payment_source_filter_follows_the_sources_table(database, account):
    tenant = account.context().tenant
    add(database, tenant, make("C-1", "With card"), make("C-2", "Without"))
    with UnitOfWork(database, tenant, write=False) as uow:
        with_card = uow.customers.page(ListQuery(filters={"number": "C-1"}))[0][0]
    with UnitOfWork(database, tenant) as uow:
        uow.payment_sources.add(PaymentSource(id=None, public_id=f"oc_ps_{with_card.id}_{account.id}",
                                              customer_id=with_card.id, type="Credit Card", created_at=T0,
                                              updated_at=T0, details={"brand": "Visa", "last4": "4242"}))
        uow.commit()
    with UnitOfWork(database, tenant, write=False) as uow:
        [found] = uow.customers.page(ListQuery(has_payment_source=True))[0]
        assert found.name == "With card" and found.payment_sources[0].details["last4"] == "4242"
        assert [c.name for c in uow.customers.page(ListQuery(has_payment_source=False))[0]] == ["Without"]


def test_source_filter_finds_customers_by_integration_identifier_through_their_index(database, account):
    tenant = account.context().tenant
    stripe = {"gateway": "stripe", "source_type": "customer", "identifier": "cus_A"}
    add(database, tenant, make("C-1", "A", sources=[stripe]), make("C-2", "B"))
    with UnitOfWork(database, tenant, write=False) as uow:
        assert [c.name for c in uow.customers.page(ListQuery(source="cus_A"))[0]] == ["A"]
        moved = uow.customers.page(ListQuery(source="cus_A"))[0][0]
    with UnitOfWork(database, tenant) as uow:
        b = uow.customers.page(ListQuery(filters={"number": "C-2"}))[0][0]
        uow.customers.save(replace(moved, sources=[]), sources_changed=True)
        uow.customers.save(replace(b, sources=[stripe]), sources_changed=True)
        uow.commit()
    with UnitOfWork(database, tenant, write=False) as uow:
        assert [c.name for c in uow.customers.page(ListQuery(source="cus_A"))[0]] == ["B"]
