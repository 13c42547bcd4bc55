"""The scale benchmark: `make bench-skala` (or `python bench/skala.py`).

What it does, in one run on one machine:

1. Prepares a PostgreSQL database (default `portal_bench` on 127.0.0.1): migrates,
   loads the five standards and the demo staff, then fills it through the
   project's own code with `isi_data_volume` (100,000 cases over 5 offices with
   their steps, histories, berkas metadata and letters; 20,000 complaints). A
   database already filled is reused (`--isi-ulang` starts again).
2. Starts the portal under gunicorn as in production (DEBUG off, 2 sync
   workers, static files collected and served by WhiteNoise), with the same
   settings plus a bare view `HttpResponse("ok")` (bench/settings.py).
3. Drives each page with `wrk` (`apt-get install wrk`) as the office's users
   would: logged in as the front desk, the social worker, the Kabid, the Kadis;
   anonymous for the public pages. Each round measures the bare view first,
   then every page; the figures are medians of the rounds.
4. Prints, per page: requests/s, p50 and p99 latency, the ratio to the bare
   view, and SQL queries per request (counted in-process with Django's test
   client on the same database); then the middleware stack against the bare
   view with no middleware (a second gunicorn), the letter render against a
   bare WeasyPrint render, and the workers' memory (RSS).

Numbers depend on the machine; compare runs on the same one. The database is
a throw-away one: letter issuance signs real letters in it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import django

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8077
PORT_POLOS = 8078
# Keys of the bench database only: the data is fictitious, and the server and
# the fill must share them to read what the other wrote.
KUNCI_DATA = "YmVuY2gtZGF0YS1rZXktYmVuY2gtZGF0YS1rZXkhISE="
KUNCI_HASH = "bench-hash-key-bench-hash-key-bench-hash"


def lingkungan(db_url: str, *, tanpa_middleware: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        PORTAL_KUNCI_DATA=KUNCI_DATA,
        PORTAL_KUNCI_HASH=KUNCI_HASH,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        PYTHONPATH=str(ROOT),
        STATIC_ROOT=str(ROOT / ".bench" / "static"),
        PORTAL_PKCS12=str(ROOT / ".bench" / "portal-bench.p12"),
        PORTAL_PKCS12_PASSPHRASE_FILE=str(ROOT / ".bench" / "portal-bench.p12.pass"),
    )
    env.pop("DEBUG", None)
    if tanpa_middleware:
        env["BENCH_TANPA_MIDDLEWARE"] = "1"
    return env


def manage(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout


def _psql(admin: str, sql: str) -> str:
    return subprocess.run(
        ["psql", admin, "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def _jumlah_kasus(debug: dict[str, str]) -> int:
    keluaran = manage(
        debug,
        "shell",
        "--no-imports",
        "-c",
        "from rujukan.models import Rujukan; print(Rujukan.objects.count())",
    )
    return int(keluaran.strip() or 0)


def siapkan(args: argparse.Namespace, env: dict[str, str]) -> None:
    """The bench database, filled once: a half-filled one (an interrupted fill)
    is made again from scratch."""
    nama = args.db.rsplit("/", 1)[-1]
    admin = args.db.rsplit("/", 1)[0] + "/postgres"
    debug = {**env, "DEBUG": "true"}  # the demo commands run only with DEBUG
    (ROOT / ".bench").mkdir(exist_ok=True)
    if not Path(env["PORTAL_PKCS12"]).exists():  # letters are signed while filling too
        manage(debug, "buat_sertifikat_demo", "--keluar", env["PORTAL_PKCS12"])
    ada = _psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{nama}'")
    if ada and not args.isi_ulang:
        manage(debug, "migrate", "--no-input")
        jumlah = _jumlah_kasus(debug)
        if jumlah >= args.kasus // 2:
            print(f"== basis data sudah berisi {jumlah} kasus: dipakai ulang", flush=True)
            _psql(args.db, "ANALYZE")  # migrations may have added indexes since
            manage(env, "collectstatic", "--no-input", "--clear")
            return
        print(f"== basis data berisi {jumlah} kasus saja: diisi ulang", flush=True)
    if ada:
        _psql(admin, f"DROP DATABASE {nama}")
    _psql(admin, f"CREATE DATABASE {nama}")
    t0 = time.perf_counter()
    manage(debug, "migrate", "--no-input")
    print(f"== mengisi {args.kasus} kasus dan {args.pengaduan} pengaduan", flush=True)
    manage(debug, "muat_standar")
    manage(debug, "buat_akun_demo")
    subprocess.run(
        [
            PYTHON,
            "manage.py",
            "isi_data_volume",
            "--kasus",
            str(args.kasus),
            "--pengaduan",
            str(args.pengaduan),
        ],
        cwd=ROOT,
        env=debug,
        check=True,
    )
    # The planner's statistics: a server with autovacuum off (as on this machine)
    # would otherwise plan every query over 100,000 cases blind.
    _psql(args.db, "VACUUM ANALYZE")
    print(f"   terisi dalam {time.perf_counter() - t0:.0f} s", flush=True)
    manage(env, "collectstatic", "--no-input", "--clear")


@dataclass
class Halaman:
    nama: str
    url: str
    peran: str | None  # None: anonymous
    kueri: int | None = None
    status: int | None = None
    hasil: list[tuple[float, float, float]] = field(default_factory=list)  # rps, p50, p99


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    django.setup()


def halaman_dan_sesi(env: dict[str, str]) -> tuple[list[Halaman], dict[str, str]]:
    """The pages to drive, and a session cookie per role made in the database
    (password and second factor confirmed, as after a real login)."""
    _django(env)
    # after django.setup() (_django): the settings come from the bench's environment
    from django.contrib.auth.models import User
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from layanan.models import Instansi, Layanan, Peran
    from layanan.roles import GROUP_NAMES
    from pengaduan.models import Pengaduan
    from rujukan.models import Rujukan, Status

    instansi = (
        Instansi.objects.annotate(n=Count("rujukan")).order_by("-n").first()
    )  # the busiest office
    assert instansi is not None, "tidak ada instansi: isi basis data dulu"

    def pengguna(peran: str) -> User:
        u = (
            User.objects.filter(
                groups__name=GROUP_NAMES[peran], pegawai__instansi=instansi, is_active=True
            )
            .order_by("pk")
            .first()
        )
        assert u is not None, f"tidak ada akun {peran} di {instansi}"
        return u

    peran = {
        "loket": Peran.PETUGAS_LOKET,
        "peksos": Peran.PEKERJA_SOSIAL,
        "kabid": Peran.KEPALA_BIDANG,
        "kadis": Peran.KEPALA_DINAS,
    }
    klien: dict[str, Client] = {}
    cookie: dict[str, str] = {}
    for nama, p in peran.items():
        user = pengguna(p)
        c = Client()
        c.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
            TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        )
        s = c.session
        s[DEVICE_ID_SESSION_KEY] = device.persistent_id
        s.save()
        klien[nama] = c
        cookie[nama] = f"sessionid={c.cookies['sessionid'].value}"
    klien[""] = Client()

    layanan = Layanan.objects.filter(instansi=instansi).order_by("pk").first()
    kasus = Rujukan.objects.filter(instansi=instansi).exclude(status=Status.SELESAI)
    terbuka = kasus.order_by("-pk").first()
    peksos = pengguna(Peran.PEKERJA_SOSIAL)
    lapangan = Rujukan.objects.filter(instansi=instansi, peksos=peksos).order_by("-pk").first()
    aduan = Pengaduan.objects.filter(instansi=instansi).order_by("-pk").first()
    daftar = [
        Halaman("bare view (HttpResponse ok)", "/_bench/ok/", None),
        Halaman("katalog layanan (publik)", "/layanan/", None),
        Halaman("halaman standar (publik)", f"/layanan/{instansi.slug}/{layanan.slug}/", None),
        Halaman("transparansi (publik)", f"/transparansi/{instansi.slug}/", None),
        Halaman("lacak pengaduan (publik, formulir)", "/pengaduan/lacak/", None),
        Halaman("beranda staf: loket", "/staf/", "loket"),
        Halaman("beranda staf: kabid", "/staf/", "kabid"),
        Halaman("daftar kasus (bawaan)", "/rujukan/", "loket"),
        Halaman("daftar kasus ?tampilan=semua", "/rujukan/?tampilan=semua", "loket"),
        Halaman("daftar kasus ?status=verifikasi", "/rujukan/?status=verifikasi", "loket"),
        Halaman("daftar kasus ?layanan=", f"/rujukan/?layanan={layanan.pk}", "loket"),
        Halaman("kasus (detail)", f"/rujukan/{terbuka.pk}/", "kabid"),
        Halaman("kotak persetujuan: kadis", "/rujukan/persetujuan/", "kadis"),
        Halaman("dasbor kinerja: kadis", "/kinerja/", "kadis"),
        Halaman("rekap layanan: kabid", "/rujukan/rekap/", "kabid"),
        Halaman("pekerjaan saya (lapangan)", "/lapangan/", "peksos"),
        Halaman("daftar pengaduan staf", "/pengaduan/staf/", "kabid"),
    ]
    if lapangan:
        daftar.append(Halaman("kasus di lapangan", f"/lapangan/{lapangan.pk}/", "peksos"))
    if aduan:
        daftar.append(Halaman("pengaduan (detail staf)", f"/pengaduan/staf/{aduan.pk}/", "kabid"))

    for h in daftar:
        c = klien[h.peran or ""]
        c.get(h.url)  # warm caches as a running worker has them
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(h.url)
        h.kueri, h.status = len(ctx.captured_queries), r.status_code
    return daftar, cookie


def gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--preload",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_bench/ok/", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("gunicorn tidak mau mulai")


def _ms(teks: str) -> float:
    angka, satuan = re.fullmatch(r"([\d.]+)(us|ms|s)", teks).groups()
    return float(angka) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[satuan]


def wrk(url: str, cookie: str | None, detik: int, koneksi: int) -> tuple[float, float, float]:
    perintah = ["wrk", "-t2", f"-c{koneksi}", f"-d{detik}s", "--latency", url]
    if cookie:
        perintah[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(perintah, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        print(f"   ! {url}: {m.group(1)} jawaban bukan 2xx/3xx", flush=True)
    return rps, p50, p99


def rss_mb(proc: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    anak = subprocess.run(
        ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True
    ).stdout.split()
    hasil = []
    for pid in anak:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        hasil.append(kb / 1024)
    return hasil


def berhenti(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


class _Batal(Exception):
    """Rolls the bench letter back: nothing is kept, the number is not used."""


def terbit_sekali(kali: int = 1) -> tuple[list[float], list[float]]:
    """Issues the letter of a case waiting for its signature (render + sign +
    store, through `terbitkan_dokumen`) and rolls it back, `kali` times; and
    renders the same letter's HTML with WeasyPrint alone: the HTML the issue
    rendered (number, date, signature block and the verification footer with
    its QR code), not the draft preview, which has none of these and renders
    in two thirds of the time. Times in ms."""
    # after django.setup() (_django): the settings come from the bench's environment
    from django.db import transaction

    from rujukan import documents
    from rujukan.documents import blok_tanda_tangan, render_pdf
    from rujukan.models import Konsep
    from rujukan.models.proses import JenisDokumen
    from rujukan.services.issuing import terbitkan_dokumen, transaksi_terbit

    konsep = (
        Konsep.objects.filter(status=Konsep.StatusKonsep.DIAJUKAN)
        .select_related("rujukan__instansi")
        .order_by("-pk")
        .first()
    )
    if konsep is None:
        return [], []
    r = konsep.rujukan
    jenis = next(j for j in r.alur.produk_disetujui if j != JenisDokumen.LAPORAN_SOSIAL)
    penanda = r.dibuat_oleh
    terbit, polos = [], []
    html_terbit: list[str] = []
    render_html = documents.render_html

    def rekam(jenis: str, ctx: dict) -> str:
        html_terbit.append(render_html(jenis, ctx))
        return html_terbit[-1]

    for _ in range(kali):
        t0 = time.perf_counter()
        try:
            with (
                transaksi_terbit(),
                transaction.atomic(),
                mock.patch.object(documents, "render_html", rekam),
            ):
                terbitkan_dokumen(
                    rujukan=r,
                    jenis=jenis,
                    by=penanda,
                    konsep=konsep,
                    penandatangan=blok_tanda_tangan(penanda, instansi=r.instansi),
                    penandatangan_user=penanda,
                )
                terbit.append((time.perf_counter() - t0) * 1000)
                raise _Batal
        except _Batal:
            pass
        polos.append(_waktu(lambda h=html_terbit[-1]: render_pdf(h)))
    return terbit, polos


def surat_pertama() -> None:
    """Run in a fresh process: load the app as gunicorn --preload does, then
    time the first letter."""
    import config.wsgi  # noqa: F401 — what the master loads before forking

    terbit, _ = terbit_sekali(1)
    print(f"{terbit[0] if terbit else float('nan'):.0f}")


def _waktu(f) -> float:
    t0 = time.perf_counter()
    f()
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/portal_bench")
    p.add_argument("--kasus", type=int, default=100_000)
    p.add_argument("--pengaduan", type=int, default=20_000)
    p.add_argument("--detik", type=int, default=10, help="durasi wrk per halaman per ronde")
    p.add_argument("--ronde", type=int, default=3)
    p.add_argument("--koneksi", type=int, default=8)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--isi-ulang", action="store_true", help="hapus dan isi ulang basis data")
    p.add_argument("--saring", default="", help="hanya halaman yang namanya memuat teks ini")
    args = p.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk belum terpasang: apt-get install -y wrk")

    env = lingkungan(args.db)
    siapkan(args, env)
    daftar, cookie = halaman_dan_sesi(env)
    daftar = [h for h in daftar if h.url == "/_bench/ok/" or args.saring in h.nama]

    server = gunicorn(env, PORT, args.workers)
    try:
        for ronde in range(args.ronde):
            print(f"== ronde {ronde + 1}/{args.ronde}", flush=True)
            for h in daftar:
                url = f"http://127.0.0.1:{PORT}{h.url}"
                h.hasil.append(wrk(url, cookie.get(h.peran or ""), args.detik, args.koneksi))
        memori = rss_mb(server)
    finally:
        berhenti(server)

    polos_env = lingkungan(args.db, tanpa_middleware=True)
    server = gunicorn(polos_env, PORT_POLOS, args.workers)
    try:
        tanpa = [
            wrk(f"http://127.0.0.1:{PORT_POLOS}/_bench/ok/", None, args.detik, args.koneksi)[0]
            for _ in range(args.ronde)
        ]
    finally:
        berhenti(server)

    bare = statistics.median(r for r, _, _ in daftar[0].hasil)
    print()
    print(f"{'halaman':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'% bare':>7} {'kueri':>6}")
    for h in daftar:
        rps = statistics.median(r for r, _, _ in h.hasil)
        p50 = statistics.median(x for _, x, _ in h.hasil)
        p99 = statistics.median(x for _, _, x in h.hasil)
        status = "" if h.status == 200 else f"  (HTTP {h.status})"
        print(
            f"{h.nama:44} {rps:9.1f} {p50:8.1f} {p99:8.1f} {100 * rps / bare:6.2f}% "
            f"{h.kueri:6d}{status}"
        )
    print()
    polos = statistics.median(tanpa)
    print(
        f"middleware: bare view {bare:.0f} req/s, without middleware {polos:.0f} req/s "
        f"({100 * bare / polos:.0f} %)"
    )
    print("memori worker (RSS): " + ", ".join(f"{m:.0f} MB" for m in memori))
    # the first letter of this process pays for loading templates, fonts and the
    # certificate: it is measured apart below (a fresh process after preload)
    terbit, polos_surat = terbit_sekali(6)
    if terbit:
        a, b = statistics.median(terbit[1:]), statistics.median(polos_surat[1:])
        print(
            f"surat: terbit (render + tanda tangan + simpan) {a:.0f} ms, WeasyPrint saja "
            f"{b:.0f} ms ({a / b:.2f}x)"
        )
        pertama = subprocess.run(
            [PYTHON, "-c", "import bench.skala as s; s._django_env(); s.surat_pertama()"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(f"surat pertama di proses baru (setelah preload): {pertama} ms")
    else:
        print("surat: tidak ada konsep yang menunggu tanda tangan di basis data ini")


def _django_env() -> None:
    sys.path.insert(0, str(ROOT))
    django.setup()


if __name__ == "__main__":
    main()
