"""Fill a database with a realistic volume of cases and complaints, for
trying the portal at an office's scale (`manage.py isi_data_volume`).

How, so that every row has the shape the services give it:

1. Record. For each office and each standard, a few cases are walked along
   the standard's own path through the case services (the driver of
   `buat_data_demo`), each to a different stop — every open step, finished,
   returned to the applicant and resubmitted, a draft sent back, refused,
   withdrawn, cancelled — with the clock moved between actions
   (time-machine) by working times drawn around each step's published time,
   some late. Complaints are recorded the same way through the complaint
   services. These are real cases: letters rendered, steps, stage clocks,
   pauses, the fsm history, events, survey invitations.
2. Copy. Each recorded case is read back row by row (every table that hangs
   off it) and copied many times with PostgreSQL COPY: new ids, a new klien
   and pemohon (identity numbers through the model fields, so they are
   encrypted and their sidik is right), new registration and letter numbers,
   new tracking and verification codes, the acting loket officer and
   social worker drawn from the office's staff, and every moment moved by a
   whole number of weeks (the weekday and hour stay, so working hours and the
   due moments the services computed stay true; a copy never lands a moment
   on a holiday). Copied letters point to one shared placeholder PDF.
3. Survey answers (1–4 on the nine elements) for a share of finished cases
   and closed complaints.

Deterministic for a given --seed (the codes are random but unread). Refuses a
database that already holds volume data unless asked to add more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django_fsm_log.models import StateLog

from kinerja.waktu import isi_menit_kerja
from lapangan.management.commands import buat_data_demo as data_demo
from lapangan.management.commands.buat_data_demo import pdf_demo
from lapangan.models import Dokumentasi
from layanan.calendar import Kalender
from layanan.kode_lacak import ABJAD
from layanan.management.commands.buat_akun_demo import AKUN_PERAN, GROUP_NAMES
from layanan.models import Instansi, Jabatan, Layanan, Pegawai, Peran, SaluranPengaduan
from pengaduan import permissions as pp
from pengaduan.models import (
    Kejadian,
    Lampiran,
    Pelapor,
    Pengaduan,
    Pengingat,
    Penilaian,
    Tanggapan,
)
from pengaduan.services import pelapor as sp
from pengaduan.services import penanganan as sh
from pengaduan.services.pengajuan import IsianPengaduan, pengaduan_record, pengaduan_submit
from rujukan import models as rm
from rujukan import services as rujukan_services
from rujukan.models import Klien, Pemohon, Penomoran, Rujukan, Status
from rujukan.models.proses import buat_kode_verifikasi, buat_token_verifikasi
from rujukan.models.subjek import PengurusLembaga
from rujukan.permissions import giliran_persetujuan
from rujukan.services.base import format_nomor_surat
from survei.models import KODE_UNSUR, ResponSurvei, UndanganSurvei, _token

PREFIX_STAF = "vol"  # usernames of the staff this command adds: vol.peksos3.depok
PLACEHOLDER = "volume/contoh-surat.pdf"

NAMA_DEPAN_L = [
    "Agus",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Imam",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Made",
    "Nyoman",
    "Rudi",
    "Slamet",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Ahmad",
    "Bambang",
    "Dimas",
    "Rizki",
    "Andi",
    "Arif",
    "Hadi",
    "Iwan",
    "Sutrisno",
    "Ujang",
    "Asep",
]
NAMA_DEPAN_P = [
    "Siti",
    "Sri",
    "Dewi",
    "Ratna",
    "Rina",
    "Wati",
    "Yuni",
    "Ani",
    "Lestari",
    "Nur",
    "Fitri",
    "Endang",
    "Kartini",
    "Suharti",
    "Maria",
    "Ayu",
    "Putri",
    "Indah",
    "Wulan",
    "Rahma",
    "Aminah",
    "Fatimah",
    "Neneng",
    "Euis",
    "Ni",
    "Ketut",
    "Tuti",
    "Yanti",
    "Rosmini",
]
NAMA_BELAKANG = [
    "Saputra",
    "Wijaya",
    "Hidayat",
    "Santoso",
    "Kusuma",
    "Pratama",
    "Nugroho",
    "Lubis",
    "Siregar",
    "Nasution",
    "Harahap",
    "Sitompul",
    "Rahman",
    "Hasibuan",
    "Setiawan",
    "Gunawan",
    "Permana",
    "Suryadi",
    "Hakim",
    "Syahputra",
    "Ramadhan",
    "Wibowo",
    "Susanto",
    "Utami",
    "Rahayu",
    "Handayani",
    "Maulana",
    "Firmansyah",
    "Sulistyo",
    "Daeng",
    "Pasaribu",
]
LEMBAGA = (
    "LKS Harapan Bangsa",
    "Yayasan Kasih Ibu",
    "LKSA Nurul Iman",
    "Yayasan Peduli Lansia",
    "LKS Bina Mandiri",
    "Yayasan Cahaya Hati",
    "LKS Tunas Harapan",
    "Panti Asuhan Al-Ikhlas",
)
KELURAHAN = (
    "Sukamaju",
    "Mekarsari",
    "Sindangrasa",
    "Karanganyar",
    "Sukajadi",
    "Margahayu",
    "Cibeureum",
    "Pasirjaya",
    "Tanjungsari",
    "Sumberrejo",
    "Kebonsari",
    "Jatimulya",
    "Harapan",
    "Jaya",
    "Sidomulyo",
    "Bojongsari",
    "Mulyorejo",
)
KECAMATAN = ["Utara", "Selatan", "Timur", "Barat", "Tengah", "Pesisir", "Kota", "Baru", "Lama"]
JALAN = "Merdeka Sudirman Pahlawan Melati Kenanga Mawar Cempaka Anggrek Veteran Diponegoro"


# -- options and result --------------------------------------------------------------
@dataclasses.dataclass
class Opsi:
    kasus: int = 100_000
    pengaduan: int = 20_000
    seed: int = 1
    instansi: int = 5
    bulan: int = 24
    tambah: bool = False
    tulis: Callable[[str], None] = print


class VolumeError(Exception):
    pass


def ada_data_volume() -> bool:
    return User.objects.filter(username__startswith=f"{PREFIX_STAF}.").exists()


# -- COPY -----------------------------------------------------------------------------
def _teks(v) -> str:
    if v is None:
        return r"\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, dict | list):
        v = json.dumps(v, cls=DjangoJSONEncoder)
    elif isinstance(v, dt.datetime | dt.date):
        v = v.isoformat()
    elif not isinstance(v, str):
        v = str(v)
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def salin_ke(tabel: str, kolom: list[str], baris: list) -> None:
    if not baris:
        return
    buf = io.StringIO()
    for row in baris:
        buf.write("\t".join(map(_teks, row)))
        buf.write("\n")
    buf.seek(0)
    with connection.cursor() as c:
        nama = ", ".join(f'"{k}"' for k in kolom)
        c.copy_expert(f"COPY {tabel} ({nama}) FROM STDIN", buf)


def pesan_id(model, n: int) -> int:
    """Reserve n ids of the model's sequence; returns the first."""
    if n <= 0:
        return 0
    t = model._meta.db_table
    with connection.cursor() as c:
        c.execute(f"SELECT pg_get_serial_sequence('{t}', 'id')")
        seq = c.fetchone()[0]
        c.execute("SELECT nextval(%s)", [seq])
        awal = c.fetchone()[0]
        c.execute("SELECT setval(%s, %s)", [seq, awal + n - 1])
    return awal


