"""A fresh `make run`, then a new user in a browser: for each of the five seed
standards, the demo case standing at its first open step is taken to its end
by the demo accounts alone — nothing fixed in the admin first.

The database is prepared by the commands of the Makefile's `run` target, with
their options (DEBUG on, no --force). Each demo account logs in through the
login page with the logins and password `buat_akun_demo` prints, and keeps its
own browser session; the pekerja sosial works on a 390 px phone. At every step
the account that acts finds the case on its own home (Tugas Anda, Menunggu
persetujuan Anda, or the panti's inbox) and gets there by clicking, then acts
by clicking what the pages show. Every action link a user sees on the pages
it passes through is fetched too: none may answer 403 (or any 4xx/5xx).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Page, expect

from layanan.management.commands.buat_akun_demo import AKUN_PERAN
from layanan.models import Peran
from rujukan.models import Rujukan, Status
from tests.e2e.masuk import masuk

pytestmark = pytest.mark.e2e

HP = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# Where a staff home lists the cases waiting for this user.
KOTAK_MASUK = (
    "section[aria-labelledby=tugas-judul]",
    "section[aria-labelledby=setuju-judul]",
    "section[aria-labelledby=panti-judul]",
)
# The links of a page that lead to an action: each must open for the user who sees it.
TAUTAN_AKSI = (
    ".aksi-bar a[href], #berkas a.btn[href], [data-periksa-dtks] a[href], "
    ".aksi-besar a[href], #dokumen a[href], main .card > p.small a[href^='/']"
)
NAMA_PEKSOS = AKUN_PERAN[Peran.PEKERJA_SOSIAL][2]
WAKTU_TUNGGU = 20_000  # ms


# -- `make run` ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AkunDemo:
    """What `buat_akun_demo` printed: login per office and role, one password."""

    login: dict[tuple[str, str], str]  # (office slug, role) -> username
    sandi: str


def baca_akun(keluaran: str) -> AkunDemo:
    label = {str(p.label): p.value for p in Peran}
    login = {}
    for baris in keluaran.splitlines():
        kolom = re.split(r"\s{2,}", baris.strip())
        if len(kolom) == 3 and kolom[1] in label and "." in kolom[2]:
            slug = kolom[2].split(".", 1)[1]
            login[(slug, label[kolom[1]])] = kolom[2]
    sandi = re.search(r"Kata sandi semua akun: (\S+)", keluaran)
    assert login and sandi, keluaran
    return AkunDemo(login, sandi.group(1))


@dataclass(frozen=True)
class BarisMakeRun:
    env: dict[str, str]  # assignments on the line (`DEBUG=true …`)
    argumen: list[str]  # what follows `manage.py`
    latar: bool = False  # started in the background (`… &`), beside the server


PEMISAH = {";", "&", "&&"}


def perintah_shell(baris: str) -> list[tuple[list[str], bool]]:
    """The commands of one shell line, each as its words and whether it runs
    in the background (followed by `&`)."""
    lexer = shlex.shlex(baris, posix=True, punctuation_chars=";&")
    lexer.whitespace_split = True
    out, kata = [], []
    for token in lexer:
        if token in PEMISAH:
            out.append((kata, token == "&"))
            kata = []
        else:
            kata.append(token)
    out.append((kata, False))
    return [(k, latar) for k, latar in out if k]


def resep_make_run(makefile: str) -> tuple[list[tuple[str, str, str]], list[BarisMakeRun]]:
    """The Makefile's `run` target: its exported variables (name, `=`/`?=`/`:=`,
    value) and, per command of its recipe, the environment and `manage.py`
    arguments. Comment lines are skipped, continued lines joined; of a shell
    line only `manage.py` commands are kept (`trap` and `name=$$!` only tend
    the background processes)."""
    variabel, baris_resep, dalam = [], [], False
    for baris in makefile.splitlines():
        if dalam and baris.startswith("\t"):
            teks = baris.strip()
            if baris_resep and baris_resep[-1].endswith("\\"):
                baris_resep[-1] = baris_resep[-1][:-1] + " " + teks
            elif not teks.startswith("#"):
                baris_resep.append(teks)
            continue
        dalam = False
        var = re.match(r"run:\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*(\?=|:=|=)\s*(.*)$", baris)
        if var:
            variabel.append(var.groups())
        elif baris.startswith("run:"):
            dalam = True
    resep = []
    for baris in baris_resep:
        for kata, latar in perintah_shell(baris.replace("$(BIN)", ".venv/bin")):
            if kata[0] == "trap" or all(re.fullmatch(r"\w+=\$\$!", k) for k in kata):
                continue
            env = {}
            while kata and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", kata[0]):
                nama, nilai = kata.pop(0).split("=", 1)
                env[nama] = nilai
            assert "manage.py" in kata and "$(" not in " ".join(kata), (
                f"this journey does not know how to repeat the `make run` line: {baris}"
            )
            resep.append(BarisMakeRun(env, kata[kata.index("manage.py") + 1 :], latar))
    assert resep, "the Makefile has no `run` recipe"
    return variabel, resep


@pytest.fixture
def make_run(transactional_db, monkeypatch, tmp_path) -> AkunDemo:
    """The database as `make run` leaves it: its commands, with their options and
    environment, up to the server it starts (the live server stands in for it,
    and the test settings' immediate task backend for the task worker started
    beside it; the scheduler beside it only enqueues periodic jobs). They run
    in a scratch directory: files `make run` writes beside the Makefile (a
    demo certificate) land there."""
    variabel, resep = resep_make_run((settings.BASE_DIR / "Makefile").read_text())
    for nama, op, nilai in variabel:
        if op == "?=" and nama in os.environ:
            continue
        nilai = nilai.replace("$(CURDIR)", str(tmp_path))
        assert "$(" not in nilai, f"unknown Make variable in {nama} = {nilai}"
        monkeypatch.setenv(nama, nilai)
    akun = io.StringIO()
    with contextlib.chdir(tmp_path):
        for baris in resep:
            for nama, nilai in baris.env.items():
                if nama != "DEBUG":  # settings are read already: DEBUG is overridden below
                    monkeypatch.setenv(nama, nilai)
            perintah, *argumen = baris.argumen
            if perintah == "runserver" or baris.latar:
                continue
            with override_settings(DEBUG=baris.env.get("DEBUG", "").lower() == "true"):
                out = akun if perintah == "buat_akun_demo" else io.StringIO()
                call_command(perintah, *argumen, stdout=out)
    return baca_akun(akun.getvalue())


# -- the demo accounts of one office, each in its own browser session --------------------------
@dataclass
class Kantor:
    """One office's case walk: its demo accounts' pages and the links checked."""

    kasus: KasusDemo
    akun: AkunDemo
    buka_konteks: Callable
    base_url: str
    halaman: dict[str, Page] = field(default_factory=dict)
    diperiksa: set = field(default_factory=set)

    def sebagai(self, peran: str) -> Page:
        """The page of the role's demo account, logged in through the login page once."""
        if peran not in self.halaman:
            hp = peran == Peran.PEKERJA_SOSIAL
            context = self.buka_konteks(base_url=self.base_url, **(HP if hp else DESKTOP))
            context.set_default_timeout(WAKTU_TUNGGU)
            page = context.new_page()
            masuk(page, "/masuk/", self.akun.login[(self.kasus.slug, peran)], self.akun.sandi)
            expect(page.locator("h1")).to_contain_text("Selamat datang")
            self.halaman[peran] = page
        return self.halaman[peran]

    def beranda_memuat(self, peran: str, nomor: str) -> bool:
        page = self.sebagai(peran)
        page.goto("/staf/")
        return entri_beranda(page, nomor).count() > 0

    def buka_dari_beranda(self, peran: str, nomor: str) -> Page:
        """The role's home lists the case as theirs to act on; open it from there."""
        page = self.sebagai(peran)
        if not self.beranda_memuat(peran, nomor):
            lain = [p for p in PERAN_KERJA if p != peran and self.beranda_memuat(p, nomor)]
            pytest.fail(
                f"{self.kasus.slug}: the home of {peran} does not list {nomor}; "
                f"the homes that do: {lain or 'none'}"
            )
        self.tanpa_tautan_terlarang(page, peran)
        entri_beranda(page, nomor).first.click()
        page.wait_for_load_state()
        self.tanpa_tautan_terlarang(page, peran)
        return page

    def tanpa_tautan_terlarang(self, page: Page, peran: str) -> None:
        """Every action link the page shows this user opens for them (never a 403)."""
        badge = page.locator(".status-line .badge[data-status]")
        status = badge.get_attribute("data-status") if badge.count() else ""
        for href in page.locator(TAUTAN_AKSI).evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        ):
            kunci = (peran, *kunci_tautan(href, status))
            if kunci in self.diperiksa:
                continue
            self.diperiksa.add(kunci)
            jawab = page.request.get(href)
            assert jawab.status < 400, (
                f"{self.kasus.slug}: {peran} sees {href} on {page.url} ({status or 'field page'}) "
                f"but it answers {jawab.status}"
            )


