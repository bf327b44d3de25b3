"""Typst, driven from Python: one compiler per template, reused for every document.

A compiler keeps its parsed template, its fonts and Typst's caches between documents: compiling
afresh costs about five times as much. The document's content reaches the template as one JSON
value in `sys.inputs`, never as markup, so whatever a customer typed prints as written.
"""

import json
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import typst

from billbook.documents import glyphs

_HERE = Path(__file__).parent
TEMPLATES = _HERE / "templates"
FONTS = _HERE / "fonts"
# PDF/A-3b: the archival form French and German e-invoices (Factur-X, ZUGFeRD) are built on.
PDF_STANDARDS = ["a-3b"]


@dataclass
class _Template:
    path: Path
    lock: threading.Lock = field(default_factory=threading.Lock)
    compiler: typst.Compiler | None = None

    def compile(self, data: str) -> bytes:
        with self.lock:
            if self.compiler is None:
                self.compiler = typst.Compiler(str(self.path), root=str(TEMPLATES), font_paths=[str(FONTS)],
                                               ignore_system_fonts=True)
            # Untagged: tagging multiplies the size of long tables (42 KB → 451 KB for ten pages).
            return self.compiler.compile(sys_inputs={"data": data}, pdf_standards=PDF_STANDARDS, pdf_tags=False)


_TEMPLATES: dict[str, _Template] = {}
_TEMPLATES_LOCK = threading.Lock()


def _template(name: str) -> _Template:
    with _TEMPLATES_LOCK:
        if name not in _TEMPLATES:
            _TEMPLATES[name] = _Template(TEMPLATES / f"{name}.typ")
        return _TEMPLATES[name]


def render(template: str, data: dict[str, Any], *, dated: date) -> bytes:
    """The PDF of `template` filled with `data`. The document is dated `dated` (PDF/A requires a
    date, and a fixed one keeps the output identical from one run to the next)."""
    payload = {**glyphs.printable(data, FONTS), "dated": {"year": dated.year, "month": dated.month, "day": dated.day}}
    return _template(template).compile(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