# -- the tables hanging off a case or a complaint ----------------------------------------
class Tabel:
    """One table of a recorded case: its columns and how a copy changes them."""

    def __init__(self, model, *, tanpa_geser=()):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.kolom = [f.column for f in self.fields]
        self.idx = {f.name: i for i, f in enumerate(self.fields)}
        self.fk: list[tuple[int, str]] = []  # (index, label of the related model)
        self.waktu: list[int] = []
        self.tenggat: set[int] = set()  # due moments: moved, but not "something happened"
        self.tanggal: list[int] = []
        for i, f in enumerate(self.fields):
            if f.primary_key:
                continue
            if isinstance(f, models.ForeignKey):
                self.fk.append((i, f.related_model._meta.label))
            elif f.name in tanpa_geser:
                continue
            elif isinstance(f, models.DateTimeField):
                self.waktu.append(i)
                if "tenggat" in f.name or "batas" in f.name:
                    self.tenggat.add(i)
            elif isinstance(f, models.DateField):
                self.tanggal.append(i)
        self.teks = [
            i
            for i, f in enumerate(self.fields)
            if isinstance(f, models.CharField | models.TextField)
            and not getattr(f, "sumber", None)
            and f.__class__.__name__ not in ("NomorIdentitasField", "TeksTerenkripsiField")
        ]

    @property
    def label(self) -> str:
        return self.model._meta.label

    def baca(self, where: str, params) -> list[list]:
        kolom = ", ".join(f'"{k}"' for k in self.kolom)
        with connection.cursor() as c:
            tabel = self.model._meta.db_table  # names from the models, values as parameters
            c.execute(f"SELECT {kolom} FROM {tabel} WHERE {where}", params)  # noqa: S608
            return [list(r) for r in c.fetchall()]


@dataclasses.dataclass
class Cetakan:
    """A recorded case or complaint: its rows per table, and facts about it."""

    jenis: str  # "rujukan" or "pengaduan"
    instansi_id: int
    rencana: str
    rows: dict[str, list[list]]
    awal: dt.datetime
    akhir: dt.datetime
    terbuka: bool
    selesai: bool  # finished in the good sense (survey answered for some)
    tanggal: set[dt.date]
    nama: list[str]  # names to replace in texts (klien, pemohon / pelapor)


def _semua_waktu(tabel: Tabel, rows: list[list]):
    """The moments something happened (not the due moments, which lie ahead)."""
    for r in rows:
        for i in tabel.waktu:
            if r[i] is not None and i not in tabel.tenggat:
                yield r[i]


# -- staff ----------------------------------------------------------------------------
JUMLAH_STAF = {Peran.PETUGAS_LOKET: 3, Peran.PEKERJA_SOSIAL: 6}


def siapkan_staf(instansi: Instansi, rng: random.Random) -> dict[str, list[User]]:
    """The office's staff per role: the demo accounts, plus more loket
    officers and social workers made like them (no password: nobody logs in
    as them; they act in the copied history and are assigned the cases)."""
    staf: dict[str, list[User]] = {}
    for peran, (prefix, jabatan, _nama) in AKUN_PERAN.items():
        demo = User.objects.filter(username=f"{prefix}.{instansi.slug}").first()
        if demo is None:
            raise VolumeError(f"Akun demo {prefix}.{instansi.slug} belum ada.")
        staf[peran] = [demo]
        for n in range(2, JUMLAH_STAF.get(peran, 0) + 2):
            username = f"{PREFIX_STAF}.{prefix}{n}.{instansi.slug}"
            user = User.objects.filter(username=username).first()
            if user is None:
                perempuan = rng.random() < 0.5
                depan = rng.choice(NAMA_DEPAN_P if perempuan else NAMA_DEPAN_L)
                nama = f"{depan} {rng.choice(NAMA_BELAKANG)}"
                if peran == Peran.PEKERJA_SOSIAL:
                    nama += ", S.Tr.Sos."
                user = User(username=username, first_name=nama.split(",")[0], is_active=True)
                user.set_unusable_password()
                user.save()
                user.groups.set([Group.objects.get(name=GROUP_NAMES[peran])])
                pegawai = Pegawai(
                    user=user,
                    instansi=instansi,
                    nama=nama,
                    jabatan=jabatan,
                    nip=f"19{rng.randint(70, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                    f"20{rng.randint(10, 22)}0{rng.randint(1, 2)}1{rng.randint(0, 999):03d}"
                    if peran == Peran.PEKERJA_SOSIAL
                    else "",
                )
                pegawai.full_clean()
                pegawai.save()
                pegawai.jabatan_portal.set(Jabatan.objects.filter(instansi=instansi, peran=peran))
            staf[peran].append(user)
    return staf


# -- recording through the services -----------------------------------------------------
# A plan: where the recorded case stops. (base scenario of buat_data_demo or
# None, extra turns, the state to stop at).
@dataclasses.dataclass(frozen=True)
class Rencana:
    kode: str
    skenario: str | None = None  # buat_data_demo scenario kode to stop at
    status: str | None = None  # or a state to stop at
    kembali: bool = False  # returned to the applicant once, then resubmitted
    revisi: bool = False  # the draft sent back once
    tolak_di: str | None = None  # refused as ineligible in this state
    tarik_di: str | None = None  # withdrawn in this state
    batal_di: str | None = None  # cancelled in this state

    @property
    def akhir(self) -> bool:
        return self.skenario == "selesai" or self.status in (
            Status.TIDAK_MEMENUHI_SYARAT,
            Status.DITARIK,
            Status.DIBATALKAN,
        )