PERAN_KERJA = (
    Peran.PETUGAS_LOKET,
    Peran.PEKERJA_SOSIAL,
    Peran.KOORDINATOR,
    Peran.KEPALA_BIDANG,
    Peran.KEPALA_DINAS,
    Peran.PANTI,
)


def kunci_tautan(href: str, status: str) -> tuple[str, str]:
    """A link is checked once per state of the case; a document once (the same
    file in every state); the berkas check once per state (every requirement's
    answers alike)."""
    if re.fullmatch(r"/rujukan/\d+/dokumen/\d+/", href):
        return href, ""
    return re.sub(r"(/rujukan/\d+/berkas/)\d+/$", r"\1", href), status


def entri_beranda(page: Page, nomor: str):
    return page.locator(", ".join(f"{s} li a" for s in KOTAK_MASUK)).filter(has_text=nomor)


# -- what a user clicks ------------------------------------------------------------------------
def berhasil(page: Page) -> None:
    """The submit succeeded: a success message, no error on the page."""
    pesan = page.locator(".messages .msg-success, .msg-error, .errorlist")
    expect(pesan.first).to_be_visible()
    galat = page.locator(".msg-error, .errorlist")
    assert galat.count() == 0, f"{page.url}: {galat.all_inner_texts()}"


def harus_status(page: Page, status: str) -> None:
    expect(page.locator(".status-line .badge[data-status]")).to_have_attribute(
        "data-status", status
    )


