"""The calendar engine against the 2007 egg-sector APL (domain.md §6) and Chile's holidays."""

from datetime import date

import pytest

from limpia.agreements.calculations import (
    Anchors,
    Extension,
    TermRule,
    Terms,
    add_business_days,
    add_months,
    due_dates,
    next_business_day,
    terms_problems,
)
from limpia.agreements.choices import Anchor, DueKind, TermUnit

# Egg-sector APL (2007): adhesion within 90 calendar days of signature; initial diagnosis at month 2;
# follow-up audits at months 9 and 17; association reports at months 10 and 18; final evaluation at
# month 18; companies' final results by month 20; consolidated final report at month 21; agencies
# answer within 90 days; certificate valid 3 years with annual re-evaluations.
EGG_RULES = (
    TermRule(DueKind.ADHESION_DEADLINE, 90, TermUnit.CALENDAR_DAYS, Anchor.SIGNATURE),
    TermRule(DueKind.INITIAL_DIAGNOSIS, 2),
    TermRule(DueKind.FOLLOW_UP_AUDIT, 9),
    TermRule(DueKind.FOLLOW_UP_AUDIT, 17),
    TermRule(DueKind.ASSOCIATION_REPORT, 10),
    TermRule(DueKind.ASSOCIATION_REPORT, 18),
    TermRule(DueKind.FINAL_AUDIT, 18),
    TermRule(DueKind.FINAL_RESULTS, 20),
    TermRule(DueKind.FINAL_REPORT, 21),
    TermRule(DueKind.AGENCY_RESPONSE, 90, TermUnit.CALENDAR_DAYS, anchor=DueKind.FINAL_REPORT),
    TermRule(DueKind.CERTIFICATE_EXPIRY, 3, TermUnit.YEARS, Anchor.CERTIFICATION),
    TermRule(DueKind.MAINTENANCE_AUDIT, 12, TermUnit.MONTHS, Anchor.CERTIFICATION, repeat=2),
)
SIGNED = date(2007, 3, 30)


def _dates(dues):
    return [(d.kind, d.day) for d in dues]


def test_every_date_of_the_egg_sector_example():
    dues = due_dates(EGG_RULES, Anchors(signature=SIGNED, clock_start=SIGNED, certification=date(2009, 4, 15)))
    assert _dates(dues) == [
        (DueKind.INITIAL_DIAGNOSIS, date(2007, 5, 30)),
        (DueKind.ADHESION_DEADLINE, date(2007, 6, 28)),
        (DueKind.FOLLOW_UP_AUDIT, date(2007, 12, 30)),
        (DueKind.ASSOCIATION_REPORT, date(2008, 1, 30)),
        (DueKind.FOLLOW_UP_AUDIT, date(2008, 8, 30)),
        (DueKind.ASSOCIATION_REPORT, date(2008, 9, 30)),
        (DueKind.FINAL_AUDIT, date(2008, 9, 30)),
        (DueKind.FINAL_RESULTS, date(2008, 11, 30)),
        (DueKind.FINAL_REPORT, date(2008, 12, 30)),
        (DueKind.AGENCY_RESPONSE, date(2009, 3, 30)),
        (DueKind.MAINTENANCE_AUDIT, date(2010, 4, 15)),
        (DueKind.MAINTENANCE_AUDIT, date(2011, 4, 15)),
        (DueKind.CERTIFICATE_EXPIRY, date(2012, 4, 15)),
    ]


