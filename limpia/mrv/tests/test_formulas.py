"""The MRV formulas against the factor-table products and worked examples of domain.md §11."""

from decimal import Decimal as D

import pytest

from limpia.mrv.calculations import (
    Landfill,
    co2e_t,
    composting_t,
    fuel_co2_t,
    fuel_gas_t,
    grid_co2_t,
    grid_factor,
    intensity,
    landfill_ch4_t,
    normalized_reduction_t,
    refrigerant_co2e_t,
    volume_to_mass_t,
)

# IPCC 2006 Vol.2 Ch.1 (domain.md §11): EF kg CO2/TJ, NCV TJ/Gg, and their product in t CO2 per t.
FUELS = [
    ("diesel", "74100", "43.0", "3.1863"),
    ("residual fuel oil", "77400", "40.4", "3.12696"),
    ("LPG", "63100", "47.3", "2.98463"),
    ("natural gas", "56100", "48.0", "2.6928"),
    ("motor gasoline", "69300", "44.3", "3.06999"),
    ("kerosene", "71900", "43.8", "3.14922"),
    ("bituminous coal", "94600", "25.8", "2.44068"),
    ("sub-bituminous coal", "96100", "18.9", "1.81629"),
    ("petroleum coke", "97500", "32.5", "3.16875"),
    ("wood (biogenic)", "112000", "15.6", "1.7472"),
]


@pytest.mark.parametrize(("fuel", "ef", "ncv", "per_tonne"), FUELS)
def test_one_tonne_of_each_fuel_gives_the_table_product(fuel, ef, ncv, per_tonne):
    assert fuel_co2_t(D(1), D(ncv), D(ef)) == D(per_tonne), fuel


def test_diesel_by_volume_with_ch4_and_n2o_in_ar5_and_ar6():
    mass = volume_to_mass_t(D(10_000), D("0.844"))  # 10,000 L of diesel
    assert mass == D("8.44")
    co2 = fuel_co2_t(mass, D("43.0"), D(74100))
    ch4 = fuel_gas_t(mass, D("43.0"), D(3))
    n2o = fuel_gas_t(mass, D("43.0"), D("0.6"))
    assert co2 == D("26.892372")
    assert (ch4, n2o) == (D("0.00108876"), D("0.000217752"))
    ar5 = co2 + co2e_t(ch4, D(28)) + co2e_t(n2o, D(265))
    ar6 = co2 + co2e_t(ch4, D("27.9")) + co2e_t(n2o, D(273))
    # AR5: 26.892372 + 0.00108876 × 28 + 0.000217752 × 265; AR6 with 27.9 and 273.
    assert ar5 == D("26.98056156") and ar6 == D("26.9821947")


MONTHLY_2023 = [
    "0.2383",
    "0.2618",
    "0.2929",
    "0.3244",
    "0.3252",
    "0.2783",
    "0.2176",
    "0.2193",
    "0.2235",
    "0.1813",
    "0.1758",
    "0.1670",
]
YEARLY = {
    2018: D("0.4187"),
    2019: D("0.4056"),
    2020: D("0.3834"),
    2021: D("0.3907"),
    2022: D("0.3006"),
    2023: D("0.2421"),
}
MONTHLY = {(2023, m): D(v) for m, v in enumerate(MONTHLY_2023, start=1)}


def test_monthly_grid_factor_when_published_else_yearly():
    assert grid_factor(2023, 7, monthly=MONTHLY, yearly=YEARLY) == D("0.2176")
    assert grid_factor(2022, 7, monthly=MONTHLY, yearly=YEARLY) == D("0.3006")
    july = grid_co2_t(D(500), grid_factor(2023, 7, monthly=MONTHLY, yearly=YEARLY))
    assert july == D("108.8000") and grid_co2_t(D(500), YEARLY[2023]) == D("121.0500")


def test_the_2023_yearly_factor_is_the_mean_of_its_months():
    mean = sum(MONTHLY.values()) / 12
    assert mean.quantize(D("0.0001")) == YEARLY[2023]


@pytest.mark.parametrize(
    ("gas", "gwp_ar5", "gwp_ar6", "t_ar5", "t_ar6"),
    [
        ("HFC-134a", 1300, 1530, "13", "15.3"),
        ("R-410A", 1924, 2256, "19.24", "22.56"),
        ("R-404A", 3943, 4728, "39.43", "47.28"),
    ],
)
def test_refrigerant_top_ups(gas, gwp_ar5, gwp_ar6, t_ar5, t_ar6):
    assert refrigerant_co2e_t(D(10), D(gwp_ar5)) == D(t_ar5) and refrigerant_co2e_t(D(10), D(gwp_ar6)) == D(t_ar6)


def test_composting_and_anaerobic_digestion():
    assert composting_t(D(100), D(10)) == D(1) and composting_t(D(100), D("0.6")) == D("0.06")
    assert composting_t(D(100), D(2)) == D("0.2")


def test_landfill_first_order_decay_of_one_deposit():
    """100 t of food waste in a managed anaerobic landfill (DOC 0.15, k 0.185, MCF 1, DOCf 0.5, F 0.5):
    DDOCm = 100 × 0.15 × 0.5 × 1 = 7.5 t; year 2 decomposes 7.5 × (1 − e^−0.185) = 7.5 × 0.1688957
    = 1.2667179 t of C, giving 1.2667179 × 0.5 × 16/12 = 0.844479 t CH4; the decay goes on geometrically."""
    site = Landfill(doc=D("0.15"), k=D("0.185"), mcf=D(1))
    years = landfill_ch4_t([D(100), D(0), D(0), D(0)], site)
    assert years[0] == 0
    assert years[1].quantize(D("0.000001")) == D("0.844479")
    decay = (-D("0.185")).exp()
    assert (years[2] / years[1]).quantize(D("0.000001")) == decay.quantize(D("0.000001"))
    total = sum(landfill_ch4_t([D(100)] + [D(0)] * 200, site))
    assert total.quantize(D("0.0001")) == (D("7.5") * D("0.5") * D(16) / D(12)).quantize(D("0.0001"))


def test_landfill_cover_oxidation_and_recovery():
    site = Landfill(doc=D("0.40"), k=D("0.06"), mcf=D("0.5"), ox=D("0.1"))
    bare = landfill_ch4_t([D(50), D(50)], Landfill(doc=D("0.40"), k=D("0.06"), mcf=D("0.5")))
    covered = landfill_ch4_t([D(50), D(50)], site)
    assert covered[1] == bare[1] * D("0.9")
    assert landfill_ch4_t([D(50), D(50)], site, recovered_t=[D(0), bare[1]])[1] == 0


def test_normalized_reduction_against_the_baseline():
    """Baseline 120 kWh/t, period 100 kWh/t, 5,000 t produced, grid 0.0002421 t CO2/kWh (2023):
    ER = (120 − 100) × 5,000 × 0.0002421 = 24.21 t CO2."""
    sec_base, sec_now = intensity(D(600_000), D(5_000)), intensity(D(500_000), D(5_000))
    assert (sec_base, sec_now) == (D(120), D(100))
    assert normalized_reduction_t(sec_base, sec_now, D(5_000), D("0.0002421")) == D("24.2100")
    assert intensity(D(10), D(0)) is None
