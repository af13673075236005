"""The pure calculations, against worked examples."""

from datetime import date
from decimal import Decimal

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