def tindakan(kode: str, isi: Callable[[Page], None] | None = None) -> Callable:
    """On the case page: the action's button, its form, submit."""

    def jalan(page: Page, kantor: Kantor) -> None:
        ke_kasus(page)
        page.locator(f".aksi-bar a[href$='/aksi/{kode}/']").click()
        expect(page.locator("main form input[name=jejak]")).to_have_count(1)
        if isi:
            isi(page)
        sandi = page.locator("main form input[type=password]")
        if sandi.count():  # a signature asks the official's password again
            sandi.fill(kantor.akun.sandi)
        page.locator("main form button[type=submit]").click()
        berhasil(page)

    jalan.__name__ = kode
    return jalan


def isi_persetujuan(page: Page) -> None:
    """The klien consents in writing to their data going to the panti."""
    page.get_by_label("Nama yang memberi persetujuan").fill("Klien sendiri (demo)")


def tugaskan_peksos(page: Page, kantor: Kantor) -> None:
    """The home's entry is the assignment page itself."""
    expect(page.locator("h1")).to_have_text("Tugaskan pekerja sosial")
    page.get_by_label("Pekerja sosial").select_option(label=NAMA_PEKSOS)
    page.get_by_role("button", name="Tugaskan").click()
    berhasil(page)
    expect(page.locator("main")).to_contain_text(f"Pekerja sosial: {NAMA_PEKSOS}")


