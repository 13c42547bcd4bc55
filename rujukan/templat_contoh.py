"""A fictitious case, built in memory, to preview an office's letter wording
before it is saved (the admin's "Pratinjau"). No row is read or written
except the office itself (its letterhead and its head's name): the klien,
the applicant, the facts and the steps are invented and say so."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from layanan.documents import logo_data_uri
from layanan.models import Instansi, Layanan, Panti, Persyaratan
from rujukan import documents
from rujukan.kelayakan import HasilFakta
from rujukan.models import (
    Asesmen,
    BerkasItem,
    JenisDokumen,
    JenisKelamin,
    Kegiatan,
    Klien,
    Konsep,
    Pemohon,
    Rujukan,
)
from rujukan.pelaksanaan import LangkahDilakukan, Pelaksanaan, tanggal_teks

CONTOH = "(CONTOH)"
# kinds signed at the desk by the officer who issues them
_LOKET = {
    JenisDokumen.SURAT_KETERANGAN,
    JenisDokumen.BUKTI_REGISTRASI,
    JenisDokumen.BERITA_ACARA,
    JenisDokumen.SURAT_PENOLAKAN,
}


def _fakta(tanggal: dt.date, *, ditolak: bool) -> list[HasilFakta]:
    def item(teks: str) -> BerkasItem:
        return BerkasItem(persyaratan=Persyaratan(teks=teks, jenis=Persyaratan.Jenis.FAKTA))

    usia = (
        HasilFakta(
            item(_("Berusia 60 tahun ke atas")),
            False,
            _("NIK"),
            _("Usia 55 tahun (lahir 12 Maret 1971, dihitung dari NIK)."),
        )
        if ditolak
        else HasilFakta(
            item(_("Berusia 60 tahun ke atas")),
            True,
            _("NIK"),
            _("Usia 70 tahun (lahir 12 Maret 1956, dihitung dari NIK)."),
        )
    )
    return [
        usia,
        HasilFakta(
            item(_("Terdaftar dalam DTKS/DTSEN")),
            True,
            _("data DTKS/DTSEN instansi"),
            _("NIK klien terdaftar dalam DTKS/DTSEN (data per %(tgl)s).")
            % {"tgl": tanggal_teks(tanggal.replace(day=1))},
        ),
    ]


def konteks_contoh(*, instansi: Instansi, jenis: str, teks: str) -> dict:
    """The context of documents.render_html for the sample case, with the
    body rendered from `teks` (the wording being edited, not saved yet)."""
    tanggal = documents.waktu_lokal(instansi).date()
    masuk = documents.waktu_lokal(instansi) - dt.timedelta(days=7)
    ditolak = jenis == JenisDokumen.SURAT_PENOLAKAN
    klien = Klien(
        instansi=instansi,
        nama=f"Siti Rahayu {CONTOH}",
        nik="0000000000000000",
        tempat_lahir=_("Kota Contoh"),
        tanggal_lahir=dt.date(1971 if ditolak else 1956, 3, 12),
        jenis_kelamin=JenisKelamin.PEREMPUAN,
        alamat=_("Jl. Contoh No. 1 RT 001/RW 002"),
        kelurahan=_("Kelurahan Contoh"),
        kecamatan=_("Kecamatan Contoh"),
    )
    pemohon = Pemohon(
        instansi=instansi,
        jenis=Pemohon.Jenis.KELUARGA,
        nama=f"Budi Santoso {CONTOH}",
        hubungan=_("anak"),
        alamat=_("Jl. Contoh No. 1 RT 001/RW 002"),
    )
    layanan = Layanan(instansi=instansi, nama=_("Rehabilitasi Sosial Lanjut Usia (contoh)"))
    panti = Panti(instansi=instansi, nama=_("Panti Sosial Tresna Werdha Contoh"))
    rujukan = Rujukan(
        instansi=instansi,
        layanan=layanan,
        klien=klien,
        pemohon=pemohon,
        tahun=tanggal.year,
        nomor_urut=1,
        nomor_registrasi=f"CONTOH/{tanggal.year}/0001",
        ringkasan=_("Klien tinggal sendiri dan tidak ada keluarga yang merawat (contoh)."),
        alasan_penutupan=_("usia klien 55 tahun, standar mensyaratkan 60 tahun ke atas (contoh)")
        if ditolak
        else "",
        dibuat_pada=masuk,
    )
    peksos = f"Bima Saputra {CONTOH}"
    asesmen = Asesmen(
        rujukan=rujukan,
        kondisi=_("Klien lanjut usia, sering sakit, tinggal sendiri (contoh)."),
        permasalahan=_("Tidak ada keluarga yang dapat merawat klien (contoh)."),
        kesimpulan_layak=not ditolak,
        alasan=_("Data contoh."),
        rekomendasi=_("Klien direkomendasikan mendapatkan pelayanan di panti (contoh)."),
        kondisi_fisik=_("Berjalan dengan tongkat; tekanan darah tinggi (contoh)."),
        kondisi_mental=_("Orientasi baik, kadang cemas (contoh)."),
        oleh=User(username="contoh"),
    )
    kunjungan = masuk.date() + dt.timedelta(days=2)
    kegiatan = [
        Kegiatan(
            rujukan=rujukan,
            jenis=Kegiatan.Jenis.KUNJUNGAN_RUMAH,
            tanggal=kunjungan,
            tempat=_("Rumah klien"),
            uraian=_("Kunjungan rumah dan wawancara dengan klien dan tetangga (contoh)."),
            hasil=_("Klien tinggal sendiri (contoh)."),
            unsur_terlibat=_("Ketua RT (contoh)"),
        )
    ]
    for k in kegiatan:
        k.foto = []
    dasar = [
        _("pemeriksaan berkas persyaratan"),
        _("pencocokan data DTKS/DTSEN"),
        _("verifikasi lapangan melalui kunjungan rumah pada %(tgl)s")
        % {"tgl": tanggal_teks(kunjungan)},
        _("asesmen oleh pekerja sosial pada %(tgl)s") % {"tgl": tanggal_teks(kunjungan)},
    ]
    langkah = [
        LangkahDilakukan(_("Petugas menerima permohonan (contoh)"), "Rina " + CONTOH, masuk.date()),
        LangkahDilakukan(_("Petugas memeriksa berkas (contoh)"), "Rina " + CONTOH, masuk.date()),
        LangkahDilakukan(_("Pekerja sosial melakukan kunjungan rumah (contoh)"), peksos, kunjungan),
    ]
    berkas = [
        BerkasItem(persyaratan=Persyaratan(teks=t, jenis=Persyaratan.Jenis.DOKUMEN))
        for t in (_("Fotokopi KTP klien"), _("Fotokopi Kartu Keluarga"))
    ]
    konsep = Konsep(
        rujukan=rujukan,
        versi=1,
        kepada=_("Kepala %(panti)s") % {"panti": panti.nama},
        perihal=JenisDokumen(jenis).label,
    )
    if jenis in _LOKET:
        penandatangan = {
            "baris": [f"a.n. {documents.jabatan_kepala(instansi)}", _("PETUGAS LOKET,")],
            "nama": f"Rina Marlina {CONTOH}",
            "pangkat": "",
            "nip": "",
            "jabatan": _("Petugas Loket"),
        }
    else:
        penandatangan = documents.blok_kepala_instansi(instansi)
    penulis = {
        "baris": [_("Pekerja Sosial,")],
        "nama": peksos,
        "pangkat": "",
        "nip": "",
        "jabatan": _("Pekerja Sosial"),
    }
    ctx = {
        "jenis": jenis,
        "judul": JenisDokumen(jenis).label,
        "surat": jenis in documents.SURAT,
        "instansi": instansi,
        "logo": logo_data_uri(instansi),
        "rujukan": rujukan,
        "layanan": layanan,
        "sub_layanan": None,
        "klien": klien,
        "usia": klien.usia(tanggal),
        "anggota": [],
        "pengurus": [],
        "pemohon": pemohon,
        "kategori": None,
        "panti": panti,
        "asesmen": asesmen,
        "kegiatan": kegiatan,
        "foto_kegiatan": False,
        "kegiatan_pendampingan": [],
        "berkas": berkas,
        "berkas_terpenuhi": berkas,
        "berkas_terlampir": berkas,
        "fakta": _fakta(tanggal, ditolak=ditolak),
        "produk_nama": [str(JenisDokumen(jenis).label)],
        "konsep": konsep,
        "tembusan": [],
        "paraf": [],
        "nomor": "",
        "tanggal": tanggal,
        "tanggal_panjang": documents.tanggal_panjang(tanggal),
        "tempat": documents.tempat_surat(instansi),
        "di_panti": _("Tempat"),
        "penandatangan": penandatangan,
        "penulis": penulis,
        "kode_lacak": "",
        "url_lacak": "",
        "qr_lacak": "",
        "pratinjau": True,
        "tanggal_lahir_panjang": documents.tanggal_panjang(klien.tanggal_lahir),
        "tanggal_registrasi": documents.tanggal_panjang(masuk),
        "jam_registrasi": masuk,
        "tenggat_panjang": "",
        "pelaksanaan": Pelaksanaan(dasar=tuple(dasar), langkah=tuple(langkah)),
    }
    documents.isi_surat(ctx, teks=teks)
    return ctx


def pratinjau_pdf(*, instansi: Instansi, jenis: str, teks: str) -> bytes:
    """The sample case's document of `jenis` with the wording `teks`, as PDF."""
    ctx = konteks_contoh(instansi=instansi, jenis=jenis, teks=teks)
    return documents.render_pdf(documents.render_html(jenis, ctx))
