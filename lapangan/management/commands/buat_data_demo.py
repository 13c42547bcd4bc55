"""`manage.py buat_data_demo`: a fresh demo server shows every seeded
standard's path at work. Run after `muat_standar` and `buat_akun_demo`.

For each office:
- a panti (a demo one when the office has none), with the office's panti demo
  account linked to it, so the panti login works;
- the head of office's name, NIP and rank, marked as demo, when the office
  names no head (letters issued for the head's signature);
- a small DTKS/DTSEN extract, imported through the office's import service,
  with some demo clients in it and some not;
- for each published standard, demo cases standing at different points of its
  own path (rujukan.alur), moved there only through the case services by the
  demo account of the role and jabatan the current step names.

Nothing is made twice: a case is known by its standard and its demo client's
name, the panti by the office having one, the extract's rows by NIK.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from lapangan.services import dtks_impor, lapangan_check_dtks
from layanan.management.commands.buat_akun_demo import AKUN_PERAN
from layanan.models import (
    CaraPeriksa,
    Instansi,
    JenisLangkah,
    KategoriPPKS,
    Layanan,
    Panti,
    Peran,
    Persyaratan,
    Produk,
)
from rujukan import services as s
from rujukan.alur import alur_layanan
from rujukan.documents import waktu_lokal
from rujukan.errors import RujukanError
from rujukan.kelayakan import periksa_fakta
from rujukan.langkah import langkah_manual_tertunda
from rujukan.models import STATUS_AKHIR, Rujukan, Status, StatusLangkah
from rujukan.models.rujukan import STATUS_PENYERAHAN, STATUS_TAHAP
from rujukan.permissions import (
    boleh_bertindak_langkah,
    boleh_menandatangani_usulan,
    giliran_persetujuan,
)

DEMO = "(data demo)"
# Region (Kemendagri kecamatan code) of the demo NIKs when the office records none.
WILAYAH_DEMO = {
    "banjar": "327901",
    "banjarmasin": "637101",
    "bulukumba": "730201",
    "depok": "327601",
    "si-laras-manis": "330101",
}
WILAYAH_LAIN = "317101"
TANGGAL_DTKS = dt.date(2026, 1, 31)


@dataclass(frozen=True)
class Profil:
    """A fictitious client."""

    nama: str
    perempuan: bool
    lahir: dt.date
    jenis: str  # key of KEBUTUHAN


PROFIL = (
    Profil("Sarinah (Demo)", True, dt.date(1951, 3, 14), "lansia"),
    Profil("Dadang (Demo)", False, dt.date(2014, 8, 9), "anak"),
    Profil("Wulan (Demo)", True, dt.date(1991, 11, 2), "disabilitas"),
    Profil("Karto (Demo)", False, dt.date(1948, 6, 21), "lansia"),
    Profil("Siti Aisyah (Demo)", True, dt.date(1985, 4, 12), "miskin"),
    Profil("Bagus (Demo)", False, dt.date(2016, 1, 30), "anak"),
    Profil("Romlah (Demo)", True, dt.date(1955, 9, 5), "lansia"),
    Profil("Yanto (Demo)", False, dt.date(1979, 12, 17), "disabilitas"),
    Profil("Ijah (Demo)", True, dt.date(1944, 2, 27), "lansia"),
    Profil("Ucok (Demo)", False, dt.date(1988, 7, 7), "miskin"),
)


@dataclass(frozen=True)
class Kebutuhan:
    """What a kind of client needs: the PPKS category, the summary at intake
    and the assessment's condition (physical, mental, economic, family)."""

    kategori: str
    ringkasan: str
    kondisi: tuple[str, str, str, str]


