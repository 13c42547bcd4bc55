"""The survey's use cases: open an invitation at the counter, save an answer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.errors import DomainError
from layanan.models import Layanan
from layanan.pengguna import Pengguna
from survei.models import KODE_UNSUR, ResponSurvei, UndanganSurvei
from survei.tautan import dengan_status, sudah_dibuka


class SurveiError(DomainError):
    """A domain error of the satisfaction survey: `pesan`, `status_code`."""


class BelumDibuka(SurveiError):
    def __init__(self) -> None:
        super().__init__(
            _("Survei ini dapat diisi setelah layanan Anda selesai. Silakan kembali nanti."),
            status_code=409,
        )


class SudahDiisi(SurveiError):
    def __init__(self) -> None:
        super().__init__(
            _("Survei ini sudah diisi. Terima kasih atas partisipasi Anda."), status_code=410
        )


@dataclass(frozen=True)
class Jawaban:
    layanan: Layanan
    jenis_kelamin: str
    umur: int
    pendidikan: str
    pekerjaan: str
    unsur: dict[str, int | None]  # "u1" … "u9" -> 1–4, or None for "tidak menjawab"
    saran: str = ""


def undangan_buka_loket(*, by: Pengguna, layanan: Layanan) -> UndanganSurvei:
    """A fresh invitation for a walk-in citizen (the caller checked that
    `layanan` belongs to `by`'s office)."""
    with transaction.atomic():
        return UndanganSurvei.objects.create(
            asal=UndanganSurvei.Asal.LOKET,
            instansi_id=layanan.instansi_id,
            layanan=layanan,
            dibuat_oleh=by,
        )


def respons_simpan(*, token: str, jawaban: Jawaban) -> ResponSurvei:
    """Save the one answer of an invitation, once its service is done
    (BelumDibuka before). The invitation row is locked, so two submissions
    racing each other save one answer; the other gets SudahDiisi."""
    with transaction.atomic():
        undangan = (
            dengan_status(UndanganSurvei.objects.select_for_update(of=("self",)))
            .filter(token=token)
            .first()
        )
        if undangan is None:
            raise SurveiError(_("Tautan survei tidak dikenal."), status_code=404)
        if undangan.used_at is not None:
            raise SudahDiisi()
        if not sudah_dibuka(undangan):
            raise BelumDibuka()
        if undangan.layanan_id is not None and jawaban.layanan.pk != undangan.layanan_id:
            raise SurveiError(_("Layanan tidak sesuai dengan undangan survei."))
        if jawaban.layanan.instansi_id != undangan.instansi_id:
            raise SurveiError(_("Layanan tidak sesuai dengan undangan survei."))
        sekarang = timezone.now()
        respons = ResponSurvei.objects.create(
            undangan=undangan,
            instansi_id=undangan.instansi_id,
            layanan=jawaban.layanan,
            diisi=sekarang,
            jenis_kelamin=jawaban.jenis_kelamin,
            umur=jawaban.umur,
            pendidikan=jawaban.pendidikan,
            pekerjaan=jawaban.pekerjaan,
            saran=jawaban.saran,
            **{k: jawaban.unsur.get(k) for k in KODE_UNSUR},
        )
        undangan.used_at = sekarang
        undangan.save(update_fields=["used_at"])
        return respons
