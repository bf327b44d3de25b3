"""Whatever a customer or a seller typed prints as written: the templates receive it as values,
never as Typst markup, and no text is long enough to break the layout."""

import dataclasses

import pytest

from billbook.documents import invoice_pdf, statement_pdf
from tests.documents import builders as b
from tests.documents.pdf_text import page_count, pdf_text

MARKUP = [
    "#set page(width: 1cm)",
    "*bold* _emph_ `raw`",
    "<script>alert(1)</script>",
    '#import "/etc/passwd"',
    "$x^2$ @label = Heading",
    "\\u{0} \\ #{1 + 1} ]) [",
    '"; #panic("boom") //',
]
HEBREW, ARABIC = "שלום עולם", "مرحبا بالعالم"


@pytest.mark.parametrize("hostile", MARKUP)
def test_typst_markup_in_names_prints_literally(hostile):
    invoice = b.issued([b.line(hostile, 1000, description=hostile)], number=hostile,
                       customer={**b.BUSINESS_CUSTOMER, "name": hostile, "city": hostile},
                       supplier={**b.SUPPLIER, "name": hostile}, notes=hostile)
    pdf = invoice_pdf(invoice)
    text = pdf_text(pdf)
    assert text.count(hostile) >= 5
    assert page_count(pdf) == 1


def test_right_to_left_text_renders():
    invoice = b.issued([b.line(f"{HEBREW} / {ARABIC}", 1000)],
                       customer={**b.BUSINESS_CUSTOMER, "name": f"{ARABIC} Ltd", "address_line1": HEBREW})
    text = pdf_text(invoice_pdf(invoice))
    for word in HEBREW.split() + ARABIC.split():
        assert word in text, word


def test_a_500_character_description_wraps_and_prints_whole():
    words = " ".join(f"word{n}" for n in range(80))[:500]
    unbroken = "x" * 499 + "!"
    invoice = b.issued([b.line("Long", 1000, description=words), b.line("Longer", 1000, description=unbroken)])
    text = pdf_text(invoice_pdf(invoice))
    assert words in text
    # A word longer than its column is cut across lines, not left to run off the page.
    assert unbroken in text.replace(" ", "")


def test_a_thousand_lines_render_on_pages_that_repeat_the_header():
    lines = [b.line(f"Item {n:04d} <{n}>", 1000 + n) for n in range(1000)]
    pdf = invoice_pdf(b.issued(lines))
    text = pdf_text(pdf)
    pages = page_count(pdf)
    assert pages > 10
    assert text.count("Unit price excl. VAT") == pages
    assert all(f"Item {n:04d} <{n}>" in text for n in range(1000))


def test_hostile_statement_text_prints_literally():
    statement = b.open_item_statement(3)
    statement = dataclasses.replace(
        statement, customer={**statement.customer, "name": MARKUP[0], "address_line1": HEBREW},
        lines=[dataclasses.replace(line, reference=MARKUP[2]) for line in statement.lines])
    text = pdf_text(statement_pdf(statement))
    assert MARKUP[0] in text and text.count(MARKUP[2]) == len(statement.lines)


def test_characters_no_shipped_font_has_print_as_a_question_mark_rather_than_failing_the_document():
    invoice = b.issued([b.line("Conseil \x01\x1f😀", 1000, description="Ligne\u200b\x7f")],
                       customer={**b.BUSINESS_CUSTOMER, "name": "张伟 Trading Ltd", "city": "Köln\x0b"})
    text = pdf_text(invoice_pdf(invoice))
    assert "?? Trading Ltd" in text and "Conseil ?" in text and "Köln" in text
    statement = b.open_item_statement()
    statement = dataclasses.replace(statement, customer={**statement.customer, "name": "北京 Trading\x02"})
    assert "?? Trading" in pdf_text(statement_pdf(statement))
