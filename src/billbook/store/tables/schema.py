"""What every table shares: the naming convention of constraints and the id column's type."""

from sqlalchemy import BigInteger, Integer, MetaData

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity. Tables of
# rows known by their id set `sqlite_autoincrement`: without it SQLite hands the id of the newest
# row, once deleted, to the next one (PostgreSQL's sequences never go back).
Id = BigInteger().with_variant(Integer(), "sqlite")
