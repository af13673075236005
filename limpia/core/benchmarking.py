"""What every benchmark under `bench/` shares: timing, peak memory, the machine, and the results file.

Benchmarks report ratios against a reference measured in the same run on the same machine (never a
fixed number of seconds), so that a slower or busier machine moves both sides alike.
"""

import json
import os
import platform
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

RESULTS = Path(settings.BASE_DIR) / "bench" / "results"


@dataclass
class Timer:
    seconds: float = 0.0


@contextmanager
def timed():
    """`with timed() as t: …` then `t.seconds` (wall clock, monotonic)."""
    timer, started = Timer(), time.perf_counter()
    try:
        yield timer
    finally:
        timer.seconds = time.perf_counter() - started


def best_of(n: int, fn) -> float:
    """The fastest of n runs of fn(), in seconds: the least disturbed measure of a reference."""
    runs = []
    for _ in range(n):
        with timed() as t:
            fn()
        runs.append(t.seconds)
    return min(runs)


def reset_peak_memory() -> None:
    """Start a new resident-memory high-water mark for this process (Linux; a no-op elsewhere)."""
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float | None:
    """Resident-memory high-water mark since the last reset, in MiB (VmHWM), or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def machine() -> dict:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "database": f"{connection.vendor} {connection.cursor().connection.info.server_version}"
        if connection.vendor == "postgresql"
        else connection.vendor,
    }


@dataclass
class Results:
    """Named figures of one benchmark run, printed as they come and written as JSON at the end."""

    name: str
    scale: str
    out: object
    figures: dict = field(default_factory=dict)

    def add(self, key: str, value, label: str) -> None:
        self.figures[key] = value
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else value
        self.out.write(f"  {label}: {shown}\n")
        self.out.flush()

    def write(self) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.name}-{self.scale}.json"
        document = {
            "benchmark": self.name,
            "scale": self.scale,
            "measured_at": datetime.now().isoformat(timespec="seconds"),
            "machine": machine(),
            "figures": self.figures,
        }
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return path
