"""Payment modes: how customers pay the account, as printed on its invoices."""

from datetime import datetime, timezone

import pytest

from billbook.domain.errors import InvalidParam
from billbook.domain.payment_modes import PaymentMode, clean_changes, new_payment_mode

NOW = datetime(2015, 2, 1, 9, 30, tzinfo=timezone.utc)
LATER = datetime(2015, 3, 1, 9, 30, tzinfo=timezone.utc)
FR_IBAN = "FR76 3000 6000 0112 3456 7890 189"


def mode(**changes) -> PaymentMode:
    return new_payment_mode(clean_changes(changes), public_id="oc_pm_test", now=NOW)


# IBAN and BIC.

@pytest.mark.parametrize("sent, kept", [
    (FR_IBAN, FR_IBAN),
    ("FR7630006000011234567890189", "FR7630006000011234567890189"),
    ("  FR76  3000 6000   0112 3456 7890 189 ", FR_IBAN),
    ("fr7630006000011234567890189", "fr7630006000011234567890189"),
    ("GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
    ("DE89370400440532013000", "DE89370400440532013000"),
])
def test_a_valid_iban_is_kept_as_written_with_its_whitespace_normalised(sent, kept):
    assert clean_changes({"iban": sent}) == {"iban": kept}


@pytest.mark.parametrize("iban", [
    "FR76 3000 6000 0112 3456 7890 188",  # check digits do not match
    "FR7630006000011234567890",  # too short for France
    "XX7630006000011234567890189",
    "",
    "not an iban",
])
def test_an_invalid_iban_is_refused_naming_the_iban(iban):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"iban": iban})
    assert raised.value.param == "iban" and "not a valid IBAN" in raised.value.message


@pytest.mark.parametrize("sent, kept", [
    ("BNPAFRPP", "BNPAFRPP"),
    ("BNPAFRPPXXX", "BNPAFRPPXXX"),
    ("bnpa fr pp xxx", "BNPAFRPPXXX"),
])
def test_a_valid_bic_is_kept_in_compact_upper_case(sent, kept):
    assert clean_changes({"bic": sent}) == {"bic": kept}


@pytest.mark.parametrize("bic", ["BNPAFRP", "BNPA1RPP", "BNPAFRPPXX", ""])
def test_an_invalid_bic_is_refused_naming_the_bic(bic):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"bic": bic})
    assert raised.value.param == "bic" and "not a valid BIC" in raised.value.message


# Type and completeness.

@pytest.mark.parametrize("type_", ["transfer", "check", "stripe"])
def test_the_known_types_are_accepted(type_):
    assert clean_changes({"type": type_}) == {"type": type_}


@pytest.mark.parametrize("type_", ["wire", "Transfer", "card", ""])
def test_an_unknown_type_is_refused(type_):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"type": type_})
    assert raised.value.param == "type"


def test_a_mode_with_an_iban_and_no_type_is_a_transfer():
    created = mode(name="Bank transfer", iban=FR_IBAN)
    assert (created.type, created.iban) == ("transfer", FR_IBAN)


def test_a_mode_without_an_iban_or_type_is_a_check():
    created = mode(name="Checks", details={"payable_to": "Acme SAS"})
    assert (created.type, created.iban, created.details) == ("check", None, {"payable_to": "Acme SAS"})


def test_a_stated_type_wins_over_the_default():
    assert mode(name="Checks", type="check", iban=FR_IBAN).type == "check"
    assert mode(name="Stripe", type="stripe").type == "stripe"


def test_a_transfer_needs_an_iban():
    with pytest.raises(InvalidParam) as raised:
        mode(name="Wire", type="transfer")
    assert raised.value.param == "iban"


def test_removing_the_iban_of_a_transfer_is_refused():
    transfer = mode(name="Bank transfer", iban=FR_IBAN)
    with pytest.raises(InvalidParam) as raised:
        transfer.with_changes(clean_changes({"iban": None}), LATER)
    assert raised.value.param == "iban"


def test_a_transfer_may_become_a_check_without_its_iban():
    changed = mode(name="Bank transfer", iban=FR_IBAN).with_changes(clean_changes({"type": "check", "iban": None}),
                                                                     LATER)
    assert (changed.type, changed.iban, changed.updated_at) == ("check", None, LATER)


@pytest.mark.parametrize("changes", [{}, {"name": ""}, {"iban": FR_IBAN}])
def test_a_mode_needs_a_name(changes):
    with pytest.raises(InvalidParam) as raised:
        new_payment_mode(changes, public_id="oc_pm_test", now=NOW)
    assert raised.value.param == "name"


@pytest.mark.parametrize("field", ["name", "type"])
def test_name_and_type_cannot_be_null(field):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({field: None})
    assert raised.value.param == field


# Details.

@pytest.mark.parametrize("reserved", ["iban", "bic"])
def test_details_cannot_carry_an_iban_or_bic(reserved):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({"details": {"payable_to": "Acme", reserved: "anything"}})
    assert raised.value.param == f"details[{reserved}]"


def test_details_cleared_with_null_are_empty():
    assert clean_changes({"details": None}) == {"details": {}}


@pytest.mark.parametrize("field", ["id", "public_id", "created_at", "updated_at"])
def test_fields_a_caller_cannot_set_are_refused(field):
    with pytest.raises(InvalidParam) as raised:
        clean_changes({field: "x"})
    assert raised.value.param == field
