"""Intake at the front desk: the klien (found again or new), the pemohon, the
case with its registration number, tracking code, requirement checklist and
receipt; and the berkas uploads and checks afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from layanan.models import (
    Instansi,
    JenisSubjek,
    KategoriPPKS,
    Layanan,
    Persyaratan,
    SubLayanan,
)
from layanan.pengguna import Pengguna
from layanan.unggahan import HasilUnggahan
from rujukan import clock
from rujukan.documents import blok_penulis
from rujukan.errors import DataTidakValid, IzinDitolak, TransisiTidakSah
from rujukan.langkah import buat_langkah_kasus
from rujukan.models import (
    AnggotaRujukan,
    BerkasItem,
    Dokumen,
    JenisDokumen,
    JenisKlien,
    Klien,
    Pemohon,
    PengurusLembaga,
    Penomoran,
    Rujukan,
    Sumber,
)
from rujukan.permissions import boleh_ajukan_online, boleh_mendaftar, pastikan_izin
from rujukan.services.base import (
    ambil_nomor,
    buat_kode_lacak,
    catat_kejadian,
    hash_kode_lacak,
    kunci,
    sekarang,
)
from rujukan.services.issuing import catat_berkas, terbitkan_dokumen, transaksi_terbit
from rujukan.validators import normalisasi_nomor, periksa_unggahan

BATAS_ANGGOTA = 50


@dataclass
class DataKlien:
    """What the front desk types about the klien (a person, or an organisation
    with `jenis` lembaga and its legal form instead of NIK and birth date)."""

    nama: str
    jenis: str = JenisKlien.ORANG
    bentuk_hukum: str = ""
    nomor_legalitas: str = ""
    npwp: str = ""
    nik: str = ""
    no_kk: str = ""
    alasan_tanpa_identitas: str = ""
    tempat_lahir: str = ""
    tanggal_lahir: dt.date | None = None
    tanggal_lahir_perkiraan: bool = False
    jenis_kelamin: str = ""
    alamat: str = ""
    kelurahan: str = ""
    kecamatan: str = ""
    kabupaten_kota: str = ""


@dataclass
class DataAnggota:
    """One more person of a family or group case, and how they relate to the
    case's first klien."""

    klien: DataKlien
    hubungan: str = ""


@dataclass
class DataPengurus:
    """A named officer of an organisation klien."""

    jabatan: str
    nama: str
    nik: str = ""


@dataclass
class DataPemohon:
    jenis: str
    nama: str = ""
    hubungan: str = ""
    lembaga: str = ""
    telepon: str = ""
    telepon_whatsapp: bool = True
    alamat: str = ""


@dataclass(frozen=True)
class PermohonanBaru:
    """A new case as it is asked for, however it comes in (at the front desk,
    or online by a kelurahan operator or a citizen): the standard, who the case
    is about, who asks, and the papers. The pages build it from their forms in
    one place (rujukan.views.intake.permohonan_dari_form);
    `rujukan_register` and `rujukan_submit_online` take it.

    Who the case is about follows the standard's `jenis_subjek`: one person;
    a family or group (`klien` first, then `anggota`); or an organisation (a
    klien of jenis lembaga, with its `pengurus`). `klien` is a returning
    klien's record, or what was typed about a new one.

    `berkas` maps Persyaratan ids to uploaded files; `terpenuhi` lists the ids
    the front desk has seen fulfilled (original shown, fact known), and
    `terdaftar_dtks` is what the desk knows of the DTKS -- neither is stated
    online."""

    layanan: Layanan
    klien: Klien | DataKlien
    pemohon: DataPemohon
    sub_layanan: SubLayanan | None = None
    kategori_ppks: KategoriPPKS | None = None
    ringkasan: str = ""
    berkas: Mapping[int, File[bytes]] = field(default_factory=dict)
    terpenuhi: Sequence[int] = ()
    terdaftar_dtks: bool | None = None
    url_lacak: str = ""
    anggota: Sequence[DataAnggota] = ()
    pengurus: Sequence[DataPengurus] = ()

    def __post_init__(self) -> None:
        # the lists and the dict a caller passes are copied, read-only
        object.__setattr__(self, "berkas", MappingProxyType(dict(self.berkas or {})))
        for nama in ("terpenuhi", "anggota", "pengurus"):
            object.__setattr__(self, nama, tuple(getattr(self, nama)))


