"""A complete service standard for the public-page tests: every component,
including sub-services, a conditional requirement, phases and channels."""

from __future__ import annotations

from decimal import Decimal

from layanan.models import (
    CaraPeriksa,
    FaseWaktu,
    Instansi,
    Jabatan,
    JenisProduk,
    LangkahProsedur,
    Layanan,
    Peran,
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


def make_jabatan(instansi: Instansi, nama: str, peran: str, *, pemegang=(), urutan: int = 0):
    """An office's jabatan, held by the Pegawai of the given users."""
    jabatan = Jabatan.objects.create(instansi=instansi, nama=nama, peran=peran, urutan=urutan)
    for user in pemegang:
        user.pegawai.jabatan_portal.add(jabatan)
    return jabatan


def make_standar_berjalan(personas, **kwargs) -> Layanan:
    """A standard a case can run under (periksa_standar finds nothing): every
    step names a jabatan someone of the office holds, the approval chain is
    Koordinator paraf → Kepala Bidang tanda tangan, a returned draft goes back
    to the drafting step, the age fact is checked at its own step, and every
    time has its unit. Like Depok's SLRT recommendation."""
    instansi = personas.instansi
    slrt = make_jabatan(
        instansi, "Petugas SLRT", Peran.PETUGAS_LOKET, pemegang=[personas.petugas_loket], urutan=4
    )
    peksos = make_jabatan(
        instansi, "Pekerja Sosial", Peran.PEKERJA_SOSIAL, pemegang=[personas.peksos], urutan=3
    )
    koordinator = make_jabatan(
        instansi, "Koordinator SLRT", Peran.KOORDINATOR, pemegang=[personas.koordinator], urutan=2
    )
    kabid = make_jabatan(
        instansi,
        "Kepala Bidang Linjamsos",
        Peran.KEPALA_BIDANG,
        pemegang=[personas.kabid],
        urutan=1,
    )
    defaults = {
        "nama": "Rekomendasi Bantuan Sosial SLRT",
        "waktu_nilai": Decimal("5"),
        "waktu_satuan": SatuanWaktu.HARI_KERJA,
        "penandatangan_peran": Peran.KEPALA_BIDANG,
    }
    defaults.update(kwargs)
    layanan = make_layanan(instansi, **defaults)
    rows = [
        # teks, jenis, tahap, jabatan, nilai, satuan, kondisi
        ("Petugas SLRT menerima permohonan", "terima", Tahap.PERMOHONAN, [slrt], "30", "menit", ""),
        (
            "Petugas SLRT memeriksa usia dan data DTKS pemohon",
            "periksa_fakta",
            Tahap.PEMERIKSAAN_BERKAS,
            [slrt],
            "10",
            "menit",
            "",
        ),
        (
            "Pekerja sosial melakukan kunjungan rumah",
            "kunjungan",
            Tahap.VERIFIKASI,
            [peksos],
            "1",
            "hari_kerja",
            "bila belum terdaftar di DTKS",
        ),
        (
            "Pekerja sosial menyusun konsep surat",
            "susun",
            Tahap.PENYUSUNAN,
            [peksos],
            "1",
            "hari_kerja",
            "",
        ),
        ("Koordinator memberi paraf", "paraf", Tahap.PERSETUJUAN, [koordinator], "5", "menit", ""),
        ("Kepala Bidang menandatangani", "tanda_tangan", Tahap.PERSETUJUAN, [kabid], "", "", ""),
        ("Petugas SLRT menyerahkan surat", "serahkan", Tahap.PENYERAHAN, [slrt], "", "", ""),
    ]
    steps = []
    for i, (teks, jenis, tahap, jabatan, nilai, satuan, kondisi) in enumerate(rows, 1):
        step = LangkahProsedur.objects.create(
            layanan=layanan,
            urutan=i,
            teks=teks,
            jenis=jenis,
            tahap=tahap,
            peran=jabatan[0].peran,
            durasi_nilai=Decimal(nilai) if nilai else None,
            durasi_satuan=satuan,
            kondisi=kondisi,
        )
        step.jabatan.set(jabatan)
        steps.append(step)
    steps[4].kembali_ke = steps[3]
    steps[4].save(update_fields=["kembali_ke"])
    Persyaratan.objects.create(
        layanan=layanan, urutan=1, teks="Fotokopi KTP dan KK", jenis=Persyaratan.Jenis.DOKUMEN
    )
    Persyaratan.objects.create(
        layanan=layanan,
        urutan=2,
        teks="Berusia 60 tahun ke atas",
        jenis=Persyaratan.Jenis.FAKTA,
        fakta=Persyaratan.Fakta.USIA_MINIMAL,
        cara_periksa=CaraPeriksa.USIA,
        nilai_ambang=60,
        langkah_periksa=steps[1],
    )
    Produk.objects.create(
        layanan=layanan,
        urutan=1,
        nama="Surat Rekomendasi",
        jenis_dokumen=Produk.JenisDokumen.SURAT_REKOMENDASI,
        jenis=JenisProduk.SURAT_PERSETUJUAN,
    )
    return layanan
