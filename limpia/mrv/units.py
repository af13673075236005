"""Units of activity data: pint with Decimal, Chilean spellings, and a cached factor per (unit, base unit)
so that a million rows cost a dictionary lookup each, not a pint conversion."""

from decimal import Decimal
from functools import lru_cache

import pint
from django.utils.translation import gettext as _

from limpia.core.errors import BusinessRuleError

UREG = pint.UnitRegistry(non_int_type=Decimal)
UREG.define("pernoctacion = [guest_night] = pernoctaciones = noche = noches")
UREG.define("unidad = [item] = unidades")

# How people write units in Chile, to pint's spelling.
ALIASES = {
    "m3": "m**3", "m³": "m**3", "mt3": "m**3", "nm3": "m**3", "lt": "L", "lts": "L", "litro": "L", "litros": "L",
    "l": "L", "kl": "kL", "hl": "hL", "ton": "t", "tons": "t", "tonelada": "t", "toneladas": "t", "tn": "t",
    "kilo": "kg", "kilos": "kg", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "gj": "GJ", "tj": "TJ", "m2": "m**2",
    "m²": "m**2", "gal": "gallon", "galon": "gallon", "galones": "gallon", "docena": "dozen", "docenas": "dozen",
}  # fmt: skip


def normalize(unit: str) -> str:
    text = unit.strip()
    return ALIASES.get(text.lower(), text)


@lru_cache(maxsize=4096)
def factor(unit: str, base_unit: str) -> Decimal:
    """How many base units one `unit` is; a clear error when they measure different things."""
    try:
        quantity = UREG.Quantity(Decimal(1), normalize(unit)).to(normalize(base_unit))
    except pint.DimensionalityError:
        raise BusinessRuleError(
            _("The unit «%(unit)s» cannot be converted to %(base)s.") % {"unit": unit, "base": base_unit}
        ) from None
    except (pint.UndefinedUnitError, AttributeError, TypeError, ValueError, AssertionError):
        raise BusinessRuleError(_("Unknown unit «%(unit)s».") % {"unit": unit}) from None
    return Decimal(quantity.magnitude)


def to_base(value: Decimal, unit: str, base_unit: str) -> Decimal:
    return value * factor(unit, base_unit)
