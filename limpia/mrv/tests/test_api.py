"""The public calculator API and the figures endpoint."""

from decimal import Decimal

import pytest
from django.test import Client

from limpia.mrv import accounting

pytestmark = pytest.mark.django_db
EXAMPLE = {"items": [
    {"kind": "combustible.diesel", "quantity": "10000", "unit": "L", "period": "2023"},
    {"kind": "electricidad.sen", "quantity": "120", "unit": "MWh", "period": "2023-05"},
]}  # fmt: skip


def test_the_calculator_needs_no_login_and_shows_factors_and_formula(reference_data):
    response = Client().post("/api/v1/mrv/calculate", EXAMPLE, content_type="application/json")
    assert response.status_code == 200
    diesel, grid = response.json()["items"]
    co2 = next(line for line in diesel["lines"] if line["gas"] == "CO2")
    assert co2["tonnes"] == "26.892372" and "Ec. 2.1" in co2["formula"]
    assert {f["key"] for f in co2["factors"]} == {"diesel.density", "diesel.ncv", "diesel.ef_co2", "AR5.CO2"}
    assert (
        Decimal(grid["lines"][0]["co2e_t"]) == Decimal("120") * Decimal("0.3252")
        and grid["lines"][0]["factors"][0]["key"] == "2023-05"
    )


def test_the_calculator_refuses_a_unit_of_another_kind(reference_data):
    bad = {"items": [{"kind": "combustible.diesel", "quantity": "1", "unit": "kWh", "period": "2023"}]}
    response = Client().post("/api/v1/mrv/calculate", bad, content_type="application/json")
    assert response.status_code == 400 and "kWh" in response.json()["detail"]


def test_the_calculator_is_rate_limited(reference_data, settings):
    settings.CALCULATOR_RATE_PER_MINUTE = 2
    client = Client(REMOTE_ADDR="10.9.9.9")
    codes = [client.post("/api/v1/mrv/calculate", EXAMPLE, content_type="application/json").status_code
             for _ in range(3)]  # fmt: skip
    assert codes == [200, 200, 429]


def test_figures_are_limited_to_the_callers_scope(world):
    accounting.compute(accounting.new_version(reason="prueba"))
    client = Client()
    client.force_login(world.users["company"])
    response = client.get("/api/v1/mrv/figures", {"year": 2023, "dimension": "installation"})
    assert response.status_code == 200 and response.json()["rows"] == []  # nothing accepted yet
    client.force_login(world.users["staff"])
    assert client.get("/api/v1/mrv/figures", {"year": 2023, "dimension": "planet"}).status_code == 400