def test_clock_from_adhesion_approval_moves_only_the_implementation_dates():
    approval = date(2007, 6, 15)
    dues = {(d.kind, d.sequence): d.day for d in due_dates(EGG_RULES, Anchors(signature=SIGNED, clock_start=approval))}
    assert dues[(DueKind.ADHESION_DEADLINE, 1)] == date(2007, 6, 28)
    assert dues[(DueKind.INITIAL_DIAGNOSIS, 1)] == date(2007, 8, 15)
    assert dues[(DueKind.FINAL_AUDIT, 1)] == date(2008, 12, 15)
    assert (DueKind.CERTIFICATE_EXPIRY, 1) not in dues, "no certification yet, no expiry"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 8, 31), 18, date(2026, 2, 28)),
        (date(2024, 12, 15), 2, date(2025, 2, 15)),
    ],
)
def test_month_arithmetic_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (
            date(2024, 9, 16),
            3,
            date(2024, 9, 24),
            "17th counts; 18, 19, 20 September 2024 are holidays; 21-22 a weekend",
        ),
        (date(2025, 4, 16), 2, date(2025, 4, 21), "Good Friday 18 April 2025, then the weekend"),
        (date(2024, 12, 24), 1, date(2024, 12, 26), "Christmas Day"),
        (date(2025, 5, 19), 5, date(2025, 5, 27), "Navy Day, 21 May"),
        (date(2024, 6, 19), 1, date(2024, 6, 21), "National Indigenous Peoples Day, 20 June 2024"),
    ],
)
def test_business_days_skip_chilean_holidays(start, days, expected, why):
    assert add_business_days(start, days) == expected, why


def test_a_business_day_term_in_the_calendar():
    rules = [TermRule(DueKind.AGENCY_RESPONSE, 10, TermUnit.BUSINESS_DAYS, Anchor.SIGNATURE)]
    assert due_dates(rules, Anchors(signature=date(2024, 9, 13)))[0].day == date(2024, 10, 2)


def test_roll_to_the_next_business_day_when_asked():
    assert next_business_day(date(2024, 9, 18)) == date(2024, 9, 23)
    rules = [TermRule(DueKind.INITIAL_DIAGNOSIS, 2)]
    dues = due_dates(rules, Anchors(clock_start=date(2024, 7, 18)), roll_to_business_day=True)
    assert dues[0].day == date(2024, 9, 23)


def test_an_extension_moves_the_affected_dates_only():
    extension = Extension(3, TermUnit.MONTHS, frozenset({DueKind.FINAL_AUDIT, DueKind.FINAL_RESULTS}))
    anchors = Anchors(signature=SIGNED, clock_start=SIGNED)
    before = {d.kind: d.day for d in due_dates(EGG_RULES, anchors)}
    after = {d.kind: d.day for d in due_dates(EGG_RULES, anchors, extensions=[extension])}
    assert after[DueKind.FINAL_AUDIT] == date(2008, 12, 30)
    assert after[DueKind.FINAL_RESULTS] == date(2009, 2, 28)
    assert after[DueKind.INITIAL_DIAGNOSIS] == before[DueKind.INITIAL_DIAGNOSIS]


EGG_TERMS = Terms(
    adhesion_value=90, adhesion_unit=TermUnit.CALENDAR_DAYS, implementation_months=18,
    max_certification_months=18, net_max_months=24, rules=EGG_RULES,
)  # fmt: skip


def test_the_egg_terms_are_consistent():
    assert terms_problems(EGG_TERMS) == {}


@pytest.mark.parametrize(("changes", "field", "problem"), [
    ({"rules": tuple(r for r in EGG_RULES if r.kind != DueKind.FINAL_AUDIT)}, "rules", "exactly_one_final_audit"),
    ({"rules": (*EGG_RULES, TermRule(DueKind.FINAL_AUDIT, 20))}, "rules", "exactly_one_final_audit"),
    ({"rules": (*EGG_RULES, TermRule(DueKind.FOLLOW_UP_AUDIT, 19))}, "rules", "follow_up_after_final"),
    ({"max_certification_months": 17, "implementation_months": 17}, "rules", "final_after_maximum"),
    ({"max_certification_months": 18, "implementation_months": 20}, "max_certification_months",
     "maximum_below_implementation"),
    ({"net_max_months": 20}, "net_max_months", "net_below_maximum_plus_adhesion"),
])  # fmt: skip
def test_each_inconsistent_term_is_named(changes, field, problem):
    from dataclasses import replace

    assert terms_problems(replace(EGG_TERMS, **changes)).get(field) == problem
