"""The calendar engine and the terms rules (domain.md §6), and action applicability (§7). Pure: no ORM.

Every due date of an agreement derives from its terms and its clock start here, so the inbox, the
agreement's calendar, the iCalendar feed and the reminders always agree.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import holidays

from limpia.agreements.choices import Anchor, DueKind, TermUnit


def add_months(start: date, months: int) -> date:
    """Same day `months` later; the 31st of a shorter month becomes its last day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def chile_holidays(years: Iterable[int]) -> set[date]:
    """Chile's public holidays (the maintained `holidays` library, laws up to date)."""
    return set(holidays.country_holidays("CL", years=sorted(set(years))))


def is_business_day(day: date, holiday_set: set[date]) -> bool:
    return day.weekday() < 5 and day not in holiday_set


def add_business_days(start: date, days: int) -> date:
    """`days` días hábiles after `start`: Monday to Friday, not a public holiday of Chile."""
    holiday_set = chile_holidays(range(start.year, start.year + days // 200 + 2))
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if is_business_day(current, holiday_set):
            counted += 1
    return current


def next_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the first one after (Ley 19.880 Art. 25)."""
    holiday_set = chile_holidays([day.year, day.year + 1])
    while not is_business_day(day, holiday_set):
        day += timedelta(days=1)
    return day


def add_term(start: date, value: int, unit: str) -> date:
    if unit == TermUnit.CALENDAR_DAYS:
        return start + timedelta(days=value)
    if unit == TermUnit.BUSINESS_DAYS:
        return add_business_days(start, value)
    if unit == TermUnit.MONTHS:
        return add_months(start, value)
    return add_months(start, 12 * value)


@dataclass(frozen=True)
class TermRule:
    """A due date: `kind` falls `value` `unit` after `anchor`, `repeat` times (every `value`)."""

    kind: str
    value: int
    unit: str = TermUnit.MONTHS
    anchor: str = Anchor.CLOCK_START
    repeat: int = 1
    label: str = ""


@dataclass(frozen=True)
class Due:
    kind: str
    day: date
    sequence: int
    label: str = ""
    rule: int = 0  # position of the rule that gave it, to tell apart two rules of the same kind


@dataclass(frozen=True)
class Anchors:
    signature: date | None = None
    clock_start: date | None = None
    certification: date | None = None

    def get(self, anchor: str) -> date | None:
        return getattr(self, anchor)


@dataclass(frozen=True)
class Extension:
    """A prórroga: the due dates of `kinds` (all when empty) move by `value` `unit`."""

    value: int
    unit: str = TermUnit.MONTHS
    kinds: frozenset[str] = frozenset()


def due_dates(
    rules: Iterable[TermRule], anchors: Anchors, *, extensions: Iterable[Extension] = (), roll_to_business_day=False
) -> list[Due]:
    """Every due date the rules give from the known anchors, extensions applied, in date order.

    A rule may count from another due date (its anchor is a DueKind, e.g. agencies answer 90 days
    after the final report); it counts from the last date of that kind.
    """
    rules = list(rules)
    indexed = list(enumerate(rules))
    result = _expand([(i, r) for i, r in indexed if r.anchor in Anchor.values], anchors.get, extensions)
    latest = {due.kind: due.day for due in sorted(result, key=lambda d: d.day)}
    result += _expand([(i, r) for i, r in indexed if r.anchor not in Anchor.values], latest.get, extensions)
    if roll_to_business_day:
        result = [replace(due, day=next_business_day(due.day)) for due in result]
    return sorted(result, key=lambda d: (d.day, d.kind, d.sequence))


def _expand(rules: list[tuple[int, TermRule]], start_of, extensions: Iterable[Extension]) -> list[Due]:
    result = []
    for index, rule in rules:
        start = start_of(rule.anchor)
        if start is None:
            continue
        for sequence in range(1, rule.repeat + 1):
            due = Due(rule.kind, add_term(start, rule.value * sequence, rule.unit), sequence, rule.label, index)
            result.append(_extended(due, extensions))
    return result


def _extended(due: Due, extensions: Iterable[Extension]) -> Due:
    for extension in extensions:
        if not extension.kinds or due.kind in extension.kinds:
            due = replace(due, day=add_term(due.day, extension.value, extension.unit))
    return due


@dataclass(frozen=True)
class Terms:
    """The terms of an agreement that the consistency rules look at."""

    adhesion_value: int
    adhesion_unit: str
    implementation_months: int
    max_certification_months: int
    net_max_months: int
    rules: tuple[TermRule, ...] = field(default_factory=tuple)


NOMINAL_SIGNATURE = date(2000, 1, 31)  # month-end start: the strictest case for month arithmetic


def terms_problems(terms: Terms) -> dict[str, str]:
    """The consistency rules of domain.md §6; {field: message key} for each one broken."""
    problems = {}
    finals = [r for r in terms.rules if r.kind == DueKind.FINAL_AUDIT]
    follow_ups = [r for r in terms.rules if r.kind == DueKind.FOLLOW_UP_AUDIT]
    if len(finals) != 1 or finals[0].repeat != 1:
        problems["rules"] = "exactly_one_final_audit"
    elif any(_months(r, r.repeat) > _months(finals[0], 1) for r in follow_ups):
        problems["rules"] = "follow_up_after_final"
    elif _months(finals[0], 1) > terms.max_certification_months:
        problems["rules"] = "final_after_maximum"
    if terms.max_certification_months < terms.implementation_months:
        problems["max_certification_months"] = "maximum_below_implementation"
    adhesion_end = add_term(NOMINAL_SIGNATURE, terms.adhesion_value, terms.adhesion_unit)
    if add_months(NOMINAL_SIGNATURE, terms.net_max_months) < add_months(adhesion_end, terms.max_certification_months):
        problems["net_max_months"] = "net_below_maximum_plus_adhesion"
    return problems


def _months(rule: TermRule, sequence: int) -> float:
    """A rule's offset from the clock in months, for comparing terms of different units."""
    per_unit = {
        TermUnit.MONTHS: 1,
        TermUnit.YEARS: 12,
        TermUnit.CALENDAR_DAYS: 12 / 365,
        TermUnit.BUSINESS_DAYS: 12 / 250,
    }
    return rule.value * sequence * per_unit[TermUnit(rule.unit)]


@dataclass(frozen=True)
class Criteria:
    """Who an action applies to; an empty list means no restriction (domain.md §7)."""

    installation_kinds: tuple[str, ...] = ()
    size_classes: tuple[str, ...] = ()
    activity_prefixes: tuple[str, ...] = ()


def applies(criteria: Criteria, *, installation_kind: str, size_class: str, activity_code: str) -> bool:
    """Whether an action with these criteria applies to an installation of this kind, size and activity."""
    return (
        (not criteria.installation_kinds or installation_kind in criteria.installation_kinds)
        and (not criteria.size_classes or size_class in criteria.size_classes)
        and (not criteria.activity_prefixes or any(activity_code.startswith(p) for p in criteria.activity_prefixes))
    )
