"""Settings for the Portal Layanan Dinas Sosial.

Everything that differs between a laptop and a production server comes from
environment variables, read through the small typed helpers below. The
defaults are safe: DEBUG is off, and without DEBUG the portal refuses to
start unless SECRET_KEY and ALLOWED_HOSTS are given.
"""

import base64
import datetime as dt
import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A local development run keeps one generated key in an ignored file so
    # sessions survive a restart; it is never used with DEBUG off.
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def _kunci_dev(tujuan: str) -> str:
    """A key derived from SECRET_KEY, for DEBUG runs only: a Fernet key for
    "data", a hex string for "hash"."""
    digest = hashlib.sha256(f"portal-kunci-{tujuan}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode() if tujuan == "data" else digest.hex()


def _kunci_data() -> list[str]:
    """PORTAL_KUNCI_DATA: comma-separated Fernet keys that encrypt NIK, KK,
    phone numbers and e-mail addresses at rest (layanan.enkripsi). The first
    encrypts; all of them decrypt (key rotation: see README)."""
    kunci = env_list("PORTAL_KUNCI_DATA")
    if not kunci:
        if not DEBUG:
            raise ImproperlyConfigured("PORTAL_KUNCI_DATA must be set when DEBUG is off.")
        # A DEBUG run without the variable derives a deterministic key from
        # SECRET_KEY, so a local database stays readable across restarts. Never
        # used with DEBUG off: a production server refuses to start above.
        kunci = [_kunci_dev("data")]
    for i, k in enumerate(kunci, start=1):
        try:
            Fernet(k.encode())
        except ValueError:
            raise ImproperlyConfigured(
                f"PORTAL_KUNCI_DATA: key {i} is not a Fernet key (32 url-safe base64 bytes; "
                "make one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')."
            ) from None
    return kunci


def _kunci_hash() -> str:
    """PORTAL_KUNCI_HASH: the separate key of the keyed hash (HMAC-SHA256) by
    which encrypted NIK and KK are found; at least 32 characters."""
    kunci = env_str("PORTAL_KUNCI_HASH")
    if not kunci:
        if not DEBUG:
            raise ImproperlyConfigured("PORTAL_KUNCI_HASH must be set when DEBUG is off.")
        kunci = _kunci_dev("hash")  # DEBUG only, as above
    if len(kunci) < 32:
        raise ImproperlyConfigured("PORTAL_KUNCI_HASH must be at least 32 characters.")
    return kunci


PORTAL_KUNCI_DATA = _kunci_data()
PORTAL_KUNCI_HASH = _kunci_hash()

INSTALLED_APPS = [
    "akun.admin_apps.AdminAkunConfig",  # django.contrib.admin, second factor required
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_fsm",
    "django_fsm_log",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "layanan",
    "akun",
    "rujukan",
    "pengaduan",
    "lapangan",
    "kinerja",
    "survei",
    "warga",
    "notifikasi",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Every answer but a static file: CSP, Cache-Control, Permissions-Policy
    # (layanan.keamanan reads request.user, set further down, on the way out).
    # django-csp's middleware with the settings' header built once per process.
    "layanan.keamanan.CSPMiddleware",
    "layanan.keamanan.HeaderKeamananMiddleware",
    # Django's LocaleMiddleware, short for one language (layanan.middleware)
    "layanan.middleware.BahasaMiddleware",
    "django.middleware.common.CommonMiddleware",
    "layanan.middleware.MasukanRusakMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Django's MessageMiddleware with the storage made on first use
    "layanan.middleware.PesanMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # after messages: both may log out or redirect with a message
    "akun.middleware.SesiMenganggurMiddleware",
    "akun.middleware.FaktorKeduaMiddleware",
    # one row in the access log per successful view of a client's data
    "layanan.akses_log.AksesLogMiddleware",
    # last, as django-axes asks: turns a locked-out login into its page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # the staff header's count of items waiting for the user's approval
                "rujukan.context_processors.persetujuan",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # make run: the web server and the task worker share the file; WAL lets
    # readers go on while one writes, and a writer waits up to 20 s for a lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A page's queries read a few hundred rows through indexes; starting a
    # parallel worker for them costs more than it saves (17 of the staff home's
    # 22 ms on the 100,000-case bench went to launching one). Reports and
    # batch jobs may ask for more in their own session.
    _paralel = env_int("DATABASE_PARALLEL_WORKERS", 0)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={_paralel}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A per-process cache (each gunicorn worker its own): the public pages of the
# standards (layanan.cache_publik, read under a version kept in the database,
# so servers need not share it) and short-lived per-user answers. Room for
# every public page and PDF of a province's offices (~16 KB each).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000)},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # "dinsos2026", "bulukumba1": the office's own words with digits around them
    {"NAME": "akun.validators.KataLokalValidator"},
]

# Accounts (akun/). Logins are counted by django-axes: after AXES_FAILURE_LIMIT
# wrong passwords (or second-factor codes) for one user name from one address,
# that pair is locked for LOGIN_LOCKOUT_MINUTES, on the staff and admin login.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # an acting official (Plt/Plh) holds the covered jabatan's role for the period
    "layanan.pelaksana.PelaksanaBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries while locked do not extend the lock: it ends LOGIN_LOCKOUT_MINUTES after
# the last counted failure, so nobody can keep a colleague locked out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "akun.views.terkunci"
# The same client address as the complaint rate limits (CLIENT_IP_HEADER).
AXES_CLIENT_IP_CALLABLE = "akun.sesi.alamat_klien"
AXES_VERBOSE = False
# The second factor (django-otp, TOTP) of the roles that approve and sign and of
# admins (akun.permissions.wajib_faktor_kedua); the issuer names the portal in
# the authenticator app.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Portal Dinsos")
# A staff session ends after this many idle minutes (akun.middleware), and
# SESSION_COOKIE_AGE after login at the latest.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staf:beranda"
LOGOUT_REDIRECT_URL = "layanan:katalog"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media-internal/"  # never served directly: downloads go through views
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Storage: "local" keeps files on this server's disk (a single-server or
# development setup); "s3" uses any S3-compatible object store, shared by
# several app servers. Client documents are private in both cases.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION", "us-east-1"),
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("S3_URL_EXPIRE_SECONDS", 300),
            "signature_version": "s3v4",
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "path"),
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: the limits are stated on the forms too.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10)
# Stored files (uploads and the PDFs the portal writes) readable by the portal's
# user and group only, whatever the umask.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Retention (layanan.retensi, `manage.py terapkan_retensi`): years a kind of file
# is kept after its case or complaint closed (0: kept for good); an office
# overrides one with <NAME>_<SLUG>, e.g. RETENSI_BERKAS_TAHUN_DINSOS_DEPOK=10.
# Issued letters are the archive and are never removed.
RETENSI_BERKAS_TAHUN = env_int("RETENSI_BERKAS_TAHUN", 5)
RETENSI_DOKUMENTASI_TAHUN = env_int("RETENSI_DOKUMENTASI_TAHUN", 5)
RETENSI_LAMPIRAN_PENGADUAN_TAHUN = env_int("RETENSI_LAMPIRAN_PENGADUAN_TAHUN", 2)
# files no row names (a crash between writing and committing) older than this go
RETENSI_YATIM_JAM = env_int("RETENSI_YATIM_JAM", 24)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal-dinsos@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (README "Background work"): Django's tasks API (django-tasks)
# on a queue kept in the portal's own database (django-tasks-db): the same on
# SQLite (make run) and PostgreSQL; `manage.py db_worker` runs tasks,
# `manage.py jadwal` enqueues the periodic jobs.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# The periodic jobs `manage.py jadwal` enqueues (cron expressions in TIME_ZONE).
JADWAL = [
    {
        "nama": "pengingat_pengaduan",
        "cron": env_str("JADWAL_PENGINGAT_PENGADUAN", "*/30 7-17 * * 1-5"),
        "tugas": "layanan.tugas.jalankan_perintah",
        "args": ["kirim_pengingat_pengaduan"],
    },
    {
        "nama": "retensi",
        "cron": env_str("JADWAL_RETENSI", "15 2 * * *"),
        "tugas": "layanan.tugas.jalankan_perintah",
        "args": ["terapkan_retensi", "--hapus"],
    },
    {
        "nama": "sapu_notifikasi",
        "cron": env_str("JADWAL_SAPU_NOTIFIKASI", "*/5 * * * *"),
        "tugas": "notifikasi.tasks.sapu",
    },
    {  # citizens' login codes and links past their time (warga/)
        "nama": "bersihkan_kode_warga",
        "cron": env_str("JADWAL_BERSIHKAN_KODE_WARGA", "40 * * * *"),
        "tugas": "layanan.tugas.jalankan_perintah",
        "args": ["bersihkan_kode_warga"],
    },
    {  # finished task rows older than 14 days (django-tasks-db)
        "nama": "pangkas_hasil_tugas",
        "cron": env_str("JADWAL_PANGKAS_HASIL_TUGAS", "45 2 * * *"),
        "tugas": "layanan.tugas.jalankan_perintah",
        "args": ["prune_db_task_results", "--min-age-days", "14"],
    },
]

