"""Persistence: SQLAlchemy tables, tenant-scoped repositories, the unit of work, migrations."""
