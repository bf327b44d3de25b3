from datetime import datetime, timezone

import pytest

from billbook.domain import contacts
from billbook.domain.errors import InvalidParam, RuleViolation

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def new(existing=0, customer_country="FR", **changes):
    return contacts.new_contact(contacts.clean_changes(changes), customer_id=7,
                                customer_country=customer_country, existing_contacts=existing, now=NOW)


def test_a_contact_is_primary_by_default_and_takes_the_customers_country():
    contact = new(name="Nancy Talty")
    assert contact.primary is True and contact.sms_enabled is False and contact.country == "FR"


def test_an_explicit_country_wins():
    assert new(name="N", country="Germany").country == "DE"
    assert new(name="N", customer_country=None).country is None


def test_name_is_required_and_email_checked():
    with pytest.raises(InvalidParam) as raised:
        new()
    assert raised.value.param == "name"
    with pytest.raises(InvalidParam) as raised:
        contacts.clean_changes({"email": "nope"})
    assert raised.value.param == "email"


def test_a_customer_has_at_most_100_contacts():
    new(existing=99, name="Last")
    with pytest.raises(RuleViolation):
        new(existing=100, name="One too many")
