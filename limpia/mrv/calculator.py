"""The public calculator: activity items in, emissions per item and gas out, with the factors and formula
used. The latest version of each factor set; AR5 unless asked otherwise."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from limpia.core.errors import BusinessRuleError
from limpia.mrv import accounting, units
from limpia.mrv import factors as fx
from limpia.mrv.models import Variable

DEFAULT_LANDFILL_YEARS = 10


@dataclass
class Item:
    kind: str
    quantity: Decimal
    unit: str
    period: str
    region: str = "13"  # CUT code (climate of landfill decay)
    years: int = DEFAULT_LANDFILL_YEARS


def _period(text: str) -> tuple[int, int | None]:
    parts = text.strip().split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        raise BusinessRuleError(_("Write the period as AAAA or AAAA-MM."), field="period") from None
    if month is not None and not 1 <= month <= 12:
        raise BusinessRuleError(_("Write the period as AAAA or AAAA-MM."), field="period")
    return year, month


def calculate(items: list[Item], gwp_set: str = "AR5") -> list[dict]:
    sets = {kind: (f"{s.kind} {s.version}", s.values) for kind, s in accounting.latest_sets().items()}
    factors = fx.Factors(sets, gwp_set)
    variables = {v.code: v for v in Variable.objects.filter(code__in=[i.kind for i in items])}
    results = []
    for index, item in enumerate(items):
        try:
            results.append(_one(item, variables, factors))
        except BusinessRuleError as exc:
            raise BusinessRuleError(
                f"{_('item')} {index + 1}: {exc.message}", field=f"items.{index}.{exc.field or ''}"
            ) from None
        except fx.MissingFactor as exc:
            raise BusinessRuleError(
                _("item %(n)s: no factor «%(key)s» in the %(kind)s set") % {"n": index + 1, "key": exc.key,
                                                                             "kind": exc.kind}, field=f"items.{index}"
            ) from None  # fmt: skip
    return results


def _one(item: Item, variables: dict, factors: fx.Factors) -> dict:
    variable = variables.get(item.kind)
    if variable is None:
        raise BusinessRuleError(_("unknown kind «%(k)s»; see /api/v1/mrv/variables") % {"k": item.kind}, field="kind")
    if item.quantity < 0:
        raise BusinessRuleError(_("the quantity cannot be negative"), field="quantity")
    quantity = units.to_base(item.quantity, item.unit or variable.base_unit, variable.base_unit)
    year, month = _period(item.period)
    spec = accounting.spec(variable)
    lines = fx.lines(spec, quantity, year, month, factors)
    lines += fx.landfill_lines(spec, {year: quantity}, year + max(item.years, 1), item.region, factors)
    return {
        "kind": variable.code, "name": variable.name, "quantity": quantity, "unit": variable.base_unit,
        "lines": [_line(line) for line in lines],
        "co2e_t": sum((line.co2e_t for line in lines if line.counted), Decimal(0)),
    }  # fmt: skip


def _line(line: fx.Line) -> dict:
    return {"source": line.source, "gas": line.gas, "tonnes": line.tonnes, "co2e_t": line.co2e_t,
            "counted": line.counted, "year": line.year, "formula": line.formula,
            "factors": [f.as_dict() for f in line.factors]}  # fmt: skip
