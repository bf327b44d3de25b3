"""Where a consumer of e-services is, from the evidence at hand (IR 282/2011 arts. 24b, 24f).

Each piece names a country: the billing address, the IP address (resolved offline with iptocc),
the bank (an IBAN's first letters, or the country of the card or account). The country at least
two pieces agree on decides; when none is agreed on, the billing country does and the conflict
is recorded with the invoice.
"""

import ipaddress
from collections import Counter
from dataclasses import dataclass, field

import iptocc


@dataclass(frozen=True, slots=True)
class Location:
    country: str
    evidence: dict[str, str | None] = field(default_factory=dict)  # piece → the country it names
    conflict: bool = False


def country_of_ip(address: str | None) -> str | None:
    if not address:
        return None
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return iptocc.country_code(address)


def country_of_iban(iban: str | None) -> str | None:
    text = (iban or "").strip()
    return text[:2].upper() if len(text) >= 2 and text[:2].isalpha() else None


def locate(billing_country: str, ip_address: str | None = None, bank_country: str | None = None) -> Location:
    evidence = {"billing_address": billing_country, "ip_address": country_of_ip(ip_address),
                "bank": bank_country}
    named = [country for country in evidence.values() if country]
    agreed = [country for country, votes in Counter(named).most_common() if votes >= 2]
    if agreed:
        return Location(agreed[0], evidence)
    return Location(billing_country, evidence, conflict=len(set(named)) > 1)
