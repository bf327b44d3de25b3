"""Customer use cases under concurrency, on both databases."""

import pytest

from billbook.domain.errors import Conflict, InvalidParam
from billbook.domain.listing import ListQuery, Page
from billbook.services import customers
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
