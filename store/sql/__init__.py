"""The SQL core: one definition of each query fcc asks, standard library only.

Small functions over a DB-API cursor and a :class:`~fcc.store.sql.dialect.Dialect`. The store's
verbs call them inside their peewee transaction (``db.cursor()``), and the quick entry points
(``fcc status``/``start``/``stop``/``log``/``report``, the app's first frame) call them on a
plain ``sqlite3`` (or psycopg) connection without importing click, peewee or Textual. Nothing
in this package imports peewee, click, pydantic, Rich or Textual (a test holds it so).
"""
