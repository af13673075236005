"""National goals seen from a region show the region's own value and its contribution (share of the national
value), never the national target's pace as if it were the region's; a regional goal keeps its own pace.
Screens, API and command line say the same."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from limpia.programs import goals
from limpia.programs.choices import Indicator
from limpia.programs.models import NationalGoal

pytestmark = pytest.mark.django_db


def _goals(world) -> tuple[NationalGoal, NationalGoal, NationalGoal]:
    """This year's goals: a national one of 2.000 new companies, a rate (certified share, 60 %), and region A's own
    goal of 4 new companies. The world's two companies adhered this year, one in each region."""
    year = timezone.localdate().year
    period = {"policy": "Política de prueba", "starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31)}
    national = NationalGoal.objects.create(code="N-1", title="Prueba: empresas nuevas", target=Decimal(2000),
                                           indicator=Indicator.NEW_COMPANIES, **period)  # fmt: skip
    rate = NationalGoal.objects.create(code="N-2", title="Prueba: certificadas", target=Decimal(60),
                                       indicator=Indicator.CERTIFIED_SHARE, baseline=Decimal(40), **period)  # fmt: skip
    regional = NationalGoal.objects.create(code="R-1", title="Prueba: empresas nuevas de A", region=world.a.region,
                                           indicator=Indicator.NEW_COMPANIES, target=Decimal(4), **period)  # fmt: skip
    return national, rate, regional


def test_a_national_goal_seen_from_a_region_gives_its_value_and_contribution_and_no_pace(world):
    """National: 2 new companies (one per region). From region A: 1, which is 1/2 = 50.0 % of the national 2; no
    pace (the 2.000 target is the country's). The rate goal: both companies certified in agreements of the year,
    so region A's own rate is 100 % (1 of 1) and the national rate 100 % (2 of 2); a rate has no contribution.
    Region A's own goal keeps its pace: 1 of 4 = 25.0 % of the way."""
    national, rate, regional = _goals(world)
    today = timezone.localdate()
    seen = goals.status(national, today, world.a.region)
    assert (seen.measure.value, seen.national_value, seen.contribution, seen.pace) == (1, 2, Decimal("50.0"), None)
    assert national.region_id is None  # the goal itself is not turned into a regional one
    assert goals.status(national, today).pace.progress == Decimal("0.1")  # nationally: 2 of 2.000 = 0,1 %
    seen = goals.status(rate, today, world.a.region)
    assert (seen.measure.value, seen.national_value, seen.contribution, seen.pace) == (100, 100, None, None)
    own = goals.status(regional, today, world.a.region)
    assert (own.measure.value, own.pace.progress, own.region) == (1, Decimal("25.0"), None)


def test_the_dashboard_and_the_api_show_the_contribution_for_a_region(world):
    national, _rate, regional = _goals(world)
    client = Client()
    client.force_login(world.users["regional"])
    cut = world.a.region.cut
    page = client.get(f"/programas/?region={cut}").content.decode()
    row = page[page.index("Prueba: empresas nuevas</a>") : page.index("Prueba: certificadas</a>")]
    assert "Aporte: 50 % del total nacional 2" in row and "se necesitan" not in row
    assert "El ritmo hacia la meta se mide para todo el país." in row
    own = page[page.index("Prueba: empresas nuevas de A</a>") :]
    assert "se necesitan" in own  # the region's own goal keeps its pace
    detail = client.get(f"/programas/metas/{national.pk}/?region={cut}").content.decode()
    assert "Aporte: 50 % del total nacional 2" in detail and "se necesitan" not in detail
    items = {g["code"]: g for g in client.get(f"/api/v1/programs/goals?region={cut}").json()}
    assert set(items) >= {"N-1", "N-2", "R-1"}
    assert (items["N-1"]["value"], items["N-1"]["measured_in"], items["N-1"]["national_value"],
            items["N-1"]["contribution"], items["N-1"]["needed_per_year"], items["N-1"]["progress"]) == (
        "1", cut, "2", "50.0", None, None)  # fmt: skip
    assert items["R-1"]["measured_in"] is None and items["R-1"]["progress"] == "25.0"
    one = client.get(f"/api/v1/programs/goals/{national.pk}?region={cut}").json()
    assert (one["value"], one["contribution"]) == ("1", "50.0")
    records = client.get(f"/api/v1/programs/goals/{national.pk}/records?region={cut}").json()["items"]
    assert [r["values"]["Empresa"] for r in records] == [world.a.company.legal_name]
    unknown = client.get("/api/v1/programs/goals?region=99")
    assert unknown.status_code == 400 and "«99»" in unknown.json()["detail"]


def test_the_command_line_gives_the_regions_value_and_contribution(world):
    _goals(world)
    out = io.StringIO()
    call_command("goals", region=world.a.region.cut, stdout=out)
    lines = {line.split()[0]: line for line in out.getvalue().splitlines()}
    assert f"1 en {world.a.region.cut} de 2 nacional (aporte 50 %)" in lines["N-1"]
    assert "1 / 4 (25 %)" in lines["R-1"]
    with pytest.raises(Exception, match="«99»"):
        call_command("goals", region="99", stdout=io.StringIO())
