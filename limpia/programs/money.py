"""Money as people read it here: «$8.000.000», «UF 1.000,5», «UF 1.000 = $39.512.340 (UF del 01-11-2026)».

One place for the texts of amounts, so the funding messages, the screens, the API notes and the exports say the
same thing in the reader's language (Chilean grouping in Spanish)."""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from limpia.programs.calculations import InPesos
from limpia.programs.choices import Currency


def number(value: Decimal) -> str:
    """1234567.5 as people read it here (1.234.567,5), without trailing zeros."""
    value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return number_format(value, force_grouping=True)


def money(amount: Decimal, currency: str = Currency.CLP) -> str:
    """«$8.000.000» in pesos, «UF 1.000,5» in UF."""
    return f"UF {number(amount)}" if currency == Currency.UF else f"${number(amount)}"


def day(value: date) -> str:
    return date_format(value, "d-m-Y")


def in_pesos_text(amount: Decimal, currency: str, pesos: InPesos | None, on: date) -> str:
    """«UF 1.000 = $39.512.340 (UF del 01-11-2026)», the day being that of the UF used (`on` or the nearest
    earlier day loaded); why not, when no UF is loaded on or before `on`; an amount in pesos is itself."""
    if currency != Currency.UF:
        return money(amount)
    if pesos is None:
        return no_uf_message(on)
    return _("%(uf)s = %(clp)s (UF of %(day)s)") % {
        "uf": money(amount, Currency.UF), "clp": money(pesos.amount_clp), "day": day(pesos.uf_date)}  # fmt: skip


def no_uf_message(on: date) -> str:
    return _("No UF value is loaded for %(day)s nor for any earlier day; load them with «limpia load_uf».") % {
        "day": day(on)}  # fmt: skip
