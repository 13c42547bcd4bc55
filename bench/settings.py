"""Settings of the scale benchmark (bench/skala.py): production settings
(config.settings, DEBUG off) plus two bench-only URLs, a bare view through
the whole middleware stack and the same view with no middleware at all
(`BENCH_TANPA_MIDDLEWARE=1`), so each page is compared with a bare Django
view served by the same gunicorn in the same run."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_TANPA_MIDDLEWARE") == "1":
    MIDDLEWARE = []  # noqa: F811 — the bare view without any middleware
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / ".bench" / "static"))  # noqa: F405
