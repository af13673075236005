"""The shared readers of bad input (core.inputs, core.numbers, core.filters) on worked examples."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from limpia.core.inputs import (
    MAX_ID,
    BadParameter,
    check_value,
    id_list,
    id_param,
    int_param,
    parse_int,
    pydantic_message,
    shown,
    year_param,
)
from limpia.core.numbers import parse_decimal_cl


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("-3", -3),
        (str(MAX_ID), MAX_ID),  # 9223372036854775807, the largest BigAutoField key
        (str(MAX_ID + 1), None),  # 2**63: one past it
        ("99999999999999999999", None),  # 20 digits
        ("9" * 400, None),
        ("1e400", None),
        ("inf", None),
        ("nan", None),
        ("1.5", None),
        ("abc", None),
        ("a\x00b", None),
        ("\ud800", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_int_accepts_only_whole_numbers_that_fit(text, expected):
    assert parse_int(text) == expected


def test_a_bad_parameter_names_the_parameter_and_the_value():
    """year=abc: 400 saying which parameter, which value and what is expected."""
    with pytest.raises(BadParameter) as caught:
        year_param(QueryDict("year=abc"))
    assert caught.value.field == "year"
    assert "«year»" in caught.value.message and "«abc»" in caught.value.message and "1900" in caught.value.message


def test_absent_or_empty_parameters_give_the_default():
    assert id_param(QueryDict(""), "measurement", default=0) == 0
    assert id_param(QueryDict("measurement="), "measurement") is None
    assert int_param(QueryDict("page=3"), "page", minimum=1) == 3


@pytest.mark.parametrize("value", ["0", "-1", "99999999999999999999", "1e3", "%00"])
def test_record_ids_are_positive_and_fit_the_database(value):
    with pytest.raises(BadParameter):
        id_param(QueryDict(f"auditor={value}"), "auditor")


def test_id_lists_refuse_any_bad_member():
    assert id_list(QueryDict("a=3&a=5"), "a") == [3, 5]
    with pytest.raises(BadParameter) as caught:
        id_list(QueryDict("a=3&a=abc"), "a")
    assert "«abc»" in caught.value.message


def test_shown_values_escape_control_characters_and_are_short():
    assert shown("a\x00b") == "a\\x00b"
    assert shown("\ud800") == "\\ud800"
    assert shown("x" * 50) == "x" * 40 + "…"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"workers": 10**30}, "workers"),  # beyond 64 bits
        ({"lines": [{"value": float("nan")}]}, "lines.0.value"),
        ({"name": "a\x00b"}, "name"),  # PostgreSQL refuses NUL in text
        ({"name": "\ud800"}, "name"),  # no database encodes a lone surrogate
    ],
)
def test_json_values_no_column_can_hold_are_refused_naming_the_field(value, field):
    with pytest.raises(BadParameter) as caught:
        check_value(value)
    assert caught.value.field == field


def test_json_values_that_fit_pass():
    check_value({"workers": MAX_ID, "ratio": 0.5, "name": "Ñuñoa", "ok": True, "none": None, "list": [1, "a"]})


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ({"type": "missing", "msg": "Field required"}, "This field is required."),
        ({"type": "int_parsing", "msg": "Input should be a valid integer"}, "Write a whole number."),
        ({"type": "greater_than_equal", "msg": "…", "ctx": {"ge": 0}}, "Must be 0 or more."),
        ({"type": "value_error", "msg": "Value error, La comuna 99999 no existe"}, "La comuna 99999 no existe"),
        ({"type": "some_new_type", "msg": "Input should be something"}, "The value is not valid."),
    ],
)
def test_pydantic_errors_reach_people_in_their_language(error, message, settings):
    """The English of pydantic never reaches a person: each error type has its message (English msgids here,
    since the test runs untranslated; Spanish in tools/translations_es.py)."""
    from django.utils import translation

    with translation.override("en"):
        assert pydantic_message(error) == message


def test_pydantic_errors_in_spanish():
    from django.utils import translation

    with translation.override("es-cl"):
        assert pydantic_message({"type": "missing", "msg": "Field required"}) == "Este campo es obligatorio."


@pytest.mark.parametrize("text", ["1e400", "1E5", "inf", "-Infinity", "nan", "9" * 31, "1_000", "0x10"])
def test_chilean_numbers_refuse_what_people_do_not_write(text):
    with pytest.raises(ValueError):
        parse_decimal_cl(text)


def test_chilean_numbers_still_read_thirty_digits():
    assert parse_decimal_cl("9" * 30) == Decimal("9" * 30)
    assert parse_decimal_cl("-1.234,5") == Decimal("-1234.5")


def test_filter_forms_bound_integer_fields():
    """An id filter of 20 digits is a form error (the list shows unfiltered), not an OverflowError."""
    from django import forms

    from limpia.core.filters import FilterForm

    class Probe(FilterForm):
        empresa = forms.IntegerField(required=False)

    assert not Probe({"empresa": "99999999999999999999"}).is_valid()
    assert Probe({"empresa": str(MAX_ID)}).is_valid()