KEBUTUHAN = {
    "lansia": Kebutuhan(
        "lanjut-usia-telantar",
        "Lansia tinggal sendiri, tidak ada keluarga yang merawat.",
        (
            "Penglihatan menurun, berjalan dengan tongkat.",
            "Mudah lupa, komunikasi baik.",
            "Tidak berpenghasilan.",
            "Tidak ada keluarga yang merawat.",
        ),
    ),
    "anak": Kebutuhan(
        "anak-telantar",
        "Anak ditemukan tanpa pendamping, keluarga belum diketahui.",
        (
            "Sehat, berat badan kurang.",
            "Bingung dan takut, mulai mau bercerita.",
            "Tidak ada penanggung jawab.",
            "Alamat keluarga sedang ditelusuri.",
        ),
    ),
    "disabilitas": Kebutuhan(
        "penyandang-disabilitas",
        "Penyandang disabilitas fisik, keluarga tidak mampu merawat.",
        (
            "Disabilitas fisik pada kedua kaki, memakai kursi roda.",
            "Stabil.",
            "Keluarga berpenghasilan tidak tetap.",
            "Tinggal bersama orang tua lanjut usia.",
        ),
    ),
    "miskin": Kebutuhan(
        "fakir-miskin",
        "Keluarga miskin memerlukan bantuan sosial.",
        (
            "Sehat.",
            "Stabil.",
            "Penghasilan harian di bawah garis kemiskinan.",
            "Kepala keluarga dengan tiga anak.",
        ),
    ),
}
# Fictitious numbers (the 0812-0000-00xx block is no subscriber's): a first user
# logs in as one of these applicants at /warga/masuk/ and reads the code in the
# worker's log (README "The citizen's page").
PEMOHON = (
    s.DataPemohon(
        jenis="rt_rw",
        nama="Ketua RT 03 (Demo)",
        lembaga="RT 03",
        hubungan="tetangga",
        telepon="081200000001",
    ),
    s.DataPemohon(
        jenis="kelurahan",
        nama="Petugas Kelurahan (Demo)",
        lembaga="Kelurahan",
        telepon="081200000002",
    ),
    s.DataPemohon(
        jenis="keluarga", nama="Kerabat Klien (Demo)", hubungan="keponakan", telepon="081200000003"
    ),
    s.DataPemohon(
        jenis="masyarakat", nama="Warga Peduli (Demo)", hubungan="tetangga", telepon="081200000004"
    ),
)
# People in the demo DTKS extract who are no demo client: name, woman, born, decile.
WARGA_DTKS = (
    ("Warga DTKS Satu (Demo)", False, dt.date(1970, 5, 1), 1),
    ("Warga DTKS Dua (Demo)", True, dt.date(1983, 10, 20), 2),
    ("Warga DTKS Tiga (Demo)", False, dt.date(1962, 1, 15), 4),
)


@dataclass(frozen=True)
class Skenario:
    """Where a demo case stops on its standard's path. `dtks`: its client is in
    the demo extract (a standard that skips the survey for them does so)."""

    kode: str
    dtks: bool = False


TERDAFTAR = Skenario("terdaftar", dtks=True)
PERIKSA_BERKAS = Skenario("periksa_berkas")
VERIFIKASI = Skenario("verifikasi")  # assessment recorded
PENANGANAN = Skenario("penanganan")  # an activity recorded
MENUNGGU_PANTI = Skenario("menunggu_panti")
PERSETUJUAN = Skenario("persetujuan", dtks=True)  # waiting for the chain's first approval
TANDA_TANGAN = Skenario("tanda_tangan")  # approved but the signature
TERBIT = Skenario("terbit", dtks=True)  # the product issued
REUNIFIKASI = Skenario("reunifikasi")  # back with the family
SELESAI = Skenario("selesai")


def skenario_untuk(layanan: Layanan) -> list[Skenario]:
    """The stops along this standard's own path."""
    alur = alur_layanan(layanan)
    out = [TERDAFTAR, PERIKSA_BERKAS]
    out += [VERIFIKASI] if alur.verifikasi else []
    out += [PENANGANAN] if alur.penanganan else []
    out += [MENUNGGU_PANTI] if alur.pengajuan_panti else []
    if alur.produk_disetujui:
        out += [PERSETUJUAN] + ([TANDA_TANGAN] if len(alur.rantai) > 1 else [])
    out += [TERBIT] + ([REUNIFIKASI] if alur.reunifikasi else []) + [SELESAI]
    return out