def ke_kasus(page: Page) -> None:
    """To the case page, from its field page if the user is there."""
    if re.search(r"/lapangan/\d+/", page.url):
        page.get_by_role("link", name="Halaman kasus lengkap").click()
    expect(page.locator(".status-line .badge[data-status]")).to_be_visible()


def ke_lapangan(page: Page) -> None:
    """To the case's field page (the phone's work page), from the case page."""
    if not re.search(r"/lapangan/\d+/", page.url):
        page.get_by_role("link", name=re.compile("^Kerja lapangan")).click()
    expect(page.locator(".aksi-besar")).to_be_visible()
    muat_di_hp(page)


def muat_di_hp(page: Page) -> None:
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= HP["viewport"]["width"], (
        f"{page.url} is wider than the phone"
    )


def asesmen_lapangan(page: Page, kantor: Kantor) -> None:
    ke_lapangan(page)
    page.get_by_role("link", name="Isi lembar asesmen").click()
    expect(page.get_by_role("heading", name="Lembar asesmen", level=1)).to_be_visible()
    muat_di_hp(page)
    page.get_by_label("Sesuai dengan dokumen").check()
    page.get_by_label("Kondisi fisik dan kesehatan").fill("Berjalan dengan tongkat.")
    page.get_by_label("Kondisi mental dan psikologis").fill("Mudah lupa, komunikasi baik.")
    page.get_by_label("Kondisi ekonomi").fill("Tidak berpenghasilan.")
    for fakta in page.locator(".fakta").all():
        fakta.get_by_label("Ya, terpenuhi").check()
        bukti = fakta.get_by_label("Bukti")
        if not bukti.input_value().strip():
            bukti.fill("Dilihat sendiri saat kunjungan rumah.")
    page.get_by_label("Layak dilayani", exact=True).check()
    page.get_by_label("Alasan kesimpulan").fill("Memenuhi kriteria standar layanan.")
    if kantor.kasus.panti:
        pilihan = page.get_by_label("Panti/lembaga yang direkomendasikan")
        pilihan.select_option(index=1)
    page.get_by_role("button", name="Simpan asesmen").click()
    berhasil(page)
    muat_di_hp(page)


def kegiatan_lapangan(jenis: str, bentuk: str = "") -> Callable:
    def jalan(page: Page, kantor: Kantor) -> None:
        ke_lapangan(page)
        page.get_by_role("link", name="Catat kunjungan atau kegiatan").click()
        expect(page.get_by_role("heading", name="Catat kunjungan", level=1)).to_be_visible()
        muat_di_hp(page)
        page.get_by_label("Jenis kegiatan").select_option(jenis)
        if bentuk:
            page.get_by_label("Bentuk bimbingan/pendampingan").select_option(bentuk)
        page.get_by_label("Uraian kegiatan").fill("Kunjungan dan pendampingan klien.")
        page.get_by_role("button", name="Simpan kegiatan").click()
        berhasil(page)
        expect(page.locator(".kegiatan")).to_have_count(1)
        muat_di_hp(page)

    jalan.__name__ = f"kegiatan {jenis}"
    return jalan


def lapor_pendampingan(page: Page, kantor: Kantor) -> None:
    ke_lapangan(page)
    page.get_by_label("Kata sandi akun Anda (wajib)").fill(kantor.akun.sandi)
    page.get_by_role("button", name=re.compile("^Pendampingan selesai")).click()
    berhasil(page)
    expect(page.locator(".daftar-dok")).to_contain_text("Laporan Kegiatan")


