"""A small benchmark of the public pages: `python bench/run.py` (or `make bench`).

It builds a throw-away SQLite database in a temporary directory, migrates it,
loads the five standards with `muat_standar`, then renders through Django's
test client (no network, no web server):

- the catalog, a search and each standard page, 50 times each: median and
  95th-percentile time in ms, SQL queries per request, bytes (raw and gzip);
- the printable standard PDF, 5 times: median and slowest time, bytes.

Numbers depend on the machine; compare runs on the same one.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
PAGE_RUNS = 50
PDF_RUNS = 5
WARMUP = 3


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.pop("DEBUG", None)
    django.setup()
    # Quiet: WeasyPrint logs each step; static files are not collected here.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")


def timed(client, url: str, runs: int) -> dict:
    # called after setup_django(): the settings point at the throw-away database
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        client.get(url)
    times = []
    response = None
    with CaptureQueriesContext(connection) as queries:
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    body = response.content
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "max": times[-1],
        "queries": len(queries) / runs,
        "bytes": len(body),
        "gzip": len(gzip.compress(body)),
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-dinsos-") as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        # after setup_django(): the settings point at the throw-away database
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from layanan.models import Layanan

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started
        started = time.perf_counter()
        call_command("muat_standar", stdout=io.StringIO())
        seed_s = time.perf_counter() - started

        client = Client()
        layanan = list(Layanan.objects.select_related("instansi").order_by("instansi__slug"))
        pages = [
            ("katalog", reverse("layanan:katalog")),
            ("cari ?q=lanjut+usia", reverse("layanan:cari") + "?q=lanjut+usia"),
            ("cari ?q=KTP", reverse("layanan:cari") + "?q=KTP"),
        ] + [(f"standar {item.instansi.slug}", item.get_absolute_url()) for item in layanan]

        print(f"Setup: migrate {migrate_s:.1f} s, muat_standar {seed_s:.2f} s")
        print(f"{len(layanan)} standar dimuat. Python {sys.version.split()[0]}\n")
        header = (
            f"{'page':<28}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}"
            f"{'queries':>9}{'bytes':>9}{'gzip':>8}"
        )
        print(f"Pages ({PAGE_RUNS} requests each, Django test client)")
        print(header)
        print("-" * len(header))
        for label, url in pages:
            r = timed(client, url, PAGE_RUNS)
            print(
                f"{label:<28}{r['median']:>10.1f}{r['p95']:>9.1f}{r['max']:>9.1f}"
                f"{r['queries']:>9.0f}{r['bytes']:>9}{r['gzip']:>8}"
            )

        print(f"\nStandard PDF ({PDF_RUNS} renders each, WeasyPrint)")
        header = f"{'standar':<28}{'median ms':>10}{'max ms':>9}{'bytes':>9}"
        print(header)
        print("-" * len(header))
        for item in layanan:
            url = reverse("layanan:pdf", kwargs={"instansi": item.instansi.slug, "slug": item.slug})
            times = []
            response = None
            for _ in range(PDF_RUNS):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                raise SystemExit(f"{url} answered {response.status_code}, not a PDF")
            print(
                f"{item.instansi.slug:<28}{statistics.median(times):>10.0f}"
                f"{max(times):>9.0f}{len(response.content):>9}"
            )


if __name__ == "__main__":
    main()
