"""Chilean RUT: validated with python-stdnum, stored as `76123456-7`, shown as `76.123.456-7`."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cl import rut as stdnum_rut


def normalize_rut(value: str) -> str:
    """'76.123.456-7' or '761234567' -> '76123456-7'; raises ValidationError when invalid."""
    text = str(value or "").strip()
    try:
        compact = stdnum_rut.validate(text)
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError(
            _("The RUT %(rut)s has a wrong check digit."), params={"rut": text}, code="rut_checksum"
        ) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(
            _("«%(rut)s» is not a RUT: write the number and its check digit, like 76.123.456-7."),
            params={"rut": text},
            code="rut_format",
        ) from exc
    return f"{compact[:-1]}-{compact[-1]}"


def format_rut(value: str) -> str:
    """'76123456-7' -> '76.123.456-7'."""
    if not value:
        return ""
    body, _sep, dv = value.partition("-")
    return f"{int(body):,}".replace(",", ".") + f"-{dv}"


def make_rut(body: int) -> str:
    """A valid normalized RUT for a number body (used by the synthetic data)."""
    return f"{body}-{stdnum_rut.calc_check_digit(str(body))}"


class RutField(models.CharField):
    """A RUT, normalized on validation."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_rut(value) if value else value