def periksa_dtks(page: Page, kantor: Kantor) -> None:
    ke_kasus(page)
    page.get_by_role("link", name="Periksa DTKS dan tentukan survei").click()
    expect(page.locator(".dtks-ya")).to_be_visible()
    page.get_by_role("button", name="Lanjutkan tanpa survei").click()
    berhasil(page)


def jawab_panti(page: Page, kantor: Kantor) -> None:
    """The panti's limited page: the proposal letter, and its answer."""
    surat = page.get_by_role("link", name="Surat pengajuan berkas usulan (PDF)")
    jawab = page.request.get(surat.get_attribute("href"))
    assert jawab.ok and jawab.body()[:5] == b"%PDF-"
    page.get_by_label("Menerima klien").check()
    page.get_by_label("Narahubung di panti (nama, telepon)").fill("Ibu Maria, 0812 5555 1234")
    page.get_by_role("button", name="Kirim jawaban").click()
    berhasil(page)


# -- each seed's path ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Langkah:
    """One step: the role whose turn it is, what they click, where it leaves the case."""

    peran: str  # whose home lists the case now
    kerja: Callable[[Page, Kantor], None]
    status: str | None  # the case's state after it (None: a page without the badge)


@dataclass(frozen=True)
class KasusDemo:
    """A seed's demo case from its first open step to its end."""

    slug: str
    panti: bool  # the standard refers the client to a panti
    jalan: tuple[Langkah, ...]
    produk: tuple[str, ...]  # the documents the case ends with


LOKET, PEKSOS, KOORD, KABID, KADIS, PANTI = PERAN_KERJA
S = Status
Tombol = str | tuple[str, Callable[[Page], None]] | Callable[[Page, Kantor], None]


def jalur(*baris: tuple[str, Tombol, str | None]) -> tuple[Langkah, ...]:
    """A seed's path as data, one row a step: (whose turn, what they press, the
    case's state after it or None). What they press is an action's code on the
    case page (its button, its form, submit), or (code, how its form is
    filled), or the work of a page of its own (a function of the page and the
    office)."""

    def kerja(tombol: Tombol) -> Callable[[Page, Kantor], None]:
        if isinstance(tombol, str):
            return tindakan(tombol)
        if isinstance(tombol, tuple):
            return tindakan(*tombol)
        return tombol

    return tuple(Langkah(peran, kerja(tombol), status) for peran, tombol, status in baris)


# the pieces several seeds share
BERKAS = ((LOKET, "periksa", S.PEMERIKSAAN_BERKAS), (LOKET, "berkas-lengkap", None))
KE_PEKSOS = (*BERKAS, (KOORD, tugaskan_peksos, None))
ASESMEN = (*KE_PEKSOS, (PEKSOS, asesmen_lapangan, None))
TUTUP = (LOKET, "tutup", S.SELESAI)


def terbit_lalu_antar(
    penanda: str, pengantar: str, tombol: str = "antar-panti", status=S.DISERAHKAN_PANTI
) -> tuple:
    """The last signature issues the product; it is delivered, then the case is closed."""
    return ((penanda, "setujui", S.PRODUK_TERBIT), (pengantar, tombol, status), TUTUP)


