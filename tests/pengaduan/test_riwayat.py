"""The history of a complaint, as the staff page and the tracking page say it:
every action code once, in order, with its sentence and (for staff) who acted."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from pengaduan import services
from pengaduan.models import Kejadian, Pengaduan
from pengaduan.riwayat import riwayat_pengaduan
from tests.pengaduan.factories import ajukan, catat

pytestmark = pytest.mark.django_db


def _baris(p: Pengaduan, *, public: bool) -> list[tuple[str, str]]:
    p = Pengaduan.objects.get(pk=p.pk)
    return [(r.kalimat, r.oleh) for r in riwayat_pengaduan(p, public=public)]


def test_every_step_of_a_long_complaint_is_told_once_in_order(personas):
    loket, dewi, kabid, bima = (
        personas.petugas_loket,
        personas.koordinator,
        personas.kabid,
        personas.peksos,
    )
    nama = {u: u.pegawai.nama for u in (loket, dewi, kabid, bima)}
    p, _ = ajukan(personas.instansi)
    services.pengaduan_start_check(pengaduan=p, by=loket)
    services.pengaduan_request_details(pengaduan=p, by=loket, pesan="Mohon alamatnya.")
    services.pelapor_balas(pengaduan=p, isi="Jl. Kenanga 5.")
    services.pelapor_balas(pengaduan=p, isi="Satu lagi.")
    services.pengaduan_add_note(pengaduan=p, by=loket, isi="Sudah ditelepon.")
    services.pengaduan_send_message(pengaduan=p, by=loket, isi="Sedang kami proses.")
    services.pengaduan_route(
        pengaduan=p,
        by=dewi,
        jenis_koordinasi="internal",
        bidang="Bidang Rehabilitasi Sosial",
        petugas=bima,
    )
    services.pengaduan_route(
        pengaduan=p, by=kabid, jenis_koordinasi="eksternal", instansi_tujuan="RSUD Kota"
    )
    services.pengaduan_answer(pengaduan=p, by=bima, isi="Sudah kami jemput.")
    services.pelapor_buka_kembali(pengaduan=p, alasan="Belum sampai.")
    services.pengaduan_request_details(pengaduan=p, by=loket, pesan="Alamat lengkap?")
    services.pengaduan_resume(pengaduan=p, by=loket, catatan="Dijawab lewat telepon.")
    services.pengaduan_answer(pengaduan=p, by=bima, isi="Sudah sampai.")
    services.pelapor_konfirmasi_selesai(pengaduan=p)
    services.pelapor_nilai(pengaduan=p, nilai=4)

    assert _baris(p, public=False) == [
        ("Pengaduan diajukan melalui website.", ""),
        ("Cek administrasi dimulai.", nama[loket]),
        ("Pelapor diminta melengkapi; jam respons dijeda.", nama[loket]),
        ("Pelapor mengirim kelengkapan; jam respons berjalan lagi.", ""),
        ("Pelapor mengirim pesan.", ""),
        ("Catatan internal ditambahkan.", nama[loket]),
        ("Pesan dikirim kepada pelapor.", nama[loket]),
        (f"Didisposisikan ke Bidang Rehabilitasi Sosial, {nama[bima]}.", nama[dewi]),
        ("Dikoordinasikan dengan RSUD Kota.", nama[kabid]),
        ("Jawaban dikirim kepada pelapor.", nama[bima]),
        ("Pelapor membuka kembali pengaduan.", ""),
        ("Pelapor diminta melengkapi; jam respons dijeda.", nama[loket]),
        ("Penanganan dilanjutkan; jam respons berjalan lagi.", nama[loket]),
        ("Jawaban dikirim kepada pelapor.", nama[bima]),
        ("Pelapor menyatakan permasalahan selesai.", ""),
        ("Pelapor memberi penilaian kepuasan.", ""),
    ]
    assert _baris(p, public=True) == [
        ("Laporan diterima.", ""),
        ("Laporan sedang diperiksa (cek administrasi).", ""),
        ("Petugas meminta Anda melengkapi keterangan.", ""),
        ("Anda mengirim kelengkapan; penanganan dilanjutkan.", ""),
        ("Laporan diteruskan ke bidang yang menangani.", ""),
        ("Laporan dikoordinasikan dengan RSUD Kota.", ""),
        ("Laporan dijawab.", ""),
        ("Anda membuka kembali laporan.", ""),
        ("Petugas meminta Anda melengkapi keterangan.", ""),
        ("Penanganan dilanjutkan.", ""),
        ("Laporan dijawab.", ""),
        ("Anda menyatakan permasalahan selesai.", ""),
    ]


def test_the_endings_are_told(personas):
    loket, dewi = personas.petugas_loket, personas.koordinator
    asli, _ = ajukan(personas.instansi)
    dup, _ = catat(loket, diterima_pada=timezone.now())
    services.pengaduan_mark_duplicate(pengaduan=dup, by=loket, nomor_asli=asli.nomor)
    maju, _ = ajukan(personas.instansi)
    services.pengaduan_forward(
        pengaduan=maju, by=dewi, instansi_tujuan="Dinas Dukcapil", pesan="Bukan kewenangan kami."
    )
    henti, _ = ajukan(personas.instansi)
    services.pengaduan_stop(pengaduan=henti, by=dewi, pesan="Tidak ada rincian.")
    tutup, _ = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=tutup, by=loket, isi="Sudah.")
    services.pengaduan_close(pengaduan=tutup, by=loket, catatan="Selesai.")
    lewat, _ = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=lewat, by=loket, isi="Sudah.")
    lewat.refresh_from_db()
    with time_machine.travel(lewat.batas_balasan + (lewat.batas_balasan - lewat.dijawab_pada)):
        assert services.pengaduan_close_expired() == [lewat.nomor]
    lewat.refresh_from_db()
    Kejadian.objects.create(
        pengaduan=lewat,
        aksi="pengaduan.pengingat",
        waktu=lewat.selesai_pada + dt.timedelta(minutes=1),
        data={"jenis": "Lewat batas waktu"},
    )
    Kejadian.objects.create(
        pengaduan=lewat,
        aksi="pengaduan.lampiran_dihapus_retensi",
        waktu=lewat.selesai_pada + dt.timedelta(minutes=1),
        data={"jumlah": 2},
    )
    n = loket.pegawai.nama
    nd = dewi.pegawai.nama
    assert _baris(dup, public=False) == [
        ("Pengaduan dicatat dari saluran WhatsApp.", n),
        (f"Ditandai sebagai duplikat dari {asli.nomor}.", n),
    ]
    assert _baris(dup, public=True) == [
        ("Laporan diterima.", ""),
        ("Laporan yang sama sudah ditangani dengan nomor lain.", ""),
    ]
    assert _baris(maju, public=False)[1:] == [("Diteruskan ke Dinas Dukcapil.", nd)]
    assert _baris(maju, public=True)[1:] == [("Laporan diteruskan ke Dinas Dukcapil.", "")]
    assert _baris(henti, public=False)[1:] == [("Dinyatakan tidak dapat ditindaklanjuti.", nd)]
    assert _baris(henti, public=True)[1:] == [("Laporan tidak dapat ditindaklanjuti.", "")]
    assert _baris(tutup, public=False)[1:] == [
        ("Jawaban dikirim kepada pelapor.", n),
        ("Pengaduan ditutup.", n),
    ]
    assert _baris(lewat, public=False)[1:] == [
        ("Jawaban dikirim kepada pelapor.", n),
        ("Pengaduan ditutup otomatis setelah masa tanggapan lewat.", ""),
        ("Pengingat dikirim: Lewat batas waktu.", ""),
        ("2 lampiran dihapus sesuai jadwal retensi.", ""),
    ]
    assert _baris(lewat, public=True)[1:] == [
        ("Laporan dijawab.", ""),
        ("Laporan selesai (masa tanggapan telah lewat).", ""),
    ]


def test_the_pages_show_the_history(client, personas):
    loket = personas.petugas_loket
    p, kode = ajukan(personas.instansi)
    services.pengaduan_start_check(pengaduan=p, by=loket)
    client.force_login(loket)
    html = client.get(f"/pengaduan/staf/{p.pk}/").content.decode()
    assert "Cek administrasi dimulai." in html and "Pengaduan diajukan melalui website." in html
    client.logout()
    r = client.post("/pengaduan/lacak/", {"nomor": p.nomor, "kode": kode})
    html = client.get(r["Location"]).content.decode()
    assert "Laporan sedang diperiksa (cek administrasi)." in html
