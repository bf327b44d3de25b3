"""API keys: random secrets shown once and kept only as a hash.

The keys are 190 bits of randomness, so a fast hash (SHA-256) is enough: there is no password
to guess, and a slow hash would cost every request.
"""

import hashlib
import secrets

from billbook.domain.tenancy import Mode


def generate(mode: Mode) -> str:
    return f"bb_{mode.value}_{secrets.token_urlsafe(24)}"


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def display_prefix(key: str) -> str:
    """The part of a key safe to show in listings, to tell keys apart."""
    return key[:12]
