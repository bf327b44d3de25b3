"""The billing page as HTML: Jinja2 templates, autoescaped, with the page's values written for the
customer's language (babel, through the documents' Formatter)."""

from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import pycountry
from jinja2 import Environment, FileSystemLoader, select_autoescape

from billbook.api.http.links import document_pdf_url, statement_pdf_url
from billbook.documents.formatting import Formatter
from billbook.portal.labels import labels_for
from billbook.services.portal import BillingPage

_HERE = Path(__file__).parent
STYLESHEET_PATH = "/portal/billing.css"
STYLESHEET = (_HERE / "static" / "billing.css").read_bytes()

_environment = Environment(loader=FileSystemLoader(_HERE / "templates"), autoescape=select_autoescape(default=True),
                           trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=4)
def countries(language: str) -> list[tuple[str, str]]:
    """(code, name in the language) for every ISO 3166-1 country, by name."""
    formatter = Formatter.for_document(language, None, "EUR")
    named = [(country.alpha_2, formatter.country(country.alpha_2)) for country in pycountry.countries]
    return sorted(named, key=lambda pair: pair[1].casefold())


def render_page(page: BillingPage, *, csrf_token: str, asked: dict, form: dict | None = None,
                errors: dict | None = None, notice: str | None = None, problem: str | None = None) -> str:
    customer, statement = page.customer, page.statement
    text = labels_for(page.language)
    formatter = Formatter.for_document(page.language, page.seller.country, statement.currency)
    statement_query = {name: value.isoformat() if isinstance(value, date) else value
                       for name, value in asked.items() if value}
    shown_form = form if form is not None else {
        "name": customer.name, "email": customer.email, "phone": customer.phone, "address1": customer.address1,
        "address2": customer.address2, "city": customer.city, "state": customer.state,
        "postal_code": customer.postal_code, "country": customer.country, "vat_number": customer.tax_id}
    return _environment.get_template("billing.html").render(
        page=page, customer=customer, seller=page.seller, statement=statement, t=text, lang=page.language,
        money=formatter.money, day=formatter.short_date, country_name=formatter.country,
        countries=countries(page.language), form={key: value or "" for key, value in shown_form.items()},
        errors=errors or {}, notice=notice, problem=problem, csrf_token=csrf_token, asked=asked,
        pdf_url=document_pdf_url, stylesheet=STYLESHEET_PATH,
        statement_pdf=statement_pdf_url(customer.statement_token) + (
            f"?{urlencode(statement_query)}" if statement_query else ""),
        owed=any(balance.total_outstanding or balance.open_credit_notes or balance.available_credits
                 for balance in page.balances))
