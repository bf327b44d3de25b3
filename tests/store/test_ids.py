"""Ids are never handed out twice, on either database: an outside system may still hold a deleted
row's id, and must not reach another row with it (SQLite without AUTOINCREMENT reuses the id of
the newest row once it is deleted)."""

from billbook.services import contacts, customers, invoicing


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
    gone = invoicing.create_invoice(ctx, draft).invoice
    invoicing.delete_draft(ctx, gone.id)
    successor = invoicing.create_invoice(ctx, draft).invoice
    assert successor.id > gone.id
    assert [line.id for line in successor.lines][0] > [line.id for line in gone.lines][-1]
