"""Use cases of the field pages. Each runs in one transaction and moves the
case only through the rujukan services; photos are checked and resized
before the transaction starts, and stored files are removed again if it
fails, so nothing is half-saved."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from lapangan import media
from lapangan.models import Dokumentasi, KirimanLuring
from lapangan.permissions import boleh_buka
from layanan.models import Instansi, Panti
from layanan.pengguna import Pengguna
from rujukan import services as rs
from rujukan.dtks import dtks_klien
from rujukan.errors import DataTidakValid, IzinDitolak, Konflik, TransisiTidakSah
from rujukan.models import Asesmen, DataDTKS, Kegiatan, Rujukan, Status
from rujukan.validators import normalisasi_nomor, validate_nik

# -- uploads -------------------------------------------------------------------------------


@dataclass
class Unggahan:
    """Checked media of one submission, ready to be stored."""

    foto: list[media.FotoOlahan] = field(default_factory=list)
    video: tuple[UploadedFile[bytes], media.VideoDiperiksa] | None = None


def periksa_unggahan(
    *,
    foto: Sequence[UploadedFile[bytes] | None] = (),
    video: UploadedFile[bytes] | None = None,
) -> Unggahan:
    """Check every photo and the video by content (DataTidakValid, with every
    problem named, otherwise)."""
    foto = [f for f in foto if f]
    if len(foto) > media.MAKS_FOTO_PER_KIRIMAN:
        raise DataTidakValid(
            _("Paling banyak %(n)s foto sekali kirim.") % {"n": media.MAKS_FOTO_PER_KIRIMAN}
        )
    hasil, galat = Unggahan(), []
    for f in foto:
        try:
            hasil.foto.append(media.olah_foto(f))
        except ValidationError as exc:
            galat.extend(exc.messages)
    if video:
        try:
            hasil.video = (video, media.periksa_video(video))
        except ValidationError as exc:
            galat.extend(exc.messages)
    if galat:
        raise DataTidakValid(" ".join(galat))
    return hasil


class _Simpanan:
    """Files written during a transaction, removed again if it rolls back."""

    def __init__(self) -> None:
        self.nama: list[tuple[Storage, str]] = []

    def simpan(self, field_file: FieldFile, nama: str, isi: File[bytes]) -> None:
        field_file.save(nama, isi, save=False)
        self.nama.append((field_file.storage, str(field_file.name)))

    def buang(self) -> None:
        for storage, nama in self.nama:
            with contextlib.suppress(Exception):  # best effort: the row was never saved
                storage.delete(nama)


def _lampirkan(
    simpanan: _Simpanan, *, rujukan: Rujukan, by: Pengguna, unggahan: Unggahan, **induk: Any
) -> list[Dokumentasi]:
    out = []
    for foto in unggahan.foto:
        d = Dokumentasi(
            rujukan=rujukan,
            jenis=Dokumentasi.Jenis.FOTO,
            mime="image/jpeg",
            ukuran=len(foto.jpeg),
            lebar=foto.lebar,
            tinggi=foto.tinggi,
            diunggah_oleh=by,
            **induk,
        )
        simpanan.simpan(d.berkas, "foto.jpg", ContentFile(foto.jpeg))
        simpanan.simpan(d.kecil, "kecil.jpg", ContentFile(foto.kecil))
        d.save()
        out.append(d)
    if unggahan.video is not None:
        berkas, info = unggahan.video
        berkas.seek(0)
        d = Dokumentasi(
            rujukan=rujukan,
            jenis=Dokumentasi.Jenis.VIDEO,
            mime=info.mime,
            ukuran=info.ukuran,
            diunggah_oleh=by,
            **induk,
        )
        simpanan.simpan(d.berkas, f"video.{info.ekstensi}", berkas)
        d.save()
        out.append(d)
    return out


def pastikan_ditugaskan(*, rujukan: Rujukan, by: Pengguna) -> None:
    """The field record of a case is written by the peksos assigned to it (or a
    Koordinator/Kabid of the same instansi; the rujukan services then check
    the role's own permission)."""
    if not boleh_buka(user=by, rujukan=rujukan):
        raise IzinDitolak(
            _("Hanya pekerja sosial yang ditugaskan pada rujukan ini yang dapat mencatatnya.")
        )


# -- idempotency: a form sent twice (a queue replayed after a lost answer) ----------------------


def kiriman_terdahulu(
    *, kunci: uuid.UUID, by: Pengguna, rujukan: Rujukan, jenis: str
) -> KirimanLuring | None:
    """The first submission with this key, or None. A key already used for
    another case, another kind of record or by another user is bad input."""
    k = KirimanLuring.objects.filter(kunci=kunci).first()
    if k is None:
        return None
    if k.oleh_id != by.pk or k.rujukan_id != rujukan.pk or k.jenis != jenis:
        raise DataTidakValid(
            _("Kunci kiriman ini sudah dipakai untuk catatan lain; kiriman tidak diproses.")
        )
    return k


def _catat_kunci(
    *, kunci: uuid.UUID | None, by: Pengguna, rujukan: Rujukan, jenis: str
) -> KirimanLuring | None:
    """Take the key first thing in the transaction: a concurrent request with
    the same key waits on the unique index and then fails (IntegrityError),
    and answers the first result (see _ulang)."""
    if kunci is None:
        return None
    return KirimanLuring.objects.create(kunci=kunci, jenis=jenis, rujukan=rujukan, oleh=by)


def _ulang(*, kunci: uuid.UUID, by: Pengguna, rujukan: Rujukan, jenis: str) -> KirimanLuring:
    k = kiriman_terdahulu(kunci=kunci, by=by, rujukan=rujukan, jenis=jenis)
    if k is None:  # the IntegrityError was something else
        raise Konflik(_("Kiriman bertabrakan dengan kiriman lain; coba kirim lagi."))
    return k


@dataclass(frozen=True)
class DasarFormulir:
    """What the phone knew when the form was opened: the case's stage and its
    latest assessment. A queued assessment is refused (409) when either has
    changed since: the case moved meanwhile."""

    tahap: str
    asesmen_terakhir: int | None


def _pastikan_tidak_berubah(*, rujukan: Rujukan, dasar: DasarFormulir) -> None:
    if rujukan.status != dasar.tahap:
        lama = dict(Status.choices).get(dasar.tahap, dasar.tahap)
        raise Konflik(
            _(
                "Rujukan ini sudah berpindah dari tahap “%(lama)s” ke “%(baru)s” sejak formulir "
                "dibuka. Asesmen ini tidak disimpan; salin isinya bila masih diperlukan."
            )
            % {"lama": lama, "baru": rujukan.get_status_display()}
        )
    terakhir = Asesmen.objects.filter(rujukan=rujukan).order_by("-pk").first()
    if terakhir is not None and terakhir.pk != dasar.asesmen_terakhir:
        nama = getattr(getattr(terakhir.oleh, "pegawai", None), "nama", "") or str(terakhir.oleh)
        raise Konflik(
            _(
                "Asesmen lain sudah dicatat oleh %(nama)s sejak formulir ini dibuka. Asesmen ini "
                "tidak disimpan; salin isinya bila masih diperlukan."
            )
            % {"nama": nama}
        )


# -- assessment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataAsesmen:
    kesimpulan_layak: bool
    alasan: str
    instrumen: dict[str, str]
    identitas_sesuai: bool | None = None
    permasalahan: str = ""
    rekomendasi: str = ""
    # one row per eligibility fact: persyaratan, teks, fakta, wajib, terpenuhi, bukti
    fakta_kelayakan: list[dict[str, Any]] = field(default_factory=list)
    panti_rekomendasi: Panti | None = None
    lokasi: tuple[object, ...] | None = None


@dataclass(frozen=True)
class HasilAsesmen:
    asesmen: Asesmen | None  # None only when a replayed key's assessment was deleted since
    rujukan: Rujukan
    pesan: str  # what happened to the case, for the flash message
    ulang: bool = False  # the same key was sent before: nothing was recorded again


def lapangan_save_assessment(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    data: DataAsesmen,
    foto: Sequence[UploadedFile[bytes] | None] = (),
    ajukan_konsep: bool = False,
    kunci: uuid.UUID | None = None,
    dasar: DasarFormulir | None = None,
) -> HasilAsesmen:
    """Record the lembar asesmen with its photos and drive the case on:
    - at field verification: eligible → verification completed (next stage of
      the standard); not eligible → closed as not eligible, with the reason;
    - with `ajukan_konsep`, when the next stage is drafting, the draft of the
      standard's products goes to its approval chain at once;
    - during handling (a re-assessment) the case stays where it is.

    With `kunci` (an idempotency key) a second call answers the first result
    and records nothing; with `dasar` the case must not have moved since the
    form was opened (Konflik, 409).
    """
    if kunci is not None:
        lama = kiriman_terdahulu(kunci=kunci, by=by, rujukan=rujukan, jenis="asesmen")
        if lama is not None:
            return HasilAsesmen(lama.asesmen, rujukan, lama.pesan, ulang=True)
    pastikan_ditugaskan(rujukan=rujukan, by=by)
    if dasar is not None:
        _pastikan_tidak_berubah(rujukan=rujukan, dasar=dasar)
    if not (data.alasan or "").strip():
        raise DataTidakValid(_("Tuliskan alasan kesimpulan asesmen."))
    unggahan = periksa_unggahan(foto=foto)
    fakta = {}
    for row in data.fakta_kelayakan:
        if row.get("fakta") and row.get("terpenuhi") is not None:
            fakta[row["fakta"]] = bool(row["terpenuhi"])
    if data.kesimpulan_layak:
        gagal = [
            row["teks"]
            for row in data.fakta_kelayakan
            if row.get("wajib") and row.get("terpenuhi") is False
        ]
        if gagal:
            raise DataTidakValid(
                _("Kesimpulan “layak” bertentangan dengan fakta yang tidak terpenuhi: %(f)s.")
                % {"f": "; ".join(t[:80] for t in gagal)}
            )
    simpanan = _Simpanan()
    try:
        with transaction.atomic():
            kiriman = _catat_kunci(kunci=kunci, by=by, rujukan=rujukan, jenis="asesmen")
            asesmen = rs.rujukan_record_assessment(
                rujukan=rujukan,
                by=by,
                kesimpulan_layak=data.kesimpulan_layak,
                alasan=data.alasan,
                permasalahan=data.permasalahan,
                rekomendasi=data.rekomendasi,
                fakta=fakta or None,
                instrumen=data.instrumen,
                identitas_sesuai=data.identitas_sesuai,
                fakta_kelayakan=[
                    {k: row.get(k) for k in ("persyaratan", "teks", "fakta", "terpenuhi", "bukti")}
                    for row in data.fakta_kelayakan
                ],
                panti_rekomendasi=data.panti_rekomendasi,
                lokasi=data.lokasi,
            )
            _lampirkan(simpanan, rujukan=rujukan, by=by, unggahan=unggahan, asesmen=asesmen)
            r = Rujukan.objects.get(pk=rujukan.pk)
            pesan = _("Asesmen tersimpan.")
            if r.status == Status.VERIFIKASI:
                if data.kesimpulan_layak:
                    if data.panti_rekomendasi is not None:
                        r = rs.rujukan_set_target_panti(
                            rujukan=r, by=by, panti=data.panti_rekomendasi
                        )
                    r = rs.rujukan_complete_verification(
                        rujukan=r, by=by, catatan=_("Asesmen: klien layak dilayani.")
                    )
                    pesan = _("Asesmen tersimpan; verifikasi selesai. Tahap sekarang: %(t)s.")
                    if ajukan_konsep and r.status == Status.PENYUSUNAN:
                        rs.rujukan_submit_for_approval(rujukan=r, by=by)
                        r.refresh_from_db()
                        pesan = _(
                            "Asesmen tersimpan dan konsep diajukan untuk persetujuan. "
                            "Tahap sekarang: %(t)s."
                        )
                else:
                    r = rs.rujukan_reject_ineligible(rujukan=r, by=by, alasan=data.alasan)
                    pesan = _("Asesmen tersimpan; klien dinyatakan tidak memenuhi syarat.")
            pesan = pesan % {"t": r.get_status_display()} if "%(t)s" in pesan else pesan
            if kiriman is not None:
                kiriman.asesmen, kiriman.pesan = asesmen, pesan[:300]
                kiriman.save(update_fields=["asesmen", "pesan"])
    except IntegrityError:
        simpanan.buang()
        if kunci is None:
            raise
        lama = _ulang(kunci=kunci, by=by, rujukan=rujukan, jenis="asesmen")
        return HasilAsesmen(lama.asesmen, rujukan, lama.pesan, ulang=True)
    except Exception:
        simpanan.buang()
        raise
    return HasilAsesmen(asesmen, r, pesan)


# -- activities -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataKegiatan:
    jenis: str
    tanggal: dt.date
    uraian: str
    hasil: str = ""
    bentuk: str = ""
    tempat: str = ""
    unsur: tuple[str, ...] = ()  # names from the standard's UnsurTerlibat
    unsur_lain: str = ""
    lokasi: tuple[object, ...] | None = None


def _unsur_teks(data: DataKegiatan) -> str:
    bagian = [u.strip() for u in data.unsur if u.strip()]
    if data.unsur_lain.strip():
        bagian.append(data.unsur_lain.strip())
    return ", ".join(dict.fromkeys(bagian))


def lapangan_record_activity(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    data: DataKegiatan,
    foto: Sequence[UploadedFile[bytes] | None] = (),
    video: UploadedFile[bytes] | None = None,
    akhiri_reunifikasi: bool = False,
    kunci: uuid.UUID | None = None,
) -> Kegiatan | None:
    """Record a dated activity with its photos/video. A reunification that
    ends the case (`akhiri_reunifikasi`) takes the case's reunite edge, which
    also issues the Laporan Sosial where the standard has it. With `kunci`
    (an idempotency key) a second call answers the first activity and
    records nothing."""
    if kunci is not None:
        lama = kiriman_terdahulu(kunci=kunci, by=by, rujukan=rujukan, jenis="kegiatan")
        if lama is not None:
            return lama.kegiatan
    pastikan_ditugaskan(rujukan=rujukan, by=by)
    unggahan = periksa_unggahan(foto=foto, video=video)
    unsur = _unsur_teks(data)
    simpanan = _Simpanan()
    try:
        with transaction.atomic():
            if akhiri_reunifikasi and data.jenis != Kegiatan.Jenis.REUNIFIKASI:
                raise DataTidakValid(_("Hanya kegiatan reunifikasi yang dapat mengakhiri kasus."))
            kiriman = _catat_kunci(kunci=kunci, by=by, rujukan=rujukan, jenis="kegiatan")
            # the activity and its evidence first, so the Laporan Sosial that
            # the reunification issues includes them
            kegiatan = rs.rujukan_record_activity(
                rujukan=rujukan,
                by=by,
                jenis=data.jenis,
                tanggal=data.tanggal,
                uraian=data.uraian,
                hasil=data.hasil,
                bentuk=data.bentuk,
                tempat=data.tempat,
                unsur_terlibat=unsur,
                lokasi=data.lokasi,
            )
            _lampirkan(simpanan, rujukan=rujukan, by=by, unggahan=unggahan, kegiatan=kegiatan)
            if akhiri_reunifikasi:
                rs.rujukan_reunite(rujukan=rujukan, by=by, kegiatan=kegiatan)
            if kiriman is not None:
                kiriman.kegiatan = kegiatan
                kiriman.save(update_fields=["kegiatan"])
    except IntegrityError:
        simpanan.buang()
        if kunci is None:
            raise
        return _ulang(kunci=kunci, by=by, rujukan=rujukan, jenis="kegiatan").kegiatan
    except Exception:
        simpanan.buang()
        raise
    return kegiatan


# -- DTKS ---------------------------------------------------------------------------------------


def lapangan_check_dtks(*, rujukan: Rujukan, by: Pengguna) -> Rujukan:
    """The standard's DTKS check at the file-check stage (Depok, step 3): a
    klien found in the imported extract skips the home-visit survey; one who
    is not goes on to field verification, where the survey is done."""
    r = rujukan
    if not r.alur.verifikasi_kecuali_dtks:
        raise TransisiTidakSah(_("Standar layanan ini tidak memuat pemeriksaan DTKS."))
    cek = dtks_klien(klien=r.klien, instansi=r.instansi)
    if not cek.ada_data:
        raise TransisiTidakSah(
            _("Data DTKS/DTSEN belum diimpor oleh instansi ini; minta Admin Instansi mengimpornya.")
        )
    with transaction.atomic():
        if cek.terdaftar:
            return rs.rujukan_skip_verification(rujukan=r, by=by, catatan=cek.keterangan)
        r = rs.rujukan_accept_berkas(rujukan=r, by=by, catatan=cek.keterangan)
        Rujukan.objects.filter(pk=r.pk).update(terdaftar_dtks=False)
        r.refresh_from_db()
        return r


@dataclass
class HasilImpor:
    dibuat: int = 0
    diperbarui: int = 0
    tidak_berubah: int = 0
    galat: list[str] = field(default_factory=list)  # "Baris 4: NIK …"

    @property
    def jumlah(self) -> int:
        return self.dibuat + self.diperbarui + self.tidak_berubah


KOLOM_DTKS = ("nik", "nama", "alamat", "desil", "tanggal_data")
_ALIAS = {
    "no_nik": "nik",
    "nama_lengkap": "nama",
    "desil_kesejahteraan": "desil",
    "tanggal": "tanggal_data",
    "tgl_data": "tanggal_data",
}


def _tanggal(teks: str) -> dt.date:
    teks = teks.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(teks, fmt).date()
        except ValueError:
            continue
    raise ValueError(teks)


def dtks_impor(
    *,
    instansi: Instansi,
    berkas: IO[bytes] | IO[str] | File[bytes] | bytes | str,
    by: Pengguna | None = None,
    tanggal_data: dt.date | None = None,
) -> HasilImpor:
    """Import the office's DTKS/DTSEN extract from CSV (columns nik, nama,
    alamat, desil, tanggal_data; `;` or `,` separated; UTF-8).

    Every row is checked first; if any row is wrong nothing is imported and
    the error report names each line. Otherwise all rows are written in one
    transaction, matched by NIK within the instansi: importing the same file
    again changes nothing (idempotent)."""
    raw = berkas.read() if hasattr(berkas, "read") else berkas
    if isinstance(raw, bytes):
        try:
            teks = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataTidakValid(_("Berkas CSV harus berupa teks UTF-8.")) from None
    else:
        teks = raw
    if not teks.strip():
        raise DataTidakValid(_("Berkas CSV kosong."))
    try:
        dialect = csv.Sniffer().sniff(teks.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(teks), dialect)
    kepala = [_ALIAS.get(h.strip().lower(), h.strip().lower()) for h in next(reader, [])]
    hilang = [k for k in ("nik", "nama") if k not in kepala]
    if hilang or (tanggal_data is None and "tanggal_data" not in kepala):
        wajib = ["nik", "nama"] + ([] if tanggal_data else ["tanggal_data"])
        raise DataTidakValid(
            _("Baris 1: kolom wajib tidak ada (%(k)s). Kolom yang dikenal: %(semua)s.")
            % {"k": ", ".join(k for k in wajib if k not in kepala), "semua": ", ".join(KOLOM_DTKS)}
        )
    hasil = HasilImpor()
    baris: dict[str, dict[str, Any]] = {}
    for no, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        data = dict(zip(kepala, (c.strip() for c in row), strict=False))
        masalah = []
        nik = normalisasi_nomor(data.get("nik", ""))
        try:
            validate_nik(nik)
        except ValidationError as exc:
            masalah.append(" ".join(exc.messages))
        nama = data.get("nama", "")
        if not nama:
            masalah.append(_("nama kosong"))
        elif len(nama) > 150:
            masalah.append(_("nama lebih dari 150 huruf"))
        desil = None
        if data.get("desil"):
            try:
                desil = int(data["desil"])
                if not 1 <= desil <= 10:
                    raise ValueError
            except ValueError:
                masalah.append(_("desil harus angka 1 sampai 10 (“%(d)s”)") % {"d": data["desil"]})
        tgl = tanggal_data
        if data.get("tanggal_data"):
            try:
                tgl = _tanggal(data["tanggal_data"])
            except ValueError:
                masalah.append(
                    _("tanggal data tidak dikenal (“%(t)s”; pakai 2026-01-31 atau 31-01-2026)")
                    % {"t": data["tanggal_data"]}
                )
        elif tgl is None:
            masalah.append(_("tanggal data kosong"))
        if tgl and tgl > timezone.localdate():
            masalah.append(_("tanggal data di masa depan"))
        if nik in baris and not masalah:
            masalah.append(_("NIK sama dengan baris %(b)s") % {"b": baris[nik]["no"]})
        if masalah:
            hasil.galat.append(_("Baris %(no)s: %(m)s.") % {"no": no, "m": "; ".join(masalah)})
            continue
        baris[nik] = {
            "no": no,
            "nama": nama,
            "alamat": data.get("alamat", "")[:300],
            "desil": desil,
            "tanggal_data": tgl,
        }
    if hasil.galat:
        return hasil
    if not baris:
        raise DataTidakValid(_("Berkas CSV tidak memuat satu baris data pun."))
    with transaction.atomic():
        ada = {d.nik: d for d in DataDTKS.objects.milik(instansi).select_for_update()}
        baru = []
        for nik, v in baris.items():
            v = {k: v[k] for k in ("nama", "alamat", "desil", "tanggal_data")}
            lama = ada.get(nik)
            if lama is None:
                baru.append(DataDTKS(instansi=instansi, nik=nik, diimpor_oleh=by, **v))
            elif any(getattr(lama, k) != val for k, val in v.items()):
                for k, val in v.items():
                    setattr(lama, k, val)
                lama.diimpor_oleh, lama.diimpor_pada = by, timezone.now()
                lama.save()
                hasil.diperbarui += 1
            else:
                hasil.tidak_berubah += 1
        DataDTKS.objects.bulk_create(baru, batch_size=1000)
        hasil.dibuat = len(baru)
    return hasil