KASUS = (
    KasusDemo(
        "banjarmasin",
        panti=True,
        jalan=jalur(
            *ASESMEN,
            (PEKSOS, ("persetujuan-klien", isi_persetujuan), None),
            (PEKSOS, "siapkan-usulan", None),
            (KADIS, "kirim-panti", S.MENUNGGU_PANTI),
            (PANTI, jawab_panti, None),
            (PEKSOS, "ajukan-konsep", S.PERSETUJUAN),
            *terbit_lalu_antar(KADIS, PEKSOS),
        ),
        produk=("Pengajuan Berkas Usulan ke Panti", "Surat Rekomendasi"),
    ),
    KasusDemo(
        "banjar",
        panti=True,
        jalan=jalur(
            *ASESMEN,
            (PEKSOS, kegiatan_lapangan("bimbingan", "bimbingan_sosial"), None),
            (PEKSOS, "selesai-penanganan", S.PENYUSUNAN),
            (PEKSOS, "ajukan-konsep", S.PERSETUJUAN),
            *terbit_lalu_antar(KADIS, PEKSOS),
        ),
        produk=("Surat Rujukan Klien",),
    ),
    KasusDemo(
        "bulukumba",
        panti=True,
        jalan=jalur(
            *ASESMEN,  # the draft goes to the chain at once
            (KABID, "setujui", S.PERSETUJUAN),  # paraf
            *terbit_lalu_antar(KADIS, LOKET),  # signature
        ),
        produk=("Surat Rekomendasi",),
    ),
    KasusDemo(
        "depok",
        panti=False,
        jalan=jalur(
            (LOKET, "periksa", S.PEMERIKSAAN_BERKAS),
            (LOKET, periksa_dtks, S.PENYUSUNAN),  # in DTKS: no survey
            (PEKSOS, "ajukan-konsep", S.PERSETUJUAN),
            (KOORD, "setujui", S.PERSETUJUAN),  # paraf
            *terbit_lalu_antar(KABID, PEKSOS, "serahkan", S.DISERAHKAN_PEMOHON),  # signature
        ),
        produk=("Surat Rekomendasi",),
    ),
    KasusDemo(
        "si-laras-manis",
        panti=False,
        jalan=jalur(
            *KE_PEKSOS,
            (PEKSOS, kegiatan_lapangan("pendampingan"), None),
            (PEKSOS, lapor_pendampingan, None),
            TUTUP,
        ),
        produk=("Laporan Kegiatan",),
    ),
)


@pytest.fixture
def sabar():
    """Issuing and signing a letter takes a while on a busy machine: assertions
    wait up to the actions' timeout instead of Playwright's 5 s default."""
    expect.set_options(timeout=WAKTU_TUNGGU)
    yield
    expect.set_options(timeout=5_000)


def test_each_seeds_demo_case_runs_to_its_end_in_the_browser(
    make_run, sabar, new_context, live_server
):
    for kasus in KASUS:
        kantor = Kantor(kasus, make_run, new_context, live_server.url)
        jalani(kantor)


def jalani(kantor: Kantor) -> None:
    kasus = kantor.kasus
    r = (
        Rujukan.objects.filter(instansi__slug=kasus.slug, status=Status.DIAJUKAN)
        .order_by("pk")
        .first()
    )
    assert r is not None, f"{kasus.slug}: no demo case waits at its first step"
    nomor, peran = r.nomor_registrasi, None
    for n, langkah in enumerate(kasus.jalan, start=1):
        if langkah.peran != peran:  # a hand-over: the next role finds it on their home
            page = kantor.buka_dari_beranda(langkah.peran, nomor)
            expect(page.locator("main")).to_contain_text(nomor)
        peran = langkah.peran
        try:
            langkah.kerja(page, kantor)
            if langkah.status:
                harus_status(page, langkah.status)
        except AssertionError as exc:
            nama = getattr(langkah.kerja, "__name__", "")
            raise AssertionError(f"{kasus.slug} step {n} ({peran}: {nama}): {exc}") from exc
        kantor.tanpa_tautan_terlarang(page, peran)

    # The end: the case is closed, its products are there and open as PDFs.
    harus_status(page, Status.SELESAI)
    unduhan = page.locator("#dokumen li > a[href]")
    for produk in kasus.produk:
        expect(unduhan.filter(has_text=produk).first).to_be_visible()
    for href in unduhan.evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        jawab = page.request.get(href)
        assert jawab.ok and jawab.body()[:5] == b"%PDF-", (kasus.slug, href, jawab.status)
    for peran in kantor.halaman:  # nobody is left with a task on it
        assert not kantor.beranda_memuat(peran, nomor), f"{kasus.slug}: {peran}'s home"
    r.refresh_from_db()
    assert r.status == Status.SELESAI
