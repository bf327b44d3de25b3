"""What every request handler shares in one process: the settings and the database."""

from dataclasses import dataclass, field

from starlette.requests import Request

from billbook.api.http.rate_limit import RateLimiter
from billbook.config import Settings
from billbook.services.ledger import Ledger
from billbook.services.vat_register import DEFAULT_URL, VatRegister


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    database: Ledger
    limiter: RateLimiter = field(init=False)
    vat_register: VatRegister | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "limiter", RateLimiter(self.settings.rate_limit))
        register = VatRegister(self.settings.vies_url or DEFAULT_URL) if self.settings.vies_check else None
        object.__setattr__(self, "vat_register", register)


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime
