"""Read-only public endpoints, one per open dataset (no login, paginated, filterable, rate-limited)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from pydantic import create_model

from limpia.accounts.throttling import over_limit
from limpia.core.pagination import Pages
from limpia.portal.datasets import DATASETS, Dataset

router = Router(tags=["public"])
TYPES = {"string": str, "integer": int, "number": Decimal, "date": date, "boolean": bool}


class Throttled(Exception):
    pass


def _schema(dataset: Dataset):
    fields = {f.name: (TYPES[f.type] | None, None) for f in dataset.fields}
    return create_model("".join(p.title() for p in dataset.name.split("-")), **fields)


def _endpoint(dataset: Dataset):
    def endpoint(request, q: str = "", region: str = "", sector: str = "", stage: str = "", kind: str = "",
                 year: str = ""):  # fmt: skip
        if over_limit(request, "public-api", settings.LIMPIA_PUBLIC_RATE_LIMIT):
            raise Throttled
        given = {"q": q, "region": region, "sector": sector, "stage": stage, "kind": kind, "year": year}
        return dataset.page(**{k: v for k, v in given.items() if v and k in dataset.filters})

    endpoint.__name__ = f"public_{dataset.name.replace('-', '_')}"
    endpoint.__doc__ = f"{dataset.title}. {dataset.description} Filters: {', '.join(dataset.filters) or '—'}."
    return endpoint


for _dataset in DATASETS.values():
    router.get(f"/public/{_dataset.name}", response=list[_schema(_dataset)], auth=None)(
        paginate(Pages, page_size=100)(_endpoint(_dataset)))  # fmt: skip


def throttled_response(request, exc):
    return HttpResponse(_("Too many requests from your address; try again in a minute."), status=429)
