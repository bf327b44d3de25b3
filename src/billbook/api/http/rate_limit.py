"""Requests per API key are limited with a token bucket, so one runaway script cannot starve the
others: a key may burst to twice its rate, then is answered 429 with `Retry-After`.

Buckets live in each server process; with several workers a key's effective limit is the
per-process rate times the workers. That bounds abuse without a shared store on the hot path.
"""

import math
import time
from dataclasses import dataclass

from billbook.domain.errors import TooManyRequests

MAX_KEYS = 10_000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    refilled_at: float


class RateLimiter:
    def __init__(self, per_second: float):
        self.per_second = per_second
        self.burst = max(1.0, per_second * 2)
        self._buckets: dict[str, _Bucket] = {}

    def admit(self, key: str) -> None:
        """Take one token for the key, or refuse the request with how long to wait."""
        if self.per_second <= 0:
            return
        now = time.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_KEYS:
                self._buckets.clear()
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.refilled_at) * self.per_second)
        bucket.refilled_at = now
        if bucket.tokens < 1:
            raise TooManyRequests(retry_after=max(1, math.ceil((1 - bucket.tokens) / self.per_second)))
        bucket.tokens -= 1