# Notifications (notifikasi/, README "Notifications"). Which transport carries
# each channel: "log" (the logger "notifikasi"), "email" (Django's mail) or
# "gateway" (the JSON WhatsApp/SMS gateway below).
NOTIFIKASI_GATEWAY_URL = env_str("NOTIFIKASI_GATEWAY_URL")
NOTIFIKASI_GATEWAY_TOKEN = env_str("NOTIFIKASI_GATEWAY_TOKEN")
NOTIFIKASI_GATEWAY_TIMEOUT = float(env_str("NOTIFIKASI_GATEWAY_TIMEOUT", "10"))
NOTIFIKASI_PENGIRIM = {
    "whatsapp": env_str("NOTIFIKASI_WHATSAPP", "gateway" if NOTIFIKASI_GATEWAY_URL else "log"),
    "sms": env_str("NOTIFIKASI_SMS", "gateway" if NOTIFIKASI_GATEWAY_URL else "log"),
    "email": env_str("NOTIFIKASI_EMAIL", "email"),
}
# With DEBUG (make run) a message to someone without a usable address (demo
# accounts have no e-mail) still goes to the log, so every moment is visible.
NOTIFIKASI_LOG_TANPA_ALAMAT = env_bool("NOTIFIKASI_LOG_TANPA_ALAMAT", DEBUG)
NOTIFIKASI_MAKS_PERCOBAAN = env_int("NOTIFIKASI_MAKS_PERCOBAAN", 5)
NOTIFIKASI_JEDA_MENIT = [float(m) for m in env_list("NOTIFIKASI_JEDA_MENIT", "1,5,25,125")]
NOTIFIKASI_MAKS_PERCOBAAN_LANGSUNG = env_int("NOTIFIKASI_MAKS_PERCOBAAN_LANGSUNG", 3)
NOTIFIKASI_JEDA_LANGSUNG_DETIK = [
    int(d) for d in env_list("NOTIFIKASI_JEDA_LANGSUNG_DETIK", "10,30")
]

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER via
# TRUST_X_FORWARDED_PROTO=true.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): no inline script or style, nothing from
# another site, no framing; QR codes and logos are data: URIs. The one page that
# needs more (the letter preview) widens it itself (layanan.keamanan.csp_pratinjau).
# Cache-Control and Permissions-Policy: layanan.keamanan.HeaderKeamananMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# The portal's public address, for links in e-mails (e.g. https://dinsos.example.go.id).
PORTAL_URL = env_str("PORTAL_URL")
# Behind a proxy that sets a trusted client-address header (e.g. HTTP_X_REAL_IP),
# name it so rate limits count citizens, not the proxy.
PENGADUAN_HEADER_ALAMAT_KLIEN = env_str("CLIENT_IP_HEADER")

# Logs go to stderr; they never carry personal data (see README).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # At DEBUG it logs whole template contexts (client data) for missing variables.
        "django.template": {"level": "INFO"},
        # django-axes narrates every login at INFO (user names masked)
        "axes": {"level": "WARNING"},
    },
}

FORMAT_MODULE_PATH = ["config.formats"]
