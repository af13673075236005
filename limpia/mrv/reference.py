"""The MRV reference data of data/: the variable catalogue and the first version of each factor set."""

import json
from pathlib import Path

from limpia.mrv.models import FactorSet, Variable
from limpia.registry.models import Sector
from limpia.registry.reference import read_rows

DATA_DIR = Path(__file__).parent / "data"
FACTOR_FILES = {"fuels": "factors_fuels.csv", "grid": "factors_grid.csv", "gwp": "factors_gwp.csv",
                "waste": "factors_waste.csv"}  # fmt: skip
FIELDS = ("name", "category", "base_unit", "fuel", "waste_type", "destination", "gas", "water_source")


def _load_variables() -> int:
    rows = read_rows(DATA_DIR / "variables.csv")
    sectors = {s.code: s for s in Sector.objects.all()}
    for row in rows:
        defaults = {name: row[name] for name in FIELDS}
        defaults.update(sector=sectors.get(row["sector"]), order=int(row["order"]))
        Variable.objects.update_or_create(code=row["code"], defaults=defaults)
    return len(rows)


def factor_values(rows) -> dict:
    """The stored form of a factor table: {clave: {value, unit, note}} (values kept as text, exact)."""
    return {row["clave"]: {"value": row["valor"], "unit": row.get("unidad", ""), "note": row.get("nota", "")}
            for row in rows}  # fmt: skip


def _load_factors() -> int:
    manifest = json.loads((DATA_DIR / "MANIFEST.json").read_text(encoding="utf-8"))["mrv-factors"]
    count = 0
    for kind, name in FACTOR_FILES.items():
        values = factor_values(read_rows(DATA_DIR / name))
        FactorSet.objects.update_or_create(
            kind=kind, version=manifest["version"], defaults={"source": manifest["source"], "values": values}
        )
        count += len(values)
    return count


LOADERS = {"mrv-variables": _load_variables, "mrv-factors": _load_factors}
