"""An invoice's PDF made a Factur-X (1.0, EN 16931): still the PDF/A-3b Typst set, with the CII XML
as its associated file factur-x.xml and the Factur-X XMP metadata, dated the issue date so that
the same invoice always gives the same bytes."""

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from pypdf import PdfReader

from billbook.documents import carried_xml, factur_x_pdf, invoice_pdf
from billbook.documents.cii import invoice_cii
from billbook.domain.invoices import CREDIT_NOTE, IssuedInvoice
from tests.documents import builders as b

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
NAMESPACES = {"rdf": RDF, "fx": FX, "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "xmp": "http://ns.adobe.com/xap/1.0/",
              "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
              "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
              "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#"}

SCRIPT = """
import hashlib
from billbook.documents import factur_x_pdf, invoice_pdf
from billbook.documents.cii import invoice_cii
from tests.documents import builders as b
issued = b.seed_invoice()
pdf = factur_x_pdf(invoice_pdf(issued, language="fr"), invoice_cii(issued), dated=issued.invoice.issue_date)
print(hashlib.sha256(pdf).hexdigest())
"""


def factur_x(issued: IssuedInvoice, **typesetting) -> bytes:
    return factur_x_pdf(invoice_pdf(issued, language="fr", **typesetting), invoice_cii(issued),
                        dated=issued.invoice.issue_date)


