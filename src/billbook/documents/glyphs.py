"""What the shipped fonts can print. A PDF/A must embed every glyph it shows, so Typst refuses a
document holding a character none of its fonts has (a control character, an emoji, a Chinese
name): such characters print as "?" rather than costing the customer their document. The XML
of an e-invoice, which needs no font, keeps them as they are."""

from functools import cache
from pathlib import Path
from typing import Any

MISSING = "?"
# Line breaks and tabs are layout, not glyphs.
LAYOUT = frozenset(map(ord, "\n\t"))


@cache
def covered(fonts: Path) -> frozenset[int]:
    """The code points one of the fonts in `fonts` has a glyph for (read once per process)."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in sorted(fonts.glob("*.[ot]tf")):
        with TTFont(path, lazy=True) as font:
            points.update(font["cmap"].getBestCmap())
    return frozenset(points)


def printable(value: Any, fonts: Path) -> Any:
    """`value` (JSON-like: dicts, lists, texts) with every character the fonts cannot print
    replaced by MISSING, and control characters dropped."""
    if isinstance(value, str):
        return _text(value, covered(fonts))
    if isinstance(value, dict):
        return {key: printable(item, fonts) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable(item, fonts) for item in value]
    return value


def _text(text: str, points: frozenset[int]) -> str:
    if text.isascii() and text.isprintable():
        return text
    return "".join(char if ord(char) in points or ord(char) in LAYOUT else ("" if ord(char) < 32 else MISSING)
                   for char in text)
