"""Creating accounts, issuing and rotating their API keys, and recognising a key."""

from collections.abc import Mapping
from typing import Any

from billbook.domain import api_keys
from billbook.domain.accounts import Account, change_details, clean_details
from billbook.domain.errors import AuthenticationFailed, NotFound
from billbook.domain.tenancy import Mode, Tenant
from billbook.services.context import AccountContext, utc_now
from billbook.services.numbering import default_sequence
from billbook.store.database import Database
from billbook.store.unit_of_work import AdminUnitOfWork


def create_account(database: Database, details: Mapping[str, Any]) -> tuple[Account, dict[Mode, str]]:
    """A new account with one live and one test key, and a default numbering sequence in each mode;
    the keys are returned once and never again."""
    now = utc_now()
    account = Account(id=None, created_at=now, **clean_details(details))
    keys = {}
    with AdminUnitOfWork(database) as uow:
        uow.accounts.add(account)
        for mode in Mode:
            keys[mode] = _issue_key(uow, Tenant(account.id, mode))
            uow.numbering_sequences(Tenant(account.id, mode)).add(default_sequence(now, account.country))
        uow.commit()
    return account, keys


def rotate_key(database: Database, account_id: int, mode: Mode) -> str:
    """Revoke every key of this account and mode and issue a new one."""
    with AdminUnitOfWork(database) as uow:
        if uow.accounts.get(account_id) is None:
            raise NotFound("Account", account_id)
        tenant = Tenant(account_id, mode)
        uow.accounts.revoke_keys(tenant, utc_now())
        key = _issue_key(uow, tenant)
        uow.commit()
    return key


def update_account(database: Database, account_id: int, changes: Mapping[str, Any]) -> Account:
    """Change an account's details, checked as when it was created; an empty value clears an
    optional detail. Issued documents keep the details they were issued with."""
    with AdminUnitOfWork(database) as uow:
        # Every column is rewritten: a change made between this read and the write would be lost.
        account = uow.accounts.get(account_id, for_update=True)
        if account is None:
            raise NotFound("Account", account_id)
        updated = change_details(account, changes)
        uow.accounts.save(updated)
        uow.commit()
    return updated


def get_account(database: Database, account_id: int) -> Account:
    with AdminUnitOfWork(database, write=False) as uow:
        account = uow.accounts.get(account_id)
    if account is None:
        raise NotFound("Account", account_id)
    return account


def context_for(database: Database, account_id: int, mode: Mode) -> AccountContext:
    """An account's ledger in one mode, for administration outside the API (the command line)."""
    account = get_account(database, account_id)
    return AccountContext(Tenant(account.id, mode), database, account.country)


def account_count(database: Database) -> int:
    with AdminUnitOfWork(database, write=False) as uow:
        return uow.accounts.count()


def authenticate(database: Database, key: str) -> AccountContext:
    """The ledger a key opens, with the account's defaults; an unknown or revoked key fails."""
    with AdminUnitOfWork(database, write=False) as uow:
        found = uow.accounts.tenant_for_key(api_keys.fingerprint(key))
    if found is None:
        raise AuthenticationFailed("The API key provided is invalid or has been revoked")
    tenant, country = found
    return AccountContext(tenant, database, country)


def _issue_key(uow: AdminUnitOfWork, tenant: Tenant) -> str:
    key = api_keys.generate(tenant.mode)
    uow.accounts.add_key(tenant, api_keys.fingerprint(key), api_keys.display_prefix(key), utc_now())
    return key
