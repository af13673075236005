"""Pure rules of the registry, no ORM."""

from decimal import Decimal

from limpia.registry.choices import SizeClass

# Ley 20.416 Art. 2: upper bounds of annual sales (UF, previous year, net of VAT).
SALES_UF_UPPER = [
    (Decimal(2_400), SizeClass.MICRO),
    (Decimal(25_000), SizeClass.SMALL),
    (Decimal(100_000), SizeClass.MEDIUM),
]
# Ley 20.416 Art. 2, second paragraph: the alternative by number of workers.
WORKERS_UPPER = [(9, SizeClass.MICRO), (49, SizeClass.SMALL), (199, SizeClass.MEDIUM)]


def size_class_from_sales(sales_uf: Decimal) -> SizeClass:
    """micro ≤ 2,400 UF; small ≤ 25,000; medium ≤ 100,000; large above (Ley 20.416 Art. 2)."""
    for upper, size in SALES_UF_UPPER:
        if sales_uf <= upper:
            return size
    return SizeClass.LARGE


def size_class_from_workers(workers: int) -> SizeClass:
    """micro 1–9, small 10–49, medium 50–199, large 200 or more workers (Ley 20.416 Art. 2)."""
    for upper, size in WORKERS_UPPER:
        if workers <= upper:
            return size
    return SizeClass.LARGE


def derived_size_class(sales_uf: Decimal | None, workers: int | None) -> SizeClass | None:
    """Sales decide when known; the number of workers is the alternative."""
    if sales_uf is not None:
        return size_class_from_sales(sales_uf)
    if workers is not None:
        return size_class_from_workers(workers)
    return None
