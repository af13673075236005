"""One synthetic-data generator; each app contributes a step (its `seed.py` with `run(ctx)`)."""

import random
import sys
import time
from dataclasses import dataclass, field
from importlib import import_module

from django.db import transaction

STEPS = [
    "limpia.registry.seed",
    "limpia.accounts.seed",
    "limpia.agreements.seed",
    "limpia.audits.seed",
    "limpia.mrv.seed",
    "limpia.programs.seed",
]


@dataclass(frozen=True)
class Scale:
    name: str
    companies: int
    installations: int
    associations_per_sector: int


SCALES = {
    "demo": Scale("demo", companies=240, installations=400, associations_per_sector=1),
    # domain.md §1: ~8,400 companies and 14,040 production units across 11 sectors.
    "national": Scale("national", companies=8_400, installations=14_000, associations_per_sector=5),
    "x10": Scale("x10", companies=84_000, installations=140_000, associations_per_sector=50),
}


@dataclass
class SeedContext:
    scale: Scale
    rng: random.Random
    out: object = sys.stdout
    shared: dict = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def progress(self, label: str, done: int, total: int) -> None:
        """One line per step of progress: «empresas 4.200/8.400 (50 %)»."""
        percent = 100 * done // max(total, 1)
        self.out.write(
            f"  {label}: {done:,}/{total:,} ({percent} %) · {time.monotonic() - self.started:.1f} s\n".replace(",", ".")
        )
        self.out.flush()


def run_seed(scale_name: str, seed: int, out=sys.stdout) -> SeedContext:
    """Run every step in one transaction: a failed seed leaves nothing half-made."""
    ctx = SeedContext(scale=SCALES[scale_name], rng=random.Random(seed), out=out)
    with transaction.atomic():
        for path in STEPS:
            import_module(path).run(ctx)
    return ctx
