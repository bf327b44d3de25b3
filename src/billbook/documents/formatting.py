"""Which language and paper a document uses, and how it writes dates, amounts and rates (babel)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_territory_currencies

from billbook.documents.labels import ENGLISH, FRENCH, LABELS

SUPPORTED_LANGUAGES = tuple(LABELS)
# Where French is the language a business writes its invoices in, absent the customer's choice.
FRENCH_SPEAKING = frozenset({"FR", "BE", "LU", "MC", "CH"})
# North America prints on Letter; everywhere else on A4 (Typst's paper names).
LETTER_COUNTRIES = frozenset({"US", "CA"})
A4, LETTER = "a4", "us-letter"
PAPERS = (A4, LETTER)


def document_language(customer_language: str | None, account_country: str | None) -> str:
    """The customer's language when the documents speak it, else the account's country's."""
    if customer_language:
        language = customer_language.replace("_", "-").split("-")[0].lower()
        if language in SUPPORTED_LANGUAGES:
            return language
    if account_country and account_country.upper() in FRENCH_SPEAKING:
        return FRENCH
    return ENGLISH


def paper_for(account_country: str | None) -> str:
    return LETTER if account_country and account_country.upper() in LETTER_COUNTRIES else A4


def supported_language(language: str) -> str:
    """A language the documents speak: an unknown one is printed in English."""
    return language if language in SUPPORTED_LANGUAGES else ENGLISH


def checked_paper(paper: str) -> str:
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    return paper


def _locale(language: str, supplier_country: str | None) -> Locale:
    if language == FRENCH:
        return Locale.parse("fr_FR")
    north_american = supplier_country and supplier_country.upper() in LETTER_COUNTRIES
    return Locale.parse("en_US" if north_american else "en_GB")


@dataclass(frozen=True, slots=True)
class Formatter:
    """Writes values as a reader of `locale` expects them. Amounts are integer cents (hundredths of
    the currency's unit, as everywhere in Billbook)."""
    locale: Locale
    currency: str

    @classmethod
    def for_document(cls, language: str, supplier_country: str | None, currency: str) -> "Formatter":
        return cls(_locale(language, supplier_country), currency.upper())

    def money(self, cents: int, currency: str | None = None) -> str:
        return format_currency(Decimal(cents) / 100, currency or self.currency, locale=self.locale)

    def unit_price(self, amount: Decimal) -> str:
        """A unit price may hold fractions of a cent: all its digits are printed."""
        return format_currency(amount, self.currency, locale=self.locale, decimal_quantization=False)

    def major(self, amount: Decimal, currency: str) -> str:
        """A round sum as people write it: 10 000 €, not 10 000,00 €."""
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
        return format_currency(amount, currency, format=pattern, locale=self.locale, currency_digits=False,
                               decimal_quantization=False)

    def quantity(self, quantity: Decimal) -> str:
        return format_decimal(quantity.normalize(), locale=self.locale, decimal_quantization=False)

    def rate(self, percent: Decimal) -> str:
        return format_percent(percent / 100, locale=self.locale, decimal_quantization=False)

    def long_date(self, day: date | None) -> str:
        return format_date(day, "long", locale=self.locale) if day else ""

    def short_date(self, day: date | None) -> str:
        return format_date(day, "medium", locale=self.locale) if day else ""

    def country(self, code: str | None) -> str:
        if not code:
            return ""
        return self.locale.territories.get(code.upper(), code)


def national_currency(country: str | None, fallback: str) -> str:
    """The currency a company's share capital is stated in: its country's."""
    currencies = get_territory_currencies(country.upper()) if country else []
    return currencies[0] if currencies else fallback
