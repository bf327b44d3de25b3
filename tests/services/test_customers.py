"""Customer use cases under concurrency, on both databases."""

import pytest

from billbook.domain.errors import Conflict, InvalidParam, NotFound, RuleViolation
from billbook.domain.listing import ListQuery, Page
from billbook.services import balances, contacts, customers, payment_sources, payments
from tests.support.concurrency import run_together


def test_concurrent_creates_get_unique_consecutive_numbers(account):
    ctx = account.context()
    run_together(8, lambda _: [customers.create(ctx, {"name": "Parallel"}) for _ in range(10)])
    found, total = customers.list_customers(ctx, ListQuery(page=Page(1, 100)))
    assert total == 80
    assert sorted(c.number for c in found) == [f"CUST-{n:05d}" for n in range(1, 81)]


def test_a_number_chosen_by_hand_is_skipped_by_the_generator(account):
    ctx = account.context()
    customers.create(ctx, {"name": "Hand", "number": "CUST-00002"})
    assert [customers.create(ctx, {"name": "Auto"}).number for _ in range(2)] == ["CUST-00001", "CUST-00003"]
    with pytest.raises(Conflict) as raised:
        customers.create(ctx, {"name": "Again", "number": "CUST-00003"})
    assert raised.value.param == "number"


def test_a_failed_create_consumes_nothing(account):
    ctx = account.context()
    with pytest.raises(InvalidParam):
        customers.create(ctx, {"name": "Bad", "parent_customer": 987654})
    assert customers.create(ctx, {"name": "Good"}).number == "CUST-00001"
    assert customers.list_customers(ctx, ListQuery())[1] == 1


def test_a_deleted_customer_s_id_and_number_are_never_given_to_another(account):
    ctx = account.context()
    gone = customers.create(ctx, {"name": "Gone"})
    customers.delete(ctx, gone.id)
    successor = customers.create(ctx, {"name": "Successor"})
    assert successor.id > gone.id and successor.number != gone.number
    with pytest.raises(NotFound):
        customers.retrieve(ctx, gone.id)


def test_a_number_of_the_generated_series_chosen_by_hand_is_not_generated_once_freed(account):
    # An outside system may still hold a deleted or renumbered customer's number: the generator
    # must not give it to someone else, even though no customer has it any more.
    ctx = account.context()
    deleted = customers.create(ctx, {"name": "Hand", "number": "CUST-00002"})
    customers.delete(ctx, deleted.id)
    renumbered = customers.create(ctx, {"name": "Hand", "number": "CUST-00004"})
    customers.update(ctx, renumbered.id, {"number": "VIP-1"})
    assert [customers.create(ctx, {"name": "Auto"}).number for _ in range(2)] == ["CUST-00005", "CUST-00006"]


def test_a_customer_with_a_credit_balance_history_is_kept(account):
    ctx = account.context()
    owner = customers.create(ctx, {"name": "Credited"})
    payments.adjust_credit(ctx, {"customer": owner.id, "amount": "10", "currency": "eur"})
    with pytest.raises(RuleViolation):
        customers.delete(ctx, owner.id)
    assert customers.retrieve(ctx, owner.id) == owner
    assert balances.balance(ctx, owner.id, "EUR").available_credits == 1000


def test_a_customer_is_deleted_with_its_contacts_and_payment_sources_and_its_children_kept(account):
    ctx = account.context()
    parent = customers.create(ctx, {"name": "Parent"})
    child = customers.create(ctx, {"name": "Child", "parent_customer": parent.id})
    contact = contacts.create(ctx, parent.id, {"name": "Someone"})
    source = payment_sources.create(ctx, parent.id, {"type": "card", "reference": "card_1"})
    customers.delete(ctx, parent.id)
    with pytest.raises(NotFound):
        contacts.retrieve(ctx, parent.id, contact.id)
    with pytest.raises(NotFound):
        payment_sources.retrieve(ctx, parent.id, source.public_id)
    assert customers.retrieve(ctx, child.id).parent_customer is None
