"""Emissions and reductions, pure, with Decimal (domain.md §11). No ORM; factors are arguments.

Each function cites its method. Units are in the names: t (tonnes), kg, TJ, Gg, MWh.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

MILLION = Decimal(10**6)
THOUSAND = Decimal(1000)
C_TO_CH4 = Decimal(16) / Decimal(12)


def fuel_co2_t(mass_t: Decimal, ncv_tj_per_gg: Decimal, ef_kg_per_tj: Decimal) -> Decimal:
    """CO2 from stationary combustion, IPCC 2006 Vol.2 Ch.2 Eq. 2.1 (tier 1):
    t CO2 = mass (t) × NCV (TJ/Gg) × EF (kg CO2/TJ) / 10^6 (t = 10^-3 Gg, kg = 10^-3 t)."""
    return mass_t * ncv_tj_per_gg * ef_kg_per_tj / MILLION


def fuel_gas_t(mass_t: Decimal, ncv_tj_per_gg: Decimal, ef_kg_per_tj: Decimal) -> Decimal:
    """CH4 or N2O from stationary combustion, IPCC 2006 Vol.2 Ch.2 Eq. 2.1 with Table 2.3 factors."""
    return fuel_co2_t(mass_t, ncv_tj_per_gg, ef_kg_per_tj)


def volume_to_mass_t(volume_l: Decimal, density_kg_per_l: Decimal) -> Decimal:
    """Litres of a liquid fuel to tonnes with its density (e.g. diesel 0.844 kg/L)."""
    return volume_l * density_kg_per_l / THOUSAND


def co2e_t(gas_t: Decimal, gwp: Decimal) -> Decimal:
    """CO2-equivalent of a gas with its 100-year global warming potential (IPCC AR5 or AR6)."""
    return gas_t * gwp


def grid_co2_t(energy_mwh: Decimal, factor_t_per_mwh: Decimal) -> Decimal:
    """Scope 2, location based: MWh × SEN grid factor (t CO2/MWh) of that month or year (GHG Protocol)."""
    return energy_mwh * factor_t_per_mwh


def grid_factor(
    year: int, month: int, *, monthly: dict[tuple[int, int], Decimal], yearly: dict[int, Decimal]
) -> Decimal:
    """The monthly SEN factor when published, else the yearly one."""
    if (year, month) in monthly:
        return monthly[(year, month)]
    return yearly[year]


def refrigerant_co2e_t(topup_kg: Decimal, gwp: Decimal) -> Decimal:
    """Refrigerant leaks by the mass-balance top-up method: kg × GWP / 1000 (t CO2e)."""
    return topup_kg * gwp / THOUSAND


def composting_t(waste_t: Decimal, ef_g_per_kg: Decimal) -> Decimal:
    """CH4 or N2O of composting or anaerobic digestion, IPCC 2006 Vol.5 Ch.4 Eq. 4.1 and 4.2:
    t gas = t waste (wet) × EF (g/kg) / 1000 (the Table 4.1 factors: CH4 10, N2O 0.6, digestion CH4 2)."""
    return waste_t * ef_g_per_kg / THOUSAND


@dataclass(frozen=True)
class Landfill:
    """IPCC 2006 Vol.5 Ch.3 parameters of one waste type at one site."""

    doc: Decimal  # degradable organic carbon, fraction of wet weight (food 0.15, paper 0.40…)
    k: Decimal  # decay rate, 1/yr (food, temperate wet 0.185)
    mcf: Decimal  # methane correction factor (managed anaerobic 1.0…)
    docf: Decimal = Decimal("0.5")  # fraction of DOC that decomposes
    f: Decimal = Decimal("0.5")  # CH4 fraction of landfill gas
    ox: Decimal = Decimal(0)  # oxidation factor (0.1 when covered)


def landfill_ch4_t(
    deposits_t: Sequence[Decimal], site: Landfill, *, recovered_t: Sequence[Decimal] = ()
) -> list[Decimal]:
    """CH4 emitted each year by the first-order decay model, IPCC 2006 Vol.5 Ch.3 Eq. 3.1–3.6.

    `deposits_t[i]` is the waste deposited in year i; the result has one value per year, emission in
    year T coming from the stock left at the end of year T−1 (waste decays from the year after it is
    deposited, as the Guidelines' spreadsheet does with its default six-month delay simplified).
    """
    decay = (-site.k).exp()
    stock, emitted = Decimal(0), []
    for year, deposit in enumerate(deposits_t):
        decomposed = stock * (1 - decay)  # Eq. 3.5
        stock = deposit * site.doc * site.docf * site.mcf + stock * decay  # Eq. 3.2, 3.4
        generated = decomposed * site.f * C_TO_CH4  # Eq. 3.6
        recovered = recovered_t[year] if year < len(recovered_t) else Decimal(0)
        emitted.append((generated - recovered) * (1 - site.ox))  # Eq. 3.1
    return emitted


def intensity(consumption: Decimal, production: Decimal) -> Decimal | None:
    """Specific consumption (SEC) per unit of product; None without production."""
    return consumption / production if production else None


def normalized_reduction_t(
    sec_baseline: Decimal, sec_period: Decimal, production_period: Decimal, ef: Decimal
) -> Decimal:
    """Intensity-based reduction: ER = (SEC_baseline − SEC_period) × production_period × EF, the
    baseline being the installation's initial diagnosis (domain.md §11)."""
    return (sec_baseline - sec_period) * production_period * ef


def grid_factor_key(year: int, month: int | None, keys: set[str]) -> str | None:
    """Which SEN factor applies: that month's when published, else that year's, else the latest earlier
    year's (the series is published with a lag); None when no year at or before `year` is known."""
    if month is not None and f"{year}-{month:02d}" in keys:
        return f"{year}-{month:02d}"
    years = sorted(int(k) for k in keys if k.isdigit() and int(k) <= year)
    return str(years[-1]) if years else None


def fuel_energy_gj(mass_t: Decimal, ncv_tj_per_gg: Decimal) -> Decimal:
    """Energy content: t × NCV (TJ/Gg = GJ/t)."""
    return mass_t * ncv_tj_per_gg


def landfill_emission_by_year(deposits: dict[int, Decimal], site: Landfill, last_year: int) -> dict[int, Decimal]:
    """`landfill_ch4_t` over calendar years: deposits keyed by year, emissions from the first deposit's
    year to `last_year` inclusive."""
    if not deposits:
        return {}
    first = min(deposits)
    years = list(range(first, last_year + 1))
    series = landfill_ch4_t([deposits.get(y, Decimal(0)) for y in years], site)
    return dict(zip(years, series, strict=True))
