"""What keeps a billing page's link and form safe: strict response headers, a CSRF check bound to
the link and to the browser, and a per-link limit on form posts.

CSRF: the browser holds a random nonce in a cookie (HttpOnly, SameSite=Strict, path /billing/);
the form carries a token sealed with the server's secret key (Fernet: encrypted and
authenticated) that names the link's token, the nonce and when it was issued. A post is accepted
only when the sealed token opens with the server's key, names this link, matches the cookie's
nonce and is less than FORM_LIFETIME old. A page elsewhere can neither read the token nor make
the browser send the cookie along (SameSite=Strict), and a cookie planted by a sibling site does
not help without a token sealed for its nonce.

The sealing key is BILLBOOK_SECRET_KEY when set (servers on several hosts set it alike), else
`portal.key` beside the providers' key file, made on first use."""

import os
import secrets
import time
from pathlib import Path

from cryptography.fernet import Fernet

from billbook.api.http.rate_limit import RateLimiter
from billbook.config import Settings
from billbook.delivery.secrets import SecretBox, default_key_file
from billbook.domain.errors import BillbookError, TooManyRequests

CSRF_COOKIE = "billbook_portal_csrf"
CSRF_FIELD = "csrf_token"
FORM_LIFETIME = 12 * 3600  # seconds
# Form posts per link: a burst of ten, then one every six seconds.
POSTS_PER_SECOND, POST_BURST = 1 / 6, 10

HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; "
                                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


PORTAL_KEY_FILE = "portal.key"


def form_box(settings: Settings) -> SecretBox:
    if settings.secret_key:
        return SecretBox.from_text(settings.secret_key, "BILLBOOK_SECRET_KEY")
    beside = Path(settings.secret_key_file) if settings.secret_key_file else default_key_file(settings.database_url)
    path = beside.parent / PORTAL_KEY_FILE
    return SecretBox.from_text(_read_or_create(path), f"the key file {path}")


def _read_or_create(path: Path) -> str:
    """Created whole with mode 0600 by whichever process comes first; the others read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the winner may be writing it this very moment
            text = path.read_text().strip()
            if text:
                return text
            time.sleep(0.01)
        return path.read_text().strip()
    with os.fdopen(descriptor, "wb") as file:
        file.write(Fernet.generate_key() + b"\n")
        file.flush()
        os.fsync(file.fileno())
    return path.read_text().strip()


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def form_token(box: SecretBox, link_token: str, nonce: str) -> str:
    return box.seal(f"{link_token}|{nonce}|{int(time.time())}").decode()


def form_token_valid(box: SecretBox, link_token: str, nonce: str | None, sealed: str | None) -> bool:
    if not nonce or not sealed or len(sealed) > 1000:
        return False
    try:
        named_link, named_nonce, issued = box.open(sealed.encode()).split("|")
        age = time.time() - int(issued)
    except (BillbookError, ValueError, TypeError):
        return False
    return (secrets.compare_digest(named_link, link_token) and secrets.compare_digest(named_nonce, nonce)
            and -60 <= age <= FORM_LIFETIME)


class PostLimiter:
    """Form posts per link, in this process."""

    def __init__(self, per_second: float = POSTS_PER_SECOND, burst: float = POST_BURST):
        self._limiter = RateLimiter(per_second)
        self._limiter.burst = burst

    def admit(self, link_token: str) -> int | None:
        """None when the post may go ahead, else the seconds to wait."""
        try:
            self._limiter.admit(link_token)
        except TooManyRequests as refused:
            return refused.retry_after
        return None
