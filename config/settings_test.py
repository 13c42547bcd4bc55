"""Settings for the test suite: the real settings with a fixed test key,
a fast password hasher and plain static storage (no collectstatic needed)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
# Fixed test keys for the encryption of NIK, KK, phone and e-mail at rest
# (layanan.enkripsi); a production server is given its own (README).
os.environ.setdefault("PORTAL_KUNCI_DATA", "dGVzdC1vbmx5LWtleS1ub3Qtc2VjcmV0LTAwMDAwMDA=")
os.environ.setdefault("PORTAL_KUNCI_HASH", "test-only-hash-key-not-secret-0000000000")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# One folder per pytest-xdist worker: the workers' files never meet.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "")  # noqa: F405
if STORAGE_BACKEND == "local":  # noqa: F405
    STORAGES["default"]["OPTIONS"]["location"] = MEDIA_ROOT  # type: ignore[index]  # noqa: F405
# Serve static files from the app folders (no collectstatic in tests).
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run at once, in the test's process, when enqueued (after commit, so a
# rolled-back test sends nothing); the queue tests (tests/notifikasi/) switch
# to the database backend and run real workers.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
