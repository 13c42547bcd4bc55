"""The dataset of the access sweep: office A built through the apps' own services."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.management import call_command

from lapangan import services as ls
from lapangan.models import Dokumentasi
from layanan.models import Instansi, KategoriPPKS, Kelurahan, Layanan, Panti, Peran, SubLayanan
from pengaduan import services as ps
from pengaduan.models import Lampiran, Pengaduan, TemplatBalasan
from rujukan import services as rs
from rujukan.models import PengajuanPanti, Rujukan, Status
from rujukan.services import DataKlien, DataPemohon
from tests.berkas_palsu import jpeg, pdf
from tests.factories import make_user
from tests.lapangan.factories import dokumen_semua
from tests.personas import Personas, personas_untuk
from tests.rujukan.factories import (
    kasus_di_persetujuan,
    kirim_usulan_panti,
    nik,
    no_kk,
    standar_sederhana,
)

NAMESPACE_STAF = {"rujukan", "lapangan", "pengaduan", "staf", "kinerja", "survei"}
# Pages of these namespaces meant for citizens (no login); checked for personal data instead.
PUBLIK = {
    "rujukan:lacak",
    "pengaduan:baru",
    "pengaduan:tanda_terima",
    "pengaduan:lacak",
    "pengaduan:lacak_keluar",
    "pengaduan:lacak_detail",
    "pengaduan:lacak_balas",
    "pengaduan:lacak_buka_kembali",
    "pengaduan:lacak_selesai",
    "pengaduan:lacak_nilai",
    "survei:isi",
}
MIN_URL_DIKUNJUNGI = 60  # (persona, URL) pairs per sweep; the dataset yields more

# Office A's personal data: distinctive values so that a hit is never a coincidence.
KLIEN_NAMA = "Mardiyah Binti Salamuddin"
KLIEN_ALAMAT = "Jl. Kelayan B Gg. Purnama No. 17 RT 009"
PEMOHON_NAMA = "Abdul Karim Hidayatullah"
PEMOHON_TELEPON = "0812 7788 9901"
PEMOHON_ALAMAT = "Jl. Kelayan B Gg. Purnama No. 21"
PELAPOR_NAMA = "Ratna Kusumawardani"
PELAPOR_TELEPON = "0857 1122 3346"
PELAPOR_EMAIL = "ratna.kusuma.rahasia@example.com"
DTKS_NAMA = "Mardiyah Salamuddin (DTKS)"
TEMPLAT_JUDUL = "Templat Audit Kantor A"


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


@dataclass
class Data:
    instansi: Instansi
    lain: Instansi
    layanan: Layanan
    orang: dict[str, User]  # persona name -> user
    staf: Personas  # office A's named people (rina ... maria of `orang`)
    a1: Rujukan  # Banjarmasin case waiting for panti B (maria's)
    a2: Rujukan  # second standard, waiting for the Koordinator's paraf
    a3: Rujukan  # Banjarmasin case at field verification (the assessment page opens)
    kode_lacak: str
    sub: SubLayanan  # a sub-service of a third standard (the intake URL with a sub)
    panti_a: Panti
    panti_b: Panti
    pengajuan_a: PengajuanPanti  # refused by panti A, with its letter
    pengajuan_b: PengajuanPanti  # waiting, to maria's panti
    dokumentasi: Dokumentasi
    pengaduan: Pengaduan  # anonymous, with a photo, disposed to the peksos
    kode_pengaduan: str
    lampiran: Lampiran
    templat: TemplatBalasan
    nik: str
    no_kk: str
    rahasia: dict[str, str] = field(default_factory=dict)  # label -> raw value
    online: Rujukan | None = None  # submitted online by the kelurahan operator (andi)

    def penanda_kantor_a(self) -> dict[str, str]:
        """Strings only office A's pages may show."""
        return {
            "nama klien": KLIEN_NAMA,
            "NIK": self.nik,
            "KK": self.no_kk,
            "nomor registrasi A1": self.a1.nomor_registrasi,
            "nomor registrasi A2": self.a2.nomor_registrasi,
            "nomor pengaduan": self.pengaduan.nomor,
            "nama DTKS": DTKS_NAMA,
            "templat": TEMPLAT_JUDUL,
        }


