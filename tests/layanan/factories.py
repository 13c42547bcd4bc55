"""A complete service standard for the public-page tests: every component,
including sub-services, a conditional requirement, phases and channels."""

from __future__ import annotations

from decimal import Decimal

from layanan.models import (
    FaseWaktu,
    Instansi,
    LangkahProsedur,
    Layanan,
    Persyaratan,
    Produk,
    SaluranPengaduan,
    SatuanWaktu,
    SubLayanan,
    Tahap,
    TahapPengaduan,
    UnsurTerlibat,
)
from tests.factories import make_layanan


def make_standar_lengkap(instansi: Instansi, **kwargs) -> Layanan:
    defaults = {
        "nama": "Rekomendasi Bantuan Sosial Terpadu",
        "nomor_sk": "44 TAHUN 2024",
        "pengertian": "Layanan yang menghubungkan warga miskin dengan program perlindungan sosial.",
        "waktu_nilai": Decimal("5"),
        "waktu_satuan": SatuanWaktu.HARI_KERJA,
        "waktu_catatan": "selama pejabat yang berwenang berada di tempat",
        "penanganan_pengaduan": "Penyelesaian pengaduan sesuai kondisi dan permasalahan.",
        "respons_pengaduan_nilai": 3,
        "respons_pengaduan_satuan": SatuanWaktu.HARI_KERJA,
        "respons_pengaduan_dari_standar": True,
        "tim_pelaksana": "Kepala Seksi Rehabilitasi Sosial dan Kepala Bidang",
        "keterangan": "Untuk PPKS yang memerlukan pendampingan ke rumah sakit.",
    }
    defaults.update(kwargs)
    layanan = make_layanan(instansi, **defaults)
    kesehatan = SubLayanan.objects.create(
        layanan=layanan, urutan=1, nama="Bantuan Sosial Kesehatan"
    )
    pangan = SubLayanan.objects.create(layanan=layanan, urutan=2, nama="Bantuan Pangan Non Tunai")
    rows = [
        (None, 1, "Usia 60 tahun keatas", Persyaratan.Jenis.FAKTA, True, ""),
        (kesehatan, 1, "Fotocopy KTP dan KK", Persyaratan.Jenis.DOKUMEN, True, ""),
        (kesehatan, 2, "Surat Keterangan Tidak Mampu dari Kelurahan", "dokumen", True, ""),
        (kesehatan, 3, "Fotocopy KIA", "dokumen", False, "untuk ibu yang melahirkan"),
        (pangan, 1, "Kartu KKS", "dokumen", True, ""),
        (pangan, 2, "Lembar asesmen Pekerja Sosial", Persyaratan.Jenis.FORMULIR, True, ""),
    ]
    for sub, urutan, teks, jenis, wajib, kondisi in rows:
        Persyaratan.objects.create(
            layanan=layanan,
            sub_layanan=sub,
            urutan=urutan,
            teks=teks,
            jenis=jenis,
            wajib=wajib,
            kondisi=kondisi,
        )
    steps = [
        (
            "Petugas SLRT melakukan registrasi permohonan",
            "Petugas SLRT",
            "30",
            "menit",
            "",
            "Registrasi",
            Tahap.PERMOHONAN,
        ),
        (
            "Koordinator memeriksa konsep surat dan memberi paraf",
            "Koordinator",
            "5",
            "menit",
            "paling lama",
            "Konsep berparaf",
            Tahap.PERSETUJUAN,
        ),
        (
            "Kepala Bidang menandatangani Surat Rekomendasi",
            "Kepala Bidang",
            None,
            "",
            "",
            "Surat Rekomendasi",
            Tahap.PERSETUJUAN,
        ),
    ]
    for i, (teks, pelaksana, nilai, satuan, catatan, output, tahap) in enumerate(steps, 1):
        LangkahProsedur.objects.create(
            layanan=layanan,
            urutan=i,
            teks=teks,
            pelaksana=pelaksana,
            durasi_nilai=Decimal(nilai) if nilai else None,
            durasi_satuan=satuan,
            durasi_catatan=catatan,
            output=output,
            persyaratan_teks="KTP/KK" if i == 1 else "",
            tahap=tahap,
        )
    FaseWaktu.objects.create(
        layanan=layanan,
        urutan=1,
        nama="Pengajuan Berkas Usulan",
        nilai=Decimal("3"),
        satuan=SatuanWaktu.HARI_KERJA,
    )
    FaseWaktu.objects.create(
        layanan=layanan,
        urutan=2,
        nama="Waktu Pelayanan Rehabilitasi",
        nilai=Decimal("2"),
        nilai_sampai=Decimal("4"),
        satuan=SatuanWaktu.MINGGU,
        catatan="tergantung kondisi klien",
    )
    Produk.objects.create(
        layanan=layanan,
        urutan=1,
        nama="Surat Rekomendasi",
        jenis_dokumen=Produk.JenisDokumen.SURAT_REKOMENDASI,
    )
    channels = [
        ("email", "", "dinsos@depok.go.id"),
        ("telepon", "", "(021) 29402264"),
        ("whatsapp", "", "0819-0513-3188"),
        ("website", "", "www.lapor.go.id"),
        ("kotak_saran", "Kotak saran di lobi", ""),
        ("media_sosial", "Instagram", "dinsosblk"),
    ]
    for i, (jenis, label, alamat) in enumerate(channels, 1):
        SaluranPengaduan.objects.create(
            layanan=layanan, urutan=i, jenis=jenis, label=label, alamat=alamat
        )
    TahapPengaduan.objects.create(layanan=layanan, urutan=1, teks="cek administrasi")
    TahapPengaduan.objects.create(layanan=layanan, urutan=2, teks="koordinasi internal/eksternal")
    UnsurTerlibat.objects.create(layanan=layanan, urutan=1, nama="Karang Taruna")
    UnsurTerlibat.objects.create(layanan=layanan, urutan=2, nama="TKSK")
    return layanan
