"""Intake at the front desk: the klien (found again or new), the pemohon, the
case with its registration number, tracking code, requirement checklist and
receipt; and the berkas uploads and checks afterwards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from layanan.models import JenisSubjek, KategoriPPKS, Layanan, Persyaratan, SubLayanan
from rujukan import clock
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
    Status,
)
from rujukan.permissions import boleh_mendaftar, pastikan_izin
from rujukan.services.base import (
    ambil_nomor,
    buat_kode_lacak,
    catat_kejadian,
    hash_kode_lacak,
    kunci,
    sekarang,
)
from rujukan.services.issuing import terbitkan_dokumen
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


@dataclass
class HasilRegistrasi:
    rujukan: Rujukan
    kode_lacak: str  # shown once, to be given to the pemohon; only its hash is stored
    tanda_terima: Dokumen
    klien_baru: bool
    rujukan_terbuka_lain: list[Rujukan] = field(default_factory=list)


def _pesan_validasi(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(f"{m}" for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(str(m) for m in exc.messages)


def klien_simpan(
    *, instansi, by, data: DataKlien, klien: Klien | None = None
) -> tuple[Klien, bool]:
    """Create a klien, or update `klien`, or reuse the one with the same NIK.

    Returns (klien, created). Birth date and sex come from the NIK."""
    pastikan_izin(by, "change_klien" if klien else "add_klien", instansi=instansi)
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


def _buat_pemohon(*, instansi, data: DataPemohon, klien: Klien) -> Pemohon:
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
    by,
    layanan: Layanan,
    klien: Klien | DataKlien,
    pemohon: DataPemohon,
    sub_layanan: SubLayanan | None = None,
    kategori_ppks: KategoriPPKS | None = None,
    ringkasan: str = "",
    berkas: dict[int, object] | None = None,
    terpenuhi: list[int] | tuple[int, ...] = (),
    terdaftar_dtks: bool | None = None,
    url_lacak: str = "",
    anggota: list[DataAnggota] | tuple[DataAnggota, ...] = (),
    pengurus: list[DataPengurus] | tuple[DataPengurus, ...] = (),
) -> HasilRegistrasi:
    """Register a case at the front desk.

    Who the case is about follows the standard's `jenis_subjek`: one person;
    a family or group (the klien first, then `anggota`); or an organisation
    (a klien of jenis lembaga, with its `pengurus`).

    `berkas` maps Persyaratan ids to uploaded files; `terpenuhi` lists the ids
    the officer has seen fulfilled (original shown, fact known). Returns the
    case, the tracking code (to hand to the pemohon; only its hash is kept),
    the receipt and the klien's other open cases (to warn the officer)."""
    instansi = layanan.instansi
    if not boleh_mendaftar(user=by, instansi=instansi):
        raise IzinDitolak(_("Anda tidak berwenang mendaftarkan rujukan di instansi ini."))
    if not layanan.aktif:
        raise DataTidakValid(_("Layanan ini tidak sedang diterbitkan."))
    if sub_layanan is not None and sub_layanan.layanan_id != layanan.pk:
        raise DataTidakValid(_("Sub-layanan tidak termasuk layanan ini."))
    if sub_layanan is None and layanan.sub_layanan.exists():
        raise DataTidakValid(_("Pilih sub-layanan yang dimohon."))
    _periksa_subjek(layanan, klien, anggota, pengurus)
    persyaratan = persyaratan_untuk(layanan, sub_layanan)
    ids = {p.pk for p in persyaratan}
    berkas = berkas or {}
    if not set(berkas) <= ids or not set(terpenuhi) <= ids:
        raise DataTidakValid(_("Ada berkas untuk persyaratan yang bukan milik layanan ini."))
    unggahan = {}
    for pid, f in berkas.items():
        try:
            unggahan[pid] = periksa_unggahan(f)
        except ValidationError as exc:
            raise DataTidakValid(_pesan_validasi(exc)) from None
    pada = sekarang()
    with transaction.atomic():
        if isinstance(klien, DataKlien):
            klien_obj, klien_baru = klien_simpan(instansi=instansi, by=by, data=klien)
        else:
            klien_obj, klien_baru = klien, False
            if klien_obj.instansi_id != instansi.pk:
                raise IzinDitolak(_("Klien ini terdaftar pada instansi lain."))
        if klien_obj.jenis != _jenis_klien(layanan):
            raise DataTidakValid(_pesan_jenis_subjek(layanan))
        pemohon_obj = _buat_pemohon(instansi=instansi, data=pemohon, klien=klien_obj)
        tahun = pada.astimezone(ZoneInfo(instansi.zona_waktu)).year
        urut = ambil_nomor(instansi, Penomoran.Jenis.REGISTRASI, tahun)
        kode = buat_kode_lacak()
        rujukan = Rujukan(
            instansi=instansi,
            layanan=layanan,
            sub_layanan=sub_layanan,
            klien=klien_obj,
            pemohon=pemohon_obj,
            kategori_ppks=kategori_ppks,
            ringkasan=ringkasan.strip(),
            tahun=tahun,
            nomor_urut=urut,
            nomor_registrasi=f"RJK-{tahun}-{urut:05d}",
            kode_lacak_hash=hash_kode_lacak(kode),
            terdaftar_dtks=terdaftar_dtks,
            dibuat_oleh=by,
            dibuat_pada=pada,
        )
        rujukan.save()
        _simpan_anggota(rujukan, anggota, by=by)
        _simpan_pengurus(klien_obj, pengurus)
        for p in persyaratan:
            item = BerkasItem(
                rujukan=rujukan,
                persyaratan=p,
                berlaku=not p.kondisi,
                terpenuhi=p.pk in terpenuhi,
            )
            if p.pk in unggahan:
                _simpan_berkas(item, berkas[p.pk], unggahan[p.pk])
            if item.terpenuhi:
                item.diperiksa_oleh, item.diperiksa_pada = by, pada
            item.save()
        clock.mulai_jam(rujukan, pada=pada)
        buat_langkah_kasus(rujukan, by=by, pada=pada)
        tanda_terima = terbitkan_dokumen(
            rujukan=rujukan,
            jenis=JenisDokumen.TANDA_TERIMA,
            by=by,
            penulis=_penerima(by),
            kode_lacak=kode,
            url_lacak=url_lacak,
            bernomor=False,
        )
        catat_kejadian(rujukan, "rujukan.registered", oleh=by)
    return HasilRegistrasi(
        rujukan=rujukan,
        kode_lacak=kode,
        tanda_terima=tanda_terima,
        klien_baru=klien_baru,
        rujukan_terbuka_lain=rujukan_terbuka_klien(klien_obj, kecuali=rujukan),
    )


