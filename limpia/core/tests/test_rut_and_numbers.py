from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from limpia.core.numbers import parse_decimal_cl
from limpia.core.rut import format_rut, make_rut, normalize_rut


@pytest.mark.parametrize("written", ["76.123.456-0", "76123456-0", "761234560", " 76.123.456-0 "])
def test_rut_is_stored_normalized_whatever_the_writing(written):
    assert normalize_rut(written) == "76123456-0"
    assert format_rut(normalize_rut(written)) == "76.123.456-0"


def test_rut_with_k_check_digit():
    rut = make_rut(11_111_117)  # check digit K? computed, not assumed
    assert normalize_rut(rut.lower()) == rut


@pytest.mark.parametrize(
    ("written", "code"), [("76.123.456-1", "rut_checksum"), ("76.12A.456-0", "rut_format"), ("abc", "rut_format")]
)
def test_invalid_rut_gets_a_specific_error(written, code):
    with pytest.raises(ValidationError) as caught:
        normalize_rut(written)
    assert caught.value.code == code
    assert written.strip() in caught.value.messages[0] or "RUT" in caught.value.messages[0]


@given(st.integers(min_value=1_000_000, max_value=99_999_999))
def test_generated_ruts_always_validate_and_round_trip(body):
    rut = make_rut(body)
    assert normalize_rut(format_rut(rut)) == rut


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),
        ("1234.5", "1234.5"),
        ("2.400", "2400"),
        ("0,75", "0.75"),
        ("12.345.678,9", "12345678.9"),
    ],
)
def test_chilean_numbers(text, value):
    assert parse_decimal_cl(text) == Decimal(value)


@pytest.mark.parametrize("text", ["doce", "1,2,3", "", "NaN"])
def test_not_a_number(text):
    with pytest.raises(ValueError):
        parse_decimal_cl(text)
