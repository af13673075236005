from decimal import Decimal

import pytest

from limpia.registry.calculations import derived_size_class, size_class_from_sales, size_class_from_workers
from limpia.registry.choices import SizeClass


@pytest.mark.parametrize(
    ("sales_uf", "expected"),
    [
        ("0", SizeClass.MICRO),
        ("2400", SizeClass.MICRO),
        ("2400.01", SizeClass.SMALL),
        ("25000", SizeClass.SMALL),
        ("25000.01", SizeClass.MEDIUM),
        ("100000", SizeClass.MEDIUM),
        ("100000.01", SizeClass.LARGE),
    ],
)
def test_size_class_from_sales_follows_ley_20416_bounds(sales_uf, expected):
    assert size_class_from_sales(Decimal(sales_uf)) == expected


@pytest.mark.parametrize(
    ("workers", "expected"),
    [
        (1, SizeClass.MICRO),
        (9, SizeClass.MICRO),
        (10, SizeClass.SMALL),
        (49, SizeClass.SMALL),
        (50, SizeClass.MEDIUM),
        (199, SizeClass.MEDIUM),
        (200, SizeClass.LARGE),
    ],
)
def test_size_class_from_workers_is_the_alternative(workers, expected):
    assert size_class_from_workers(workers) == expected


def test_sales_decide_over_workers_and_nothing_known_gives_none():
    assert derived_size_class(Decimal(500), 300) == SizeClass.MICRO
    assert derived_size_class(None, 300) == SizeClass.LARGE
    assert derived_size_class(None, None) is None
