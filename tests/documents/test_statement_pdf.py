"""Account statements: open items as of a day, or a period's activity with a running balance;
both with the aging of what is owed."""

import dataclasses
from datetime import date

import pytest

from billbook.documents import statement_pdf
from billbook.domain import statements
from billbook.domain.statements import Aging, StatementLine
from tests.documents import builders as b
from tests.documents.pdf_text import page_count, pdf_text

AGING = Aging(current=10000, days_1_30=2050, days_31_60=30000, days_61_90=0, over_90=123456)


def test_an_open_item_statement_lists_each_open_document_with_its_due_date_and_open_amount():
    statement = dataclasses.replace(b.open_item_statement(3), aging=AGING)
    text = pdf_text(statement_pdf(statement))
    assert "Statement" in text and "As of 2 March 2026" in text and "CUST-00042" in text
    assert "Atelier Numérique" in text and "VAT no. FR60528551658" in text
    assert "Brauerei Lindner GmbH" in text and "80336 München" in text
    assert "Date Document Number Due date Total Open amount" in text
    assert "1 Sept 2025 Invoice F-2025-0001 1 Jan 2025 €120.00 €120.00" in text
    assert "2 Sept 2025 Invoice F-2025-0002 2 Jun 2025 €137.35 €127.35" in text
    assert "10 Feb 2026 Credit note CN-2026-02-001 -€50.00 -€50.00" in text
    assert "Open credit notes -€50.00" in text and "Available credit -€25.00" in text
    assert f"Total balance €{(12000 + 12735 + 13470 - 5000 - 2500) / 100:,.2f}" in text


def test_the_aging_strip_shows_each_bucket():
    text = pdf_text(statement_pdf(dataclasses.replace(b.open_item_statement(3), aging=AGING)))
    assert ("Current €100.00 1–30 days €20.50 31–60 days €300.00 61–90 days €0.00 Over 90 days €1,234.56"
            in text)
    french = pdf_text(statement_pdf(dataclasses.replace(b.open_item_statement(3), aging=AGING), language="fr"))
    assert ("Non échu 100,00 € 1 à 30 jours 20,50 € 31 à 60 jours 300,00 € 61 à 90 jours 0,00 € "
            "Plus de 90 jours 1 234,56 €") in french


def test_a_past_due_statement_closes_on_the_past_due_balance():
    statement = b.open_item_statement(2, past_due_only=True)
    text = pdf_text(statement_pdf(statement))
    assert "PAST-DUE ITEMS" in text and "Past-due balance €247.35" in text and "Credit note" not in text


def test_a_balance_forward_statement_runs_its_balance_from_the_previous_one():
    text = pdf_text(statement_pdf(b.balance_forward_statement(4)))
    assert "Period 1 February 2026 to 28 February 2026" in text
    assert "Date Document Reference Charges Payments and credits Balance" in text
    assert "1 Feb 2026 Previous balance €250.00" in text
    assert "1 Feb 2026 Invoice REF-00000 €100.00 €350.00" in text
    assert "2 Feb 2026 Payment REF-00001 €71.00 €279.00" in text
    assert "4 Feb 2026 Applied credit REF-00003 €73.00 €311.00" in text
    assert "28 Feb 2026 Closing balance €311.00" in text
    assert "Invoiced €205.00" in text and "Paid -€71.00" in text and "Credited -€73.00" in text


def test_a_balance_forward_statement_in_french():
    text = pdf_text(statement_pdf(b.balance_forward_statement(4), language="fr"))
    assert "Relevé de compte" in text and "du 1 février 2026 au 28 février 2026" in text
    assert "Solde précédent 250,00 €" in text and "Solde de clôture 311,00 €" in text
    assert "Débit" in text and "Paiement" in text and "Crédit imputé" in text


@pytest.mark.parametrize("build, message", [
    (lambda: dataclasses.replace(b.open_item_statement(0), lines=[]), "Nothing is open on this account."),
    (lambda: b.balance_forward_statement(0), "No activity in this period."),
])
def test_an_empty_statement_says_so(build, message):
    assert message in pdf_text(statement_pdf(build()))


def test_a_thousand_line_statement_repeats_its_header_on_every_page():
    statement = b.open_item_statement(1000)
    pdf = statement_pdf(statement)
    text = pdf_text(pdf)
    assert page_count(pdf) > 10
    assert text.count("Date Document Number Due date Total Open amount") == page_count(pdf)
    assert all(f"F-2025-{n:04d}" in text for n in range(1, 1001))


def test_a_statement_in_letter_size():
    pdf = statement_pdf(dataclasses.replace(b.open_item_statement(1), end=date(2026, 1, 31)), paper="us-letter")
    assert b"/MediaBox[0 0 612 792]" in pdf.replace(b" 792.0", b" 792").replace(b" 612.0", b" 612")


def test_a_line_that_leaves_the_balance_as_it_was_says_how_much_it_moved():
    statement = b.balance_forward_statement(1)
    applied = StatementLine(day=date(2026, 2, 3), kind=statements.APPLIED_CREDIT, reference="F-2026-0009", amount=0,
                            total=4200, balance=statement.lines[-1].balance)
    text = pdf_text(statement_pdf(dataclasses.replace(statement, lines=[*statement.lines, applied])))
    assert "3 Feb 2026 Applied credit (€42.00) F-2026-0009 €350.00" in text
