"""Documents: issued invoices, credit notes and account statements as PDFs, typeset with Typst
from domain objects, an invoice's PDF made a Factur-X with its CII XML. No I/O beyond the package's
own templates and fonts."""

from billbook.documents.facturx import carried_xml, factur_x_pdf
from billbook.documents.formatting import document_language, paper_for
from billbook.documents.invoice import invoice_pdf
from billbook.documents.statement import statement_pdf

__all__ = ["carried_xml", "document_language", "factur_x_pdf", "invoice_pdf", "paper_for", "statement_pdf"]
