"""Which language and paper a document takes, and how it writes its figures."""

from datetime import date
from decimal import Decimal

import pytest

from billbook.documents import document_language, paper_for
from billbook.documents.formatting import Formatter
from billbook.documents.labels import LABELS


@pytest.mark.parametrize("customer_language, account_country, expected", [
    ("fr", "US", "fr"),
    ("FR", None, "fr"),
    ("fr-CA", "US", "fr"),
    ("en", "FR", "en"),
    ("de", "FR", "fr"),
    ("de", "DE", "en"),
    (None, "BE", "fr"),
    (None, "LU", "fr"),
    (None, "MC", "fr"),
    (None, "CH", "fr"),
    (None, "fr", "fr"),
    (None, "GB", "en"),
    (None, None, "en"),
    ("", "", "en"),
])
def test_document_language(customer_language, account_country, expected):
    assert document_language(customer_language, account_country) == expected


@pytest.mark.parametrize("country, paper", [("US", "us-letter"), ("CA", "us-letter"), ("ca", "us-letter"),
                                            ("FR", "a4"), ("GB", "a4"), (None, "a4")])
def test_paper_for(country, paper):
    assert paper_for(country) == paper


def test_every_language_has_every_label():
    for language, words in LABELS.items():
        assert words.keys() == LABELS["en"].keys(), language


@pytest.mark.parametrize("language, country, money, day, unit, rate", [
    ("fr", "FR", "1\u202f234,50\xa0€", "2 mars 2026", "0,0125\xa0€", "5,5\xa0%"),
    ("en", "FR", "€1,234.50", "2 March 2026", "€0.0125", "5.5%"),
    ("en", "US", "€1,234.50", "March 2, 2026", "€0.0125", "5.5%"),
])
def test_figures_are_written_for_the_locale(language, country, money, day, unit, rate):
    fmt = Formatter.for_document(language, country, "EUR")
    assert fmt.money(123450) == money
    assert fmt.long_date(date(2026, 3, 2)) == day
    assert fmt.unit_price(Decimal("0.0125")) == unit
    assert fmt.rate(Decimal("5.5")) == rate