def bangun_data() -> Data:
    """Office A (Kota Banjarmasin, from the published standards) with one of
    everything a staff page can show; office B (Kota Depok) with its own Kabid."""
    call_command("muat_standar", verbosity=0, stdout=io.StringIO())
    layanan = Layanan.objects.get(instansi__slug="banjarmasin")
    instansi = layanan.instansi
    lain = Instansi.objects.get(slug="depok")
    panti_a = Panti.objects.create(
        instansi=instansi, nama="Panti Sosial Tresna Werdha Budi Sejahtera", jenis="panti"
    )
    panti_b = Panti.objects.create(
        instansi=instansi, nama="Panti Sosial Bina Laras Martapura", jenis="panti"
    )
    staf = personas_untuk(instansi, panti=panti_b)
    orang = {
        "rina": staf.petugas_loket,
        "bima": staf.peksos,
        "dewi": staf.koordinator,
        "hasan": staf.kabid,
        "yusuf": staf.kadis,
        "maria": staf.panti,
        "lestari": make_user("lestari-a", instansi=instansi, peran=Peran.ADMIN_INSTANSI),
        "bayu": make_user("bayu-a", instansi=instansi, peran=Peran.PEKERJA_SOSIAL),
        "joko": make_user("joko-b", instansi=lain, peran=Peran.KEPALA_BIDANG),
        "sari": make_user("sari-b", instansi=lain, peran=Peran.PETUGAS_LOKET),
        "andi": make_user(
            "andi-a",
            instansi=instansi,
            peran=Peran.OPERATOR_KELURAHAN,
            kelurahan=Kelurahan.objects.create(
                instansi=instansi, nama="Pelambuan", kecamatan="Banjarmasin Barat"
            ),
        ),
    }
    nik_klien = nik(dt.date(1950, 2, 3), perempuan=True)
    kk_klien = no_kk()
    hasil = rs.rujukan_register(
        by=staf.petugas_loket,
        permohonan=rs.PermohonanBaru(
            layanan=layanan,
            klien=DataKlien(
                nama=KLIEN_NAMA,
                nik=nik_klien,
                no_kk=kk_klien,
                tempat_lahir="Banjarmasin",
                alamat=KLIEN_ALAMAT,
                kelurahan="Kelayan Barat",
                kecamatan="Banjarmasin Selatan",
            ),
            pemohon=DataPemohon(
                jenis="rt_rw",
                nama=PEMOHON_NAMA,
                lembaga="Ketua RT 009",
                hubungan="tetangga",
                telepon=PEMOHON_TELEPON,
                alamat=PEMOHON_ALAMAT,
            ),
            kategori_ppks=KategoriPPKS.objects.filter(nama__icontains="lanjut usia").first(),
            ringkasan="Lansia tinggal sendiri di rumah panggung, tidak ada yang merawat.",
            berkas=dokumen_semua(layanan),
        ),
    )
    r = rs.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    r = rs.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    r = rs.rujukan_assign_peksos(rujukan=r, by=staf.kabid, peksos=staf.peksos)
    asesmen = ls.lapangan_save_assessment(
        rujukan=r,
        by=staf.peksos,
        data=ls.DataAsesmen(
            kesimpulan_layak=True,
            alasan="Lansia terlantar, tidak ada keluarga yang merawat.",
            instrumen={"kondisi_fisik": "Demensia ringan, berjalan dengan tongkat."},
        ),
        foto=[jpeg("asesmen.jpg")],
    )
    r = asesmen.rujukan
    assert r.status == Status.PENGAJUAN_PANTI, r.status
    ls.lapangan_record_activity(
        rujukan=r,
        by=staf.peksos,
        data=ls.DataKegiatan(
            jenis="kunjungan_rumah",
            tanggal=dt.date.today(),
            uraian="Kunjungan rumah bersama ketua RT.",
        ),
        foto=[jpeg("kunjungan.jpg")],
    )
    pengajuan_a = kirim_usulan_panti(r, staf, panti_a)
    r = rs.rujukan_panti_answer(
        rujukan=r,
        by=staf.peksos,
        diterima=False,
        tanggal=dt.date.today(),
        narahubung="Ibu Rahma",
        catatan="Kapasitas penuh.",
        surat=pdf("jawaban-panti.pdf"),
    )
    pengajuan_b = kirim_usulan_panti(r, staf, panti_b)
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI, r.status

    a2 = kasus_di_persetujuan(standar_sederhana(instansi), staf, paraf=False)
    assert a2.status == Status.PERSETUJUAN
    a3 = rs.rujukan_register(
        by=staf.petugas_loket,
        permohonan=rs.PermohonanBaru(
            layanan=layanan,
            klien=DataKlien(
                nama="Salamah Binti Jumri", nik=nik(dt.date(1948, 5, 6), perempuan=True)
            ),
            pemohon=DataPemohon(jenis="keluarga", nama="Jumri", telepon="081299887766"),
            berkas=dokumen_semua(layanan),
        ),
    ).rujukan
    a3 = rs.rujukan_start_check(rujukan=a3, by=staf.petugas_loket)
    a3 = rs.rujukan_accept_berkas(rujukan=a3, by=staf.petugas_loket)
    a3 = rs.rujukan_assign_peksos(rujukan=a3, by=staf.kabid, peksos=staf.peksos)
    assert a3.status == Status.VERIFIKASI, a3.status
    sub = SubLayanan.objects.create(layanan=standar_sederhana(instansi), nama="Bantuan pendidikan")
    online = rs.rujukan_submit_online(
        by=orang["andi"],
        permohonan=rs.PermohonanBaru(
            layanan=layanan,
            klien=DataKlien(
                nama="Masnah Binti Arsyad", nik=nik(dt.date(1949, 7, 8), perempuan=True)
            ),
            pemohon=DataPemohon(jenis="kelurahan", nama="Andi", lembaga="Kelurahan Pelambuan"),
            berkas=dokumen_semua(layanan),
        ),
        persetujuan=rs.DataPersetujuanOnline(pemberi="Masnah", cara="tertulis"),
        kunci="a" * 32,
    ).rujukan

    ls.dtks_impor(
        instansi=instansi,
        berkas=(
            "nik;nama;alamat;desil;tanggal_data\n"
            f"{nik_klien};{DTKS_NAMA};{KLIEN_ALAMAT};1;2026-01-15\n"
        ).encode(),
        by=orang["lestari"],
    )

    p, kode = ps.pengaduan_submit(
        kunci_klien="audit-klien",
        instansi=instansi,
        isian=ps.IsianPengaduan(
            layanan=layanan,
            jenis="pengaduan",
            judul="Petugas loket tidak ramah",
            uraian="Saya dibentak petugas loket saat menanyakan bantuan untuk nenek.",
            anonim=True,
            nama=PELAPOR_NAMA,
            telepon=PELAPOR_TELEPON,
            email=PELAPOR_EMAIL,
            berkas=[jpeg("bukti-ratna.jpg")],
        ),
    )
    ps.pengaduan_start_check(pengaduan=p, by=staf.petugas_loket)
    ps.pengaduan_route(pengaduan=p, by=staf.kabid, jenis_koordinasi="internal", petugas=staf.peksos)
    p.refresh_from_db()
    templat = ps.templat_simpan(
        by=orang["lestari"],
        templat=None,
        judul=TEMPLAT_JUDUL,
        isi="Terima kasih, pengaduan {nomor} sedang kami tangani.",
    )
    return Data(
        instansi=instansi,
        lain=lain,
        layanan=layanan,
        orang=orang,
        staf=staf,
        a1=r,
        a2=a2,
        a3=a3,
        kode_lacak=hasil.kode_lacak,
        sub=sub,
        panti_a=panti_a,
        panti_b=panti_b,
        pengajuan_a=pengajuan_a,
        pengajuan_b=pengajuan_b,
        dokumentasi=Dokumentasi.objects.filter(rujukan=r).order_by("pk").first(),
        pengaduan=p,
        kode_pengaduan=kode,
        lampiran=p.lampiran.get(),
        templat=templat,
        nik=nik_klien,
        no_kk=kk_klien,
        rahasia={
            "NIK klien": nik_klien,
            "KK klien": kk_klien,
            "telepon pemohon": PEMOHON_TELEPON,
            "telepon pemohon (angka)": digits(PEMOHON_TELEPON),
            "alamat klien": KLIEN_ALAMAT,
            "alamat pemohon": PEMOHON_ALAMAT,
        },
        online=online,
    )


# -- the URL map -------------------------------------------------------------------------------
