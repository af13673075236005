"""The calculations with the shipped factor tables, against domain.md §11: the factor-table products,
AR5 against AR6, monthly against yearly grid factors, refrigerants, composting and landfill."""

from decimal import Decimal as D

import pytest

from limpia.mrv import accounting
from limpia.mrv import calculations as calc
from limpia.mrv import factors as fx
from limpia.mrv.models import Variable

pytestmark = pytest.mark.django_db


def _factors(gwp="AR5") -> fx.Factors:
    sets = {kind: (f"{kind} {s.version}", s.values) for kind, s in accounting.latest_sets().items()}
    return fx.Factors(sets, gwp)


def _lines(code, quantity, year=2023, month=None, gwp="AR5"):
    spec = accounting.spec(Variable.objects.get(code=code))
    return {line.gas: line for line in fx.lines(spec, D(quantity), year, month, _factors(gwp))}


@pytest.mark.parametrize(("code", "per_tonne"), [
    ("combustible.carbon_bituminoso", "2.44068"), ("combustible.carbon_subbituminoso", "1.81629"),
    ("combustible.petcoke", "3.16875"),
])  # fmt: skip
def test_a_tonne_of_solid_fuel_gives_the_table_product(reference_data, code, per_tonne):
    assert _lines(code, 1)["CO2"].tonnes == D(per_tonne)


def test_wood_co2_is_biogenic_and_left_out_of_the_total(reference_data):
    lines = _lines("combustible.lena", 1)
    assert lines["CO2 biogénico"].tonnes == D("1.7472") and not lines["CO2 biogénico"].counted
    assert lines["CH4"].counted and lines["CH4"].co2e_t == D("1") * D("15.6") * 30 / 10**6 * 28


def test_diesel_by_litres_in_ar5_and_ar6(reference_data):
    ar5, ar6 = _lines("combustible.diesel", 10_000), _lines("combustible.diesel", 10_000, gwp="AR6")
    assert ar5["CO2"].tonnes == D("26.892372")
    assert ar5["CH4"].co2e_t == D("0.00108876") * 28 and ar5["N2O"].co2e_t == D("0.000217752") * 265
    # AR6: fossil methane 29.8, N2O 273 (domain.md §11)
    assert ar6["CH4"].co2e_t == D("0.00108876") * D("29.8") and ar6["N2O"].co2e_t == D("0.000217752") * 273
    assert [f.key for f in ar5["CO2"].factors] == ["diesel.density", "diesel.ncv", "diesel.ef_co2", "AR5.CO2"]


def test_grid_monthly_when_published_else_yearly_else_latest_year(reference_data):
    may = _lines("electricidad.sen", 120_000, 2023, 5)["CO2"]
    assert may.tonnes == D("120") * D("0.3252") and may.factors[0].key == "2023-05"
    assert _lines("electricidad.sen", 120_000, 2023)["CO2"].tonnes == D("120") * D("0.2421")
    assert _lines("electricidad.sen", 120_000, 2021, 5)["CO2"].tonnes == D("120") * D("0.3907")
    later = _lines("electricidad.sen", 1000, 2025, 3)["CO2"]
    assert later.factors[0].key == "2023"  # the series is published late: the latest year's factor
    with pytest.raises(fx.MissingFactor):
        _lines("electricidad.sen", 1000, 2017, 1)


def test_refrigerant_top_up_in_ar5_and_ar6(reference_data):
    assert _lines("refrigerante.R-410A", 12)["R-410A"].co2e_t == D("23.088")
    assert _lines("refrigerante.R-410A", 12, gwp="AR6")["R-410A"].co2e_t == D("27.072")


def test_composting_and_digestion(reference_data):
    compost = _lines("residuo.alimentos.composting", 10)
    assert (compost["CH4"].tonnes, compost["N2O"].tonnes) == (D("0.1"), D("0.006"))
    assert _lines("residuo.alimentos.digestion", 10)["CH4"].tonnes == D("0.02")


def test_landfill_lines_follow_the_first_order_decay_model(reference_data):
    spec = accounting.spec(Variable.objects.get(code="residuo.alimentos.landfill"))
    lines = fx.landfill_lines(spec, {2020: D(100)}, 2023, "13", _factors())  # Metropolitana: dry
    site = calc.Landfill(doc=D("0.15"), k=D("0.06"), mcf=D("1.0"), ox=D("0.1"))
    expected = calc.landfill_ch4_t([D(100), D(0), D(0), D(0)], site)
    assert [line.tonnes for line in lines] == expected
    assert lines[0].tonnes == 0 and lines[1].tonnes > lines[2].tonnes > 0  # decays from the year after
    wet = fx.landfill_lines(spec, {2020: D(100)}, 2023, "10", _factors())  # Los Lagos: wet, faster decay
    assert wet[1].tonnes > lines[1].tonnes


def test_per_unit_coefficients_reproduce_the_lines(reference_data):
    """The national recomputation multiplies quantities by per-unit figures: same result as the lines."""
    spec = accounting.spec(Variable.objects.get(code="combustible.diesel"))
    per = fx.per_unit(spec, 2023, 5, _factors())
    lines = fx.lines(spec, D(10_000), 2023, 5, _factors())
    assert per.scope1_co2e_t * 10_000 == sum(line.co2e_t for line in lines)
    assert per.energy_gj * 10_000 == D("8.44") * D("43.0")