class Perekam:
    """Records cases of one office through the case services with a moving clock."""

    def __init__(self, instansi: Instansi, staf, rng: random.Random, tulis) -> None:
        self.demo = data_demo
        self.instansi = instansi
        self.rng = rng
        self.kal = Kalender(instansi)
        self.staf = staf
        perekam = self

        class Kantor(data_demo.Kantor):
            def maju(self, r, k):
                perekam.jalan(r)
                self.hari_ini = perekam.kini.astimezone(perekam.kal.tz).date()
                super().maju(r, k)

        self.kantor = Kantor(instansi, tulis=lambda *_a: None)
        self.tulis = tulis
        self.urut = 100

    # the clock ------------------------------------------------------------------
    def mulai(self, pada: dt.datetime) -> None:
        try:
            import time_machine  # a dev dependency: this command is for trial databases
        except ImportError as exc:
            raise VolumeError(
                "isi_data_volume memerlukan time-machine (pip install -c constraints.txt "
                "-e '.[dev]')."
            ) from exc

        self._jam = time_machine.travel(pada, tick=False)
        self._t = self._jam.start()
        self.kini = pada

    def berhenti(self) -> None:
        self._jam.stop()

    def geser(self, menit: float) -> None:
        self.kini = self.kal.add_working_minutes(self.kini, max(1, int(menit)))
        self._t.move_to(self.kini)

    def baku(self, r: Rujukan) -> int:
        """A step with no published time: its share of the standard's whole time."""
        lay = r.layanan
        if not (lay.waktu_nilai and lay.waktu_satuan):
            return 120
        ujung = self.kal.add(self.kini, lay.waktu_nilai, lay.waktu_satuan)
        n = max(1, r.langkah_kasus.count())
        return max(30, self.kal.working_minutes_between(self.kini, ujung) // n)

    def jalan(self, r: Rujukan) -> None:
        """Time passes before the next action: a share of the current step's
        published time, by this recording's pace."""
        menit = 0
        for row in r.langkah_kasus.filter(status="berjalan").select_related("langkah"):
            step = row.langkah
            if step.durasi_nilai and step.durasi_satuan:
                ujung = self.kal.add(self.kini, step.durasi_nilai, step.durasi_satuan)
                menit = max(menit, self.kal.working_minutes_between(self.kini, ujung))
        menit = menit or self.baku(r)
        self.geser(menit * self.tempo * self.rng.uniform(0.4, 1.0))

    # a case -----------------------------------------------------------------------
    def kasus(self, layanan: Layanan, rencana: Rencana, pada: dt.datetime, tempo: float):
        demo = self.demo
        self.urut += 1
        sk = {s.kode: s for s in demo.skenario_untuk(layanan)}
        base = sk.get(rencana.skenario or "selesai", demo.SELESAI)
        k = self.kantor.kasus(layanan, self.urut % 900 + 1, base)
        k = dataclasses.replace(k, klien=dataclasses.replace(k.klien, nik=self._nik(k)))
        self.tempo = tempo
        self.mulai(pada)
        try:
            if base.dtks:
                self.kantor.dtks([k.klien])
            r = self.kantor.antar(dataclasses.replace(k, skenario=demo.TERDAFTAR))
            sudah: set[str] = set()
            for _ in range(80):
                r = Rujukan.objects.get(pk=r.pk)
                if self.sampai(r, rencana, base):
                    return r
                if not r.terbuka:
                    break
                self.langkah(r, k, rencana, sudah)
        finally:
            self.berhenti()
        raise VolumeError(f"{r}: berhenti pada {r.status}, rencana {rencana.kode}")

    def _nik(self, k) -> str:
        nik = k.klien.nik
        if not nik:
            return nik
        # the demo NIK serial is 9xxx; recordings use 8xxx so they never meet a demo klien
        return nik[:12] + f"8{self.urut % 1000:03d}"

    def sampai(self, r: Rujukan, rencana: Rencana, base) -> bool:
        if rencana.status:
            return r.status == rencana.status
        return self.demo.sampai(r, base)

    def langkah(self, r: Rujukan, k, rencana: Rencana, sudah: set[str]) -> None:
        st = r.status
        loket = self.kantor.loket
        if rencana.kembali and "kembali" not in sudah and st == Status.PEMERIKSAAN_BERKAS:
            self.jalan(r)
            rujukan_services.rujukan_return_to_pemohon(
                rujukan=r, by=loket(r, "periksa_berkas"), catatan="Fotokopi KK belum dilampirkan."
            )
            sudah.add("kembali")
        elif st == Status.DIKEMBALIKAN:
            self.geser(self.kal.minutes_per_day * self.rng.uniform(1, 6))
            rujukan_services.rujukan_resubmit(
                rujukan=r, by=loket(r, "periksa_berkas"), catatan="Berkas dilengkapi."
            )
        elif rencana.tolak_di == st:
            self.jalan(r)
            if st == Status.VERIFIKASI and r.peksos_id is None:
                self.kantor.tugaskan(r)
                return
            izin = "periksa_berkas" if st == Status.PEMERIKSAAN_BERKAS else "verifikasi"
            rujukan_services.rujukan_reject_ineligible(
                rujukan=r,
                by=self.kantor.pelaku(r, izin, Peran.PETUGAS_LOKET, Peran.PEKERJA_SOSIAL),
                alasan="Klien tidak memenuhi kriteria standar layanan.",
            )
        elif rencana.tarik_di == st:
            self.jalan(r)
            rujukan_services.rujukan_withdraw(
                rujukan=r, by=loket(r, "tarik"), alasan="Pemohon menarik permohonannya."
            )
        elif rencana.batal_di == st:
            self.jalan(r)
            rujukan_services.rujukan_cancel(
                rujukan=r,
                by=self.kantor.pelaku(r, "batalkan", Peran.KEPALA_BIDANG),
                alasan="Permohonan ganda; dilayani pada registrasi lain.",
            )
        elif rencana.revisi and "revisi" not in sudah and st == Status.PERSETUJUAN:
            self.jalan(r)
            pejabat = self.kantor.pemegang(
                r, lambda u: giliran_persetujuan(user=u, rujukan=r), "persetujuan"
            )
            rujukan_services.rujukan_return_draft(
                rujukan=r, by=pejabat, catatan="Perbaiki redaksi perihal."
            )
            sudah.add("revisi")
        else:
            self.kantor.maju(r, k)


def rencana_untuk(layanan: Layanan, demo) -> tuple[list[Rencana], list[Rencana]]:
    """(open plans, final plans) along this standard's own path."""
    terbuka = [
        Rencana(kode=f"buka_{s.kode}", skenario=s.kode)
        for s in demo.skenario_untuk(layanan)
        if s.kode != "selesai"
    ]
    terbuka.append(Rencana(kode="dikembalikan", status=Status.DIKEMBALIKAN, kembali=True))
    akhir = [
        Rencana(kode="selesai", skenario="selesai"),
        Rencana(kode="kembali_selesai", skenario="selesai", kembali=True),
        Rencana(
            kode="tms_berkas",
            status=Status.TIDAK_MEMENUHI_SYARAT,
            tolak_di=Status.PEMERIKSAAN_BERKAS,
        ),
        Rencana(kode="ditarik", status=Status.DITARIK, tarik_di=Status.PEMERIKSAAN_BERKAS),
        Rencana(kode="dibatalkan", status=Status.DIBATALKAN, batal_di=Status.PEMERIKSAAN_BERKAS),
    ]
    alur = __import__("rujukan.alur", fromlist=["alur_layanan"]).alur_layanan(layanan)
    if alur.verifikasi:
        akhir.append(
            Rencana(
                kode="tms_verifikasi",
                status=Status.TIDAK_MEMENUHI_SYARAT,
                tolak_di=Status.VERIFIKASI,
            )
        )
    if alur.produk_disetujui:
        akhir.append(Rencana(kode="revisi_selesai", skenario="selesai", revisi=True))
    return terbuka, akhir


# Share of each final plan among finished cases.
BOBOT_AKHIR = {
    "selesai": 0.78,
    "kembali_selesai": 0.07,
    "revisi_selesai": 0.04,
    "tms_berkas": 0.03,
    "tms_verifikasi": 0.03,
    "ditarik": 0.04,
    "dibatalkan": 0.01,
}
# pace of the recordings (× a share of each step's time): most within the standard, some late
TEMPO = (0.3, 0.45, 0.6, 0.75, 0.9, 1.1, 1.6)


# -- complaints -------------------------------------------------------------------------
RENCANA_PENGADUAN_TERBUKA = ("diterima", "cek_administrasi", "menunggu_pelapor", "koordinasi")
RENCANA_PENGADUAN_AKHIR = {
    "selesai": 0.62,
    "dijawab": 0.14,
    "diteruskan": 0.08,
    "tidak_dapat": 0.07,
    "duplikat": 0.04,
    "selesai_dinilai": 0.05,
}
JUDUL_PENGADUAN = (
    ("Antrean loket terlalu lama", "Saya menunggu lebih dari dua jam di loket pelayanan."),
    ("Bantuan belum diterima", "Bantuan sosial untuk orang tua saya belum juga diterima."),
    ("Petugas sulit dihubungi", "Nomor WhatsApp layanan tidak pernah membalas pesan."),
    ("Persyaratan tidak jelas", "Informasi persyaratan di loket berbeda dengan di situs."),
    ("Terima kasih atas pendampingan", "Petugas sangat membantu keluarga kami."),
    ("Usul jam layanan Sabtu", "Mohon loket dibuka hari Sabtu untuk warga yang bekerja."),
    ("Warga terlantar di terminal", "Ada warga lanjut usia terlantar di terminal sejak kemarin."),
)


class PerekamPengaduan:
    def __init__(self, perekam: Perekam, staf) -> None:
        self.p = perekam
        semua = [u for us in staf.values() for u in us[:1]]
        self.pencatat = next(u for u in semua if u.has_perm(pp.PERM_ADD))
        self.penangan = next(u for u in semua if u.has_perm(pp.PERM_HANDLE))
        self.pendisposisi = next((u for u in semua if u.has_perm(pp.PERM_DISPOSE)), self.penangan)
        self.asli: str | None = None

    def rekam(self, rencana: str, pada, tempo, *, saluran, jenis, layanan, anonim, i) -> Pengaduan:
        p = self.p
        p.tempo = tempo
        p.mulai(pada)
        try:
            judul, uraian = JUDUL_PENGADUAN[i % len(JUDUL_PENGADUAN)]
            isian = IsianPengaduan(
                layanan=layanan,
                jenis=jenis,
                judul=judul,
                uraian=uraian,
                anonim=anonim,
                nama="" if anonim else "Pelapor Rekaman",
                telepon="" if anonim else "081200000000",
            )
            if saluran == Pengaduan.Saluran.WEBSITE:  # the citizen sends it through the site
                adu, _kode = pengaduan_submit(
                    kunci_klien=f"volume-{i}", instansi=p.instansi, isian=isian
                )
            else:
                adu, _kode = pengaduan_record(
                    by=self.pencatat, saluran=saluran, diterima_pada=pada, isian=isian
                )
            if self.asli is None:
                self.asli = adu.nomor
            if rencana == "diterima":
                return adu

            def tunggu(jam: float) -> None:
                p.geser(60 * jam * tempo * p.rng.uniform(0.4, 0.9))

            tunggu(2)
            sh.pengaduan_start_check(pengaduan=adu, by=self.penangan)
            if rencana == "cek_administrasi":
                return adu
            if rencana == "menunggu_pelapor":
                sh.pengaduan_request_details(
                    pengaduan=adu, by=self.penangan, pesan="Mohon lengkapi alamat kejadian."
                )
                return adu
            if rencana == "duplikat":
                sh.pengaduan_mark_duplicate(pengaduan=adu, by=self.penangan, nomor_asli=self.asli)
                return adu
            if rencana == "diteruskan":
                tunggu(3)
                sh.pengaduan_forward(
                    pengaduan=adu,
                    by=self.pendisposisi,
                    instansi_tujuan="Dinas Kependudukan dan Pencatatan Sipil",
                    pesan="Pengaduan Anda kami teruskan kepada instansi yang berwenang.",
                )
                return adu
            if rencana == "tidak_dapat":
                tunggu(3)
                sh.pengaduan_stop(
                    pengaduan=adu,
                    by=self.pendisposisi,
                    pesan="Pengaduan tidak dapat ditindaklanjuti karena tidak ada rincian.",
                )
                return adu
            tunggu(3)
            sh.pengaduan_route(
                pengaduan=adu,
                by=self.pendisposisi,
                jenis_koordinasi=Pengaduan.JenisKoordinasi.INTERNAL,
                bidang="Bidang Rehabilitasi Sosial",
                petugas=self.penangan,
                catatan="Mohon ditindaklanjuti.",
            )
            if rencana == "koordinasi":
                return adu
            tunggu(6)
            sh.pengaduan_answer(
                pengaduan=adu,
                by=self.penangan,
                isi="Terima kasih. Pengaduan Anda telah kami tindak lanjuti bersama bidang terkait.",  # noqa: E501
            )
            if rencana == "dijawab":
                return adu
            tunggu(10)
            if rencana == "selesai_dinilai" and not anonim:
                adu.refresh_from_db()
                sp.pelapor_konfirmasi_selesai(pengaduan=adu)
                adu.refresh_from_db()
                sp.pelapor_nilai(pengaduan=adu, nilai=p.rng.choice((3, 4, 4)))
            else:
                sh.pengaduan_close(pengaduan=adu, by=self.penangan)
            return adu
        finally:
            p.berhenti()


# -- what a copy reads and changes ------------------------------------------------------
def _tabel_rujukan() -> list[Tabel]:
    lampiran = rm.PengajuanPanti.lampiran.through
    tanpa = ("tanggal_lahir",)
    return [
        Tabel(rm.Klien, tanpa_geser=tanpa),
        Tabel(PengurusLembaga),
        Tabel(rm.Pemohon),
        Tabel(rm.Rujukan),
        Tabel(rm.AnggotaRujukan),
        Tabel(rm.BerkasItem),
        Tabel(rm.LangkahKasus),
        Tabel(rm.PersetujuanKlien),
        Tabel(rm.Asesmen),
        Tabel(rm.Kegiatan),
        Tabel(rm.Konsep),
        Tabel(rm.Persetujuan),
        Tabel(rm.Dokumen),
        Tabel(rm.PengajuanPanti),
        Tabel(lampiran),
        Tabel(rm.UsulanPanti),
        Tabel(rm.TahapWaktu),
        Tabel(rm.JedaWaktu),
        Tabel(rm.Kejadian),
        Tabel(Dokumentasi),
        Tabel(UndanganSurvei),
        Tabel(StateLog),
    ]


def _tabel_pengaduan() -> list[Tabel]:
    return [
        Tabel(Pengaduan),
        Tabel(Pelapor),
        Tabel(Tanggapan),
        Tabel(Lampiran),
        Tabel(Kejadian),
        Tabel(Pengingat),
        Tabel(Penilaian),
        Tabel(UndanganSurvei),
        Tabel(StateLog),
    ]


def _ids(rows, tabel: Tabel, nama: str) -> list:
    i = tabel.idx[nama]
    return sorted({r[i] for r in rows if r[i] is not None})


def baca_rujukan(tabel: dict[str, Tabel], rid: int) -> dict[str, list[list]]:
    t = tabel
    out: dict[str, list[list]] = {}
    out["rujukan.Rujukan"] = t["rujukan.Rujukan"].baca("id = %s", [rid])
    (r,) = out["rujukan.Rujukan"]
    for label, tb in t.items():
        if label in ("rujukan.Rujukan", "rujukan.Klien", "rujukan.Pemohon"):
            continue
        if "rujukan" in tb.idx and tb.fields[tb.idx["rujukan"]].related_model is rm.Rujukan:
            out[label] = tb.baca("rujukan_id = %s", [rid])
    anggota = _ids(out["rujukan.AnggotaRujukan"], t["rujukan.AnggotaRujukan"], "klien")
    rr = t["rujukan.Rujukan"]
    klien = [r[rr.idx["klien"]], *anggota]
    out["rujukan.Klien"] = t["rujukan.Klien"].baca("id = ANY(%s)", [klien])
    out["rujukan.PengurusLembaga"] = t["rujukan.PengurusLembaga"].baca(
        "lembaga_id = ANY(%s)", [klien]
    )
    out["rujukan.Pemohon"] = t["rujukan.Pemohon"].baca("id = %s", [r[rr.idx["pemohon"]]])
    konsep = _ids(out["rujukan.Konsep"], t["rujukan.Konsep"], "id")
    out["rujukan.Persetujuan"] = t["rujukan.Persetujuan"].baca("konsep_id = ANY(%s)", [konsep])
    pengajuan = _ids(out["rujukan.PengajuanPanti"], t["rujukan.PengajuanPanti"], "id")
    lab = rm.PengajuanPanti.lampiran.through._meta.label
    out[lab] = t[lab].baca("pengajuanpanti_id = ANY(%s)", [pengajuan])
    ct = ContentType.objects.get_for_model(rm.Rujukan).pk
    out["django_fsm_log.StateLog"] = t["django_fsm_log.StateLog"].baca(
        "content_type_id = %s AND object_id = %s", [ct, str(rid)]
    )
    return out


def baca_pengaduan(tabel: dict[str, Tabel], pid: int) -> dict[str, list[list]]:
    out: dict[str, list[list]] = {
        "pengaduan.Pengaduan": tabel["pengaduan.Pengaduan"].baca("id = %s", [pid])
    }
    for label, tb in tabel.items():
        if label == "pengaduan.Pengaduan" or label == "django_fsm_log.StateLog":
            continue
        out[label] = tb.baca("pengaduan_id = %s", [pid])
    ct = ContentType.objects.get_for_model(Pengaduan).pk
    out["django_fsm_log.StateLog"] = tabel["django_fsm_log.StateLog"].baca(
        "content_type_id = %s AND object_id = %s", [ct, str(pid)]
    )
    return out


def cetakan_dari(
    jenis, instansi_id, rencana, rows, tabel, *, terbuka, selesai, nama, tz
) -> Cetakan:
    waktu = [w for label, rs in rows.items() for w in _semua_waktu(tabel[label], rs)]
    tanggal = set()
    for label, rs in rows.items():
        tb = tabel[label]
        for r in rs:
            for i in tb.tanggal:
                if r[i] is not None:
                    tanggal.add(r[i])
    awal, akhir = min(waktu), max(waktu)
    return Cetakan(
        jenis=jenis,
        instansi_id=instansi_id,
        rencana=rencana,
        rows=rows,
        awal=awal,
        akhir=akhir,
        terbuka=terbuka,
        selesai=selesai,
        tanggal=tanggal | {w.astimezone(tz).date() for w in waktu},
        nama=[n for n in nama if n],
    )


# -- the copies -----------------------------------------------------------------------------
@dataclasses.dataclass
class Salinan:
    cetakan: Cetakan
    minggu: int  # moved by this many weeks
    pengguna: dict[int, int]  # acting staff: recorded user id -> this copy's user id
    jawab: dt.datetime | None = None  # survey answered at
    urut: int = 0  # registration number (cases)

    @property
    def geser(self) -> dt.timedelta:
        return dt.timedelta(weeks=self.minggu)


class Orang:
    """Fictitious people with valid-looking, unique identity numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nik: set[str] = set()
        self._wilayah: dict[int, list[tuple[str, str]]] = {}

    def nama(self, perempuan: bool) -> str:
        r = self.rng
        depan = r.choice(NAMA_DEPAN_P if perempuan else NAMA_DEPAN_L)
        return f"{depan} {r.choice(NAMA_BELAKANG)}"

    def nik_baru(self, wilayah: str, lahir: dt.date, perempuan: bool) -> str:
        hari = lahir.day + (40 if perempuan else 0)
        dasar = f"{wilayah}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}"
        while True:
            nik = f"{dasar}{self.rng.randint(1, 7999):04d}"
            if nik not in self.nik:
                self.nik.add(nik)
                return nik

    def wilayah(self, instansi_id: int) -> tuple[str, str]:
        """A kelurahan and its kecamatan of the office's area (fictitious names,
        the same set for an office on every run with the same seed)."""
        if instansi_id not in self._wilayah:
            r = random.Random(instansi_id)  # noqa: S311
            kec = [f"{r.choice(KELURAHAN)} {arah}" for arah in r.sample(KECAMATAN, 4)]
            self._wilayah[instansi_id] = [
                (f"Kelurahan {k}", c) for c in kec for k in r.sample(KELURAHAN, 4)
            ]
        return self.rng.choice(self._wilayah[instansi_id])

    def telepon(self) -> str:
        return f"08{self.rng.choice('1235789')}{self.rng.randint(10**8, 10**9 - 1)}"

    def alamat(self) -> str:
        r = self.rng
        return (
            f"Jl. {r.choice(JALAN.split())} No. {r.randint(1, 180)}, "
            f"RT {r.randint(1, 12):02d}/RW {r.randint(1, 9):02d}"
        )


class Penyalin:
    """Writes many copies of recorded cases or complaints with COPY."""

    def __init__(self, tabel: list[Tabel], rng: random.Random, kantor: dict[int, Instansi]):
        self.tabel = tabel
        self.per_label = {t.label: t for t in tabel}
        self.rng = rng
        self.orang = Orang(rng)
        self.kantor = kantor
        self.pdf = None
        self.nomor_surat: dict[tuple[int, int], int] = {}
        self.respons: list[list] = []
        f = Klien._meta
        self.f_nik, self.f_kk = f.get_field("nik"), f.get_field("no_kk")
        self.f_telp = Pemohon._meta.get_field("telepon")
        self.f_pengurus_nik = PengurusLembaga._meta.get_field("nik")

    def tulis(self, salinan: list[Salinan]) -> dict[str, int]:
        jumlah = {
            t.label: sum(len(s.cetakan.rows.get(t.label, ())) for s in salinan) for t in self.tabel
        }
        berikut = {t.label: pesan_id(t.model, jumlah[t.label]) for t in self.tabel}
        keluar: dict[str, list] = defaultdict(list)
        for s in salinan:
            peta: dict[tuple[str, object], int] = {}
            for t in self.tabel:
                pk = t.idx[t.model._meta.pk.name]
                for r in s.cetakan.rows.get(t.label, ()):
                    peta[(t.label, r[pk])] = berikut[t.label]
                    berikut[t.label] += 1
            self._salin(s, peta, keluar)
        with transaction.atomic():
            for t in self.tabel:
                salin_ke(t.model._meta.db_table, t.kolom, keluar[t.label])
        return {label: len(rows) for label, rows in keluar.items()}

    def _salin(self, s: Salinan, peta, keluar) -> None:
        c = s.cetakan
        geser = s.geser
        hari = dt.timedelta(days=7 * s.minggu)
        baru: dict[str, str] = {}  # recorded name -> this copy's name
        konteks = {"salinan": s, "peta": peta, "nama": baru}
        for t in self.tabel:
            rows = c.rows.get(t.label)
            if not rows:
                continue
            pk = t.idx[t.model._meta.pk.name]
            hook = getattr(self, "_" + t.model.__name__.lower(), None)
            for r in rows:
                n = list(r)
                n[pk] = peta[(t.label, r[pk])]
                for i, label in t.fk:
                    v = n[i]
                    if v is None:
                        continue
                    if label == "auth.User":
                        n[i] = s.pengguna.get(v, v)
                    else:
                        n[i] = peta.get((label, v), v)
                for i in t.waktu:
                    if n[i] is not None:
                        n[i] = n[i] + geser
                for i in t.tanggal:
                    if n[i] is not None:
                        n[i] = n[i] + hari
                if hook is not None:
                    hook(t, n, konteks)
                if baru:
                    for i in t.teks:
                        v = n[i]
                        if v and isinstance(v, str):
                            for lama, nama in baru.items():
                                if lama in v:
                                    v = v.replace(lama, nama)
                            n[i] = v
                keluar[t.label].append(n)

    # per-table changes ------------------------------------------------------------------
    def _klien(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        rng = self.rng
        lama = n[x["nama"]]
        if n[x["jenis"]] == "lembaga":
            nama = f"{rng.choice(LEMBAGA)} {rng.randint(1, 99)}"
            n[x["nomor_legalitas"]] = (
                f"AHU-{rng.randint(1000, 9999)}.AH.01.04.Tahun 20{rng.randint(10, 24)}"
            )
        else:
            perempuan = rng.random() < 0.55
            lahir = n[x["tanggal_lahir"]]
            if lahir is not None:
                tahun = lahir.year + rng.randint(-3, 3)
                usia_lama = 2026 - lahir.year
                usia = 2026 - tahun
                if (usia_lama >= 60) != (usia >= 60) or (usia_lama < 18) != (usia < 18):
                    tahun = lahir.year
                lahir = dt.date(tahun, rng.randint(1, 12), rng.randint(1, 28))
                n[x["tanggal_lahir"]] = lahir
            nama = self.orang.nama(perempuan)
            n[x["jenis_kelamin"]] = "P" if perempuan else "L"
            nik_lama = self.f_nik.from_db_value(n[x["nik"]], None, None)
            if nik_lama and lahir is not None:
                nik = self.orang.nik_baru(nik_lama[:6], lahir, perempuan)
                n[x["nik"]] = self.f_nik.get_db_prep_value(nik, connection)
                n[x["nik_sidik"]] = self.f_nik.sidik_dari(nik)
            kk_lama = self.f_kk.from_db_value(n[x["no_kk"]], None, None)
            if kk_lama:
                kk = f"{kk_lama[:6]}{rng.randint(10**9, 10**10 - 1)}"
                n[x["no_kk"]] = self.f_kk.get_db_prep_value(kk, connection)
                n[x["no_kk_sidik"]] = self.f_kk.sidik_dari(kk)
            n[x["alamat"]] = self.orang.alamat()
            n[x["kelurahan"]], n[x["kecamatan"]] = self.orang.wilayah(n[x["instansi"]])
        n[x["nama"]] = nama
        k["nama"][lama] = nama
        k.setdefault("klien", nama)

    def _penguruslembaga(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        lama = n[x["nama"]]
        perempuan = self.rng.random() < 0.5
        n[x["nama"]] = self.orang.nama(perempuan)
        k["nama"][lama] = n[x["nama"]]
        if n[x["nik"]]:
            lahir = dt.date(self.rng.randint(1960, 1995), self.rng.randint(1, 12), 15)
            nik_lama = self.f_pengurus_nik.from_db_value(n[x["nik"]], None, None)
            nik = self.orang.nik_baru(nik_lama[:6], lahir, perempuan)
            n[x["nik"]] = self.f_pengurus_nik.get_db_prep_value(nik, connection)

    def _pemohon(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        lama = n[x["nama"]]
        if n[x["jenis"]] == Pemohon.Jenis.KLIEN and "klien" in k:
            nama = k["klien"]
        else:
            nama = self.orang.nama(self.rng.random() < 0.5)
            k["nama"][lama] = nama
        n[x["nama"]] = nama
        if n[x["telepon"]]:
            n[x["telepon"]] = self.f_telp.get_db_prep_value(self.orang.telepon(), connection)
        n[x["alamat"]] = self.orang.alamat()

    def _rujukan(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        s: Salinan = k["salinan"]
        instansi = self.kantor[n[x["instansi"]]]
        tahun = n[x["dibuat_pada"]].astimezone(_tz(instansi)).year
        n[x["tahun"]] = tahun
        n[x["nomor_urut"]] = s.urut
        n[x["nomor_registrasi"]] = f"RJK-{tahun}-{s.urut:05d}"
        n[x["kode_lacak_hash"]] = f"{self.rng.getrandbits(256):064x}"

    def _dokumen(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        nama, sha, ukuran = self.pdf
        n[x["berkas"]], n[x["sha256"]], n[x["ukuran"]] = nama, sha, ukuran
        n[x["token"]] = buat_token_verifikasi()
        n[x["kode_verifikasi"]] = buat_kode_verifikasi()
        if n[x["nomor_urut"]] is not None:
            instansi = self.kantor[n[x["instansi"]]]
            tanggal = n[x["tanggal"]]
            kunci = (instansi.pk, tanggal.year)
            self.nomor_surat[kunci] = urut = self.nomor_surat.get(kunci, 0) + 1
            n[x["tahun"]] = tanggal.year
            n[x["nomor_urut"]] = urut
            n[x["nomor"]] = format_nomor_surat(instansi, urut=urut, tanggal=tanggal)

    def _undangansurvei(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        n[x["token"]] = _token()
        s: Salinan = k["salinan"]
        if s.jawab is not None:
            n[x["used_at"]] = s.jawab
            self.respons.append(self._respons(n[x["id"]], n[x["instansi"]], n[x["layanan"]], s))

    def _respons(self, undangan: int, instansi: int, layanan: int | None, s: Salinan) -> list:
        rng = self.rng
        mutu = rng.choice((2.6, 3.0, 3.2, 3.4, 3.6))  # how this respondent felt served
        nilai = []
        for _kode in KODE_UNSUR:
            if rng.random() < 0.04:
                nilai.append(None)  # "tidak menjawab"
            else:
                nilai.append(max(1, min(4, round(rng.gauss(mutu, 0.6)))))
        if layanan is None:
            layanan = self.layanan_kantor[instansi]
        return [
            undangan,
            instansi,
            layanan,
            s.jawab,
            rng.choice("LP"),
            rng.randint(18, 75),
            rng.choice(("sd", "smp", "sma", "sma", "diploma", "s1")),
            rng.choice(("swasta", "wirausaha", "lainnya", "lainnya", "pns")),
            *nilai,
            "",
        ]

    def _statelog(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        lama = int(n[x["object_id"]])
        label = k["salinan"].cetakan.jenis
        model = "rujukan.Rujukan" if label == "rujukan" else "pengaduan.Pengaduan"
        n[x["object_id"]] = str(k["peta"][(model, lama)])

    def _pengaduan(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        tahun = n[x["diterima_pada"]].astimezone(_tz(self.kantor[n[x["instansi"]]])).year
        acak = "".join(self.rng.choice(ABJAD) for _ in range(6))
        n[x["nomor"]] = f"ADU-{tahun}-{acak}"
        while n[x["nomor"]] in self.nomor_adu:
            n[x["nomor"]] = f"ADU-{tahun}-" + "".join(self.rng.choice(ABJAD) for _ in range(6))
        self.nomor_adu.add(n[x["nomor"]])
        n[x["kode_lacak_hash"]] = f"{self.rng.getrandbits(256):064x}"

    def _pelapor(self, t: Tabel, n: list, k: dict) -> None:
        x = t.idx
        perempuan = self.rng.random() < 0.5
        nama = self.orang.nama(perempuan)
        n[x["nama"]] = nama if n[x["nama"]] else ""
        f = Pelapor._meta.get_field("telepon")
        if n[x["telepon"]]:
            telp = self.orang.telepon()
            n[x["telepon"]] = f.get_db_prep_value(telp, connection)
            n[x["telepon_sidik"]] = f.sidik_dari(telp)
        if n[x["email"]]:
            email = f"{nama.split()[0].lower()}{self.rng.randint(1, 999)}@contoh.id"
            n[x["email"]] = Pelapor._meta.get_field("email").get_db_prep_value(email, connection)


_TZ: dict[int, object] = {}


def _tz(instansi: Instansi):
    if instansi.pk not in _TZ:
        _TZ[instansi.pk] = ZoneInfo(instansi.zona_waktu)
    return _TZ[instansi.pk]


# -- planning ---------------------------------------------------------------------------
def _bobot_bulan(bulan: int) -> list[float]:
    """Months ago → weight: growing use of the portal, quieter in Lebaran and December."""
    out = []
    for m in range(bulan):
        w = 0.7 + 0.6 * (1 - m / max(1, bulan - 1))
        if m % 12 in (3, 11):
            w *= 0.8
        out.append(w)
    return out


def _minggu(cet: Cetakan, mulai: dt.datetime, now: dt.datetime, kal: Kalender) -> int | None:
    """Whole weeks that move the recording to start near `mulai` on a working
    day (not a holiday), ending in the past. (Later moments keep their weekday
    and hour; one may fall on a holiday: a month-long case seldom misses one,
    and insisting would empty the months with many holidays.)"""
    dasar = round((mulai - cet.awal) / dt.timedelta(weeks=1))
    awal = cet.awal.astimezone(kal.tz).date()
    for minggu in (dasar, dasar - 1, dasar + 1, dasar - 2, dasar + 2, dasar - 3):
        if cet.akhir + dt.timedelta(weeks=minggu) > now - dt.timedelta(minutes=5):
            continue
        if kal.is_working_day(awal + dt.timedelta(days=7 * minggu)):
            return minggu
    return None


def rencanakan(
    cetakan: list[Cetakan],
    n: int,
    *,
    rng: random.Random,
    now: dt.datetime,
    bulan: int,
    kal: Kalender,
    staf: dict[str, list[User]],
    bobot_akhir: dict[str, float],
    hari_terbuka: int,
    p_survei: float,
) -> list[Salinan]:
    terbuka = [c for c in cetakan if c.terbuka]
    akhir: dict[str, list[Cetakan]] = defaultdict(list)
    for c in cetakan:
        if not c.terbuka:
            akhir[c.rencana].append(c)
    kode = [k for k in bobot_akhir if akhir.get(k)]
    bobot = [bobot_akhir[k] for k in kode]
    wb = _bobot_bulan(bulan)
    loket, peksos = staf[Peran.PETUGAS_LOKET], staf[Peran.PEKERJA_SOSIAL]
    out: list[Salinan] = []
    while len(out) < n:
        m = rng.choices(range(bulan), wb)[0]
        umur = rng.uniform(30 * m, 30 * (m + 1))
        if terbuka and rng.random() < max(0.0, 1 - umur / hari_terbuka) * 0.85:
            cet = rng.choice(terbuka)
            umur = min(umur, 10)  # open now: registered lately, its last action days ago
            mulai = now - (cet.akhir - cet.awal) - dt.timedelta(days=umur)
        else:
            cet = rng.choice(akhir[rng.choices(kode, bobot)[0]])
            mulai = now - dt.timedelta(days=umur)
        minggu = _minggu(cet, mulai, now, kal)
        if minggu is None:
            continue
        pengguna = {loket[0].pk: rng.choice(loket).pk, peksos[0].pk: rng.choice(peksos).pk}
        s = Salinan(cetakan=cet, minggu=minggu, pengguna=pengguna)
        if cet.selesai and rng.random() < p_survei:
            jawab = cet.akhir + s.geser + dt.timedelta(minutes=rng.randint(30, 4 * 24 * 60))
            s.jawab = jawab if jawab < now else None
        out.append(s)
    out.sort(key=lambda s: s.cetakan.awal + s.geser)
    return out


# -- the whole run ------------------------------------------------------------------------
def _placeholder() -> tuple[str, str, int]:
    data = pdf_demo(
        "Surat contoh untuk data volume.",
        "Isi surat tidak dibuat untuk setiap rujukan salinan;",
        "semua salinan menunjuk berkas yang sama ini.",
    )
    if not default_storage.exists(PLACEHOLDER):
        default_storage.save(PLACEHOLDER, ContentFile(data))
    return PLACEHOLDER, hashlib.sha256(data).hexdigest(), len(data)


def _waktu_rekam(rng: random.Random, kal: Kalender, now: dt.datetime) -> dt.datetime:
    """A working moment 130–200 days ago, between 08:00 and 13:00."""
    while True:
        hari = (now - dt.timedelta(days=rng.randint(130, 200))).astimezone(kal.tz).date()
        if kal.is_working_day(hari):
            jam = dt.time(rng.randint(8, 12), rng.choice((0, 10, 20, 30, 40, 50)))
            return dt.datetime.combine(hari, jam, tzinfo=kal.tz)


def _ulang(skala: int, banyak: int, sedikit: int = 1) -> tuple[int, int]:
    return banyak, sedikit


def isi_data_volume(opsi: Opsi) -> dict:
    mulai = time.monotonic()
    tulis = opsi.tulis

    def lapor(teks: str) -> None:
        tulis(f"[{time.monotonic() - mulai:6.1f} s] {teks}")

    if ada_data_volume() and not opsi.tambah:
        raise VolumeError(
            "Basis data ini sudah berisi data volume. Tambahkan --tambah untuk menambah lagi."
        )
    if not Instansi.objects.exists():
        call_command("muat_standar", stdout=io.StringIO())
    if not User.objects.filter(username__startswith="kadis.").exists():
        call_command("buat_akun_demo", force=True, stdout=io.StringIO())
    rng = random.Random(opsi.seed)  # noqa: S311 - fictitious data, not secrets
    now = timezone.now()
    kantor = list(Instansi.objects.order_by("slug")[: opsi.instansi])
    if not kantor:
        raise VolumeError("Belum ada instansi.")
    # how many recordings: more at a larger volume, so the figures spread
    v_selesai = max(2, min(10, opsi.kasus // 8000))
    v_lain = 1 if opsi.kasus < 20_000 else 2
    tabel_r, tabel_p = _tabel_rujukan(), _tabel_pengaduan()
    per_r = {t.label: t for t in tabel_r}
    per_p = {t.label: t for t in tabel_p}
    bobot_kantor = [1.0 / (1 + 0.35 * i) for i in range(len(kantor))]
    total_bobot = sum(bobot_kantor)
    rencana_r: list[Salinan] = []
    rencana_p: list[Salinan] = []
    layanan_kantor: dict[int, int] = {}
    for i, instansi in enumerate(kantor):
        staf = siapkan_staf(instansi, rng)
        perekam = Perekam(instansi, staf, rng, tulis)
        with transaction.atomic():
            perekam.kantor.panti()
            perekam.kantor.kepala()
        kal = perekam.kal
        cetakan: list[Cetakan] = []
        daftar_layanan = list(Layanan.objects.filter(instansi=instansi, aktif=True).order_by("pk"))
        layanan_kantor[instansi.pk] = daftar_layanan[0].pk
        for layanan in daftar_layanan:
            terbuka, akhir = rencana_untuk(layanan, data_demo)
            jadwal = [(r, v_lain) for r in terbuka] + [
                (r, v_selesai if r.kode == "selesai" else v_lain) for r in akhir
            ]
            for rencana, kali in jadwal:
                for v in range(kali):
                    tempo = TEMPO[(v * 5 + len(cetakan)) % len(TEMPO)]
                    with transaction.atomic():
                        r = perekam.kasus(layanan, rencana, _waktu_rekam(rng, kal, now), tempo)
                    rows = baca_rujukan(per_r, r.pk)
                    cetakan.append(
                        cetakan_dari(
                            "rujukan",
                            instansi.pk,
                            rencana.kode if rencana.akhir else "terbuka",
                            rows,
                            per_r,
                            terbuka=r.terbuka,
                            selesai=r.status == Status.SELESAI,
                            nama=[r.klien.nama, r.pemohon.nama],
                            tz=kal.tz,
                        )
                    )
        lapor(f"{instansi.slug}: {len(cetakan)} rujukan direkam melalui layanan portal")
        n = round(opsi.kasus * bobot_kantor[i] / total_bobot)
        rencana_r += rencanakan(
            cetakan,
            max(0, n - len(cetakan)),
            rng=rng,
            now=now,
            bulan=opsi.bulan,
            kal=kal,
            staf=staf,
            bobot_akhir=BOBOT_AKHIR,
            hari_terbuka=45,
            p_survei=0.3,
        )
        # complaints
        rekam_adu = PerekamPengaduan(perekam, staf)
        saluran = sorted(
            instansi_saluran(instansi) | {Pengaduan.Saluran.WEBSITE, Pengaduan.Saluran.LANGSUNG}
        )
        adu: list[Cetakan] = []
        jadwal_p = [(k, v_lain) for k in RENCANA_PENGADUAN_TERBUKA] + [
            (k, max(2, v_selesai // 2) if k == "selesai" else v_lain)
            for k in RENCANA_PENGADUAN_AKHIR
        ]
        for kode, kali in jadwal_p:
            for v in range(kali):
                tempo = TEMPO[(v * 5 + len(adu)) % len(TEMPO)]
                with transaction.atomic():
                    p = rekam_adu.rekam(
                        kode,
                        _waktu_rekam(rng, kal, now),
                        tempo,
                        saluran=rng.choice(saluran),
                        jenis=rng.choices(Pengaduan.Jenis.values, (0.7, 0.12, 0.12, 0.06))[0],
                        layanan=rng.choice([None, *daftar_layanan]),
                        anonim=kode != "selesai_dinilai" and rng.random() < 0.2,
                        i=len(adu),
                    )
                p.refresh_from_db()
                rows = baca_pengaduan(per_p, p.pk)
                adu.append(
                    cetakan_dari(
                        "pengaduan",
                        instansi.pk,
                        kode if kode in RENCANA_PENGADUAN_AKHIR else "terbuka",
                        rows,
                        per_p,
                        terbuka=kode in RENCANA_PENGADUAN_TERBUKA,
                        selesai=p.status == Pengaduan.Status.SELESAI,
                        nama=[],
                        tz=kal.tz,
                    )
                )
        lapor(f"{instansi.slug}: {len(adu)} pengaduan direkam melalui layanan portal")
        n = round(opsi.pengaduan * bobot_kantor[i] / total_bobot)
        rencana_p += rencanakan(
            adu,
            max(0, n - len(adu)),
            rng=rng,
            now=now,
            bulan=opsi.bulan,
            kal=kal,
            staf=staf,
            bobot_akhir=RENCANA_PENGADUAN_AKHIR,
            hari_terbuka=20,
            p_survei=0.2,
        )
    rencana_r.sort(key=lambda s: s.cetakan.awal + s.geser)
    _nomori(rencana_r, kantor)
    peta_kantor = {k.pk: k for k in kantor}
    pdf = _placeholder()
    hasil: dict[str, int] = defaultdict(int)
    for nama, rencana, tabel in (
        ("rujukan", rencana_r, tabel_r),
        ("pengaduan", rencana_p, tabel_p),
    ):
        penyalin = Penyalin(tabel, rng, peta_kantor)
        penyalin.pdf = pdf
        penyalin.layanan_kantor = layanan_kantor
        penyalin.nomor_adu = set(Pengaduan.objects.values_list("nomor", flat=True))
        penyalin.nomor_surat = _nomor_surat_terakhir()
        for awal in range(0, len(rencana), BATCH):
            bagian = rencana[awal : awal + BATCH]
            for label, jumlah in penyalin.tulis(bagian).items():
                hasil[label] += jumlah
            _tulis_respons(penyalin)
            lapor(f"{nama}: {min(awal + BATCH, len(rencana))}/{len(rencana)} salinan")
        if nama == "rujukan":
            _simpan_nomor_surat(penyalin.nomor_surat)
            # a copy moved by whole weeks may now span a holiday the recorded
            # case did not: its stored working minutes are measured again
            for k in kantor:
                ukur = isi_menit_kerja(instansi=k, semua=True)
                lapor(f"{k.slug}: {ukur['langkah']} langkah, {ukur['rujukan']} rujukan diukur")
    lapor("selesai")
    return dict(hasil)


BATCH = 2000


def instansi_saluran(instansi: Instansi) -> set[str]:
    return set(
        SaluranPengaduan.objects.filter(layanan__instansi=instansi)
        .exclude(jenis=Pengaduan.Saluran.SP4N_LAPOR)
        .values_list("jenis", flat=True)
    )


def _nomori(rencana: list[Salinan], kantor: list[Instansi]) -> None:
    """Registration numbers in the order the copies were registered, after
    those already used; the office's counters move on past them."""
    terakhir: dict[tuple[int, int], int] = {
        (p.instansi_id, p.tahun): p.terakhir
        for p in Penomoran.objects.filter(jenis=Penomoran.Jenis.REGISTRASI)
    }
    tz = {k.pk: _tz(k) for k in kantor}
    for s in rencana:
        c = s.cetakan
        tahun = (c.awal + s.geser).astimezone(tz[c.instansi_id]).year
        kunci = (c.instansi_id, tahun)
        terakhir[kunci] = s.urut = terakhir.get(kunci, 0) + 1
    _simpan_penomoran(Penomoran.Jenis.REGISTRASI, terakhir)