def sampai(r: Rujukan, sk: Skenario) -> bool:
    """Is the case where the scenario stops?"""
    st = r.status
    if sk in (PERSETUJUAN, TANDA_TANGAN):
        konsep = r.konsep_aktif() if st == Status.PERSETUJUAN else None
        return konsep is not None and konsep.persetujuan.exists() == (sk == TANDA_TANGAN)
    return {
        TERDAFTAR: st == Status.DIAJUKAN,
        PERIKSA_BERKAS: st == Status.PEMERIKSAAN_BERKAS,
        VERIFIKASI: st == Status.VERIFIKASI and r.asesmen.exists(),
        PENANGANAN: st == Status.PENANGANAN and r.kegiatan.exists(),
        MENUNGGU_PANTI: st == Status.MENUNGGU_PANTI,
        TERBIT: st in (Status.PRODUK_TERBIT, Status.PENDAMPINGAN_DILAPORKAN),
        REUNIFIKASI: st == Status.REUNIFIKASI,
        SELESAI: st == Status.SELESAI,
    }[sk]


def merujuk_ke_panti(layanan: Layanan) -> bool:
    """Does the standard refer clients to a panti: it waits for the panti's
    answer, publishes a step proposing to or confirming with a panti, or
    issues a referral letter or a proposal to a panti?"""
    langkah = (JenisLangkah.AJUKAN_PANTI, JenisLangkah.KONFIRMASI_PANTI)
    produk = (Produk.JenisDokumen.SURAT_RUJUKAN, Produk.JenisDokumen.PENGAJUAN_PANTI)
    return (
        layanan.perlu_konfirmasi_panti
        or layanan.langkah.filter(jenis__in=langkah).exists()
        or layanan.produk.filter(jenis_dokumen__in=produk).exists()
    )


def nik_demo(wilayah: str, lahir: dt.date, *, perempuan: bool, urut: int) -> str:
    """A valid NIK: region, birth date (+40 for women), serial 9xxx (demo)."""
    hari = lahir.day + (40 if perempuan else 0)
    return f"{wilayah}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{9000 + urut:04d}"


def pdf_demo(*baris: str) -> bytes:
    """A one-page PDF of a few lines, headed as a demo document."""

    def esc(t: str) -> str:
        return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    teks = ["DOKUMEN CONTOH - DATA DEMO", "", *baris]
    isi = "BT /F1 12 Tf 56 780 Td 18 TL " + " ".join(f"({esc(t)}) Tj T*" for t in teks) + " ET"
    stream = isi.encode("latin-1", "replace")
    objek = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    posisi = []
    for i, o in enumerate(objek, start=1):
        posisi.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, o)
    xref, n = len(out), len(objek) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    out += b"".join(b"%010d 00000 n \n" % p for p in posisi)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    return bytes(out)


@dataclass(frozen=True)
class Kasus:
    """A demo case of one office: its standard, stop, client, and whether it exists."""

    layanan: Layanan
    urut: int  # unique in the office: picks the profile and the NIK serial
    skenario: Skenario
    klien: s.DataKlien
    kebutuhan: Kebutuhan
    ada: bool


class Command(BaseCommand):
    help = (
        "Membuat data demo setelah muat_standar dan buat_akun_demo: panti demo bagi instansi "
        "yang belum punya (akun panti demo ditautkan ke panti instansinya), kepala dinas demo "
        "bila instansi belum menyebutnya, ekstrak DTKS demo, dan rujukan demo pada berbagai "
        "tahap setiap standar, semuanya melalui layanan portal oleh akun demo. Menolak "
        "berjalan bila DEBUG mati kecuali dengan --force. Aman dijalankan berulang kali."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Jalankan juga bila DEBUG mati. Jangan dipakai di server berisi data asli.",
        )

    def handle(self, *args, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG mati: klien dan rujukan rekaan tidak dibuat di server produksi. "
                "Tambahkan --force bila ini memang server demo tanpa data asli."
            )
        instansi_list = list(Instansi.objects.order_by("slug"))
        if not instansi_list:
            raise CommandError("Belum ada instansi. Jalankan dulu: python manage.py muat_standar")
        baru = 0
        for instansi in instansi_list:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{instansi.nama} [{instansi.slug}]"))
            try:
                with transaction.atomic():  # one office: all or nothing
                    baru += Kantor(instansi, tulis=self.stdout.write).jalankan()
            except RujukanError as exc:
                raise CommandError(f"{instansi.slug}: {exc.pesan}") from exc
        self.stdout.write(self.style.SUCCESS(f"Selesai: {baru} rujukan demo baru."))


