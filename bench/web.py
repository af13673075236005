"""Public-site benchmark (issue 7), on PostgreSQL with the national dataset, served by gunicorn with the
production settings (LIMPIA_ENV=production, static files collected, a shared Redis cache):

- median and 95th-percentile latency of every public page, rendered anew (an address not asked before) and
  from the whole-page cache the public is served from, and of every public API list (sequential requests
  after a warm-up);
- throughput of the directory search under 16 concurrent clients cycling through 50 searches, as a ratio to
  a bare Django view served by the same gunicorn in the same run (target ≥ 0.3); and the same with every
  search rendered anew.

Nothing is written to the database.
"""

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from limpia.audits.certificates import verification_code
from limpia.audits.models import Certificate
from limpia.portal.datasets import DATASETS
from limpia.portal.queries import published_agreements
from limpia.programs.models import SuccessCase

SAMPLES = 30
WARM_UP = 3
CLIENTS = 16
SECONDS = 15


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(data_dir: str) -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ, "DATABASE_URL": os.environ.get("DATABASE_URL", url), "LIMPIA_ENV": "production",
        "LIMPIA_SECRET_KEY": os.environ.get("LIMPIA_SECRET_KEY") or secrets.token_urlsafe(48),
        "LIMPIA_SECURE_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1, as behind a TLS-terminating proxy
        "LIMPIA_ALLOWED_HOSTS": "127.0.0.1", "LIMPIA_DATA_DIR": data_dir,
        "LIMPIA_BENCH_VIEW": "1", "LIMPIA_PUBLIC_RATE_LIMIT": "100000000", "LIMPIA_VERIFY_RATE_LIMIT": "100000000",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "DJANGO_SETTINGS_MODULE": "limpia.settings",
    }  # fmt: skip


class Server:
    """gunicorn on a free port: 2 × cores + 1 synchronous workers, as gunicorn recommends."""

    def __init__(self, env: dict):
        self.env, self.port, self.process = env, _free_port(), None
        self.workers = 2 * (os.cpu_count() or 1) + 1

    def __enter__(self):
        manage = [sys.executable, "-m", "django"]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=self.env, check=True, cwd=settings.BASE_DIR)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "limpia.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers),
             "--log-level", "warning"], env=self.env, cwd=settings.BASE_DIR)  # fmt: skip
        for _ in range(200):
            try:
                if get(self.port, "/bench/vacio/")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def get(port: int, path: str) -> tuple[int, float]:
    """(status, seconds) of one GET on a new connection, as a browser's first request."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "es-CL"})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _fresh(path: str, n: int) -> str:
    """The same page under an address no one asked for yet: the whole-page cache cannot answer it."""
    return f"{path}{'&' if '?' in path else '?'}_sin_cache={n}"


def latency(port: int, path: str, fresh: bool = False) -> dict:
    """Sequential requests after a warm-up; `fresh`: every one rendered anew (no whole-page cache)."""
    for n in range(WARM_UP):
        get(port, _fresh(path, -n - 1) if fresh else path)
    runs = [get(port, _fresh(path, n) if fresh else path) for n in range(SAMPLES)]
    bad = {status for status, _ in runs if status != 200}
    if bad:
        raise RuntimeError(f"{path} answered {bad}")
    seconds = sorted(s for _, s in runs)
    return {"median_ms": round(statistics.median(seconds) * 1000, 1),
            "p95_ms": round(seconds[int(0.95 * (len(seconds) - 1))] * 1000, 1)}  # fmt: skip


def throughput(port: int, paths: list[str], fresh: bool = False) -> float:
    """Requests a second answered 200 by CLIENTS threads, each cycling through `paths`, for SECONDS."""
    done, errors, stop = [0] * CLIENTS, [], time.perf_counter() + SECONDS

    def client(n: int):
        k = n
        while time.perf_counter() < stop:
            path = paths[k % len(paths)]
            status, _ = get(port, _fresh(path, 1_000_000 * n + k) if fresh else path)
            k += 1
            if status == 200:
                done[n] += 1
            else:
                errors.append(status)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"throughput run answered {set(errors)}")
    return sum(done) / (time.perf_counter() - started)


def pages() -> dict[str, str]:
    agreement = published_agreements().order_by("-signed_on").first()
    case = SuccessCase.objects.filter(status="published").first()
    certificate = Certificate.objects.filter(state="valid").select_related("company").first()
    term = certificate.company.legal_name.split()[0]
    found = {
        "inicio": "/", "acuerdos": "/directorio/acuerdos/", "acuerdos_filtrados": "/directorio/acuerdos/?region=13",
        "acuerdo": f"/directorio/acuerdos/{agreement.code}/", "certificados": "/directorio/certificados/",
        "busqueda_certificados": f"/directorio/certificados/?q={quote(term)}", "region": "/directorio/regiones/13/",
        "indicadores": "/indicadores-abiertos/", "datos": "/datos/", "casos": "/casos-de-exito/",
        "verificar": f"/verificar/{verification_code(certificate)}/",
    }  # fmt: skip
    if case is not None:
        found["caso"] = f"/casos-de-exito/{case.slug}/"
    return found


def search_paths() -> list[str]:
    """Directory searches by the first word of 50 certified companies' names (what people type)."""
    names = Certificate.objects.filter(state="valid").values_list("company__legal_name", flat=True).distinct()[:50]
    return [f"/directorio/certificados/?q={quote(name.split()[0])}" for name in names]


def run(results, **_options) -> None:
    with tempfile.TemporaryDirectory() as data_dir, Server(_environment(data_dir)) as server:
        results.add("workers", server.workers, "procesos de gunicorn")
        for name, path in pages().items():
            results.add(f"page_{name}", latency(server.port, path, fresh=True),
                        f"página {name} ({path}) sin caché: mediana / p95 (ms)")  # fmt: skip
            results.add(f"page_{name}_cached", latency(server.port, path),
                        f"página {name} desde la caché de páginas: mediana / p95 (ms)")  # fmt: skip
        for name in DATASETS:
            path = f"/api/v1/public/{name}"
            results.add(f"api_{name}", latency(server.port, path), f"API {path}: mediana / p95 (ms)")
        bare = throughput(server.port, ["/bench/vacio/"])
        results.add("bare_rps", round(bare, 1), f"vista Django vacía, {CLIENTS} clientes (solicitudes/s)")
        search = throughput(server.port, search_paths())
        results.add("search_rps", round(search, 1), f"búsqueda en el directorio, {CLIENTS} clientes (solicitudes/s)")
        results.add("search_ratio", round(search / bare, 3), "razón búsqueda / vista vacía (meta ≥ 0,3)")
        fresh = throughput(server.port, search_paths(), fresh=True)
        results.add("search_fresh_rps", round(fresh, 1), f"búsqueda sin caché de páginas, {CLIENTS} clientes (sol./s)")
        results.add("search_fresh_ratio", round(fresh / bare, 3), "razón búsqueda sin caché / vista vacía")