def _nomor_surat_terakhir() -> dict[tuple[int, int], int]:
    return {
        (p.instansi_id, p.tahun): p.terakhir
        for p in Penomoran.objects.filter(jenis=Penomoran.Jenis.SURAT)
    }


def _simpan_nomor_surat(terakhir) -> None:
    _simpan_penomoran(Penomoran.Jenis.SURAT, terakhir)


def _simpan_penomoran(jenis: str, terakhir: dict[tuple[int, int], int]) -> None:
    for (instansi_id, tahun), n in terakhir.items():
        row, _ = Penomoran.objects.get_or_create(instansi_id=instansi_id, jenis=jenis, tahun=tahun)
        if row.terakhir < n:
            row.terakhir = n
            row.save(update_fields=["terakhir"])


KOLOM_RESPONS = [
    "id",
    "undangan_id",
    "instansi_id",
    "layanan_id",
    "diisi",
    "jenis_kelamin",
    "umur",
    "pendidikan",
    "pekerjaan",
    *KODE_UNSUR,
    "saran",
]


def _tulis_respons(penyalin: Penyalin) -> None:
    rows = penyalin.respons
    if not rows:
        return
    awal = pesan_id(ResponSurvei, len(rows))
    with transaction.atomic():
        salin_ke(
            ResponSurvei._meta.db_table,
            KOLOM_RESPONS,
            [[awal + i, *r] for i, r in enumerate(rows)],
        )
    penyalin.respons = []


def hitung_tabel() -> dict[str, int]:
    """Rows per table of the case, complaint and survey apps, and the database size."""
    out = {}
    with connection.cursor() as c:
        for model in apps.get_models():
            if model._meta.app_label in (
                "rujukan",
                "pengaduan",
                "survei",
                "lapangan",
                "django_fsm_log",
            ):
                c.execute(f"SELECT count(*) FROM {model._meta.db_table}")  # noqa: S608
                out[model._meta.db_table] = c.fetchone()[0]
        c.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        out["ukuran_basis_data"] = c.fetchone()[0]
    return out
