"""Every list, inbox, home and dashboard page runs the same number of queries
with ~10 rows as with ~1,000 (issue 11, item 8).

One office (Kota Banjarmasin, from the published standards) is built through
the apps' own services: a case waiting for a panti (assessment, visit, photos,
two proposals, letters), cases waiting for each official's paraf or signature,
a case at field verification with the peksos, a paused one, a finished one with
its numbered letter and survey invitation; complaints anonymous and named,
disposed, answered, closed; a survey response. Every page is measured on that
(~10 cases, ~10 complaints); then each of those rows is cloned with its whole
tree (steps, files, documents, approvals, history, photos, proposals, reporter,
answers) by bulk_create until there are ~1,000 of each, and every page is
measured again. The counts must be equal, and under the bound stated per page.

The data set is built once for the module inside a transaction that is rolled
back at the end; each page is one test that compares its two counts."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, models, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from akun.sesi import perlu_faktor_kedua
from lapangan.models import Dokumentasi
from layanan.enkripsi import SidikField
from layanan.models import LangkahProsedur, Peran
from pengaduan import services as ps
from pengaduan.models import Kejadian as KejadianPengaduan
from pengaduan.models import Lampiran, Pelapor, Pengaduan, Penilaian, Tanggapan
from rujukan import services as rs
from rujukan.models import (
    AnggotaRujukan,
    Asesmen,
    BerkasItem,
    Dokumen,
    JedaWaktu,
    Kegiatan,
    Kejadian,
    Klien,
    Konsep,
    LangkahKasus,
    Pemohon,
    PengajuanPanti,
    Persetujuan,
    PersetujuanKlien,
    Rujukan,
    Status,
    TahapWaktu,
    UsulanPanti,
)
from survei.models import KODE_UNSUR, ResponSurvei, UndanganSurvei
from tests.akses.data import Data, bangun_data
from tests.conftest import beri_faktor_kedua, masuk_tanpa_faktor_kedua
from tests.rujukan.factories import (
    kasus_di_persetujuan,
    nik,
    no_kk,
    s_register,
    standar_sederhana,
)

pytestmark = pytest.mark.django_db  # the test database is set up only for marked tests

KECIL, BESAR = 10, 1000  # cases (and complaints) in the two measurements
_seq = itertools.count(1)


# -- cloning a case or a complaint with its whole tree ------------------------------------------
# Children in an order where every row's parents are cloned before it.
ANAK_RUJUKAN: list[tuple[type[models.Model], str]] = [
    (LangkahKasus, "rujukan"),
    (PersetujuanKlien, "rujukan"),
    (BerkasItem, "rujukan"),
    (Asesmen, "rujukan"),
    (Kegiatan, "rujukan"),
    (Konsep, "rujukan"),
    (Dokumen, "rujukan"),
    (Persetujuan, "konsep__rujukan"),
    (PengajuanPanti, "rujukan"),
    (UsulanPanti, "rujukan"),
    (TahapWaktu, "rujukan"),
    (JedaWaktu, "rujukan"),
    (Kejadian, "rujukan"),
    (AnggotaRujukan, "rujukan"),
    (Dokumentasi, "rujukan"),
    (UndanganSurvei, "rujukan"),
    (ResponSurvei, "undangan__rujukan"),
]
ANAK_PENGADUAN: list[tuple[type[models.Model], str]] = [
    (Pelapor, "pengaduan"),
    (Tanggapan, "pengaduan"),
    (Lampiran, "pengaduan"),
    (KejadianPengaduan, "pengaduan"),
    (Penilaian, "pengaduan"),
    (UndanganSurvei, "pengaduan"),
    (ResponSurvei, "undangan__pengaduan"),
]


def _teks_unik(M: type[models.Model]) -> list[str]:
    """Per unique constraint of a model, the text column that tells its rows apart
    (the last of the constraint's, not a foreign key, which the clone remaps, nor
    a sidik, which follows its clear value)."""
    teks = {
        f.name
        for f in M._meta.concrete_fields
        if isinstance(f, models.CharField) and not isinstance(f, SidikField) and not f.is_relation
    }
    kelompok = [(f.name,) for f in M._meta.concrete_fields if f.unique and not f.primary_key]
    kelompok += [tuple(getattr(c, "fields", ()) or ()) for c in M._meta.constraints]
    kelompok += [tuple(ut) for ut in M._meta.unique_together]
    return sorted({[n for n in k if n in teks][-1] for k in kelompok if set(k) & teks})


def _unik(obj: models.Model) -> None:
    """What must differ between a row and its clones (numbers, tokens, hashes)."""
    n = next(_seq)
    for nama in _teks_unik(type(obj)):  # e.g. a reference number, an idempotency key
        nilai = getattr(obj, nama)
        if nilai:  # an empty one is outside its constraint
            akhir = f"~{n}"
            panjang = type(obj)._meta.get_field(nama).max_length
            setattr(obj, nama, nilai[: panjang - len(akhir)] + akhir)
    if isinstance(obj, Klien):  # a person of their own: a new NIK (and its sidik), a new name
        obj.nama = f"{obj.nama} {n}"
        if obj.nik:
            obj.nik = nik(dt.date(1940, 1, 1) + dt.timedelta(days=n % 20000))
        if obj.no_kk:
            obj.no_kk = no_kk()
    elif isinstance(obj, Rujukan):
        obj.nomor_urut = 500000 + n
        obj.kode_lacak_hash = f"klon{n}"
    elif isinstance(obj, Pengaduan):
        obj.kode_lacak_hash = f"klon{n}"
    elif isinstance(obj, Dokumen):
        obj.token = Dokumen._meta.get_field("token").default()
        obj.kode_verifikasi = Dokumen._meta.get_field("kode_verifikasi").default()
        if obj.nomor_urut is not None:
            obj.nomor_urut = 500000 + n
            obj.nomor = f"{obj.nomor}~{n}"[:120]
    elif isinstance(obj, UndanganSurvei):
        obj.token = UndanganSurvei._meta.get_field("token").default()


def gandakan(akar: list[models.Model], anak: list[tuple[type[models.Model], str]], n: int) -> int:
    """Clone each root row `n` times with its children; every foreign key that
    points into the cloned tree points to the clone of the same copy. Returns
    the number of roots made."""
    if not akar or n <= 0:
        return 0
    Model = type(akar[0])
    peta: dict[tuple[type, int], list[int]] = {}  # (model, old pk) -> the n new pks

    def salin(rows: list[models.Model]) -> None:
        for row in rows:
            baru = []
            for i in range(n):
                c = copy.copy(row)
                c.pk = None
                c._state = models.base.ModelState()
                for f in type(row)._meta.concrete_fields:
                    if f.is_relation and not f.primary_key:
                        lama = getattr(row, f.attname)
                        kunci = (f.related_model, lama)
                        if lama is not None and kunci in peta:
                            setattr(c, f.attname, peta[kunci][i])
                _unik(c)
                baru.append(c)
            # one row's n copies at a time: a row may point to an earlier row of its
            # own model (Dokumen.menggantikan), which then already has its clones
            type(row).objects.bulk_create(baru)
            peta[(type(row), row.pk)] = [c.pk for c in baru]

    if Model is Rujukan:  # each clone is another person's case, asked by another pemohon
        for M, fk in ((Klien, "klien_id"), (Pemohon, "pemohon_id")):
            ids = {getattr(a, fk) for a in akar}
            salin(list(M.objects.filter(pk__in=ids).order_by("pk")))
    salin(list(Model.objects.filter(pk__in=[a.pk for a in akar]).order_by("pk")))
    for M, jalur in anak:
        salin(list(M.objects.filter(**{f"{jalur}__in": [a.pk for a in akar]}).order_by("pk")))
    return n * len(akar)


# -- the office, through the services ------------------------------------------------------------
@dataclass
class Dunia:
    data: Data
    kasus: list[Rujukan]
    pengaduan: list[Pengaduan]
    layanan_berjenjang: object


def _standar_berjenjang(instansi):
    """standar_sederhana with the Kepala Bidang's paraf between the
    Koordinator's and the Kepala Dinas's signature."""
    layanan = standar_sederhana(instansi)
    layanan.langkah.filter(urutan=4).update(urutan=5)
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=4,
        teks="Kepala Bidang memaraf",
        tahap="persetujuan",
        peran=Peran.KEPALA_BIDANG,
        jenis_persetujuan="paraf",
    )
    return layanan


def bangun() -> Dunia:
    d = bangun_data()  # a1 waits for a panti, a2 for the Koordinator, a3 is with the peksos
    o = d.orang
    staf = d.staf
    o["root"] = User.objects.create_superuser("root-kueri", password="rahasia-uji-123")
    berjenjang = _standar_berjenjang(d.instansi)
    kabid = kasus_di_persetujuan(berjenjang, staf)  # the Kabid's paraf
    assert kabid.status == Status.PERSETUJUAN
    kadis = rs.rujukan_approve(rujukan=kasus_di_persetujuan(berjenjang, staf), by=staf.kabid)
    assert kadis.status == Status.PERSETUJUAN
    selesai = rs.rujukan_approve(
        rujukan=rs.rujukan_approve(rujukan=kasus_di_persetujuan(berjenjang, staf), by=staf.kabid),
        by=staf.kadis,
    )
    assert selesai.status == Status.PRODUK_TERBIT, selesai.status
    selesai = rs.rujukan_hand_to_pemohon(rujukan=selesai, by=staf.petugas_loket)
    selesai = rs.rujukan_close(rujukan=selesai, by=staf.petugas_loket)
    assert selesai.status == Status.SELESAI
    undangan = UndanganSurvei.objects.get(rujukan=selesai)
    ResponSurvei.objects.create(  # the citizen answered the invitation of the letter
        undangan=undangan,
        instansi=d.instansi,
        layanan=berjenjang,
        diisi=timezone.now(),
        jenis_kelamin="P",
        umur=52,
        pendidikan="sma",
        pekerjaan="wirausaha",
        **dict(zip(KODE_UNSUR, [4, 3, 4, 3, 4, 3, 4, 3, None], strict=True)),
    )
    UndanganSurvei.objects.filter(pk=undangan.pk).update(used_at=timezone.now())

    jeda = rs.rujukan_start_check(
        rujukan=s_register(berjenjang, staf).rujukan, by=staf.petugas_loket
    )
    rs.rujukan_pause_clock(
        rujukan=jeda,
        by=staf.petugas_loket,
        alasan=JedaWaktu.Alasan.LAINNYA,
        keterangan="Menunggu surat kelurahan.",
    )
    # overdue: the case with the peksos past its step's time, the signature past the case's
    lalu = timezone.now() - dt.timedelta(days=2)
    Rujukan.objects.filter(pk=d.a3.pk).update(tenggat_tahap=lalu)
    Rujukan.objects.filter(pk=kadis.pk).update(tenggat=lalu, tenggat_tahap=lalu)
    kasus = list(Rujukan.objects.filter(instansi=d.instansi).order_by("pk"))

    dijawab, _ = ps.pengaduan_submit(
        kunci_klien="kueri-1",
        instansi=d.instansi,
        isian=ps.IsianPengaduan(
            layanan=d.layanan,
            jenis="pengaduan",
            judul="Bantuan belum cair",
            uraian="Sudah tiga bulan bantuan untuk nenek belum cair.",
            nama="Siti Rahmah",
            telepon="081255550101",
            email="siti.rahmah@example.com",
        ),
    )
    ps.pengaduan_answer(pengaduan=dijawab, by=staf.petugas_loket, isi="Bantuan cair pekan depan.")
    ditutup, _ = ps.pengaduan_record(
        by=staf.petugas_loket,
        saluran="whatsapp",
        diterima_pada=timezone.now() - dt.timedelta(hours=2),
        nomor_referensi="WA-0001",
        isian=ps.IsianPengaduan(
            layanan=d.layanan,
            jenis="saran",
            judul="Antrean loket",
            uraian="Mohon nomor antrean dibuat daring.",
            nama="Ahmad",
            telepon="081366660202",
        ),
    )
    ps.pengaduan_answer(pengaduan=ditutup, by=staf.kabid, isi="Terima kasih, kami pertimbangkan.")
    ps.pengaduan_close(pengaduan=ditutup, by=staf.kabid, catatan="Selesai.")
    baru, _ = ps.pengaduan_submit(
        kunci_klien="kueri-2",
        instansi=d.instansi,
        isian=ps.IsianPengaduan(
            layanan=None,
            jenis="apresiasi",
            judul="Petugas ramah",
            uraian="Terima kasih kepada petugas loket.",
            nama="Budi",
        ),
    )
    Pengaduan.objects.filter(pk=d.pengaduan.pk).update(batas_waktu=lalu)  # not answered in time
    pengaduan = list(Pengaduan.objects.filter(instansi=d.instansi).order_by("pk"))
    return Dunia(data=d, kasus=kasus, pengaduan=pengaduan, layanan_berjenjang=berjenjang)


def isi_sampai(dunia: Dunia, jumlah: int) -> None:
    """Clone the service-built cases and complaints until there are about `jumlah` of each."""
    for akar, anak, Model in (
        (dunia.kasus, ANAK_RUJUKAN, Rujukan),
        (dunia.pengaduan, ANAK_PENGADUAN, Pengaduan),
    ):
        ada = Model.objects.filter(instansi=dunia.data.instansi).count()
        gandakan(akar, anak, round((jumlah - ada) / len(akar)))
    if connection.vendor == "postgresql":
        # as autovacuum would after a day's work: without fresh statistics the planner
        # takes 1,000 bulk-made rows for 2 and nests loops (seconds, not milliseconds)
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


# -- the pages -------------------------------------------------------------------------------
BARIS, ANGKA = "baris", "angka"  # what of the data a page shows: its rows, or figures of them


@dataclass(frozen=True)
class Halaman:
    """A page as `siapa` (a persona of tests.akses.data, or None for a citizen)
    opens it; `url` is built from the data set (a search posts its term first);
    `batas`: the most queries it may take; `berisi`: what the data set shows on
    it — BARIS, rows (its bytes grow by half at least from the first measurement
    to the second), ANGKA, figures of them (its bytes change), or nothing."""

    id: str
    siapa: str | None
    url: Callable[[Dunia, Client], str]
    batas: int
    berisi: str = BARIS


def _tetap(path: str) -> Callable[[Dunia, Client], str]:
    return lambda w, c: path


def _cari(nama_url: str, term: Callable[[Dunia], str], query: str = ""):
    """The search box posts the term; the list reads it back from the session."""

    def url(w: Dunia, c: Client) -> str:
        base = reverse(nama_url) + query
        r = c.post(base, {"q": term(w)})
        assert r.status_code in (302, 303), (nama_url, r.status_code)
        return r["Location"]

    return url


def _tahun() -> int:
    return timezone.localdate().year


# the staff home: 7 for the session, second factor, staff record, permissions and
# roles; the turns (the step policy, the sample and count per state, two lists), the
# two deadline panels in one query, the office. An official also reads the approval
# chains (shared with the turns) and the inbox's drafts and proposals.
BERANDA = {"rina": 13, "bima": 13, "dewi": 23, "hasan": 23, "yusuf": 23, "lestari": 10, "maria": 10}

HALAMAN: list[Halaman] = [
    # the staff home of every role
    *[
        Halaman(
            f"beranda-{p}",
            p,
            _tetap("/staf/"),
            BERANDA.get(p, 30),
            berisi="" if p == "lestari" else BARIS,
        )
        for p in ("rina", "bima", "dewi", "hasan", "yusuf", "lestari", "maria")
    ],
    # the case list: default, every view, filters, order, search (a search adds the
    # access log's INSERT): the session, user, device, staff record, office, the
    # two permission reads, the roles, the service choices, the capped count, the page
    Halaman("daftar", "rina", _tetap("/rujukan/"), 11),
    *[
        Halaman(f"daftar-{t}", "bima", _tetap(f"/rujukan/?tampilan={t}"), 11)
        for t in ("semua", "terbuka", "terlambat", "saya", "selesai")
    ],
    Halaman("daftar-status", "rina", _tetap("/rujukan/?tampilan=semua&status=persetujuan"), 11),
    Halaman(
        "daftar-layanan",
        "rina",
        lambda w, c: f"/rujukan/?tampilan=semua&layanan={w.layanan_berjenjang.pk}",
        11,
    ),
    Halaman("daftar-tenggat", "rina", _tetap("/rujukan/?tampilan=semua&urutan=tenggat"), 11),
    Halaman("daftar-halaman-2", "rina", _tetap("/rujukan/?tampilan=semua&halaman=2"), 11),
    Halaman(
        "daftar-cari-nama",
        "rina",
        _cari("rujukan:daftar", lambda w: "Binti", "?tampilan=semua"),
        12,
    ),
    # one person, one case: the same single row before and after
    Halaman(
        "daftar-cari-nik", "rina", _cari("rujukan:daftar", lambda w: w.data.nik), 12, berisi=""
    ),
    Halaman(
        "daftar-cari-nomor",
        "rina",
        _cari("rujukan:daftar", lambda w: w.data.a1.nomor_registrasi, "?tampilan=semua"),
        12,
        berisi="",
    ),
    Halaman("baru", "rina", _tetap("/rujukan/baru/"), 14, berisi=""),
    # the approvals inbox of each approving official
    *[
        Halaman(f"persetujuan-{p}", p, _tetap("/rujukan/persetujuan/"), 22)
        for p in ("dewi", "hasan", "yusuf")
    ],
    # the panti's proposals
    Halaman("panti", "maria", _tetap("/rujukan/panti/"), 11),
    # the letters register and its exports
    Halaman("arsip", "rina", _tetap("/rujukan/arsip/"), 18),
    Halaman("arsip-tahun", "hasan", lambda w, c: f"/rujukan/arsip/?tahun={_tahun()}", 18),
    Halaman("arsip-jenis", "hasan", _tetap("/rujukan/arsip/?jenis=surat_rekomendasi"), 18),
    Halaman("arsip-cari", "hasan", _cari("rujukan:arsip", lambda w: "400"), 18),
    *[
        Halaman(f"arsip-{f}", "hasan", _tetap(f"/rujukan/arsip/ekspor.{f}"), 18)
        for f in ("csv", "xlsx")
    ],
    # the recap and its downloads
    Halaman("rekap", "dewi", _tetap("/rujukan/rekap/"), 19, berisi=ANGKA),
    Halaman(
        "rekap-tahun",
        "dewi",
        lambda w, c: f"/rujukan/rekap/?jenis=tahun&tahun={_tahun()}",
        19,
        berisi=ANGKA,
    ),
    *[
        Halaman(
            f"rekap-{f}",
            "lestari",
            lambda w, c, f=f: f"/rujukan/rekap/unduh.{f}?jenis=tahun&tahun={_tahun()}",
            19,
            berisi=ANGKA,
        )
        for f in ("csv", "xlsx", "pdf")
    ],
    # the field work
    Halaman("lapangan", "bima", _tetap("/lapangan/"), 12),
    Halaman("lapangan-penugasan", "hasan", _tetap("/lapangan/penugasan/"), 17),
    Halaman("lapangan-dtks", "rina", _tetap("/lapangan/dtks/"), 10, berisi=""),
    # complaints
    *[
        Halaman(f"pengaduan-{p}", p, _tetap("/pengaduan/staf/"), 18)
        for p in ("rina", "bima", "dewi", "hasan")
    ],
    Halaman("pengaduan-status", "hasan", _tetap("/pengaduan/staf/?status=dijawab&selesai=on"), 18),
    Halaman(
        "pengaduan-saluran", "hasan", _tetap("/pengaduan/staf/?saluran=whatsapp&selesai=on"), 18
    ),
    Halaman("pengaduan-jenis", "hasan", _tetap("/pengaduan/staf/?jenis=pengaduan"), 18),
    Halaman(
        "pengaduan-layanan",
        "hasan",
        lambda w, c: f"/pengaduan/staf/?layanan={w.data.layanan.pk}",
        18,
    ),
    Halaman("pengaduan-lewat", "hasan", _tetap("/pengaduan/staf/?lewat_waktu=on"), 18),
    Halaman("pengaduan-selesai", "hasan", _tetap("/pengaduan/staf/?selesai=on"), 18),
    Halaman("pengaduan-cari", "hasan", _cari("pengaduan:daftar", lambda w: "bantuan"), 18),
    Halaman(
        "pengaduan-cari-saring",
        "dewi",
        _cari("pengaduan:daftar", lambda w: "ADU", "?status=koordinasi&lewat_waktu=on"),
        18,
    ),
    Halaman(
        "pengaduan-cari-telepon",
        "hasan",
        _cari("pengaduan:daftar", lambda w: "0812 5555 0101", "?selesai=on"),
        18,
    ),
    Halaman("pengaduan-templat", "lestari", _tetap("/pengaduan/staf/templat/"), 10, berisi=""),
    # the dashboard: 13 of its own (figures read from the stored working minutes), the
    # rest the session, second factor, roles and the approvals count of the header
    Halaman("kinerja", "hasan", _tetap("/kinerja/"), 25, berisi=ANGKA),
    *[
        Halaman(f"kinerja-{p}", "yusuf", _tetap(f"/kinerja/?periode={p}"), 25, berisi=ANGKA)
        for p in ("30hari", "bulanini", "12bulan")
    ],
    Halaman(
        "kinerja-khusus",
        "yusuf",
        lambda w, c: (
            f"/kinerja/?periode=khusus&dari={timezone.localdate() - dt.timedelta(days=90)}"
            f"&sampai={timezone.localdate()}"
        ),
        25,
        berisi=ANGKA,
    ),
    Halaman(
        "kinerja-layanan",
        "yusuf",
        lambda w, c: f"/kinerja/?periode=12bulan&layanan={w.layanan_berjenjang.pk}",
        25,
        berisi=ANGKA,
    ),
    # the survey
    Halaman("survei-laporan", "yusuf", _tetap("/survei/laporan/"), 17, berisi=ANGKA),
    Halaman(
        "survei-laporan-layanan",
        "yusuf",
        lambda w, c: (
            f"/survei/laporan/?layanan={w.layanan_berjenjang.pk}&jenis=tahun&tahun={_tahun()}"
        ),
        17,
        berisi=ANGKA,
    ),
    Halaman("survei-xlsx", "hasan", _tetap("/survei/laporan/unduh.xlsx"), 17, berisi=ANGKA),
    Halaman("survei-loket", "rina", _tetap("/survei/loket/"), 10, berisi=""),
    # the admin's change lists (100 rows a page), as a superuser: an Admin Instansi
    # reads none of these models there
    *[
        Halaman(
            f"admin-{m.replace('/', '-')}",
            "root",
            _tetap(f"/admin/{m}/"),
            10,
            berisi="" if m == "rujukan/datadtks" else BARIS,
        )
        for m in (
            "rujukan/rujukan",
            "rujukan/klien",
            "rujukan/konsep",
            "rujukan/persetujuan",
            "rujukan/pengajuanpanti",
            "pengaduan/pengaduan",
            "rujukan/datadtks",
        )
    ],
    # public pages
    Halaman(
        "transparansi",
        None,
        lambda w, c: f"/transparansi/{w.data.instansi.slug}/",
        10,
        berisi=ANGKA,
    ),
    Halaman(
        "transparansi-layanan",
        None,
        lambda w, c: f"/transparansi/{w.data.instansi.slug}/{w.layanan_berjenjang.slug}/",
        10,
        berisi=ANGKA,
    ),
    # the catalogue and a standard show no case: they must not read any either
    Halaman("katalog", None, _tetap("/layanan/"), 5, berisi=""),
    Halaman("katalog-cari", None, _tetap("/layanan/cari/?q=rekomendasi"), 5, berisi=""),
    Halaman(
        "katalog-instansi",
        None,
        lambda w, c: f"/layanan/{w.data.instansi.slug}/",
        5,
        berisi="",
    ),
    Halaman(
        "standar",
        None,
        lambda w, c: f"/layanan/{w.data.instansi.slug}/{w.data.layanan.slug}/",
        12,
        berisi="",
    ),
]


def _klien(user) -> Client:
    c = Client()
    if user is not None:
        masuk_tanpa_faktor_kedua(c, user)
        if perlu_faktor_kedua(user):
            beri_faktor_kedua(c, user)
    return c


def _ukur(
    w: Dunia, klien: dict[str | None, Client], *, panaskan: bool
) -> dict[str, tuple[object, int, int]]:
    """Each page: (status, queries, bytes) of a load with the caches emptied, after
    one load to warm the session and the per-process caches (`panaskan`: the first
    round; the second finds them warm); (the error, -1, 0) when the page could
    not be opened at all."""
    out = {}
    for h in HALAMAN:
        c = klien[h.siapa]
        try:
            with transaction.atomic():  # a page's failure leaves the others' data usable
                url = h.url(w, c)
                if panaskan:
                    c.get(url)
                cache.clear()
                with CaptureQueriesContext(connection) as ctx:
                    r = c.get(url)
                    isi = (
                        b"".join(r.streaming_content)
                        if getattr(r, "streaming", False)
                        else r.content
                    )
                out[h.id] = (r.status_code, len(ctx.captured_queries), len(isi))
        except Exception as exc:  # noqa: BLE001 - reported by the page's own test
            out[h.id] = (repr(exc), -1, 0)
    return out


@pytest.fixture(scope="module")
def hitungan(django_db_setup, django_db_blocker, tmp_path_factory, sertifikat_uji):
    """{page id: ((status, queries) with ~10 rows, (status, queries) with ~1,000)}."""
    media = tmp_path_factory.mktemp("media-kueri")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    # the clock stands still: the session's activity stamp (akun.middleware, saved
    # once a minute) must not add a write to one measurement and not the other
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages),
        time_machine.travel(timezone.now(), tick=False),
    ):
        with transaction.atomic():
            w = bangun()
            isi_sampai(w, KECIL)
            o = w.data.orang
            klien = {None: _klien(None), **{p: _klien(o[p]) for p in o}}
            kasus = Rujukan.objects.filter(instansi=w.data.instansi).count()
            kecil = _ukur(w, klien, panaskan=True)
            isi_sampai(w, BESAR)
            besar_n = Rujukan.objects.filter(instansi=w.data.instansi).count()
            aduan = Pengaduan.objects.filter(instansi=w.data.instansi).count()
            assert kasus <= 2 * KECIL and besar_n >= BESAR * 0.9 and aduan >= BESAR * 0.9
            besar = _ukur(w, klien, panaskan=False)
            transaction.set_rollback(True)
        cache.clear()
    return {k: (kecil[k], besar[k]) for k in kecil}


@pytest.mark.parametrize("halaman", HALAMAN, ids=[h.id for h in HALAMAN])
def test_query_count_is_the_same_with_10_or_1000_rows(hitungan, halaman):
    (status_kecil, kecil, isi_kecil), (status_besar, besar, isi_besar) = hitungan[halaman.id]
    assert status_kecil == status_besar == 200, (status_kecil, status_besar)
    assert besar == kecil, (
        f"{halaman.id}: {kecil} queries with ~{KECIL} rows, {besar} with ~{BESAR}"
    )
    assert besar <= halaman.batas, f"{halaman.id}: {besar} queries, bound {halaman.batas}"
    # the data did reach the page: a constant count is no accident
    if halaman.berisi == BARIS:
        assert isi_besar > 1.5 * isi_kecil, (halaman.id, isi_kecil, isi_besar)
    elif halaman.berisi == ANGKA:
        assert isi_besar != isi_kecil, (halaman.id, isi_kecil, isi_besar)