def _jenis_klien(layanan: Layanan) -> str:
    if layanan.jenis_subjek == JenisSubjek.ORGANISASI:
        return JenisKlien.LEMBAGA
    return JenisKlien.ORANG


def _pesan_jenis_subjek(layanan: Layanan) -> str:
    if layanan.jenis_subjek == JenisSubjek.ORGANISASI:
        return _("Layanan ini untuk lembaga/organisasi: isi data lembaga, bukan perorangan.")
    return _("Layanan ini untuk perorangan: klien tidak boleh berupa lembaga.")


def _periksa_subjek(layanan: Layanan, klien, anggota, pengurus) -> None:
    """Refuse, before anything is saved, subjects the standard does not serve."""
    jenis = klien.jenis if isinstance(klien, DataKlien | Klien) else JenisKlien.ORANG
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
    if isinstance(klien, DataKlien | Klien) and klien.nik:
        nik.append(normalisasi_nomor(klien.nik))
    nik = [normalisasi_nomor(n) for n in nik]
    if len(nik) != len(set(nik)):
        raise DataTidakValid(_("Satu NIK tercatat dua kali di antara klien dan anggotanya."))
    jabatan = [p.jabatan for p in pengurus]
    if not set(jabatan) <= set(PengurusLembaga.Jabatan.values):
        raise DataTidakValid(_("Jabatan pengurus tidak dikenal."))
    if len(jabatan) != len(set(jabatan)):
        raise DataTidakValid(_("Satu jabatan pengurus diisi dua kali."))


def _simpan_anggota(rujukan: Rujukan, anggota, *, by) -> None:
    for urutan, a in enumerate(anggota, start=1):
        klien, _baru = klien_simpan(instansi=rujukan.instansi, by=by, data=a.klien)
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


def _simpan_pengurus(lembaga: Klien, pengurus) -> None:
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


def _penerima(by) -> dict:
    from rujukan.documents import blok_penulis

    return blok_penulis(by)


def _simpan_berkas(item: BerkasItem, f, hasil) -> None:
    item.berkas.save(f"x.{hasil.ekstensi}", f, save=False)
    item.tipe_berkas = hasil.mime
    item.ukuran_berkas = hasil.ukuran
    item.terpenuhi = True


def _item(rujukan: Rujukan, item: BerkasItem | int) -> BerkasItem:
    pk = item.pk if isinstance(item, BerkasItem) else item
    try:
        return rujukan.berkas.select_related("persyaratan").get(pk=pk)
    except BerkasItem.DoesNotExist:
        raise DataTidakValid(_("Persyaratan ini bukan milik rujukan tersebut.")) from None


def berkas_unggah(*, rujukan: Rujukan, by, item: BerkasItem | int, berkas, catatan: str = ""):
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
    by,
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
    "Status",
    "berkas_tandai",
    "berkas_unggah",
    "klien_simpan",
    "persyaratan_untuk",
    "rujukan_register",
    "rujukan_terbuka_klien",
]
