"""Ids are never handed out twice, on either database: an outside system may still hold a deleted
row's id, and must not reach another row with it (SQLite without AUTOINCREMENT reuses the id of
the newest row once it is deleted)."""

from billbook.services import contacts, customers, drafts
from billbook.store import tables


def test_a_deleted_contact_s_id_is_never_given_to_another(account):
    ctx = account.context()
    owner = customers.create(ctx, {"name": "Owner"})
    gone = contacts.create(ctx, owner.id, {"name": "Gone"})
    contacts.delete(ctx, owner.id, gone.id)
    assert contacts.create(ctx, owner.id, {"name": "Successor"}).id > gone.id


def test_a_deleted_draft_s_id_is_never_given_to_another(account):
    ctx = account.context()
    owner = customers.create(ctx, {"name": "Owner"})
    draft = {"customer": owner.id, "draft": True, "items": [{"name": "Consulting", "unit_cost": 100}]}
    gone = drafts.create_invoice(ctx, draft).invoice
    drafts.delete_draft(ctx, gone.id)
    successor = drafts.create_invoice(ctx, draft).invoice
    assert successor.id > gone.id
    assert [line.id for line in successor.lines][0] > [line.id for line in gone.lines][-1]


def test_every_table_of_rows_known_by_id_keeps_autoincrement_on_sqlite(database):
    # A migration rebuilding a table on SQLite silently drops AUTOINCREMENT unless told to keep it.
    if not database.embedded:
        return
    with database.engine.connect() as connection:
        declared = dict(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all())
    known_by_id = [table.name for table in tables.metadata.sorted_tables
                   if [column.name for column in table.primary_key] == ["id"]]
    assert [name for name in known_by_id if "AUTOINCREMENT" not in declared[name]] == []