class Kantor:
    """The demo data of one office, made by its demo accounts."""

    def __init__(self, instansi: Instansi, *, tulis) -> None:
        self.instansi = instansi
        self.tulis = tulis
        self.akun: dict[str, User] = {}
        for peran, (prefix, _jabatan, _nama) in AKUN_PERAN.items():
            username = f"{prefix}.{instansi.slug}"
            user = User.objects.filter(username=username, pegawai__instansi=instansi).first()
            if user is None:
                raise CommandError(
                    f"Akun demo {username} belum ada. "
                    "Jalankan dulu: python manage.py buat_akun_demo"
                )
            self.akun[peran] = user
        self.hari_ini = waktu_lokal(instansi).date()
        kode = instansi.kode_wilayah
        self.wilayah = {6: kode, 4: f"{kode}01"}.get(len(kode)) or WILAYAH_DEMO.get(
            instansi.slug, WILAYAH_LAIN
        )

    def jalankan(self) -> int:
        """Returns the number of cases made."""
        self.panti()
        self.kepala()
        kasus = [
            self.kasus(layanan, urut, sk)
            for n, layanan in enumerate(Layanan.objects.filter(instansi=self.instansi, aktif=True))
            for urut, sk in enumerate(skenario_untuk(layanan), start=1 + 20 * n)
        ]
        self.dtks([k.klien for k in kasus if k.skenario.dtks])
        baru = [self.antar(k) for k in kasus if not k.ada]
        for r in baru:
            self.tulis(f"  {r.nomor_registrasi} {r.klien.nama}: {r.get_status_display()}")
        if not baru:
            self.tulis("  rujukan demo sudah ada; tidak ada yang ditambahkan")
        return len(baru)

    # -- the office ----------------------------------------------------------------------
    def panti(self) -> None:
        """Every office has a panti (a demo one when it has none) and its panti
        demo account is linked to it, so the panti login works."""
        i = self.instansi
        panti = Panti.objects.filter(instansi=i, aktif=True).order_by("pk").first()
        if panti is None:
            merujuk = any(merujuk_ke_panti(lay) for lay in i.layanan.filter(aktif=True))
            panti = Panti.objects.create(
                instansi=i,
                nama=f"{'Panti Sosial' if merujuk else 'LKS'} Contoh {i} (Demo)",
                jenis=Panti.Jenis.PANTI if merujuk else Panti.Jenis.LKS,
                alamat="Jl. Contoh No. 1 (alamat demo)",
                narahubung="Maria Magdalena (Demo)",
                menerima=f"Lanjut usia, anak dan penyandang disabilitas terlantar {DEMO}.",
            )
            self.tulis(f"  panti demo: {panti.nama}")
        pegawai = self.akun[Peran.PANTI].pegawai
        if pegawai.panti_id is None or not pegawai.panti.aktif:
            pegawai.panti = panti
            pegawai.save(update_fields=["panti"])
            self.tulis(f"  akun {pegawai.user.username} → {panti.nama}")

    def kepala(self) -> None:
        """Where the office names no head, the demo Kepala Dinas (marked as demo)
        heads it: letters issued for the head's signature carry a name."""
        i = self.instansi
        if i.kepala_nama.strip():
            return
        kadis = self.akun[Peran.KEPALA_DINAS].pegawai
        i.kepala_nama = f"{kadis.nama} (Demo)"
        i.kepala_nip = i.kepala_nip or kadis.nip
        i.kepala_pangkat = i.kepala_pangkat or kadis.pangkat
        i.save(update_fields=["kepala_nama", "kepala_nip", "kepala_pangkat"])
        self.tulis(f"  kepala dinas: {i.kepala_nama}")

    def dtks(self, klien: list[s.DataKlien]) -> None:
        """Import a small extract through the office's import service."""
        tanggal = min(TANGGAL_DTKS, self.hari_ini)
        baris = ["nik;nama;alamat;desil;tanggal_data"]
        for n, k in enumerate(klien):
            baris.append(f"{k.nik};{k.nama};{k.alamat};{1 + n % 3};{tanggal}")
        for n, (nama, perempuan, lahir, desil) in enumerate(WARGA_DTKS, start=1):
            nik = nik_demo(self.wilayah, lahir, perempuan=perempuan, urut=900 + n)
            baris.append(f"{nik};{nama};Jl. Contoh No. {n} (alamat demo);{desil};{tanggal}")
        hasil = dtks_impor(instansi=self.instansi, berkas="\n".join(baris) + "\n")
        if hasil.galat:
            raise CommandError("DTKS demo tidak dapat diimpor: " + " ".join(hasil.galat))
        self.tulis(f"  DTKS demo: {hasil.dibuat} baris baru, {hasil.tidak_berubah} tetap")

    # -- a case --------------------------------------------------------------------------
    def kasus(self, layanan: Layanan, urut: int, sk: Skenario) -> Kasus:
        profil = PROFIL[(urut - 1) % len(PROFIL)]
        ada = (
            Rujukan.objects.filter(
                instansi=self.instansi, layanan__slug=layanan.slug, klien__nama=profil.nama
            )
            .select_related("klien")
            .first()
        )
        lahir = self.lahir(layanan, profil, urut)
        usia = self.hari_ini.year - lahir.year - 1
        if usia >= 60 or usia < 18:
            jenis = "lansia" if usia >= 60 else "anak"
        else:
            jenis = profil.jenis if profil.jenis in ("disabilitas", "miskin") else "miskin"
        nik = nik_demo(self.wilayah, lahir, perempuan=profil.perempuan, urut=urut)
        klien = s.DataKlien(
            nama=profil.nama,
            nik=ada.klien.nik if ada else nik,
            no_kk=f"{self.wilayah}0101269{urut:03d}",
            tempat_lahir="Kota Contoh",
            alamat=f"Jl. Contoh No. {urut}, RT 0{1 + urut % 9}/RW 02 (alamat demo)",
            kelurahan="Kelurahan Contoh",
            kecamatan="Kecamatan Contoh",
        )
        return Kasus(layanan, urut, sk, klien, KEBUTUHAN[jenis], ada is not None)

    def lahir(self, layanan: Layanan, profil: Profil, urut: int) -> dt.date:
        """The profile's birth date, moved where the standard's age facts want it."""
        bawah, atas = 0, 200
        for p in layanan.persyaratan.filter(jenis="fakta", cara_periksa=CaraPeriksa.USIA):
            bawah = max(bawah, p.nilai_ambang or 0)
            atas = min(atas, p.nilai_maksimal or 200)
        usia = self.hari_ini.year - profil.lahir.year - 1  # before this year's birthday
        if bawah < usia < atas:
            return profil.lahir
        usia = min(bawah + 2 + urut % 10, atas - 1) if bawah else max(atas - 2, 1)
        return profil.lahir.replace(year=self.hari_ini.year - usia - 1)

    def antar(self, k: Kasus) -> Rujukan:
        """Register the case, then take it to its stop."""
        subs = list(k.layanan.sub_layanan.order_by("urutan", "pk"))
        sub = subs[k.urut % len(subs)] if subs else None
        berkas = {
            p.pk: SimpleUploadedFile(
                "contoh.pdf",
                pdf_demo(p.teks[:90], f"Klien: {k.klien.nama}", DEMO),
                content_type="application/pdf",
            )
            for p in s.persyaratan_untuk(k.layanan, sub)
            if p.jenis == Persyaratan.Jenis.DOKUMEN and not p.kondisi
        }
        r = s.rujukan_register(
            by=self.akun[Peran.PETUGAS_LOKET],
            permohonan=s.PermohonanBaru(
                layanan=k.layanan,
                sub_layanan=sub,
                klien=k.klien,
                pemohon=PEMOHON[k.urut % len(PEMOHON)],
                kategori_ppks=KategoriPPKS.objects.filter(kode=k.kebutuhan.kategori).first(),
                ringkasan=f"{k.kebutuhan.ringkasan} {DEMO}",
                berkas=berkas,
            ),
        ).rujukan
        for _ in range(60):
            r = Rujukan.objects.get(pk=r.pk)
            if sampai(r, k.skenario):
                return r
            if r.status in STATUS_AKHIR:
                break
            self.maju(r, k)
        raise CommandError(
            f"{r}: berhenti pada “{r.get_status_display()}”, tidak sampai ke {k.skenario.kode}."
        )

    # -- who acts ------------------------------------------------------------------------
    def pelaku(self, r: Rujukan, izin: str, *utama: str) -> User:
        """The demo account that takes this action now: one holding the permission
        whom a current step names (by jabatan); else the assigned social worker;
        else the first of the preferred roles."""
        boleh = [u for u in self.akun.values() if u.has_perm(f"rujukan.{izin}")]
        if not boleh:
            raise CommandError(f"{r}: tidak ada akun demo dengan izin {izin}.")
        kini = [
            row.langkah
            for row in r.langkah_kasus.filter(status=StatusLangkah.BERJALAN)
            .select_related("langkah")
            .prefetch_related("langkah__jabatan")
        ]
        for u in boleh:
            if any(boleh_bertindak_langkah(user=u, langkah=step) for step in kini):
                return u
        if r.peksos in boleh:
            return r.peksos
        return next((self.akun[p] for p in utama if self.akun[p] in boleh), boleh[0])

    def pemegang(self, r: Rujukan, boleh, apa: str) -> User:
        """The first demo account for whom `boleh(user)` holds."""
        user = next((u for u in self.akun.values() if boleh(u)), None)
        if user is None:
            raise CommandError(f"{r}: tidak ada akun demo untuk {apa}.")
        return user

    def loket(self, r: Rujukan, izin: str) -> User:
        return self.pelaku(r, izin, Peran.PETUGAS_LOKET)

    def peksos(self, r: Rujukan, izin: str) -> User:
        return self.pelaku(r, izin, Peran.PEKERJA_SOSIAL)

    # -- one step along the standard -----------------------------------------------------
    def maju(self, r: Rujukan, k: Kasus) -> None:
        """Take the one next action the case's standard calls for now."""
        row = langkah_manual_tertunda(r)
        if row is not None:
            by = self.pemegang(
                r, lambda u: boleh_bertindak_langkah(user=u, langkah=row.langkah), str(row)
            )
            s.rujukan_complete_step(
                rujukan=r, langkah_kasus=row.pk, by=by, catatan=f"Selesai {DEMO}."
            )
            return
        st, alur = r.status, r.alur
        if st == Status.DIAJUKAN:
            s.rujukan_start_check(rujukan=r, by=self.loket(r, "periksa_berkas"))
        elif st == Status.PEMERIKSAAN_BERKAS:
            by = self.loket(r, "periksa_berkas")
            if not alur.verifikasi:
                self.nyatakan_fakta(r, by)
            if alur.verifikasi_kecuali_dtks:  # the extract decides whether the survey is due
                lapangan_check_dtks(rujukan=r, by=by)
            elif self.tahap_terakhir(r):
                s.rujukan_issue_at_desk(rujukan=r, by=self.loket(r, "serahkan"))
            else:
                s.rujukan_accept_berkas(rujukan=r, by=by, catatan=f"Berkas lengkap {DEMO}.")
        elif st == Status.VERIFIKASI:
            self.verifikasi(r, k)
        elif st == Status.PENANGANAN:
            self.penanganan(r, k)
        elif st == Status.PENGAJUAN_PANTI and r.usulan_panti_menunggu() is None:
            self.persetujuan(r)
            s.rujukan_prepare_panti_proposal(
                rujukan=r,
                by=self.peksos(r, "ajukan_panti"),
                panti=r.panti_tujuan or self.panti_tujuan(r),
                catatan=f"Berkas usulan disiapkan {DEMO}.",
            )
        elif st == Status.PENGAJUAN_PANTI:  # signed by the official who signs letters
            pejabat = self.pemegang(
                r, lambda u: boleh_menandatangani_usulan(user=u, rujukan=r), "tanda tangan usulan"
            )
            s.rujukan_send_to_panti(rujukan=r, by=pejabat, catatan=f"Usulan dikirim {DEMO}.")
        elif st == Status.MENUNGGU_PANTI:  # the panti answers through its own login
            pengajuan = r.pengajuan_panti_aktif()
            by = self.akun[Peran.PANTI]
            if by.pegawai.panti_id != pengajuan.panti_id:
                by = self.peksos(r, "ajukan_panti")
            s.rujukan_panti_answer(
                rujukan=r,
                by=by,
                diterima=True,
                tanggal=self.hari_ini,
                narahubung=pengajuan.panti.narahubung,
                catatan=f"Klien diterima {DEMO}.",
            )
        elif st == Status.PENYUSUNAN:
            self.nyatakan_fakta(r, self.peksos(r, "verifikasi"))
            panti = self.panti_tujuan(r)
            if r.panti_tujuan_id is None and panti is not None:
                s.rujukan_set_target_panti(
                    rujukan=r, by=self.peksos(r, "ajukan_panti"), panti=panti
                )
            s.rujukan_submit_for_approval(rujukan=r, by=self.peksos(r, "susun_konsep"))
        elif st == Status.PERSETUJUAN:
            pejabat = self.pemegang(
                r, lambda u: giliran_persetujuan(user=u, rujukan=r), "persetujuan berikut"
            )
            s.rujukan_approve(rujukan=r, by=pejabat, catatan=f"Setuju {DEMO}.")
        elif st == Status.PRODUK_TERBIT and r.panti_tujuan_id:
            s.rujukan_deliver_to_panti(rujukan=r, by=self.loket(r, "serahkan"), catatan=DEMO)
        elif st == Status.PRODUK_TERBIT:
            s.rujukan_hand_to_pemohon(rujukan=r, by=self.loket(r, "serahkan"), catatan=DEMO)
        elif st in STATUS_PENYERAHAN:
            s.rujukan_close(rujukan=r, by=self.loket(r, "serahkan"))

    def persetujuan(self, r: Rujukan) -> None:
        """The klien's consent to share their data with the panti: their own,
        or the applicant's for a child."""
        if r.persetujuan_klien.exists():
            return
        usia = r.klien.usia()
        anak = usia is not None and usia < 18
        s.rujukan_record_consent(
            rujukan=r,
            by=self.peksos(r, "ajukan_panti"),
            pemberi=r.pemohon.nama if anak else r.klien.nama,
            hubungan="wali" if anak else "klien",
            cara="tertulis",
            alasan=f"Klien masih anak {DEMO}." if anak else "",
        )

    def tugaskan(self, r: Rujukan) -> None:
        """Field work is the assigned peksos's: whoever assigns does it first, as
        the staff home asks them to (a peksos's field pages need the assignment)."""
        by = self.pelaku(r, "tugaskan", Peran.KEPALA_BIDANG, Peran.KOORDINATOR)
        s.rujukan_assign_peksos(rujukan=r, by=by, peksos=self.akun[Peran.PEKERJA_SOSIAL])

    def verifikasi(self, r: Rujukan, k: Kasus) -> None:
        if r.peksos_id is None:  # the field visit is assigned first
            self.tugaskan(r)
        elif not r.asesmen.exists():
            panti = self.panti_tujuan(r)
            fisik, mental, ekonomi, keluarga = k.kebutuhan.kondisi
            s.rujukan_record_assessment(
                rujukan=r,
                by=r.peksos,
                instrumen={
                    "identitas_catatan": f"Identitas sesuai KTP/KK {DEMO}.",
                    "kondisi_fisik": fisik,
                    "kondisi_mental": mental,
                    "kondisi_ekonomi": ekonomi,
                    "situasi_keluarga": keluarga,
                },
                identitas_sesuai=True,
                kesimpulan_layak=True,
                alasan="Memenuhi kriteria standar layanan.",
                permasalahan=k.kebutuhan.ringkasan,
                rekomendasi=f"Dirujuk ke {panti.nama}." if panti else "Diberikan layanan.",
                fakta={
                    p.fakta: True
                    for p in r.layanan.persyaratan.filter(jenis=Persyaratan.Jenis.FAKTA)
                    if p.fakta and p.cara_periksa in ("", CaraPeriksa.ATESTASI)
                },
                panti_rekomendasi=panti,
            )
        else:
            self.nyatakan_fakta(r, r.peksos)
            if self.tahap_terakhir(r) and r.alur.produk_loket:
                s.rujukan_issue_at_desk(rujukan=r, by=self.loket(r, "serahkan"))
            else:
                s.rujukan_complete_verification(rujukan=r, by=r.peksos, catatan=f"Layak {DEMO}.")

    def penanganan(self, r: Rujukan, k: Kasus) -> None:
        if r.peksos_id is None:  # handling without a field visit first (SI LARAS MANIS)
            self.tugaskan(r)
            return
        alur, by = r.alur, r.peksos
        if not r.kegiatan.exists():
            s.rujukan_record_activity(
                rujukan=r,
                by=by,
                jenis="pendampingan" if alur.laporan_kegiatan else "bimbingan",
                bentuk="" if alur.laporan_kegiatan else "bimbingan_sosial",
                tanggal=self.hari_ini,
                uraian=f"{k.kebutuhan.ringkasan} Klien didampingi petugas {DEMO}.",
                hasil="Klien kooperatif.",
            )
            if alur.reunifikasi:
                s.rujukan_record_activity(
                    rujukan=r,
                    by=by,
                    jenis="penelusuran_keluarga",
                    tanggal=self.hari_ini,
                    uraian=f"Penelusuran keluarga melalui kelurahan {DEMO}.",
                )
        elif alur.reunifikasi and (k.skenario == REUNIFIKASI or self.tahap_terakhir(r)):
            s.rujukan_reunite(
                rujukan=r, by=by, tanggal=self.hari_ini, uraian=f"Klien kembali ke keluarga {DEMO}."
            )
        elif not self.tahap_terakhir(r):  # e.g. no family found: on to a referral
            s.rujukan_complete_handling(rujukan=r, by=by, catatan=f"Penanganan selesai {DEMO}.")
        elif alur.produk_loket:
            s.rujukan_issue_at_desk(rujukan=r, by=self.loket(r, "serahkan"))
        else:
            s.rujukan_report_accompaniment(
                rujukan=r, by=by, catatan=f"Pendampingan selesai {DEMO}."
            )

    # -- what the standard asks ------------------------------------------------------------
    def tahap_terakhir(self, r: Rujukan) -> bool:
        return r.alur.tahap_berikut(STATUS_TAHAP[r.status]) is None

    def nyatakan_fakta(self, r: Rujukan, by: User) -> None:
        """The officer states the eligibility facts the data cannot answer."""
        for h in periksa_fakta(r):
            if h.terpenuhi is None:
                s.berkas_tandai(
                    rujukan=r,
                    by=by,
                    item=h.item,
                    terpenuhi=True,
                    catatan=f"Sesuai keterangan pemohon dan pemeriksaan petugas {DEMO}.",
                )

    def panti_tujuan(self, r: Rujukan) -> Panti | None:
        """The panti that receives the client's category; else, when the standard
        refers clients to a panti, the office's first panti."""
        daftar = list(
            Panti.objects.filter(instansi=r.instansi, aktif=True)
            .prefetch_related("kategori")
            .order_by("pk")
        )
        for p in daftar:
            if r.kategori_ppks_id in {c.pk for c in p.kategori.all()}:
                return p
        if daftar and (r.alur.pengajuan_panti or merujuk_ke_panti(r.layanan)):
            return daftar[0]
        return None
