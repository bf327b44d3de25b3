"""`billbook customers rotate-link`: a customer's billing-page link replaced by a new one."""

from billbook.services import customers
from billbook.store.database import Database
from tests.conftest import Account
from tests.test_cli import billbook, sqlite_file  # noqa: F401 (a fixture)


def test_rotate_link_issues_a_new_token_and_the_old_one_stops_working(sqlite_file):  # noqa: F811
    database = Database(sqlite_file)
    database.migrate()
    account = Account(database)
    customer = customers.create(account.context(), {"name": "Client SARL"})
    done = billbook("customers", "rotate-link", "--account", str(account.id), "--customer", str(customer.id),
                    database=sqlite_file)
    assert done.returncode == 0, done.stderr
    rotated = customers.retrieve(account.context(), customer.id)
    assert rotated.portal_token != customer.portal_token
    assert done.stdout.strip().endswith(f"/billing/{rotated.portal_token}")
    by_public_id = billbook("customers", "rotate-link", "--account", str(account.id), "--customer",
                            customer.public_id, database=sqlite_file)
    assert by_public_id.returncode == 0, by_public_id.stderr
    assert customers.retrieve(account.context(), customer.id).portal_token != rotated.portal_token


def test_rotate_link_refuses_an_unknown_customer(sqlite_file):  # noqa: F811
    database = Database(sqlite_file)
    database.migrate()
    account = Account(database)
    done = billbook("customers", "rotate-link", "--account", str(account.id), "--customer", "999",
                    database=sqlite_file)
    assert done.returncode == 2 and "error" in done.stdout.lower()


def test_rotate_link_names_an_unknown_customer_as_given(sqlite_file):  # noqa: F811
    database = Database(sqlite_file)
    database.migrate()
    account = Account(database)
    done = billbook("customers", "rotate-link", "--account", str(account.id), "--customer", "[/x]",
                    database=sqlite_file)
    assert done.returncode == 2 and "[/x]" in done.stdout, done.stdout + done.stderr
