"""Provider secrets at rest: sealed with a key kept outside the database."""

import stat

import pytest
from cryptography.fernet import Fernet

from billbook import config
from billbook.delivery.secrets import SecretBox, SecretKeyInvalid, SecretUnreadable, default_key_file, secret_box


def test_a_sealed_secret_opens_with_the_same_key_and_is_not_in_clear():
    box = SecretBox([Fernet.generate_key()])
    sealed = box.seal("0123456789abcdef0123456789abcdef")
    assert b"0123456789abcdef" not in sealed
    assert box.open(sealed) == "0123456789abcdef0123456789abcdef"


def test_another_key_cannot_open_it_and_the_error_shows_no_secret():
    sealed = SecretBox([Fernet.generate_key()]).seal("live_abcdef")
    with pytest.raises(SecretUnreadable) as refused:
        SecretBox([Fernet.generate_key()]).open(sealed)
    assert "live_abcdef" not in str(refused.value)


def test_a_new_key_put_first_still_opens_what_the_old_one_sealed():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = SecretBox.from_text(old, "old").seal("token")
    rotated = SecretBox.from_text(f"{new}, {old}", "rotated")
    assert rotated.open(sealed) == "token"
    assert SecretBox.from_text(new, "new").open(rotated.seal("token")) == "token"


def test_a_key_that_is_not_a_fernet_key_is_refused_without_echoing_it():
    with pytest.raises(SecretKeyInvalid) as refused:
        secret_box("sqlite:///x.db", key="not-a-key-but-secret")
    assert "not-a-key-but-secret" not in str(refused.value) and "BILLBOOK_SECRET_KEY" in str(refused.value)


def test_without_a_key_one_is_written_beside_the_sqlite_database_readable_by_its_owner_only(tmp_path):
    url = f"sqlite:///{tmp_path / 'billbook.db'}"
    assert default_key_file(url) == tmp_path / "secret.key"
    with pytest.raises(SecretKeyInvalid):
        secret_box(url)  # reading secrets never makes a key that would open nothing
    sealed = secret_box(url, create=True).seal("token")
    key_file = tmp_path / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert secret_box(url).open(sealed) == "token"
    assert [path.name for path in tmp_path.iterdir()] == ["secret.key"]


def test_the_key_file_can_be_placed_elsewhere(tmp_path):
    key_file = tmp_path / "keys" / "billbook.key"
    sealed = secret_box("postgresql://db/billbook", key_file=str(key_file), create=True).seal("token")
    assert key_file.exists()
    assert secret_box("sqlite:///elsewhere.db", key_file=str(key_file)).open(sealed) == "token"


def test_postgresql_keeps_its_key_file_under_var():
    assert default_key_file("postgresql+psycopg://localhost/billbook").parts[-2:] == ("var", "secret.key")


def test_settings_read_the_key_and_provider_urls_and_never_show_the_key():
    key = Fernet.generate_key().decode()
    settings = config.load({"BILLBOOK_SECRET_KEY": key, "BILLBOOK_TWILIO_API_URL": "http://127.0.0.1:9/"})
    assert settings.secret_key == key and key not in repr(settings)
    assert settings.twilio_api_url == "http://127.0.0.1:9/" and settings.lob_api_url == "https://api.lob.com"
    assert config.load(settings.to_environment()) == settings
