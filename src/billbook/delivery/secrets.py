"""Provider secrets (Twilio's auth token, Lob's API key) encrypted at rest with Fernet.

A stolen database or backup alone does not reveal them: the key lives outside the database.
It is `BILLBOOK_SECRET_KEY` when set (one Fernet key, or several separated by commas: the first
encrypts, any of them decrypts, so a key can be rotated by prepending a new one and connecting the
providers again). Otherwise it is a key file, `BILLBOOK_SECRET_KEY_FILE` or by default `secret.key`
next to the SQLite database file (`var/secret.key` for the default database and for PostgreSQL),
written with mode 0600 the first time a secret is stored. Servers and workers that share a
PostgreSQL database from several hosts must share the key: set `BILLBOOK_SECRET_KEY` on each.

Nothing here puts a secret or a key into a message or a repr.
"""

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.engine import make_url

from billbook.domain.errors import BillbookError

KEY_FILE_NAME = "secret.key"


class SecretKeyInvalid(BillbookError):
    """The configured key is not a Fernet key (32 url-safe base64-encoded bytes)."""


class SecretUnreadable(BillbookError):
    """A stored secret was sealed with another key than the ones this process holds."""


class SecretBox:
    """Seals text into bytes for storage and opens it again."""

    def __init__(self, keys: Sequence[str | bytes], origin: str = "the configured key"):
        if not keys:
            raise SecretKeyInvalid(f"{origin} holds no key")
        try:
            self._fernet = MultiFernet([Fernet(key) for key in keys])
        except (ValueError, TypeError):
            # Say where the key came from, never what it is.
            raise SecretKeyInvalid(f"{origin} is not a Fernet key (32 url-safe base64-encoded bytes; "
                                   "make one with `python -c 'from cryptography.fernet import Fernet; "
                                   "print(Fernet.generate_key().decode())'`)") from None
        self.origin = origin

    @classmethod
    def from_text(cls, text: str, origin: str) -> "SecretBox":
        return cls([key.strip() for key in text.split(",") if key.strip()], origin)

    def seal(self, secret: str) -> bytes:
        return self._fernet.encrypt(secret.encode())

    def open(self, sealed: bytes) -> str:
        try:
            return self._fernet.decrypt(bytes(sealed)).decode()
        except InvalidToken:
            raise SecretUnreadable(f"a stored provider secret cannot be decrypted with {self.origin}; restore the "
                                   "key it was stored with, or connect the provider again") from None

    def __repr__(self) -> str:
        return f"SecretBox(from {self.origin})"


def default_key_file(database_url: str) -> Path:
    """`secret.key` beside an SQLite database file, so the two travel together; `var/` otherwise."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / KEY_FILE_NAME
    return Path("var").resolve() / KEY_FILE_NAME


def secret_box(database_url: str, key: str | None = None, key_file: str | None = None,
               create: bool = False) -> SecretBox:
    """The box for this database: the key given (`BILLBOOK_SECRET_KEY`) or the key file's. The
    file is created only when asked (`create`, when a provider is connected): a process reading
    secrets with a missing file must say so, not make a new key that opens nothing."""
    if key:
        return SecretBox.from_text(key, "BILLBOOK_SECRET_KEY")
    path = Path(key_file) if key_file else default_key_file(database_url)
    if not create and not path.exists():
        raise SecretKeyInvalid(f"the key file {path} does not exist: run with the BILLBOOK_SECRET_KEY or "
                               "BILLBOOK_SECRET_KEY_FILE the providers were connected with")
    return SecretBox.from_text(_read_or_create(path), f"the key file {path}")


def _read_or_create(path: Path) -> str:
    try:
        return path.read_text()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole under another name, then linked into place: a process starting at the same
    # moment either wins the link or reads the winner's complete key, never half a file.
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            os.fchmod(file.fileno(), 0o600)
            file.write(Fernet.generate_key() + b"\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return path.read_text()
