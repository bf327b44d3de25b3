"""An issued invoice's PDF is archived and served byte for byte: the same invoice must always give
the same bytes, in this process or another, today or in ten years."""

import hashlib
import subprocess
import sys
from pathlib import Path

from billbook.documents import invoice_pdf, statement_pdf
from tests.documents import builders as b

SCRIPT = """
import hashlib
from billbook.documents import invoice_pdf
from tests.documents import builders as b
print(hashlib.sha256(invoice_pdf(b.seed_invoice(), language="fr")).hexdigest())
"""


def test_the_same_invoice_gives_the_same_bytes():
    invoice = b.issued([b.line("Consulting", 120000, category="AE"), b.line("Hosting", 4900)])
    assert invoice_pdf(invoice, language="fr") == invoice_pdf(invoice, language="fr")


def test_the_same_invoice_gives_the_same_bytes_in_another_process():
    here = hashlib.sha256(invoice_pdf(b.seed_invoice(), language="fr")).hexdigest()
    there = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).parents[2])
    assert there.stdout.strip() == here


def test_the_pdf_is_dated_the_issue_date():
    pdf = invoice_pdf(b.seed_invoice())
    assert b"D:20260302" in pdf


def test_the_same_statement_gives_the_same_bytes():
    assert statement_pdf(b.balance_forward_statement()) == statement_pdf(b.balance_forward_statement())


def test_documents_are_pdf_a_3b():
    for pdf in (invoice_pdf(b.seed_invoice()), statement_pdf(b.open_item_statement())):
        assert b"<pdfaid:part>3</pdfaid:part>" in pdf and b"<pdfaid:conformance>B</pdfaid:conformance>" in pdf
