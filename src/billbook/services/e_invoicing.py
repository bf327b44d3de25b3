"""Whether an account's e-invoices are complete: what its own details, its payment modes and its
customers lack of what EN 16931 and the French CTC rules ask, and which rules its latest issued
invoices and credit notes break."""

from dataclasses import dataclass
from datetime import date

from billbook.documents.completeness import (
    BuyerTally,
    Gap,
    GapGroup,
    buyer_gaps,
    euro_rate_gaps,
    payment_mode_gaps,
    schematrons_for,
    seller_gaps,
    seller_party,
)
from billbook.documents.validation import Finding, failed_rules
from billbook.domain.accounts import Account
from billbook.services.context import AccountContext
from billbook.services.documents import document_to_typeset

# Customers are read this many at a time, so that an account with many is never held whole.
CUSTOMER_BATCH = 500


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """An issued invoice or credit note, the rules its CII XML breaks, and what it lacks that the
    account's check names in business terms (a euro rate)."""
    number: str
    kind: str
    issue_date: date
    findings: tuple[Finding, ...]
    gaps: tuple[Gap, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.error]


@dataclass(frozen=True, slots=True)
class AccountCheck:
    account: Account
    seller: tuple[Gap, ...]
    payment_modes: tuple[Gap, ...]
    buyers: tuple[GapGroup, ...]
    customers_checked: int
    schematrons: tuple[str, ...]
    documents: tuple[DocumentCheck, ...]

    @property
    def complete(self) -> bool:
        """Nothing required is missing. Issued documents cannot change, so the rules they break
        are reported but leave this as it is."""
        gaps = [*self.seller, *self.payment_modes, *(group.gap for group in self.buyers)]
        return not any(gap.required for gap in gaps)


def check_account(ctx: AccountContext, documents: int = 10, examples: int = 10) -> AccountCheck:
    """The account's gaps, its customers' gaps grouped (`examples` customers named for each), and
    the latest `documents` issued documents validated."""
    with ctx.unit_of_work(write=False) as uow:
        account = uow.account()
        seller = seller_party(account)
        modes = uow.payment_modes.all()
        tally = BuyerTally(examples)
        last_id = 0
        while batch := uow.customers.after(last_id, CUSTOMER_BATCH):
            for customer in batch:
                tally.add(customer, buyer_gaps(customer, seller))
            last_id = batch[-1].id
        latest = uow.invoices.latest_issued_ids(documents) if documents > 0 else []
    schematrons = schematrons_for(seller)
    return AccountCheck(
        account=account, seller=tuple(seller_gaps(account)), payment_modes=tuple(payment_mode_gaps(modes)),
        buyers=tuple(tally.groups()), customers_checked=tally.checked, schematrons=schematrons,
        documents=tuple(_validated(ctx, invoice_id, schematrons) for invoice_id in latest))


def _validated(ctx: AccountContext, invoice_id: int, schematrons: tuple[str, ...]) -> DocumentCheck:
    # Read and written as the document link serves it, so the XML checked is the XML sent.
    found = document_to_typeset(ctx, invoice_id)
    invoice = found.issued.invoice
    return DocumentCheck(invoice.number or "", invoice.kind, invoice.issue_date,
                         tuple(failed_rules(found.cii(), schematrons=schematrons)), tuple(euro_rate_gaps(invoice)))
