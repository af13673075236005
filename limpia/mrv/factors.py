"""A calculation's factors (one version of each set) and what each variable emits, line by line, with the
factors used and the formula: the calculator shows these lines; the national accounts use them per base unit.

Pure: no ORM. Sets arrive as `{kind: (label, values)}` with values `{key: {"value", "unit", "note"}}`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from limpia.mrv import calculations as calc

KWH_PER_MWH = Decimal(1000)
GJ_PER_KWH = Decimal("0.0036")
LANDFILL_TYPES = ("alimentos", "jardin", "papel", "madera", "textil")
# Regions with a temperate wet climate for the decay rates (Biobío southwards, CUT codes); the rest dry.
WET_REGIONS = frozenset({"16", "08", "09", "14", "10", "11", "12"})


class MissingFactor(Exception):
    """A factor the calculation needs is not in the chosen version."""

    def __init__(self, kind: str, key: str):
        super().__init__(f"{kind}:{key}")
        self.kind, self.key = kind, key


@dataclass(frozen=True)
class Factor:
    kind: str
    key: str
    value: Decimal
    unit: str
    source: str  # the set's label: «fuels IPCC2006-1»
    note: str = ""

    def as_dict(self) -> dict:
        return {"key": self.key, "value": str(self.value), "unit": self.unit, "source": self.note or self.source,
                "version": self.source}  # fmt: skip


@dataclass(frozen=True)
class VariableSpec:
    """What the calculations need to know of a variable."""

    code: str
    category: str
    base_unit: str
    fuel: str = ""
    waste_type: str = ""
    destination: str = ""
    gas: str = ""


@dataclass
class Line:
    """One gas of one source: tonnes of gas and of CO2e, with the factors and formula behind them."""

    source: str  # combustion | electricity | refrigerant | waste | landfill
    gas: str
    tonnes: Decimal
    co2e_t: Decimal
    formula: str
    factors: list[Factor] = field(default_factory=list)
    counted: bool = True  # biogenic CO2 is reported apart, out of the total
    year: int | None = None


class Factors:
    def __init__(self, sets: dict[str, tuple[str, dict]], gwp_set: str = "AR5"):
        self.sets, self.gwp_set = sets, gwp_set

    def get(self, kind: str, key: str) -> Factor:
        label, values = self.sets[kind]
        if key not in values:
            raise MissingFactor(kind, key)
        item = values[key]
        return Factor(kind, key, Decimal(str(item["value"])), item.get("unit", ""), label, item.get("note", ""))

    def has(self, kind: str, key: str) -> bool:
        return key in self.sets[kind][1]

    def grid(self, year: int, month: int | None) -> Factor:
        key = calc.grid_factor_key(year, month, set(self.sets["grid"][1]))
        if key is None:
            raise MissingFactor("grid", str(year))
        return self.get("grid", key)

    def gwp(self, gas: str, fossil: bool = False) -> Factor:
        if fossil and gas == "CH4" and self.has("gwp", f"{self.gwp_set}.CH4_fossil"):
            return self.get("gwp", f"{self.gwp_set}.CH4_fossil")
        return self.get("gwp", f"{self.gwp_set}.{gas}")

    def landfill_site(self, waste_type: str, region_cut: str) -> tuple[calc.Landfill, list[Factor]]:
        climate = "wet" if region_cut in WET_REGIONS else "dry"
        used = [self.get("waste", key) for key in (f"doc.{waste_type}", f"k.{waste_type}.{climate}", "site.mcf",
                                                     "docf", "f", "site.ox")]  # fmt: skip
        doc, k, mcf, docf, f, ox = (item.value for item in used)
        return calc.Landfill(doc=doc, k=k, mcf=mcf, docf=docf, f=f, ox=ox), used


def lines(spec: VariableSpec, quantity: Decimal, year: int, month: int | None, factors: Factors) -> list[Line]:
    """The emissions of `quantity` (in the variable's base unit) of one variable in one period."""
    compute = _BY_CATEGORY.get(spec.category)
    return compute(spec, quantity, year, month, factors) if compute else []


def _combustion(spec, quantity, year, month, factors) -> list[Line]:
    density = factors.get("fuels", f"{spec.fuel}.density")
    ncv = factors.get("fuels", f"{spec.fuel}.ncv")
    mass_t = calc.volume_to_mass_t(quantity, density.value)
    biogenic = factors.has("fuels", f"{spec.fuel}.biogenic")
    result = []
    for gas in ("CO2", "CH4", "N2O"):
        ef = factors.get("fuels", f"{spec.fuel}.ef_{gas.lower()}")
        tonnes = calc.fuel_co2_t(mass_t, ncv.value, ef.value)
        if gas == "CO2":
            gwp, counted = factors.gwp("CO2"), not biogenic
        else:
            gwp, counted = factors.gwp(gas, fossil=not biogenic), True
        result.append(Line(
            "combustion", f"{gas} biogénico" if gas == "CO2" and biogenic else gas, tonnes,
            calc.co2e_t(tonnes, gwp.value),
            "IPCC 2006 Vol.2 Cap.2 Ec. 2.1: t = cantidad × densidad / 1000 × PCI (TJ/Gg) × FE (kg/TJ) / 10^6; "
            "CO2e = t × PCG",
            [density, ncv, ef, gwp], counted,
        ))  # fmt: skip
    return result


def _electricity(spec, quantity, year, month, factors) -> list[Line]:
    grid = factors.grid(year, month)
    tonnes = calc.grid_co2_t(quantity / KWH_PER_MWH, grid.value)
    formula = "Alcance 2, basado en ubicación (GHG Protocol): MWh × factor del SEN (t CO2/MWh)"
    return [Line("electricity", "CO2", tonnes, tonnes, formula, [grid])]


def _refrigerant(spec, quantity, year, month, factors) -> list[Line]:
    gwp = factors.gwp(spec.gas)
    formula = "Fugas por balance de masa: kg recargados × PCG / 1000"
    return [Line("refrigerant", spec.gas, quantity / calc.THOUSAND, calc.refrigerant_co2e_t(quantity, gwp.value),
                 formula, [gwp])]  # fmt: skip


def _waste(spec, quantity, year, month, factors) -> list[Line]:
    if spec.destination == "composting":
        gases = (("CH4", "composting.ch4"), ("N2O", "composting.n2o"))
    elif spec.destination == "digestion":
        gases = (("CH4", "digestion.ch4"),)
    else:
        return []  # landfill: first-order decay over the years after disposal (landfill_lines)
    result = []
    for gas, key in gases:
        ef, gwp = factors.get("waste", key), factors.gwp(gas)
        tonnes = calc.composting_t(quantity, ef.value)
        formula = "IPCC 2006 Vol.5 Cap.4 Ec. 4.1–4.2: t gas = t residuo × FE (g/kg) / 1000; CO2e = t × PCG"
        result.append(Line("waste", gas, tonnes, calc.co2e_t(tonnes, gwp.value), formula, [ef, gwp]))
    return result


_BY_CATEGORY = {"fuel": _combustion, "electricity": _electricity, "refrigerant": _refrigerant, "waste": _waste}


def landfill_lines(spec: VariableSpec, deposits: dict[int, Decimal], last_year: int, region_cut: str,
                   factors: Factors) -> list[Line]:  # fmt: skip
    """CH4 each year from waste sent to landfill, by the first-order decay model."""
    if spec.destination != "landfill" or spec.waste_type not in LANDFILL_TYPES:
        return []
    site, used = factors.landfill_site(spec.waste_type, region_cut)
    gwp = factors.gwp("CH4")
    formula = ("IPCC 2006 Vol.5 Cap.3 Ec. 3.1–3.6 (descomposición de primer orden): DDOCm = W × DOC × DOCf × MCF; "
               "CH4 = DDOCm descompuesto × F × 16/12 × (1 − OX)")  # fmt: skip
    return [
        Line("landfill", "CH4", ch4, calc.co2e_t(ch4, gwp.value), formula, [*used, gwp], year=year)
        for year, ch4 in calc.landfill_emission_by_year(deposits, site, last_year).items()
    ]


@dataclass(frozen=True)
class PerUnit:
    """A variable's figures per base unit in one period: the coefficients of the national recomputation."""

    production: Decimal = Decimal(0)
    electricity_mwh: Decimal = Decimal(0)
    energy_gj: Decimal = Decimal(0)
    water_m3: Decimal = Decimal(0)
    waste_t: Decimal = Decimal(0)
    co2_t: Decimal = Decimal(0)
    ch4_t: Decimal = Decimal(0)
    n2o_t: Decimal = Decimal(0)
    hfc_co2e_t: Decimal = Decimal(0)
    biogenic_co2_t: Decimal = Decimal(0)
    scope1_co2e_t: Decimal = Decimal(0)
    scope2_co2e_t: Decimal = Decimal(0)
    waste_co2e_t: Decimal = Decimal(0)


def per_unit(spec: VariableSpec, year: int, month: int | None, factors: Factors) -> PerUnit:
    """The figures of one base unit (emissions are linear in the quantity, so quantity × these = lines())."""
    one = Decimal(1)
    figures = dict(_activity(spec, factors))
    for line in lines(spec, one, year, month, factors):
        for name, value in _columns(line):
            figures[name] = figures.get(name, Decimal(0)) + value
    return PerUnit(**figures)


def _activity(spec: VariableSpec, factors: Factors):
    one = Decimal(1)
    if spec.category == "production":
        yield "production", one
    elif spec.category == "electricity":
        yield "electricity_mwh", one / KWH_PER_MWH
        yield "energy_gj", GJ_PER_KWH
    elif spec.category == "fuel":
        mass_t = calc.volume_to_mass_t(one, factors.get("fuels", f"{spec.fuel}.density").value)
        yield "energy_gj", calc.fuel_energy_gj(mass_t, factors.get("fuels", f"{spec.fuel}.ncv").value)
    elif spec.category == "water":
        yield "water_m3", one
    elif spec.category == "waste":
        yield "waste_t", one


def _columns(line: Line):
    if line.source == "combustion":
        column = {"CO2": "co2_t", "CH4": "ch4_t", "N2O": "n2o_t"}.get(line.gas, "biogenic_co2_t")
        yield column, line.tonnes
        if line.counted:
            yield "scope1_co2e_t", line.co2e_t
    elif line.source == "electricity":
        yield "scope2_co2e_t", line.co2e_t
    elif line.source == "refrigerant":
        yield "hfc_co2e_t", line.co2e_t
        yield "scope1_co2e_t", line.co2e_t
    elif line.source == "waste":
        yield ("ch4_t" if line.gas == "CH4" else "n2o_t"), line.tonnes
        yield "waste_co2e_t", line.co2e_t
