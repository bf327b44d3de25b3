"""Idempotency keys: a retried request with the same key gets the first answer, not a second effect."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from billbook.domain.errors import Conflict, InvalidParam

# How long a key is remembered, as the clients document (24 hours).
KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True, slots=True)
class KeyRecord:
    key: str
    request_fingerprint: str
    created_at: datetime
    # A key is recorded with its answer, in the transaction of its effect. None only in records
    # kept from before that was so, whose request never answered.
    response: StoredResponse | None


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidParam("Idempotency-Key", f"must be 1 to {MAX_KEY_LENGTH} characters")
    return key


def request_fingerprint(method: str, path: str, query: bytes, content_type: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query, content_type.encode(), body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def is_current(record: KeyRecord, now: datetime) -> bool:
    """False when the record has expired, or holds no answer: the key may be used again."""
    return record.response is not None and now - record.created_at < KEY_LIFETIME


def replay(record: KeyRecord, fingerprint: str) -> StoredResponse:
    """The stored answer for a retried request; the same key with other parameters is an error."""
    if record.request_fingerprint != fingerprint:
        raise InvalidParam("Idempotency-Key", "was already used for a request with other parameters")
    return record.response


def in_flight() -> Conflict:
    return Conflict("A request with this Idempotency-Key is still being processed; retry later",
                    param="Idempotency-Key")
