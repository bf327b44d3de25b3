"""What every request handler shares in one process: the settings and the database."""

from dataclasses import dataclass

from starlette.requests import Request

from billbook.config import Settings
from billbook.services.ledger import Ledger


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    database: Ledger


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime
