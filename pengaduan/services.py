"""Use cases for complaints. Each runs in one transaction: lock the row, check
the transition (`can_proceed`) and the actor's right (`has_transition_perm`),
change, record a Kejadian, and send mail only after commit."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from decimal import Decimal
from functools import partial

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from layanan.calendar import Kalender
from layanan.models import Instansi, Layanan, SatuanWaktu
from pengaduan import notifikasi, pembatas, permissions
from pengaduan.berkas import MAX_FILES, periksa_berkas
from pengaduan.models import (
    Kejadian,
    Lampiran,
    Pelapor,
    Pengaduan,
    PengaturanPengaduan,
    Penilaian,
    Tanggapan,
    TemplatBalasan,
)

Status = Pengaduan.Status
ALFABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
PANJANG_KODE = 12
MAX_URAIAN = 5000
MAX_PESAN = 3000
KALENDER_SATUAN = (SatuanWaktu.MENIT, SatuanWaktu.JAM, SatuanWaktu.HARI_KERJA)


class PengaduanError(Exception):
    """A domain error with a message for the user and the HTTP status a view should use."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


# -- codes and numbers ---------------------------------------------------------
def _acak(n: int) -> str:
    return "".join(secrets.choice(ALFABET) for _ in range(n))


def format_kode(kode: str) -> str:
    return "-".join(kode[i : i + 4] for i in range(0, len(kode), 4))


def normalisasi_kode(teks: str) -> str:
    return "".join(ch for ch in (teks or "").upper() if ch.isalnum())[:40]


def normalisasi_nomor(teks: str) -> str:
    return (teks or "").strip().upper()[:20]


def _nomor_baru(moment: dt.datetime) -> str:
    tahun = timezone.localtime(moment).year
    while True:
        nomor = f"ADU-{tahun}-{_acak(6)}"
        if not Pengaduan.objects.filter(nomor=nomor).exists():
            return nomor


_DUMMY_HASH = make_password("kode-tidak-ada")


def cocokkan_kode(pengaduan: Pengaduan | None, kode: str) -> bool:
    """Check a tracking code against one ticket; costs the same when there is no ticket."""
    kode = normalisasi_kode(kode)
    if pengaduan is None:
        check_password(kode, _DUMMY_HASH)
        return False
    return bool(kode) and check_password(kode, pengaduan.kode_lacak_hash)


# -- the clock -----------------------------------------------------------------
def waktu_respons(instansi: Instansi, layanan: Layanan | None) -> tuple[Decimal, str]:
    """The response time from the service's standard, else the office's setting (3 hari kerja)."""
    if layanan is not None:
        return Decimal(layanan.respons_pengaduan_nilai), layanan.respons_pengaduan_satuan
    setting = PengaturanPengaduan.objects.filter(instansi=instansi).first()
    if setting is not None:
        return Decimal(setting.respons_nilai), setting.respons_satuan
    return Decimal(3), SatuanWaktu.HARI_KERJA


def pengaturan(instansi: Instansi) -> PengaturanPengaduan:
    return PengaturanPengaduan.objects.filter(instansi=instansi).first() or PengaturanPengaduan(
        instansi=instansi
    )


def _jeda(p: Pengaduan, now: dt.datetime) -> None:
    p.dijeda_pada = now


def _lanjut(p: Pengaduan, now: dt.datetime) -> None:
    """End a pause: add the paused time to the deadline, in the unit's own kind of time."""
    if p.dijeda_pada is None:
        return
    if p.respons_satuan in KALENDER_SATUAN:
        minutes = Kalender(p.instansi).working_minutes_between(p.dijeda_pada, now)
        if minutes:
            p.batas_waktu = Kalender(p.instansi).add_working_minutes(p.batas_waktu, minutes)
    else:
        elapsed = now - p.dijeda_pada
        minutes = int(elapsed.total_seconds() // 60)
        p.batas_waktu = p.batas_waktu + elapsed
    p.menit_jeda += minutes
    p.dijeda_pada = None


# -- shared steps --------------------------------------------------------------
def _log(p: Pengaduan, aksi: str, by, now: dt.datetime, **data) -> Kejadian:
    return Kejadian.objects.create(pengaduan=p, aksi=aksi, oleh=by, waktu=now, data=data)


def _locked(pengaduan: Pengaduan) -> Pengaduan:
    return Pengaduan.objects.select_for_update().select_related("instansi").get(pk=pengaduan.pk)


def _run(p: Pengaduan, name: str, by, *, description: str = "", check_perm: bool = True) -> None:
    method = getattr(p, name)
    if not can_proceed(method):
        raise PengaduanError(
            _("Tindakan ini tidak dapat dilakukan pada pengaduan berstatus “%(status)s”.")
            % {"status": p.get_status_display()},
            status=409,
        )
    if check_perm and (by is None or not has_transition_perm(method, by)):
        raise PengaduanError(_("Anda tidak berwenang melakukan tindakan ini."), status=403)
    method(by=by, description=description or None)


def _save(p: Pengaduan) -> None:
    try:
        p.save()
    except ConcurrentTransition as exc:
        raise PengaduanError(
            _("Pengaduan ini baru saja diubah oleh orang lain. Muat ulang halaman."), status=409
        ) from exc


def _teks(value: str, label: str, *, maks: int = MAX_PESAN, wajib: bool = True) -> str:
    value = (value or "").strip()
    if wajib and not value:
        raise PengaduanError(_("%(label)s wajib diisi.") % {"label": label}, status=400)
    if len(value) > maks:
        raise PengaduanError(
            _("%(label)s terlalu panjang (paling banyak %(maks)s karakter).")
            % {"label": label, "maks": f"{maks:,}".replace(",", ".")},
            status=400,
        )
    return value


def _simpan_lampiran(
    p: Pengaduan, berkas: Sequence, *, tanggapan: Tanggapan | None, by, dari_pelapor: bool
) -> list[Lampiran]:
    if len(berkas) > MAX_FILES:
        raise PengaduanError(
            _("Paling banyak %(n)s berkas sekaligus.") % {"n": MAX_FILES}, status=400
        )
    saved = []
    for upload in berkas:
        try:
            checked = periksa_berkas(upload)
        except Exception as exc:  # ValidationError from the content check
            message = " ".join(getattr(exc, "messages", [str(exc)]))
            raise PengaduanError(message, status=400) from exc
        lampiran = Lampiran(
            pengaduan=p,
            tanggapan=tanggapan,
            nama_asli=checked.nama_asli,
            tipe_konten=checked.tipe_konten,
            ukuran=checked.ukuran,
            dari_pelapor=dari_pelapor,
            diunggah_oleh=by,
        )
        lampiran.berkas.save(f"lampiran{checked.ekstensi}", checked.file, save=False)
        lampiran.save()
        saved.append(lampiran)
    return saved


def _on_commit(func, *args) -> None:
    transaction.on_commit(partial(func, *args))


def _kabar_pelapor(p: Pengaduan) -> None:
    _on_commit(notifikasi.kirim_kabar_pelapor, p.pk)


def _kabar_petugas(p: Pengaduan, subject: str) -> None:
    """Tell the handling officer that the citizen wrote (no content, no identity)."""
    if p.petugas_id is not None:
        _on_commit(
            notifikasi.kirim_ke_petugas,
            p,
            p.petugas,
            "pengaduan/email/balasan_pelapor.txt",
            subject % {"nomor": p.nomor},
        )


# -- creating ------------------------------------------------------------------
def _buat(
    *,
    instansi: Instansi,
    layanan: Layanan | None,
    jenis: str,
    saluran: str,
    diterima_pada: dt.datetime,
    nomor_referensi: str,
    judul: str,
    uraian: str,
    harapan: str,
    waktu_kejadian: dt.date | None,
    lokasi_kejadian: str,
    anonim: bool,
    rahasia: bool,
    nama: str,
    telepon: str,
    email: str,
    berkas: Sequence,
    by,
) -> tuple[Pengaduan, str]:
    if layanan is not None and layanan.instansi_id != instansi.pk:
        raise PengaduanError(_("Layanan yang dipilih bukan milik instansi ini."), status=400)
    if jenis not in Pengaduan.Jenis.values:
        raise PengaduanError(_("Jenis pengaduan tidak dikenal."), status=400)
    if saluran not in Pengaduan.Saluran.values:
        raise PengaduanError(_("Saluran tidak dikenal."), status=400)
    now = timezone.now()
    if diterima_pada > now + dt.timedelta(minutes=5):
        raise PengaduanError(_("Tanggal diterima tidak boleh di masa depan."), status=400)
    judul = _teks(judul, _("Judul"), maks=150)
    uraian = _teks(uraian, _("Uraian"), maks=MAX_URAIAN)
    harapan = _teks(harapan, _("Harapan"), maks=MAX_URAIAN, wajib=False)
    nilai, satuan = waktu_respons(instansi, layanan)
    kode = _acak(PANJANG_KODE)
    p = Pengaduan(
        nomor=_nomor_baru(diterima_pada),
        kode_lacak_hash=make_password(kode),
        instansi=instansi,
        layanan=layanan,
        jenis=jenis,
        saluran=saluran,
        nomor_referensi=(nomor_referensi or "").strip(),
        judul=judul,
        uraian=uraian,
        harapan=harapan,
        waktu_kejadian=waktu_kejadian,
        lokasi_kejadian=(lokasi_kejadian or "").strip()[:200],
        anonim=anonim,
        rahasia=rahasia,
        diterima_pada=diterima_pada,
        respons_nilai=nilai,
        respons_satuan=satuan,
        batas_waktu=Kalender(instansi).add(diterima_pada, nilai, satuan),
        dicatat_oleh=by,
    )
    p.save()
    if nama or telepon or email:
        Pelapor.objects.create(
            pengaduan=p, nama=(nama or "").strip()[:150], telepon=telepon or "", email=email or ""
        )
    _simpan_lampiran(p, berkas, tanggapan=None, by=by, dari_pelapor=True)
    if by is None:
        _log(p, "pengaduan.diajukan", None, now)
    else:
        _log(p, "pengaduan.dicatat", by, now, saluran=str(p.get_saluran_display()))
    _on_commit(notifikasi.kirim_tanda_terima, p.pk, kode)
    return p, kode


def pengaduan_ajukan(
    *,
    kunci_klien: str,
    instansi: Instansi,
    layanan: Layanan | None,
    jenis: str,
    judul: str,
    uraian: str,
    harapan: str = "",
    waktu_kejadian: dt.date | None = None,
    lokasi_kejadian: str = "",
    anonim: bool = False,
    rahasia: bool = False,
    nama: str = "",
    telepon: str = "",
    email: str = "",
    berkas: Sequence = (),
) -> tuple[Pengaduan, str]:
    """A citizen files through the website. Returns the complaint and its tracking code.

    Rate limited per client address (counted in the same transaction, so a
    rejected request leaves nothing and an accepted one is never lost).
    """
    with transaction.atomic():
        pembatas.record(kunci_klien, pembatas.KIRIM)
        return _buat(
            instansi=instansi,
            layanan=layanan,
            jenis=jenis,
            saluran=Pengaduan.Saluran.WEBSITE,
            diterima_pada=timezone.now(),
            nomor_referensi="",
            judul=judul,
            uraian=uraian,
            harapan=harapan,
            waktu_kejadian=waktu_kejadian,
            lokasi_kejadian=lokasi_kejadian,
            anonim=anonim,
            rahasia=rahasia,
            nama=nama,
            telepon=telepon,
            email=email,
            berkas=berkas,
            by=None,
        )


def pengaduan_catat(
    *,
    by,
    saluran: str,
    diterima_pada: dt.datetime,
    layanan: Layanan | None,
    jenis: str,
    judul: str,
    uraian: str,
    nomor_referensi: str = "",
    harapan: str = "",
    waktu_kejadian: dt.date | None = None,
    lokasi_kejadian: str = "",
    anonim: bool = False,
    rahasia: bool = False,
    nama: str = "",
    telepon: str = "",
    email: str = "",
    berkas: Sequence = (),
) -> tuple[Pengaduan, str]:
    """An officer records a complaint that came by box, email, WA, phone, counter, SP4N-LAPOR!…

    The clock starts at `diterima_pada`, the moment it actually arrived.
    """
    if not permissions.can_log(by):
        raise PengaduanError(_("Anda tidak berwenang mencatat pengaduan."), status=403)
    if saluran == Pengaduan.Saluran.WEBSITE:
        raise PengaduanError(_("Pengaduan lewat website diajukan oleh warga sendiri."), 400)
    instansi = by.pegawai.instansi
    nomor_referensi = (nomor_referensi or "").strip()
    if saluran == Pengaduan.Saluran.SP4N_LAPOR and not nomor_referensi:
        raise PengaduanError(_("ID pelacakan SP4N-LAPOR! wajib diisi."), status=400)
    with transaction.atomic():
        if nomor_referensi:
            existing = Pengaduan.objects.filter(
                instansi=instansi, saluran=saluran, nomor_referensi=nomor_referensi
            ).first()
            if existing is not None:
                raise PengaduanError(
                    _("Nomor/ID %(ref)s sudah dicatat sebagai %(nomor)s.")
                    % {"ref": nomor_referensi, "nomor": existing.nomor},
                    status=409,
                )
        return _buat(
            instansi=instansi,
            layanan=layanan,
            jenis=jenis,
            saluran=saluran,
            diterima_pada=diterima_pada,
            nomor_referensi=nomor_referensi,
            judul=judul,
            uraian=uraian,
            harapan=harapan,
            waktu_kejadian=waktu_kejadian,
            lokasi_kejadian=lokasi_kejadian,
            anonim=anonim,
            rahasia=rahasia,
            nama=nama,
            telepon=telepon,
            email=email,
            berkas=berkas,
            by=by,
        )


# -- handling by staff -----------------------------------------------------------
def pengaduan_mulai_cek(*, pengaduan: Pengaduan, by) -> Pengaduan:
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "mulai_cek", by)
        if p.petugas_id is None:
            p.petugas = by
        _save(p)
        _log(p, "pengaduan.cek_dimulai", by, timezone.now())
    return p


def pengaduan_minta_kelengkapan(*, pengaduan: Pengaduan, by, pesan: str) -> Pengaduan:
    """Ask the citizen for more (public message); the response clock pauses."""
    pesan = _teks(pesan, _("Pesan kepada pelapor"))
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "minta_kelengkapan", by, description=pesan)
        now = timezone.now()
        _jeda(p, now)
        p.alasan = pesan
        _save(p)
        Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=pesan, penulis=by)
        _log(p, "pengaduan.kelengkapan_diminta", by, now)
        _kabar_pelapor(p)
    return p


def pengaduan_lanjutkan(*, pengaduan: Pengaduan, by, catatan: str = "") -> Pengaduan:
    """Resume after the citizen answered through another channel; the deadline shifts."""
    catatan = _teks(catatan, _("Catatan"), wajib=False)
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "lanjutkan", by, description=catatan)
        now = timezone.now()
        _lanjut(p, now)
        _save(p)
        if catatan:
            Tanggapan.objects.create(
                pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=catatan, penulis=by
            )
        _log(p, "pengaduan.dilanjutkan", by, now, menit_jeda=p.menit_jeda)
    return p


def pengaduan_disposisi(
    *,
    pengaduan: Pengaduan,
    by,
    jenis_koordinasi: str,
    bidang: str = "",
    petugas=None,
    instansi_tujuan: str = "",
    catatan: str = "",
) -> Pengaduan:
    """Coordination: dispose internally to a bidang/officer, or coordinate with another agency."""
    bidang = _teks(bidang, _("Bidang"), maks=150, wajib=False)
    instansi_tujuan = _teks(instansi_tujuan, _("Instansi tujuan"), maks=200, wajib=False)
    catatan = _teks(catatan, _("Catatan"), wajib=False)
    internal = jenis_koordinasi == Pengaduan.JenisKoordinasi.INTERNAL
    if jenis_koordinasi not in Pengaduan.JenisKoordinasi.values:
        raise PengaduanError(_("Pilih jenis koordinasi."), status=400)
    if internal and not (bidang or petugas):
        raise PengaduanError(_("Pilih bidang atau petugas tujuan disposisi."), status=400)
    if not internal and not instansi_tujuan:
        raise PengaduanError(_("Isi nama instansi yang diajak berkoordinasi."), status=400)
    if petugas is not None and not permissions.can_handle_instansi(petugas, pengaduan.instansi_id):
        raise PengaduanError(
            _("Petugas tujuan bukan petugas penanganan pengaduan di instansi ini."), status=400
        )
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "koordinasikan", by, description=catatan)
        now = timezone.now()
        p.jenis_koordinasi = jenis_koordinasi
        if internal:
            p.bidang = bidang
            if petugas is not None:
                p.petugas = petugas
            tujuan = ", ".join(x for x in [bidang, petugas and _nama_pegawai(petugas)] if x)
            aksi = "pengaduan.didisposisikan"
        else:
            p.instansi_tujuan = instansi_tujuan
            tujuan = instansi_tujuan
            aksi = "pengaduan.dikoordinasikan_eksternal"
        _save(p)
        if catatan:
            Tanggapan.objects.create(
                pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=catatan, penulis=by
            )
        _log(p, aksi, by, now, tujuan=tujuan)
        if internal and petugas is not None and petugas != by:
            _on_commit(
                notifikasi.kirim_ke_petugas,
                p,
                petugas,
                "pengaduan/email/disposisi.txt",
                _("Disposisi pengaduan %(nomor)s") % {"nomor": p.nomor},
            )
    return p


def _nama_pegawai(user) -> str:
    pegawai = getattr(user, "pegawai", None)
    return pegawai.nama if pegawai is not None else user.get_username()


def pengaduan_jawab(*, pengaduan: Pengaduan, by, isi: str) -> Pengaduan:
    """The public answer; the response clock stops and the reply window opens."""
    isi = _teks(isi, _("Jawaban"))
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "jawab", by)
        now = timezone.now()
        p.dijawab_pada = now
        if p.dijawab_pertama_pada is None:
            p.dijawab_pertama_pada = now
        p.batas_balasan = Kalender(p.instansi).add_working_days(
            now, pengaturan(p.instansi).jendela_balasan_hari_kerja
        )
        if p.petugas_id is None:
            p.petugas = by
        _save(p)
        Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=isi, penulis=by)
        _log(p, "pengaduan.dijawab", by, now, tepat_waktu=now <= p.batas_waktu)
        _kabar_pelapor(p)
    return p


def pengaduan_tutup(*, pengaduan: Pengaduan, by, catatan: str = "") -> Pengaduan:
    catatan = _teks(catatan, _("Catatan"), wajib=False)
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "tutup", by, description=catatan)
        now = timezone.now()
        p.selesai_pada = now
        _save(p)
        if catatan:
            Tanggapan.objects.create(
                pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=catatan, penulis=by
            )
        _log(p, "pengaduan.ditutup", by, now)
    return p


def pengaduan_tandai_duplikat(
    *, pengaduan: Pengaduan, by, nomor_asli: str, catatan: str = ""
) -> Pengaduan:
    catatan = _teks(catatan, _("Catatan"), wajib=False)
    asli = Pengaduan.objects.filter(
        instansi_id=pengaduan.instansi_id, nomor=normalisasi_nomor(nomor_asli)
    ).first()
    if asli is None or asli.pk == pengaduan.pk:
        raise PengaduanError(_("Nomor pengaduan asli tidak ditemukan di instansi ini."), status=400)
    if asli.status == Status.DUPLIKAT:
        raise PengaduanError(
            _("Pengaduan %(nomor)s sendiri adalah duplikat; tautkan ke aslinya.")
            % {"nomor": asli.nomor},
            status=400,
        )
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "tandai_duplikat", by, description=catatan)
        now = timezone.now()
        p.duplikat_dari = asli
        p.selesai_pada = now
        p.alasan = catatan
        _save(p)
        if catatan:
            Tanggapan.objects.create(
                pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=catatan, penulis=by
            )
        _log(p, "pengaduan.duplikat", by, now, asli=asli.nomor)
        _kabar_pelapor(p)
    return p


def pengaduan_teruskan(*, pengaduan: Pengaduan, by, instansi_tujuan: str, pesan: str) -> Pengaduan:
    """Not within the office's authority: forwarded to the agency responsible."""
    instansi_tujuan = _teks(instansi_tujuan, _("Instansi tujuan"), maks=200)
    pesan = _teks(pesan, _("Pesan kepada pelapor"))
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "teruskan", by, description=pesan)
        now = timezone.now()
        p.instansi_tujuan = instansi_tujuan
        p.alasan = pesan
        p.selesai_pada = now
        _save(p)
        Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=pesan, penulis=by)
        _log(p, "pengaduan.diteruskan", by, now, tujuan=instansi_tujuan)
        _kabar_pelapor(p)
    return p