@dataclass
class HasilRegistrasi:
    rujukan: Rujukan
    kode_lacak: str  # shown once, to be given to the pemohon; only its hash is stored
    tanda_terima: Dokumen | None  # None for a citizen's own online request (no officer issues it)
    klien_baru: bool
    rujukan_terbuka_lain: list[Rujukan] = field(default_factory=list)
    ulang: bool = False  # an online form sent again: the case it made the first time


def _pesan_validasi(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(f"{m}" for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(str(m) for m in exc.messages)


def klien_simpan(
    *, instansi: Instansi, by: Pengguna, data: DataKlien, klien: Klien | None = None
) -> tuple[Klien, bool]:
    """Create a klien, or update `klien`, or reuse the one with the same NIK.

    Returns (klien, created). Birth date and sex come from the NIK."""
    pastikan_izin(by, "change_klien" if klien else "add_klien", instansi=instansi)
    return _klien_simpan(instansi=instansi, data=data, klien=klien)


def _klien_simpan(
    *,
    instansi: Instansi,
    data: DataKlien,
    klien: Klien | None = None,
    isi_kosong_saja: bool = False,
) -> tuple[Klien, bool]:
    """klien_simpan without the permission check (done by the caller).

    With `isi_kosong_saja` (an online submission) a klien found again by NIK
    keeps every value the office already holds; only empty ones are filled."""
    if not (data.nama or "").strip():
        raise DataTidakValid(_("Nama klien wajib diisi."))
    created = False
    if klien is None and data.nik:
        klien = Klien.objects.milik(instansi).dengan_nik(data.nik).first()
    if klien is None:
        klien = Klien(instansi=instansi)
        created = True
    elif klien.instansi_id != instansi.pk:
        raise IzinDitolak(_("Klien ini terdaftar pada instansi lain."))
    for name, value in data.__dict__.items():
        if value in ("", None) and not created:
            continue  # a returning klien keeps what is known
        if isi_kosong_saja and not created and getattr(klien, name) not in ("", None):
            continue  # the office's record is not rewritten from outside
        setattr(klien, name, value.strip() if isinstance(value, str) else value)
    try:
        klien.full_clean(exclude=["instansi"])
        klien.isi_dari_nik()
    except ValidationError as exc:
        raise DataTidakValid(_pesan_validasi(exc)) from None
    try:
        with transaction.atomic():
            klien.save()
    except IntegrityError:
        raise DataTidakValid(_("NIK ini sudah terdaftar untuk klien lain.")) from None
    return klien, created


def _buat_pemohon(*, instansi: Instansi, data: DataPemohon, klien: Klien) -> Pemohon:
    if data.jenis not in Pemohon.Jenis.values:
        raise DataTidakValid(_("Jenis pemohon tidak dikenal."))
    nama = data.nama.strip() or (klien.nama if data.jenis == Pemohon.Jenis.KLIEN else "")
    if not nama:
        raise DataTidakValid(_("Nama pemohon wajib diisi."))
    pemohon = Pemohon(
        instansi=instansi,
        jenis=data.jenis,
        nama=nama,
        hubungan=data.hubungan.strip()
        or (_("klien sendiri") if data.jenis == Pemohon.Jenis.KLIEN else ""),
        lembaga=data.lembaga.strip(),
        telepon=data.telepon,
        telepon_whatsapp=data.telepon_whatsapp,
        alamat=data.alamat.strip(),
    )
    try:
        pemohon.full_clean(exclude=["instansi"])
    except ValidationError as exc:
        raise DataTidakValid(_pesan_validasi(exc)) from None
    if pemohon.telepon and not (9 <= len(pemohon.telepon) <= 15):
        raise DataTidakValid(_("Nomor telepon pemohon tidak sah."))
    pemohon.save()
    return pemohon


def persyaratan_untuk(layanan: Layanan, sub_layanan: SubLayanan | None) -> list[Persyaratan]:
    """The requirements of a layanan that apply to a case: the common ones and
    those of the chosen sub-service."""
    rows = layanan.persyaratan.select_related("sub_layanan").all()
    return [
        p
        for p in rows
        if p.sub_layanan_id is None or (sub_layanan and p.sub_layanan_id == sub_layanan.pk)
    ]


def rujukan_terbuka_klien(klien: Klien, *, kecuali: Rujukan | None = None) -> list[Rujukan]:
    qs = klien.rujukan.terbuka().select_related("layanan")
    if kecuali is not None:
        qs = qs.exclude(pk=kecuali.pk)
    return list(qs)


def rujukan_register(
    *,
    by: Pengguna | None,
    permohonan: PermohonanBaru,
    sumber: str = Sumber.LOKET,
    kunci_pengajuan: str = "",
    sebelum_selesai: Callable[[Rujukan], None] | None = None,
    warga_telepon: str = "",
) -> HasilRegistrasi:
    """Register the case `permohonan` asks for at the front desk, or one
    submitted online.

    `sumber` says where it came in. At the front desk (loket) the officer
    registers it and the intake steps are done by him; online
    (rujukan.services.online) a kelurahan operator submits it and the case
    waits at its first step for the front desk. `kunci_pengajuan` makes an
    online form sent twice one case: the second call returns the first case
    (with an empty `kode_lacak`). A citizen without an account (online_warga,
    `by` None) is known by the phone number they proved (`warga_telepon`,
    62…), which becomes the pemohon's number, so the case shows on their own
    page (warga); no receipt is issued in an officer's name for it.
    `sebelum_selesai(rujukan)` runs inside the
    transaction after the requirement rows exist (the online intake records
    its consent and the kelurahan's letter there).

    Returns the case, the tracking code (to hand to the pemohon; only its
    hash is kept), the receipt and the klien's other open cases (to warn the
    officer)."""
    p = permohonan
    instansi = p.layanan.instansi
    if sumber not in Sumber.values:
        raise DataTidakValid(_("Sumber permohonan tidak dikenal."))
    online = sumber != Sumber.LOKET
    if sumber == Sumber.LOKET and (by is None or not boleh_mendaftar(user=by, instansi=instansi)):
        raise IzinDitolak(_("Anda tidak berwenang mendaftarkan rujukan di instansi ini."))
    if sumber == Sumber.ONLINE_OPERATOR and not boleh_ajukan_online(user=by, instansi=instansi):
        raise IzinDitolak(_("Anda tidak berwenang mengajukan permohonan ke instansi ini."))
    if sumber == Sumber.ONLINE_WARGA:
        if by is not None or not warga_telepon:
            raise IzinDitolak(
                _("Pengajuan warga memerlukan nomor telepon yang sudah diverifikasi.")
            )
        p = replace(p, pemohon=replace(p.pemohon, telepon=warga_telepon))
    elif warga_telepon:
        raise DataTidakValid(_("Nomor terverifikasi warga hanya untuk pengajuan warga."))
    if online and not kunci_pengajuan:
        raise DataTidakValid(_("Formulir daring tanpa kunci pengajuan; muat ulang halamannya."))
    if kunci_pengajuan:
        ulang = _pengajuan_ulang(instansi, kunci_pengajuan, by, warga_telepon)
        if ulang is not None:
            return ulang
    if not p.layanan.aktif:
        raise DataTidakValid(_("Layanan ini tidak sedang diterbitkan."))
    if p.sub_layanan is not None and p.sub_layanan.layanan_id != p.layanan.pk:
        raise DataTidakValid(_("Sub-layanan tidak termasuk layanan ini."))
    if p.sub_layanan is None and p.layanan.sub_layanan.exists():
        raise DataTidakValid(_("Pilih sub-layanan yang dimohon."))
    _periksa_subjek(p)
    persyaratan = persyaratan_untuk(p.layanan, p.sub_layanan)
    ids = {syarat.pk for syarat in persyaratan}
    if not set(p.berkas) <= ids or not set(p.terpenuhi) <= ids:
        raise DataTidakValid(_("Ada berkas untuk persyaratan yang bukan milik layanan ini."))
    unggahan = {}
    for pid, f in p.berkas.items():
        try:
            unggahan[pid] = periksa_unggahan(f)
        except ValidationError as exc:
            raise DataTidakValid(_pesan_validasi(exc)) from None
    pada = sekarang()
    try:
        with transaksi_terbit():
            hasil = _daftarkan(
                by=by,
                p=p,
                persyaratan=persyaratan,
                unggahan=unggahan,
                sumber=sumber,
                kunci_pengajuan=kunci_pengajuan,
                sebelum_selesai=sebelum_selesai,
                pada=pada,
            )
    except (IntegrityError, DataTidakValid):
        # the same online form sent twice at once: the other request won (its
        # case, or its new klien with the same NIK, was committed first)
        ulang = (
            _pengajuan_ulang(instansi, kunci_pengajuan, by, warga_telepon)
            if kunci_pengajuan
            else None
        )
        if ulang is None:
            raise
        return ulang
    klien_obj = hasil.rujukan.klien
    hasil.rujukan_terbuka_lain = (
        [] if online else rujukan_terbuka_klien(klien_obj, kecuali=hasil.rujukan)
    )
    return hasil


def _pengajuan_ulang(
    instansi: Instansi, kunci_pengajuan: str, by: Pengguna | None, warga_telepon: str = ""
) -> HasilRegistrasi | None:
    """The case an online form with this key already made, for the same
    submitter (the same account, or the same proven phone number); another
    submitter's key is refused."""
    lama = (
        Rujukan.objects.filter(instansi=instansi, kunci_pengajuan=kunci_pengajuan)
        .select_related("klien", "pemohon")
        .first()
    )
    if lama is None:
        return None
    if by is not None:
        sama = lama.dibuat_oleh_id == by.pk
    else:
        sidik = Pemohon._meta.get_field("telepon").sidik_dari(warga_telepon)
        sama = bool(warga_telepon) and lama.dibuat_oleh_id is None
        sama = sama and lama.pemohon.telepon_sidik == sidik
    if not sama:
        raise DataTidakValid(_("Formulir ini sudah dipakai; muat ulang halamannya."))
    tanda_terima = lama.dokumen.filter(jenis=JenisDokumen.TANDA_TERIMA).first()
    return HasilRegistrasi(
        rujukan=lama, kode_lacak="", tanda_terima=tanda_terima, klien_baru=False, ulang=True
    )


def _daftarkan(
    *,
    by: Pengguna | None,
    p: PermohonanBaru,
    persyaratan: list[Persyaratan],
    unggahan: dict[int, HasilUnggahan],
    sumber: str,
    kunci_pengajuan: str,
    sebelum_selesai: Callable[[Rujukan], None] | None,
    pada: dt.datetime,
) -> HasilRegistrasi:
    """The writes of rujukan_register, inside its transaction."""
    layanan = p.layanan
    instansi = layanan.instansi
    online = sumber != Sumber.LOKET
    if isinstance(p.klien, DataKlien):
        klien_obj, klien_baru = _klien_simpan(
            instansi=instansi, data=p.klien, isi_kosong_saja=online
        )
    else:
        klien_obj, klien_baru = p.klien, False
        if klien_obj.instansi_id != instansi.pk:
            raise IzinDitolak(_("Klien ini terdaftar pada instansi lain."))
    if klien_obj.jenis != _jenis_klien(layanan):
        raise DataTidakValid(_pesan_jenis_subjek(layanan))
    pemohon_obj = _buat_pemohon(instansi=instansi, data=p.pemohon, klien=klien_obj)
    tahun = pada.astimezone(ZoneInfo(instansi.zona_waktu)).year
    urut = ambil_nomor(instansi, Penomoran.Jenis.REGISTRASI, tahun)
    kode = buat_kode_lacak()
    rujukan = Rujukan(
        instansi=instansi,
        layanan=layanan,
        sub_layanan=p.sub_layanan,
        klien=klien_obj,
        pemohon=pemohon_obj,
        kategori_ppks=p.kategori_ppks,
        ringkasan=p.ringkasan.strip(),
        tahun=tahun,
        nomor_urut=urut,
        nomor_registrasi=f"RJK-{tahun}-{urut:05d}",
        kode_lacak_hash=hash_kode_lacak(kode),
        terdaftar_dtks=p.terdaftar_dtks,
        dibuat_oleh=by,
        dibuat_pada=pada,
        sumber=sumber,
        kunci_pengajuan=kunci_pengajuan,
    )
    rujukan.save()
    _simpan_anggota(rujukan, p.anggota, online=online)
    _simpan_pengurus(klien_obj, p.pengurus)
    for syarat in persyaratan:
        item = BerkasItem(
            rujukan=rujukan,
            persyaratan=syarat,
            berlaku=not syarat.kondisi,
            terpenuhi=syarat.pk in p.terpenuhi,
        )
        if syarat.pk in unggahan:
            _simpan_berkas(item, p.berkas[syarat.pk], unggahan[syarat.pk])
        if item.terpenuhi and not online:  # online: the front desk checks it later
            item.diperiksa_oleh, item.diperiksa_pada = by, pada
        item.save()
    if sebelum_selesai is not None:
        sebelum_selesai(rujukan)
    clock.mulai_jam(rujukan, pada=pada)
    buat_langkah_kasus(rujukan, by=by, pada=pada, online=online)
    tanda_terima = None
    if by is not None:  # a receipt is issued in someone's name
        tanda_terima = terbitkan_dokumen(
            rujukan=rujukan,
            jenis=JenisDokumen.TANDA_TERIMA,
            by=by,
            penulis=_penerima_daring() if online else blok_penulis(by),
            kode_lacak=kode,
            url_lacak=p.url_lacak,
            bernomor=False,
        )
    kejadian = "rujukan.submitted_online" if online else "rujukan.registered"
    catat_kejadian(rujukan, kejadian, oleh=by, sumber=sumber)
    return HasilRegistrasi(
        rujukan=rujukan, kode_lacak=kode, tanda_terima=tanda_terima, klien_baru=klien_baru
    )


def _jenis_klien(layanan: Layanan) -> str:
    if layanan.jenis_subjek == JenisSubjek.ORGANISASI:
        return JenisKlien.LEMBAGA
    return JenisKlien.ORANG


def _pesan_jenis_subjek(layanan: Layanan) -> str:
    if layanan.jenis_subjek == JenisSubjek.ORGANISASI:
        return _("Layanan ini untuk lembaga/organisasi: isi data lembaga, bukan perorangan.")
    return _("Layanan ini untuk perorangan: klien tidak boleh berupa lembaga.")


def _periksa_subjek(p: PermohonanBaru) -> None:
    """Refuse, before anything is saved, subjects the standard does not serve."""
    layanan, klien, anggota, pengurus = p.layanan, p.klien, p.anggota, p.pengurus
    jenis = klien.jenis
    if jenis != _jenis_klien(layanan):
        raise DataTidakValid(_pesan_jenis_subjek(layanan))
    if anggota and layanan.jenis_subjek != JenisSubjek.KELUARGA:
        raise DataTidakValid(
            _("Layanan ini untuk satu klien; anggota keluarga/kelompok tidak dicatat di sini.")
        )
    if len(anggota) > BATAS_ANGGOTA:
        raise DataTidakValid(
            _("Paling banyak %(n)s anggota dalam satu rujukan.") % {"n": BATAS_ANGGOTA}
        )
    if pengurus and jenis != JenisKlien.LEMBAGA:
        raise DataTidakValid(_("Pengurus hanya dicatat untuk klien berupa lembaga."))
    for a in anggota:
        if a.klien.jenis != JenisKlien.ORANG:
            raise DataTidakValid(_("Anggota keluarga/kelompok harus perorangan."))
    nik = [a.klien.nik for a in anggota if a.klien.nik]
    if klien.nik:
        nik.append(normalisasi_nomor(klien.nik))
    nik = [normalisasi_nomor(n) for n in nik]
    if len(nik) != len(set(nik)):
        raise DataTidakValid(_("Satu NIK tercatat dua kali di antara klien dan anggotanya."))
    jabatan = [p.jabatan for p in pengurus]
    if not set(jabatan) <= set(PengurusLembaga.Jabatan.values):
        raise DataTidakValid(_("Jabatan pengurus tidak dikenal."))
    if len(jabatan) != len(set(jabatan)):
        raise DataTidakValid(_("Satu jabatan pengurus diisi dua kali."))


def _simpan_anggota(rujukan: Rujukan, anggota: Sequence[DataAnggota], *, online: bool) -> None:
    for urutan, a in enumerate(anggota, start=1):
        klien, _baru = _klien_simpan(
            instansi=rujukan.instansi, data=a.klien, isi_kosong_saja=online
        )
        if klien.pk == rujukan.klien_id:
            raise DataTidakValid(_("Klien utama tidak perlu dicatat lagi sebagai anggota."))
        try:
            with transaction.atomic():
                AnggotaRujukan.objects.create(
                    rujukan=rujukan, klien=klien, hubungan=a.hubungan.strip(), urutan=urutan
                )
        except IntegrityError:
            raise DataTidakValid(
                _("%(nama)s tercatat dua kali sebagai anggota.") % {"nama": klien.nama}
            ) from None


def _simpan_pengurus(lembaga: Klien, pengurus: Sequence[DataPengurus]) -> None:
    """Record (or correct) the organisation's named officers."""
    for p in pengurus:
        if not p.nama.strip():
            continue
        obj = PengurusLembaga.objects.filter(lembaga=lembaga, jabatan=p.jabatan).first()
        obj = obj or PengurusLembaga(lembaga=lembaga, jabatan=p.jabatan)
        obj.nama, obj.nik = p.nama.strip(), p.nik
        try:
            obj.full_clean(exclude=["lembaga"])
        except ValidationError as exc:
            raise DataTidakValid(f"{obj.get_jabatan_display()}: {_pesan_validasi(exc)}") from None
        obj.save()


def _penerima_daring() -> dict[str, Any]:
    """The receipt of an online submission: received by the portal, not an officer."""
    return {
        "baris": [],
        "nama": _("Portal layanan daring"),
        "pangkat": "",
        "nip": "",
        "jabatan": "",
    }


def _simpan_berkas(item: BerkasItem, f: File[bytes], hasil: HasilUnggahan) -> None:
    item.berkas.save(f"x.{hasil.ekstensi}", f, save=False)
    catat_berkas(item.berkas)  # deleted again if the transaction rolls back
    item.tipe_berkas = hasil.mime
    item.ukuran_berkas = hasil.ukuran
    item.terpenuhi = True


def _item(rujukan: Rujukan, item: BerkasItem | int) -> BerkasItem:
    pk = item.pk if isinstance(item, BerkasItem) else item
    try:
        return rujukan.berkas.select_related("persyaratan").get(pk=pk)
    except BerkasItem.DoesNotExist:
        raise DataTidakValid(_("Persyaratan ini bukan milik rujukan tersebut.")) from None


def berkas_unggah(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    item: BerkasItem | int,
    berkas: File[bytes],
    catatan: str = "",
) -> BerkasItem:
    """Attach a file to one document requirement of an open case."""
    try:
        hasil = periksa_unggahan(berkas)
    except ValidationError as exc:
        raise DataTidakValid(_pesan_validasi(exc)) from None
    with transaction.atomic():
        rujukan = kunci(rujukan)
        pastikan_izin(by, "periksa_berkas", rujukan=rujukan)
        if not rujukan.terbuka:
            raise TransisiTidakSah(_("Rujukan sudah ditutup; berkas tidak dapat diubah."))
        obj = _item(rujukan, item)
        if obj.persyaratan.jenis != Persyaratan.Jenis.DOKUMEN:
            raise DataTidakValid(_("Persyaratan ini bukan dokumen yang diunggah."))
        lama = obj.berkas.name if obj.berkas else ""
        _simpan_berkas(obj, berkas, hasil)
        obj.catatan = catatan.strip() or obj.catatan
        obj.diperiksa_oleh, obj.diperiksa_pada = by, sekarang()
        obj.save()
        catat_kejadian(
            rujukan, "rujukan.berkas_uploaded", oleh=by, persyaratan=obj.persyaratan.teks[:100]
        )
        if lama:
            storage, nama = obj.berkas.storage, lama
            transaction.on_commit(lambda: storage.delete(nama))
    return obj


def berkas_tandai(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    item: BerkasItem | int,
    terpenuhi: bool,
    berlaku: bool = True,
    catatan: str = "",
) -> BerkasItem:
    """Mark one requirement as fulfilled or not (or not applicable) after checking it."""
    with transaction.atomic():
        rujukan = kunci(rujukan)
        obj = _item(rujukan, item)
        try:  # the front desk checks papers; the social worker checks facts too
            pastikan_izin(by, "verifikasi", rujukan=rujukan)
        except IzinDitolak:
            pastikan_izin(by, "periksa_berkas", rujukan=rujukan)
        if not rujukan.terbuka:
            raise TransisiTidakSah(_("Rujukan sudah ditutup; berkas tidak dapat diubah."))
        if not berlaku and not obj.boleh_tidak_berlaku:
            raise DataTidakValid(
                _("Persyaratan wajib tanpa syarat tidak dapat dinyatakan tidak berlaku.")
            )
        catatan = catatan.strip()
        if not berlaku and obj.persyaratan.wajib and not obj.persyaratan.kondisi:
            # the documented exception: the reason goes with the requirement, for
            # every approver to see
            alasan = _("Klien tanpa dokumen identitas: %(a)s") % {
                "a": rujukan.klien.alasan_tanpa_identitas.strip()
            }
            catatan = f"{alasan} {catatan}".strip()[:300]
        obj.terpenuhi, obj.berlaku = terpenuhi, berlaku
        obj.catatan = catatan
        obj.diperiksa_oleh, obj.diperiksa_pada = by, sekarang()
        obj.save()
        catat_kejadian(
            rujukan,
            "rujukan.berkas_checked",
            oleh=by,
            catatan=obj.catatan,
            persyaratan=obj.persyaratan.teks[:100],
            terpenuhi=terpenuhi,
        )
    return obj


__all__ = [
    "DataKlien",
    "DataPemohon",
    "HasilRegistrasi",
    "PermohonanBaru",
    "berkas_tandai",
    "berkas_unggah",
    "klien_simpan",
    "persyaratan_untuk",
    "rujukan_register",
    "rujukan_terbuka_klien",
]
