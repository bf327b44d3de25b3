"""The access log never prints a link's token: `/billing/<token>`, `/documents/<token>/…` and
`/statements/<token>/…` are logged with the token replaced, since whoever reads the logs would
otherwise hold every customer's links."""

import logging
import re

_TOKEN_IN_PATH = re.compile(r"(/(?:billing|documents|statements)/)[^/?#\s]+")


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\1[redacted]", text)


class RedactLinkTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def redact_access_log() -> None:
    """Installs the filter on uvicorn's access logger (once per process)."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, RedactLinkTokens) for existing in logger.filters):
        logger.addFilter(RedactLinkTokens())
