"""Pure calculations of the programs: a goal's progress and pace, co-financing, money in UF."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DAYS_PER_YEAR = Decimal("365.25")


@dataclass(frozen=True)
class Pace:
    progress: Decimal  # percent of the way from baseline to target, 0–100
    elapsed: Decimal  # percent of the period gone by, 0–100
    current_per_year: Decimal | None  # what the indicator has gained per year so far
    needed_per_year: Decimal | None  # what it must gain per year from today to reach the target; None once over
    on_track: bool


def _years(start: date, end: date) -> Decimal:
    return Decimal((end - start).days) / DAYS_PER_YEAR


def progress(value: Decimal, baseline: Decimal, target: Decimal) -> Decimal:
    """Percent of the way from the baseline to the target (0 when not past the baseline, at most 100)."""
    span = target - baseline
    if span <= 0:
        return Decimal(100) if value >= target else Decimal(0)
    share = (value - baseline) / span * 100
    return min(max(share, Decimal(0)), Decimal(100)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def pace(value: Decimal, baseline: Decimal, target: Decimal, starts_on: date, ends_on: date, today: date) -> Pace:
    """The current pace (gain per year since the period began) against the pace needed to reach the target by
    the end of the period; a goal is on track when the current pace, kept up, reaches the target."""
    total = _years(starts_on, ends_on) or Decimal(1)
    gone = min(max(_years(starts_on, min(today, ends_on)), Decimal(0)), total)
    left = total - gone
    gained = value - baseline
    current = (gained / gone).quantize(Decimal("0.01")) if gone else None
    missing = max(target - value, Decimal(0))
    needed = (missing / left).quantize(Decimal("0.01")) if left > 0 else None
    on_track = value >= target or (current is not None and needed is not None and current >= needed)
    elapsed = (gone / total * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Pace(progress(value, baseline, target), elapsed, current, needed, on_track)


def share_percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP) if whole else None


def cofinanced_share(requested: Decimal, total_cost: Decimal) -> Decimal:
    """The share of the project the fund would pay, in percent."""
    return (requested / total_cost * 100).quantize(Decimal("0.01"), ROUND_HALF_UP) if total_cost else Decimal(100)


def max_cofinancing(total_cost: Decimal, limit_percent: Decimal) -> Decimal:
    """The most the fund may pay for a project of `total_cost` (the fund co-finances up to 70 % by default)."""
    return (total_cost * limit_percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def uf_to_clp(amount_uf: Decimal, uf_value: Decimal) -> Decimal:
    return (amount_uf * uf_value).quantize(Decimal(1), ROUND_HALF_UP)
