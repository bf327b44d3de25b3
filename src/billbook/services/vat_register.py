"""Asking the EU's VIES register whether a VAT number is registered, before it is reverse-charged.

Off unless the server is configured for it (`BILLBOOK_VIES_CHECK`). When VIES cannot answer, the
number counts as unconfirmed: VAT is charged, never silently reverse-charged, and the invoice's
evidence says why.
"""

from dataclasses import dataclass

import httpx
from stdnum.eu import vat as eu_vat

DEFAULT_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number"
TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class VatCheck:
    number: str
    status: str  # "valid", "invalid" or "unavailable"

    @property
    def confirmed(self) -> bool:
        return self.status == "valid"


class VatRegister:
    def __init__(self, url: str = DEFAULT_URL, timeout: float = TIMEOUT_SECONDS):
        self._url = url
        self._timeout = timeout

    async def check(self, number: str) -> VatCheck:
        compact = eu_vat.compact(number)
        body = {"countryCode": compact[:2], "vatNumber": compact[2:]}
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(self._url, json=body)
            answer = response.json() if response.status_code == 200 else {}
        except (httpx.HTTPError, ValueError):
            answer = {}
        # VIES answers {"valid": true|false, …}, or {"actionSucceed": false, "errorWrappers": […]}
        # when a member state's register is down or busy.
        valid = answer.get("valid") if isinstance(answer, dict) else None
        if not isinstance(valid, bool):
            return VatCheck(compact, "unavailable")
        return VatCheck(compact, "valid" if valid else "invalid")