def pengaduan_hentikan(*, pengaduan: Pengaduan, by, pesan: str) -> Pengaduan:
    """Cannot be followed up; the reason is told to the citizen."""
    pesan = _teks(pesan, _("Alasan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "hentikan", by, description=pesan)
        now = timezone.now()
        _lanjut(p, now)
        p.alasan = pesan
        p.selesai_pada = now
        _save(p)
        Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=pesan, penulis=by)
        _log(p, "pengaduan.dihentikan", by, now)
        _kabar_pelapor(p)
    return p


def pengaduan_catatan(*, pengaduan: Pengaduan, by, isi: str) -> Tanggapan:
    """An internal note, never shown to the citizen."""
    isi = _teks(isi, _("Catatan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        if not permissions.can_note(by, p):
            raise PengaduanError(_("Anda tidak berwenang menambah catatan."), status=403)
        note = Tanggapan.objects.create(
            pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=isi, penulis=by
        )
        _log(p, "pengaduan.catatan", by, timezone.now())
    return note


def pengaduan_kirim_pesan(*, pengaduan: Pengaduan, by, isi: str) -> Tanggapan:
    """A public interim message (e.g. progress) without changing the state."""
    isi = _teks(isi, _("Pesan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        if not permissions.can_handle(by, p):
            raise PengaduanError(_("Anda tidak berwenang mengirim pesan."), status=403)
        if p.status in Pengaduan.AKHIR:
            raise PengaduanError(_("Pengaduan ini sudah selesai."), status=409)
        pesan = Tanggapan.objects.create(
            pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=isi, penulis=by
        )
        _log(p, "pengaduan.pesan_dikirim", by, timezone.now())
        _kabar_pelapor(p)
    return pesan


# -- the citizen, authorised by the tracking code ----------------------------------
def pelapor_balas(*, pengaduan: Pengaduan, isi: str, berkas: Sequence = ()) -> Tanggapan:
    """The citizen writes back; if the office was waiting for them, the clock runs again."""
    isi = _teks(isi, _("Pesan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        if p.status in Pengaduan.AKHIR:
            raise PengaduanError(
                _("Pengaduan ini sudah selesai. Silakan ajukan pengaduan baru."), status=409
            )
        now = timezone.now()
        pesan = Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.PELAPOR, isi=isi)
        _simpan_lampiran(p, berkas, tanggapan=pesan, by=None, dari_pelapor=True)
        if p.status == Status.MENUNGGU_PELAPOR:
            _run(p, "dilengkapi_pelapor", None, check_perm=False)
            _lanjut(p, now)
            _save(p)
            _log(p, "pengaduan.dilengkapi_pelapor", None, now)
        else:
            _log(p, "pengaduan.dibalas_pelapor", None, now)
        _kabar_petugas(p, _("Pelapor membalas pengaduan %(nomor)s"))
    return pesan


def pelapor_buka_kembali(*, pengaduan: Pengaduan, alasan: str) -> Pengaduan:
    """Reopen an answered complaint within the reply window; a new response time starts."""
    alasan = _teks(alasan, _("Alasan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        if p.status == Status.DIJAWAB and not can_proceed(p.buka_kembali):
            raise PengaduanError(
                _("Masa tanggapan sudah lewat; pengaduan tidak dapat dibuka kembali."), status=409
            )
        _run(p, "buka_kembali", None, check_perm=False, description=alasan)
        now = timezone.now()
        p.dibuka_kembali_kali += 1
        p.batas_waktu = Kalender(p.instansi).add(now, p.respons_nilai, p.respons_satuan)
        p.dijawab_pada = None
        p.batas_balasan = None
        _save(p)
        Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.PELAPOR, isi=alasan)
        _log(p, "pengaduan.dibuka_kembali", None, now)
        _kabar_petugas(p, _("Pelapor membuka kembali pengaduan %(nomor)s"))
    return p


def pelapor_konfirmasi_selesai(*, pengaduan: Pengaduan) -> Pengaduan:
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "dikonfirmasi_pelapor", None, check_perm=False)
        now = timezone.now()
        p.selesai_pada = now
        _save(p)
        _log(p, "pengaduan.dikonfirmasi_pelapor", None, now)
    return p


BISA_DINILAI = (Status.SELESAI, Status.DITERUSKAN, Status.TIDAK_DAPAT_DITINDAKLANJUTI)


def pelapor_nilai(*, pengaduan: Pengaduan, nilai: int, komentar: str = "") -> Penilaian:
    """The satisfaction rating (1–4), once, after the complaint is closed."""
    komentar = _teks(komentar, _("Komentar"), maks=2000, wajib=False)
    if nilai not in Penilaian.Nilai.values:
        raise PengaduanError(_("Pilih nilai 1 sampai 4."), status=400)
    with transaction.atomic():
        p = _locked(pengaduan)
        if p.status not in BISA_DINILAI:
            raise PengaduanError(
                _("Penilaian dapat diberikan setelah pengaduan selesai."), status=409
            )
        if Penilaian.objects.filter(pengaduan=p).exists():
            raise PengaduanError(_("Anda sudah memberi penilaian. Terima kasih."), status=409)
        penilaian = Penilaian.objects.create(pengaduan=p, nilai=nilai, komentar=komentar)
        _log(p, "pengaduan.dinilai", None, timezone.now(), nilai=nilai)
    return penilaian


# -- the system ---------------------------------------------------------------------
def pengaduan_tutup_otomatis(*, now: dt.datetime | None = None) -> list[str]:
    """Close answered complaints whose reply window has passed. Returns the ticket numbers."""
    now = now or timezone.now()
    closed = []
    due = Pengaduan.objects.filter(status=Status.DIJAWAB, batas_balasan__lt=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            p = Pengaduan.objects.select_for_update().get(pk=pk)
            if not can_proceed(p.tutup_otomatis):
                continue
            p.tutup_otomatis(by=None)
            p.selesai_pada = now
            _save(p)
            _log(p, "pengaduan.ditutup_otomatis", None, now)
            closed.append(p.nomor)
    return closed


# -- reply templates ---------------------------------------------------------------
def templat_simpan(
    *,
    by,
    templat: TemplatBalasan | None,
    judul: str,
    isi: str,
    status: str = "",
    aktif: bool = True,
    urutan: int = 0,
) -> TemplatBalasan:
    """Create or change a reply template of the admin's own instansi."""
    instansi_id = permissions.staff_instansi_id(by)
    if not permissions.can_manage_templates(by):
        raise PengaduanError(_("Anda tidak berwenang mengelola templat balasan."), status=403)
    if templat is not None and templat.instansi_id != instansi_id:
        raise PengaduanError(_("Templat ini milik instansi lain."), status=403)
    if status and status not in Status.values:
        raise PengaduanError(_("Status tidak dikenal."), status=400)
    with transaction.atomic():
        templat = templat or TemplatBalasan(instansi_id=instansi_id)
        templat.judul = _teks(judul, _("Judul"), maks=120)
        templat.isi = _teks(isi, _("Isi"))
        templat.status = status
        templat.aktif = aktif
        templat.urutan = urutan or 0
        templat.save()
    return templat
