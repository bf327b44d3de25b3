"""An invoice's PDF made a Factur-X (1.0, profile EN 16931): the PDF/A-3b as typeset, carrying its
CII XML as the associated file `factur-x.xml` and saying so in its XMP metadata, so that the
buyer's software reads the very invoice the buyer sees.

Pure: bytes in, bytes out. The `factur-x` package does the embedding; what it stamps with the
current time is then dated like the rest of the document, so the same invoice gives the same bytes.
"""

from datetime import date
from io import BytesIO

XML_NAME = "factur-x.xml"
# Factur-X (since 1.0.05, with ZUGFeRD 2.1) relates the XML to the PDF as Alternative in the
# BASIC, EN 16931 and EXTENDED profiles: the XML is a whole invoice, equivalent to the printed one.
# Data, the `factur-x` package's default, is for MINIMUM and BASIC WL, whose XML is only an extract;
# Source would say the PDF was made from the XML, while both are made from the invoice's snapshots.
RELATIONSHIP = "alternative"
PRODUCER = "Billbook (Typst, factur-x, pikepdf)"


def factur_x_pdf(pdf: bytes, xml: bytes, *, dated: date) -> bytes:
    """`pdf`, a PDF/A-3b, with `xml`, its EN 16931 CII, embedded as a Factur-X; every date in it
    is `dated` (the document's own date, as Typst's), so the same input always gives the same
    bytes. The XML is embedded as given: it is checked against the schemas by the tests, and
    refusing a customer their invoice's PDF over it here would help no one."""
    # Imported here: the two take a fifth of a second to import, and only typesetting workers embed.
    import pikepdf
    from facturx import generate_from_binary

    with pikepdf.open(BytesIO(pdf)) as typeset:
        title, author, creator = (str(typeset.docinfo.get(key, "")) for key in ("/Title", "/Author", "/Creator"))
    combined = generate_from_binary(
        pdf, xml, flavor="factur-x", level="en16931", check_xsd=False, afrelationship=RELATIONSHIP,
        pdf_metadata={"title": title, "author": author, "subject": title, "keywords": "Factur-X"},
        # Left uncompressed, as Typst writes it: XMP is meant to be found by tools reading raw bytes.
        xmp_compression=False)
    return _dated(combined, dated, creator)


def _dated(pdf: bytes, dated: date, creator: str) -> bytes:
    """The PDF with the dates `factur-x` stamped (now) set to `dated`, its metadata in agreement
    with its document information, and a trailer /ID computed from its content."""
    import pikepdf

    stamp = f"D:{dated:%Y%m%d}000000Z"
    with pikepdf.open(BytesIO(pdf)) as document:
        info = document.docinfo
        info.CreationDate = info.ModDate = stamp
        info.Creator = creator  # the application that made the document, Typst, as before embedding
        # What wrote the PDF file: `factur-x` names pypdf in the XMP alone; both now agree.
        info.Producer = PRODUCER
        for filespec in document.Root.AF:
            filespec.EF.F.Params.ModDate = stamp
        # `factur-x` opens the attachments pane; the reader of an invoice wants the page.
        del document.Root.PageMode
        # PDF/A wants each document information entry repeated in XMP; rewriting the packet also
        # gives each rdf:Description the rdf:about that `factur-x` leaves out.
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp.load_from_docinfo(info)
        out = BytesIO()
        # The /ID keeps Typst's first half (the document's identity); the second is the content's hash.
        document.save(out, deterministic_id=True)
    return out.getvalue()


def carried_xml(pdf: bytes) -> bytes | None:
    """The CII XML a Factur-X carries; None for a PDF that carries none (one archived before
    invoices were made Factur-X)."""
    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as document:
        attached = document.attachments.get(XML_NAME)
        return attached.get_file().read_bytes() if attached is not None else None
