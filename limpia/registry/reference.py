"""Loading the versioned reference files of data/ (territory, CIIU4.CL activity codes).

Idempotent: rows are matched by code and updated; each load of a new version is recorded
as a ReferenceDataset with the files' SHA-256.
"""

import csv
import hashlib
import json
from decimal import Decimal
from importlib import import_module
from pathlib import Path

from django.db import transaction

from limpia.core.models import ReferenceDataset
from limpia.registry.models import (
    ActivityDivision,
    ActivitySection,
    Comuna,
    EconomicActivity,
    Province,
    Region,
    Sector,
)

DATA_DIR = Path(__file__).parent / "data"


# Each app with reference data has `reference.py` (LOADERS, DATA_DIR) and `data/MANIFEST.json`; order matters.
REFERENCE_APPS = ("limpia.registry", "limpia.mrv", "limpia.programs")


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rows(name: str) -> list[dict]:
    return read_rows(DATA_DIR / name)


def _digest(data_dir: Path, files: list[str]) -> str:
    sha = hashlib.sha256()
    for name in files:
        sha.update((data_dir / name).read_bytes())
    return sha.hexdigest()


def _load_territory() -> int:
    regions = {}
    for row in _rows("regions.csv"):
        regions[row["cut"]], _ = Region.objects.update_or_create(
            cut=row["cut"],
            defaults={
                "iso_code": row["iso"],
                "name": row["name"],
                "order": int(row["order"]),
                "capital": row["capital"],
                "latitude": Decimal(row["lat"]),
                "longitude": Decimal(row["lon"]),
            },
        )
    provinces = {}
    comunas = _rows("comunas.csv")
    for row in comunas:
        if row["province_cut"] not in provinces:
            provinces[row["province_cut"]], _ = Province.objects.update_or_create(
                cut=row["province_cut"], defaults={"name": row["province_name"], "region": regions[row["cut"][:2]]}
            )
        Comuna.objects.update_or_create(
            cut=row["cut"],
            defaults={
                "name": row["name"],
                "province": provinces[row["province_cut"]],
                "region": regions[row["cut"][:2]],
            },
        )
    return len(regions) + len(provinces) + len(comunas)


def _load_activities() -> int:
    sections = {}
    division_to_section = {}
    for row in _rows("activity_sections.csv"):
        sections[row["code"]], _ = ActivitySection.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
        first, last = (int(x) for x in row["divisions"].split("-"))
        division_to_section.update({f"{d:02d}": row["code"] for d in range(first, last + 1)})
    divisions = {}
    for row in _rows("activity_divisions.csv"):
        divisions[row["code"]], _ = ActivityDivision.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "section": sections[division_to_section[row["code"]]]}
        )
    activities = _rows("activities.csv")
    for row in activities:
        EconomicActivity.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "division": divisions[row["code"][:2]]}
        )
    return len(sections) + len(divisions) + len(activities)


def _load_sectors() -> int:
    rows = _rows("sectors.csv")
    for row in rows:
        sector, _ = Sector.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
        sector.divisions.set(ActivityDivision.objects.filter(code__in=row["divisions"].split()))
    return len(rows)


LOADERS = {"territory": _load_territory, "activities": _load_activities, "sectors": _load_sectors}


@transaction.atomic
def load_reference_data() -> list[ReferenceDataset]:
    """Load every dataset of every app's manifest; a version already loaded with the same files is skipped."""
    loaded = []
    for app in REFERENCE_APPS:
        module = import_module(f"{app}.reference")
        loaded += _load_manifest(module.DATA_DIR, module.LOADERS)
    return loaded


def _load_manifest(data_dir: Path, loaders: dict) -> list[ReferenceDataset]:
    manifest = json.loads((data_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    loaded = []
    for name, meta in manifest.items():
        digest = _digest(data_dir, meta["files"])
        if ReferenceDataset.objects.filter(name=name, version=meta["version"], sha256=digest).exists():
            continue
        rows = loaders[name]()
        dataset, _ = ReferenceDataset.objects.update_or_create(
            name=name, version=meta["version"], defaults={"source": meta["source"], "sha256": digest, "rows": rows}
        )
        loaded.append(dataset)
    return loaded
