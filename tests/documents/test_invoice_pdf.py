"""An issued invoice's PDF carries what Directive 2006/112/EC art. 226 and French law ask for."""

import pytest

from billbook.documents import invoice_pdf
from billbook.domain.invoices import CREDIT_NOTE
from tests.documents import builders as b
from tests.documents.pdf_text import pdf_text

# What each VAT treatment must say, per language (the engine's mentions, and their translations).
TREATMENTS = {
    "AE": {"en": ("Reverse charge", "Art. 196 Directive 2006/112/EC"),
           "fr": ("Autoliquidation", "art. 196 de la directive 2006/112/CE")},
    "K": {"en": ("Intra-Community supply", "Art. 138 Directive 2006/112/EC"),
          "fr": ("Livraison intracommunautaire", "art. 262 ter I du CGI")},
    "G": {"en": ("Export", "Art. 146 Directive 2006/112/EC"), "fr": ("Exportation", "art. 262 I du CGI")},
    "O": {"en": ("Not subject to VAT", "Art. 44 Directive 2006/112/EC"),
          "fr": ("Hors champ de la TVA", "TVA non applicable")},
    "E": {"en": ("Exempt", "VAT exempt"), "fr": ("Exonéré", "Exonération de TVA")},
}
# Labels and values every B2B invoice prints, per language.
LEGAL = {
    "en": ["Invoice", "F-2026-03-0042", "Issue date", "2 March 2026", "Date of supply", "Due date", "1 April 2026",
           "Payment terms", "NET 30", "Atelier Numérique", "25 rue du Petit Musc", "75004 Paris",
           "SAS with a share capital of €10,000", "SIRET 52855165800029", "VAT no. FR60528551658",
           "Brauerei Lindner GmbH", "Schillerstraße 12", "80336 München", "Germany", "VAT no. DE136695976",
           "Qty", "Unit price excl. VAT", "Total excl. VAT", "Total incl. VAT", "VAT 20%", "Paid", "Amount due",
           "IBAN FR76 3000 6000 0112 3456 7890 189", "BIC BNPAFRPPXXX", "three times the legal interest rate",
           "€40", "L441-10"],
    "fr": ["Facture", "F-2026-03-0042", "Date d’émission", "2 mars 2026", "Date de la vente ou de la prestation",
           "Date d’échéance", "1 avril 2026", "Conditions de paiement", "NET 30", "Atelier Numérique",
           "SAS au capital de 10 000 €", "SIRET 52855165800029", "N° TVA intracommunautaire FR60528551658",
           "N° TVA intracommunautaire DE136695976", "Allemagne", "Qté", "Prix unitaire HT", "Total HT",
           "Total TTC", "TVA 20 %", "Payé", "Reste à payer", "IBAN FR76 3000 6000 0112 3456 7890 189",
           "trois fois le taux d’intérêt légal", "40 €", "L441-10", "Pas d’escompte"],
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("category", ["S", *TREATMENTS])
def test_each_vat_treatment_prints_what_the_law_asks_for(category, language):
    invoice = b.issued([b.line("Consulting", 120000, quantity="3", category=category),
                        b.line("Hosting", 4900, "20")])
    text = pdf_text(invoice_pdf(invoice, language=language))
    for expected in LEGAL[language]:
        assert expected in text, expected
    if category in TREATMENTS:
        for expected in TREATMENTS[category][language]:
            assert expected in text, expected


@pytest.mark.parametrize("language, figures", [
    ("en", ["€400.00", "€1,200.00", "€49.00", "€9.80", "€58.80", "€1,249.00", "€1,258.80"]),
    ("fr", ["400,00 €", "1 200,00 €", "49,00 €", "9,80 €", "58,80 €", "1 249,00 €", "1 258,80 €"]),
])
def test_unit_price_vat_and_totals_are_written_for_the_locale(language, figures):
    invoice = b.issued([b.line("Consulting", 120000, quantity="3", category="AE"), b.line("Hosting", 4900, "20")])
    text = pdf_text(invoice_pdf(invoice, language=language))
    for figure in figures:
        assert figure in text, figure


def test_the_octobat_seed_invoice_shows_its_figures_and_the_suppliers_vat_number():
    text = pdf_text(invoice_pdf(b.seed_invoice(), language="en"))
    for figure in ("8.33", "10.00", "18.18", "20.00", "40.00", "48.00", "78.00", "FR60528551658"):
        assert figure in text, figure


def test_a_mention_shared_by_several_lines_is_printed_once():
    invoice = b.issued([b.line("Audit", 10000, category="AE"), b.line("Training", 20000, category="AE")])
    assert pdf_text(invoice_pdf(invoice)).count("Art. 196 Directive 2006/112/EC") == 1


def test_vat_is_summed_per_rate():
    invoice = b.issued([b.line("Book", 10000, "5.5"), b.line("Course", 20000, "20"), b.line("Guide", 30000, "5.5")],
                       business_type="B2C")
    text = pdf_text(invoice_pdf(invoice))
    assert "VAT 5.5% €400.00 €22.00" in text
    assert "VAT 20% €200.00 €40.00" in text


def test_a_consumer_invoice_has_no_late_payment_penalties_nor_customer_vat_number():
    text = pdf_text(invoice_pdf(b.issued([b.line("Hosting", 4900)], business_type="B2C")))
    assert "Camille Martin" in text and "Bâtiment B" in text
    assert "late payment" not in text.lower()
    assert "VAT no. FR60528551658" in text  # the supplier's, always


def test_a_credit_note_names_the_invoice_it_credits():
    note = b.issued([b.line("Refund of hosting", 4900)], kind=CREDIT_NOTE, number="CN-2026-03-001")
    english = pdf_text(invoice_pdf(note, credited_number="F-2026-02-0007"))
    french = pdf_text(invoice_pdf(note, credited_number="F-2026-02-0007", language="fr"))
    assert "Credit note" in english and "Credits invoice F-2026-02-0007" in english
    assert "Credit remaining" in english and "Amount due" not in english
    assert "Avoir" in french and "Avoir sur la facture F-2026-02-0007" in french


def test_payments_and_credits_received_and_the_amount_still_due():
    invoice = b.issued([b.line("Hosting", 10000)], amount_paid=3000, amount_credited=2000)
    text = pdf_text(invoice_pdf(invoice))
    assert "Paid -€30.00" in text and "Credited -€20.00" in text and "Amount due €70.00" in text


def test_a_voided_invoice_is_marked_and_owes_nothing():
    invoice = b.issued([b.line("Hosting", 10000)], voided=True)
    english, french = pdf_text(invoice_pdf(invoice)), pdf_text(invoice_pdf(invoice, language="fr"))
    assert "VOID" in english and "has been voided" in english and "Amount due €0.00" in english
    assert "ANNULÉE" in french and "a été annulé" in french


def test_payment_modes_follow_the_invoices_order():
    modes = {1: b.transfer(), 2: b.check()}
    text = pdf_text(invoice_pdf(b.issued([b.line("Hosting", 100)], payable_by=[2, 1], payment_modes=modes)))
    assert text.index("Cheque") < text.index("Virement SEPA")
    assert "Payable to: Atelier Numérique SAS" in text
    only = pdf_text(invoice_pdf(b.issued([b.line("Hosting", 100)], payable_by=[2], payment_modes=modes)))
    assert "Cheque" in only and "IBAN" not in only


def test_an_invoice_naming_no_payment_mode_shows_them_all():
    modes = {1: b.transfer(), 2: b.check()}
    text = pdf_text(invoice_pdf(b.issued([b.line("Hosting", 100)], payable_by=[], payment_modes=modes)))
    assert "Virement SEPA" in text and "Cheque" in text


def test_the_customer_number_comes_from_the_customer_and_the_rest_from_the_snapshot():
    text = pdf_text(invoice_pdf(b.issued([b.line("Hosting", 100)])))
    assert "CUST-00042" in text and "now renamed" not in text


def test_an_unknown_language_prints_in_english_and_an_unknown_paper_is_refused():
    assert "Invoice" in pdf_text(invoice_pdf(b.issued([b.line("Hosting", 100)]), language="de"))
    with pytest.raises(ValueError):
        invoice_pdf(b.issued([b.line("Hosting", 100)]), paper="a5")
