"""Factories for case tests: valid identity numbers and a whole standard built
through the models (the staff: tests/personas.py; uploads: tests/berkas_palsu.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess

from django.contrib.auth.models import User

from rujukan.models import BentukHukum, JenisKlien
from rujukan.permissions import boleh_menandatangani_usulan
from rujukan.services import (
    DataAnggota,
    DataKlien,
    DataPemohon,
    DataPengurus,
    rujukan_prepare_panti_proposal,
    rujukan_record_consent,
    rujukan_send_to_panti,
)
from tests.berkas_palsu import pdf
from tests.personas import Personas

_seq = itertools.count(1)


def nik(lahir: dt.date, *, perempuan: bool = False, wilayah: str = "637101") -> str:
    """A valid NIK: region, birth date (+40 for women), serial."""
    hari = lahir.day + (40 if perempuan else 0)
    return f"{wilayah}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{next(_seq) % 9999 + 1:04d}"


def no_kk(wilayah: str = "637101") -> str:
    return f"{wilayah}0101230{next(_seq) % 999 + 1:03d}"


def data_klien(lahir: dt.date, *, perempuan=False, nama="Siti Aminah", wilayah="637101"):
    return DataKlien(
        nama=nama,
        nik=nik(lahir, perempuan=perempuan, wilayah=wilayah),
        no_kk=no_kk(wilayah),
        tempat_lahir="Banjarmasin",
        alamat="Jl. Sutoyo S. Gg. Rahmat RT 05",
        kelurahan="Pelambuan",
        kecamatan="Banjarmasin Barat",
    )


def data_lembaga(nama: str = "LKS Lansia Saiyo Sakato") -> DataKlien:
    """An organisation klien (an LKS asking for its operating-permit letter)."""
    return DataKlien(
        nama=nama,
        jenis=JenisKlien.LEMBAGA,
        bentuk_hukum=BentukHukum.BERBADAN_HUKUM,
        nomor_legalitas="Akta Notaris No. 12 Tahun 2021; AHU-0012345.AH.01.04.Tahun 2021",
        npwp="01.234.567.8-201.000",
        alamat="Jl. Jenderal Sudirman No. 5",
        kelurahan="Nagari Lubuk Basung",
        kecamatan="Lubuk Basung",
        kabupaten_kota="Kabupaten Agam",
    )


def pengurus_lembaga() -> list[DataPengurus]:
    lahir = dt.date(1975, 3, 4)
    return [
        DataPengurus(jabatan="ketua", nama="Yusnimar", nik=nik(lahir, perempuan=True)),
        DataPengurus(jabatan="sekretaris", nama="Rahmat Hidayat", nik=nik(lahir)),
        DataPengurus(jabatan="bendahara", nama="Desi Ratnasari", nik=nik(lahir, perempuan=True)),
    ]


def data_anggota(wilayah: str = "637101") -> list[DataAnggota]:
    """Two more people of a family/group case: one with a NIK, one without."""
    return [
        DataAnggota(
            klien=DataKlien(
                nama="Nurhayati", nik=nik(dt.date(1984, 6, 9), perempuan=True, wilayah=wilayah)
            ),
            hubungan="istri",
        ),
        DataAnggota(
            klien=DataKlien(
                nama="Bayu",
                alasan_tanpa_identitas="Anak belum tercatat di KK; akta hilang saat banjir.",
                tanggal_lahir=dt.date(2019, 1, 1),
                tanggal_lahir_perkiraan=True,
            ),
            hubungan="anak",
        ),
    ]


def data_pemohon(jenis: str = "rt_rw"):
    return DataPemohon(
        jenis=jenis,
        nama="H. Mahmud",
        lembaga="Ketua RT 05",
        hubungan="tetangga",
        telepon="0813 4854 5556",
        alamat="Jl. Sutoyo S. RT 05",
    )


class StorageGagal:
    """A storage whose writes fail (disk full, S3 down) — infrastructure, not our code."""

    def __init__(self, **kwargs):
        from django.core.files.storage import FileSystemStorage

        self._inner = FileSystemStorage(**kwargs)

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def save(self, name, content, max_length=None):
        raise OSError("No space left on device")

    def generate_filename(self, filename):
        return self._inner.generate_filename(filename)


def standar_sederhana(instansi=None, **kwargs):
    """A one-letter standard: check, draft, the head of office signs, hand over."""
    from layanan.models import LangkahProsedur, Layanan, Persyaratan, Produk
    from tests.factories import make_instansi

    instansi = instansi or make_instansi()
    layanan = Layanan.objects.create(
        instansi=instansi, nama="Rekomendasi Uji", slug=f"rek-uji-{next(_seq)}", **kwargs
    )
    LangkahProsedur.objects.create(layanan=layanan, urutan=1, teks="Registrasi", tahap="permohonan")
    LangkahProsedur.objects.create(
        layanan=layanan, urutan=2, teks="Konsep surat", tahap="penyusunan", peran="pekerja_sosial"
    )
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=3,
        teks="Koordinator memaraf",
        tahap="persetujuan",
        peran="koordinator",
        jenis_persetujuan="paraf",
    )
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=4,
        teks="Kepala Dinas menandatangani",
        tahap="persetujuan",
        peran="kepala_dinas",
        jenis_persetujuan="tanda_tangan",
    )
    Persyaratan.objects.create(layanan=layanan, urutan=1, teks="Fotokopi KTP", jenis="dokumen")
    Produk.objects.create(
        layanan=layanan, nama="Surat Rekomendasi", jenis_dokumen="surat_rekomendasi"
    )
    return layanan


def kasus_di_persetujuan(layanan, staf, *, paraf=True):
    """Register a case of `standar_sederhana` and bring it to the Kadis's signature."""
    hasil = s_register(layanan, staf)
    from rujukan import services as s

    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    s.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
    if paraf:
        r = s.rujukan_approve(rujukan=r, by=staf.koordinator)
    r.refresh_from_db()
    return r


def s_register(layanan, staf, **kwargs):
    from rujukan import services as s

    return s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=kwargs.pop("klien", None) or data_klien(dt.date(1980, 1, 1)),
            pemohon=data_pemohon("keluarga"),
            berkas={layanan.persyaratan.get().pk: pdf()},
            **kwargs,
        ),
    )


def kirim_usulan_panti(
    r, staf: Personas, panti, *, pengusul: User | None = None, catatan: str = ""
):
    """The officer records the klien's consent (if not yet) and drafts the
    proposal to a panti; the official who signs the
    standard's letters (whichever of the office's officials that is) signs and
    sends it. Returns the PengajuanPanti sent."""
    if not r.persetujuan_klien.exists():
        rujukan_record_consent(rujukan=r, by=pengusul or staf.peksos, pemberi=r.klien.nama)
    rujukan_prepare_panti_proposal(
        rujukan=r, by=pengusul or staf.peksos, panti=panti, catatan=catatan
    )
    r.refresh_from_db()
    penanda = next(
        u
        for u in (staf.kadis, staf.kabid, staf.koordinator)
        if boleh_menandatangani_usulan(user=u, rujukan=r)
    )
    return rujukan_send_to_panti(rujukan=r, by=penanda)


def teks_pdf(data: bytes) -> str:
    """The text of a PDF as a reader sees it (poppler's pdftotext), spaces collapsed."""
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())
