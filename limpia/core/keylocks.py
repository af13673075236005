"""A row lock for a row that does not exist yet.

`select_for_update()` serializes writers that read the same row; a check such as «is this RUT already a
participant?» or «is this address free?» reads a row that may not exist, so two writers can both find
nothing and both insert. `hold(...)` makes every transaction that names the same key wait for the one that
holds it until it commits or rolls back (a PostgreSQL transaction-level advisory lock). SQLite needs nothing:
its transactions start IMMEDIATE, so writers are already one at a time.
"""

import hashlib

from django.db import connection


def key_of(*parts) -> int:
    """A stable signed 64-bit key for the parts (the advisory-lock key space)."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def hold(*parts) -> None:
    """Lock `parts` until the current transaction ends; must be called inside `transaction.atomic`."""
    if not connection.in_atomic_block:
        raise RuntimeError("hold() outside a transaction would release the lock at once")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key_of(*parts)])
