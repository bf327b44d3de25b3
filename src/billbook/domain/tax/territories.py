"""Which countries make up the EU VAT area, and the places inside them that are left out of it.

Some territories share a member state's country code but are outside the EU VAT area (Dir.
2006/112/EC art. 6): they are recognised by the customer's postal code and treated as outside
the EU.
"""

import re

EU_MEMBER_STATES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})

# (country, postal code pattern, territory) — postal codes compacted (no spaces or dashes).
_OUTSIDE_THE_VAT_AREA = (
    ("ES", r"35\d{3}|38\d{3}", "Canary Islands"),
    ("ES", r"51\d{3}", "Ceuta"),
    ("ES", r"52\d{3}", "Melilla"),
    ("FI", r"22\d{3}", "Åland"),
    ("GR", r"6308[67]", "Mount Athos"),
    ("DE", r"78266", "Büsingen am Hochrhein"),
    ("DE", r"27498", "Heligoland"),
    ("IT", r"23041", "Livigno"),
    ("IT", r"22061", "Campione d'Italia"),
    ("FR", r"97[1-6]\d{2}", "French overseas department"),
)


def special_territory(country: str | None, postal_code: str | None) -> str | None:
    """The territory outside the EU VAT area this address lies in, if it is in one."""
    if not country or not postal_code:
        return None
    compact = re.sub(r"[\s-]", "", postal_code)
    for territory_country, pattern, name in _OUTSIDE_THE_VAT_AREA:
        if country == territory_country and re.fullmatch(pattern, compact):
            return name
    return None


def in_vat_area(country: str | None, postal_code: str | None = None) -> bool:
    return country in EU_MEMBER_STATES and special_territory(country, postal_code) is None
