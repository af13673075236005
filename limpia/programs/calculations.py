"""Pure calculations of the programs: a goal's progress, pace and a region's contribution, the funding rules
(co-financing cap, award, disbursements, expense reports, dates), money in UF."""

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


def contribution_percent(region_value: Decimal | None, national_value: Decimal | None) -> Decimal | None:
    """A region's share of a national count, in percent (e.g. 120 of 2,000 new companies = 6.0 %); None
    without both figures or when the country has none yet."""
    if region_value is None or not national_value:
        return None
    return (region_value * 100 / national_value).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- Funding rules (domain.md §13: the fund co-finances up to 70 % of a project; calls, applications, awards,
# disbursements, expense reports). Each check answers None when the figure keeps the rule, else the Breach.

ABOVE_CAP = "above_cap"
ABOVE_REQUESTED = "above_requested"
ABOVE_AWARD = "above_award"
ABOVE_DISBURSED = "above_disbursed"
IN_THE_FUTURE = "in_the_future"
NOT_POSITIVE = "not_positive"


@dataclass(frozen=True)
class Breach:
    """A funding figure that breaks a rule: which rule, the figure (a total where payments add up) and its limit."""

    rule: str
    amount: Decimal | date
    limit: Decimal | date


def award_breach(amount: Decimal, *, requested: Decimal, total_cost: Decimal, cap_percent: Decimal) -> Breach | None:
    """An award is above zero, within the co-financing cap of the call (70 % of the total cost by default) and
    never above the amount requested; the cap is checked first, as it is the limit the fund sets."""
    if amount <= 0:
        return Breach(NOT_POSITIVE, amount, Decimal(0))
    cap = max_cofinancing(total_cost, cap_percent)
    if amount > cap:
        return Breach(ABOVE_CAP, amount, cap)
    if amount > requested:
        return Breach(ABOVE_REQUESTED, amount, requested)
    return None


def request_breach(amount: Decimal, *, total_cost: Decimal, cap_percent: Decimal) -> Breach | None:
    """An application asks for more than zero and at most the co-financing cap of the call."""
    if amount <= 0:
        return Breach(NOT_POSITIVE, amount, Decimal(0))
    cap = max_cofinancing(total_cost, cap_percent)
    return Breach(ABOVE_CAP, amount, cap) if amount > cap else None


def disbursement_breach(amount: Decimal, *, paid: Decimal, awarded: Decimal) -> Breach | None:
    """Disbursements (those already paid plus this one) never add up to more than the award."""
    if amount <= 0:
        return Breach(NOT_POSITIVE, amount, Decimal(0))
    return Breach(ABOVE_AWARD, paid + amount, awarded) if paid + amount > awarded else None


def expense_breach(amount: Decimal, *, reported: Decimal, disbursed: Decimal) -> Breach | None:
    """Expense reports not rejected (those already reported plus this one) never add up to more than what the
    fund has disbursed: a project accounts for money it received."""
    if amount <= 0:
        return Breach(NOT_POSITIVE, amount, Decimal(0))
    return Breach(ABOVE_DISBURSED, reported + amount, disbursed) if reported + amount > disbursed else None


def date_breach(day: date, *, today: date) -> Breach | None:
    """A payment or an expense report is never dated after today (America/Santiago)."""
    return Breach(IN_THE_FUTURE, day, today) if day > today else None


# --- Money in UF (domain.md §14: CLP and UF, with a daily value) ------------------------------------------------


@dataclass(frozen=True)
class InPesos:
    """An amount in pesos and, when it was in UF, the day and value of the UF used for it."""

    amount_clp: Decimal
    uf_date: date | None = None
    uf_value: Decimal | None = None


def in_pesos(amount_uf: Decimal, uf_date: date, uf_value: Decimal) -> InPesos:
    """UF 1,000 at $39,512.34 = $39,512,340, rounded to the peso; `uf_date` is the day whose value was used."""
    return InPesos(uf_to_clp(amount_uf, uf_value), uf_date, uf_value)
