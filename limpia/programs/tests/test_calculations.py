"""The pure calculations, against worked examples."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limpia.programs import calculations


def test_pace_halfway_through_a_four_year_goal():
    # 2020-01-01 to 2024-01-01 is 1,461 days = 4 years of 365.25 days. On 2022-01-01, 731 days have gone
    # (2.0014 years) and 730 are left (1.9986 years). With 1,000 of 4,000 reached:
    #   current pace = 1,000 / 2.0014 = 499.66 a year; needed = 3,000 / 1.9986 = 1,501.03 a year.
    pace = calculations.pace(Decimal(1000), Decimal(0), Decimal(4000), date(2020, 1, 1), date(2024, 1, 1),
                             date(2022, 1, 1))  # fmt: skip
    assert pace.progress == Decimal("25.0")
    assert pace.elapsed == Decimal("50.0")
    assert pace.current_per_year == Decimal("499.66")
    assert pace.needed_per_year == Decimal("1501.03")
    assert pace.on_track is False


def test_a_share_goal_counts_from_its_baseline():
    # 60 % certified, up from 40 %: 50 % is halfway there.
    assert calculations.progress(Decimal(50), Decimal(40), Decimal(60)) == Decimal("50.0")
    assert calculations.progress(Decimal(35), Decimal(40), Decimal(60)) == Decimal("0.0")


def test_a_finished_period_needs_no_pace_and_a_reached_goal_is_on_track():
    pace = calculations.pace(Decimal(700), Decimal(0), Decimal(600), date(2006, 1, 1), date(2010, 12, 31),
                             date(2026, 11, 22))  # fmt: skip
    assert pace.needed_per_year is None
    assert pace.progress == 100
    assert pace.elapsed == 100
    assert pace.on_track


def test_cofinancing_limit_of_seventy_percent():
    assert calculations.max_cofinancing(Decimal("10000000"), Decimal(70)) == Decimal("7000000.00")
    assert calculations.cofinanced_share(Decimal("7500000"), Decimal("10000000")) == Decimal("75.00")


def test_uf_to_pesos():
    assert calculations.uf_to_clp(Decimal(100), Decimal("37000.55")) == Decimal(3_700_055)


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.decimals(min_value=1, max_value=100, places=2))
def test_the_limit_never_exceeds_the_cost(total, limit):
    assert 0 <= calculations.max_cofinancing(total, limit) <= total


# --- Funding rules, worked by hand ------------------------------------------------------------------------------

D = Decimal


def test_an_award_within_the_cap_and_the_request_passes():
    """Total cost 10,000,000 at 70 %: the cap is 7,000,000. Asked 7,000,000; 6,800,000 awarded ≤ both → no breach.
    Exactly the cap and exactly the request also pass (the rules say «never exceeds»)."""
    rule = dict(requested=D(7_000_000), total_cost=D(10_000_000), cap_percent=D(70))
    assert calculations.award_breach(D(6_800_000), **rule) is None
    assert calculations.award_breach(D(7_000_000), **rule) is None


def test_an_award_above_the_cap_breaks_the_cap_first():
    """8,000,000 of a 10,000,000 project at 70 %: 8,000,000 > 7,000,000 → the cap, stated as 7,000,000 (it is also
    above the 7,000,000 asked, but the cap is the fund's limit and is said first)."""
    breach = calculations.award_breach(D(8_000_000), requested=D(7_000_000), total_cost=D(10_000_000),
                                       cap_percent=D(70))  # fmt: skip
    assert breach == calculations.Breach(calculations.ABOVE_CAP, D(8_000_000), D("7000000.00"))


def test_an_award_above_the_request_but_within_the_cap_is_refused():
    """Asked 5,000,000 of a 10,000,000 project; cap 7,000,000. Awarding 6,000,000 is within the cap but 1,000,000
    more than was asked → above the request (limit 5,000,000)."""
    breach = calculations.award_breach(D(6_000_000), requested=D(5_000_000), total_cost=D(10_000_000),
                                       cap_percent=D(70))  # fmt: skip
    assert breach == calculations.Breach(calculations.ABOVE_REQUESTED, D(6_000_000), D(5_000_000))


def test_a_cap_of_sixty_two_and_a_half_percent_keeps_its_cents():
    """1,234,567 × 62.5 % = 771,604.375 → 771,604.38 (half up); 771,604.38 passes, 771,604.39 breaks it."""
    rule = dict(requested=D(800_000), total_cost=D(1_234_567), cap_percent=D("62.5"))
    assert calculations.award_breach(D("771604.38"), **rule) is None
    assert calculations.award_breach(D("771604.39"), **rule).limit == D("771604.38")


@pytest.mark.parametrize("amount", [D(0), D(-1)])
def test_nothing_or_less_is_never_awarded_paid_or_reported(amount):
    rule = calculations.NOT_POSITIVE
    assert calculations.award_breach(amount, requested=D(5), total_cost=D(10), cap_percent=D(70)).rule == rule
    assert calculations.request_breach(amount, total_cost=D(10), cap_percent=D(70)).rule == rule
    assert calculations.disbursement_breach(amount, paid=D(0), awarded=D(100)).rule == rule
    assert calculations.expense_breach(amount, reported=D(0), disbursed=D(100)).rule == rule


def test_disbursements_add_up_to_the_award_at_most():
    """Awarded 100, 80 paid: 20 more makes 100 (passes); 21 more makes 101 > 100 (refused, total 101)."""
    assert calculations.disbursement_breach(D(20), paid=D(80), awarded=D(100)) is None
    assert calculations.disbursement_breach(D(21), paid=D(80), awarded=D(100)) == calculations.Breach(
        calculations.ABOVE_AWARD, D(101), D(100))  # fmt: skip
    # The concurrent case: the second of two payments of 80 reads 80 paid → 160 > 100.
    assert calculations.disbursement_breach(D(80), paid=D(80), awarded=D(100)).amount == D(160)


def test_expense_reports_add_up_to_what_was_disbursed_at_most():
    """Disbursed 400, 250 reported: 150 more makes 400 (passes); 150.01 more makes 400.01 (refused)."""
    assert calculations.expense_breach(D(150), reported=D(250), disbursed=D(400)) is None
    assert calculations.expense_breach(D("150.01"), reported=D(250), disbursed=D(400)) == calculations.Breach(
        calculations.ABOVE_DISBURSED, D("400.01"), D(400))  # fmt: skip
    assert calculations.expense_breach(D(1), reported=D(0), disbursed=D(0)).limit == 0  # nothing paid yet


def test_a_date_after_today_is_refused_today_is_not():
    today = date(2026, 12, 2)
    assert calculations.date_breach(today, today=today) is None
    assert calculations.date_breach(date(2026, 12, 3), today=today) == calculations.Breach(
        calculations.IN_THE_FUTURE, date(2026, 12, 3), today)  # fmt: skip


def test_uf_amounts_say_the_day_of_the_uf_used():
    """UF 1,000 × $39,512.34 = $39,512,340 exactly; UF 10.5 × $39,512.34 = $414,879.57 → $414,880 (half up)."""
    assert calculations.in_pesos(D(1000), date(2026, 11, 1), D("39512.34")) == calculations.InPesos(
        D(39_512_340), date(2026, 11, 1), D("39512.34"))  # fmt: skip
    assert calculations.in_pesos(D("10.5"), date(2026, 11, 1), D("39512.34")).amount_clp == D(414_880)


def test_a_regions_contribution_is_its_share_of_the_national_value():
    """120 of 2,000 new companies = 6.0 %; 1 of 3 = 33.3 %; the country without any yet → none (not 0/0)."""
    assert calculations.contribution_percent(D(120), D(2000)) == D("6.0")
    assert calculations.contribution_percent(D(1), D(3)) == D("33.3")
    assert calculations.contribution_percent(D(0), D(0)) is None
    assert calculations.contribution_percent(None, D(10)) is None
