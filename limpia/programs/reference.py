"""The programs' reference data of data/: the national goals of both policy periods and the funding lines."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from limpia.programs.models import FundingLine, NationalGoal
from limpia.registry.reference import read_rows

DATA_DIR = Path(__file__).parent / "data"
GOAL_FIELDS = ("policy", "title", "indicator", "source", "participant_type")


def _load_goals() -> int:
    rows = read_rows(DATA_DIR / "goals.csv")
    for row in rows:
        defaults = {name: row[name] for name in GOAL_FIELDS}
        defaults.update(starts_on=date.fromisoformat(row["starts_on"]), ends_on=date.fromisoformat(row["ends_on"]),
                        baseline=Decimal(row["baseline"]), target=Decimal(row["target"]))  # fmt: skip
        NationalGoal.objects.update_or_create(code=row["code"], defaults=defaults)
    return len(rows)


def _load_lines() -> int:
    rows = read_rows(DATA_DIR / "funding_lines.csv")
    for row in rows:
        FundingLine.objects.update_or_create(name=row["name"], defaults={k: row[k] for k in ("source", "kind",
                                                                                           "description")})  # fmt: skip
    return len(rows)


LOADERS = {"programs-goals": _load_goals, "programs-funding-lines": _load_lines}
