"""Writing many rows at once: PostgreSQL COPY, or batched INSERTs on SQLite. For machine-made rows only
(seeds, computed figures): nothing here validates, and no model `save()` or signal runs."""

from collections.abc import Iterable

from django.db import connection

BATCH = 5_000


def insert_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Append rows (tuples in the order of `columns`) to a table; returns how many."""
    if connection.vendor == "postgresql":
        return _copy(table, columns, rows)
    count, batch = 0, []
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", batch)
    return count + len(batch)


def analyze(table: str) -> None:
    """Fresh planner statistics after a bulk write (PostgreSQL): a stale row count turns hash joins into
    nested loops over millions of rows. A no-op on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def _copy(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    count = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