def opened(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


def xmp_of(pdf: bytes) -> etree._Element:
    with opened(pdf) as document:
        return etree.fromstring(document.Root.Metadata.read_bytes())


def texts(xmp: etree._Element, path: str) -> list[str]:
    return [node.text for node in xmp.xpath(path, namespaces=NAMESPACES)]


@pytest.fixture(scope="module")
def invoice() -> IssuedInvoice:
    return b.seed_invoice()


@pytest.fixture(scope="module")
def pdf(invoice) -> bytes:
    return factur_x(invoice)


def test_the_catalog_keeps_exactly_one_pdf_a_output_intent(pdf):
    with opened(pdf) as document:
        intents = document.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == pikepdf.Name.GTS_PDFA1
        assert intents[0].DestOutputProfile.N == 3


def test_the_xmp_identifies_pdf_a_3b(pdf):
    xmp = xmp_of(pdf)
    assert texts(xmp, "//pdfaid:part") == ["3"]
    assert texts(xmp, "//pdfaid:conformance") == ["B"]
    # Left uncompressed, so that what reads raw bytes still finds it.
    assert b"<pdfaid:part>3</pdfaid:part>" in pdf and b"<pdfaid:conformance>B</pdfaid:conformance>" in pdf


def test_the_xmp_carries_the_factur_x_properties_and_their_pdf_a_extension_schema(pdf):
    xmp = xmp_of(pdf)
    assert texts(xmp, "//fx:DocumentType") == ["INVOICE"]
    assert texts(xmp, "//fx:DocumentFileName") == ["factur-x.xml"]
    assert texts(xmp, "//fx:Version") == ["1.0"]
    assert texts(xmp, "//fx:ConformanceLevel") == ["EN 16931"]
    schema = xmp.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li[pdfaSchema:prefix='fx']", namespaces=NAMESPACES)
    assert len(schema) == 1
    assert texts(schema[0], "pdfaSchema:namespaceURI") == [FX]
    assert sorted(texts(schema[0], ".//pdfaProperty:name")) == ["ConformanceLevel", "DocumentFileName",
                                                                "DocumentType", "Version"]
    assert set(texts(schema[0], ".//pdfaProperty:valueType")) == {"Text"}
    assert all(description.get(f"{{{RDF}}}about") == "" for description in xmp.iter(f"{{{RDF}}}Description"))


def test_the_xml_is_embedded_as_factur_x_xml_the_invoice_s_alternative_form(pdf, invoice):
    with opened(pdf) as document:
        names = document.Root.Names.EmbeddedFiles.Names
        assert len(names) == 2 and names[0] == "factur-x.xml"
        filespec = names[1]
        assert filespec.Type == pikepdf.Name.Filespec
        assert filespec.F == filespec.UF == "factur-x.xml"
        assert filespec.AFRelationship == pikepdf.Name.Alternative
        embedded = filespec.EF.F
        assert embedded.Type == pikepdf.Name.EmbeddedFile and embedded.Subtype == pikepdf.Name("/text/xml")
        assert [spec.objgen for spec in document.Root.AF] == [filespec.objgen]
        assert embedded.read_bytes() == invoice_cii(invoice)
        assert embedded.Params.Size == len(invoice_cii(invoice))


def test_a_credit_note_carries_its_own_cii_and_is_still_a_factur_x_invoice_document():
    note = b.issued([b.line("Refund of consulting", 12000)], kind=CREDIT_NOTE, number="AV-2026-0003")
    pdf = factur_x(note)
    with opened(pdf) as document:
        xml = document.attachments["factur-x.xml"].get_file().read_bytes()
    assert xml == invoice_cii(note) and b">381<" in xml
    # Factur-X has one document type for invoices and credit notes alike.
    assert texts(xmp_of(pdf), "//fx:DocumentType") == ["INVOICE"]


def test_every_date_is_the_issue_date_whenever_it_is_made(pdf):
    with opened(pdf) as document:
        assert document.docinfo.CreationDate == document.docinfo.ModDate == "D:20260302000000Z"
        assert document.Root.AF[0].EF.F.Params.ModDate == "D:20260302000000Z"
    xmp = xmp_of(pdf)
    for name in ("xmp:CreateDate", "xmp:ModifyDate"):
        assert [value[:19] for value in texts(xmp, f"//{name}")] == ["2026-03-02T00:00:00"]


def test_the_document_information_keeps_typst_s_title_author_and_creator_and_agrees_with_the_xmp(pdf, invoice):
    with opened(invoice_pdf(invoice, language="fr")) as typeset, opened(pdf) as document:
        for key in ("/Title", "/Author", "/Creator"):
            assert document.docinfo[key] == typeset.docinfo[key]
        with document.open_metadata() as xmp:
            assert xmp["dc:title"] == str(document.docinfo.Title) == "Facture F-2026-03-0042"
            assert xmp["dc:creator"] == [str(document.docinfo.Author)]
            assert xmp["xmp:CreatorTool"] == str(document.docinfo.Creator)
            assert xmp["pdf:Keywords"] == str(document.docinfo.Keywords)
            assert xmp["pdf:Producer"] == str(document.docinfo.Producer) and "Billbook" in xmp["pdf:Producer"]


def test_the_page_is_the_one_typst_set_and_no_attachments_pane_opens(pdf, invoice):
    with opened(invoice_pdf(invoice, language="fr")) as typeset, opened(pdf) as document:
        assert len(document.pages) == len(typeset.pages) == 1
        assert document.pages[0].Contents.read_bytes() == typeset.pages[0].Contents.read_bytes()
        assert "/PageMode" not in document.Root
        assert document.Root.Lang == typeset.Root.Lang


def test_the_same_invoice_gives_the_same_bytes(pdf, invoice):
    assert factur_x(invoice) == pdf


def test_the_same_invoice_gives_the_same_bytes_in_another_process():
    here = hashlib.sha256(factur_x(b.seed_invoice())).hexdigest()
    there = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).parents[2])
    assert there.stdout.strip() == here


def test_pypdf_still_counts_the_pages_of_a_long_invoice_on_letter_paper():
    long = b.issued([b.line(f"Line {n}", 1000 + n) for n in range(80)])
    pdf = factur_x(long, paper="us-letter")
    with opened(invoice_pdf(long, language="fr", paper="us-letter")) as typeset:
        pages = len(typeset.pages)
    assert pages > 1 and len(PdfReader(io.BytesIO(pdf)).pages) == pages


def test_the_xml_carried_reads_back_and_a_plain_pdf_carries_none(pdf, invoice):
    assert carried_xml(pdf) == invoice_cii(invoice)
    assert carried_xml(invoice_pdf(invoice, credited_number=None, language="fr", paper="a4")) is None
