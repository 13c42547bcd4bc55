"""The approvals inbox of the officials who give paraf or sign: what waits
for this user (rujukan.selectors_persetujuan), one review page per item with
the draft beside the case and its field evidence, and approving several
opened items at once with one password re-authentication.

Approving and returning call the same actions as the case page
(rujukan.views.tindakan.AKSI: their forms, the password check of a
signature, the one service each); several at once call the service once per
item, each in its own transaction."""

from __future__ import annotations

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rujukan import kelayakan, selectors
from rujukan import services as s
from rujukan.errors import RujukanError
from rujukan.forms import KataSandiField
from rujukan.models import JenisDokumen, StatusLangkah
from rujukan.selectors_persetujuan import (
    ItemPersetujuan,
    item_persetujuan,
    persetujuan_menunggu,
)
from rujukan.views._umum import pastikan_kata_sandi, pastikan_staf
from rujukan.views.tindakan import AKSI, cek_aksi, jejak

# (approve, return) actions of the case page, for a draft and for a proposal to a panti
_AKSI_KONSEP = ("setujui", "kembalikan-konsep")
_AKSI_USULAN = ("kirim-panti", "kembalikan-usulan")


def _pastikan_penyetuju(request: HttpRequest) -> None:
    pastikan_staf(request)
    if not request.user.has_perm("rujukan.setujui"):
        raise PermissionDenied(_("Halaman ini untuk pejabat yang memaraf atau menandatangani."))


class _SandiForm(djforms.Form):
    kata_sandi = KataSandiField()


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    _pastikan_penyetuju(request)
    return _halaman_inbox(request)


# The inbox shows the first items (overdue first, then by deadline) and how
# many wait in all (the header's count): at 100,000 cases a Kadis had 150 drafts
# waiting, each read with its chain and drawn, for 0.5 s of work per request.
BATAS_INBOX = 25


def _halaman_inbox(request, *, galat: str = "", status: int = 200) -> HttpResponse:
    items = persetujuan_menunggu(user=request.user, batas=BATAS_INBOX)
    return render(
        request,
        "rujukan/persetujuan.html",
        {
            "items": items,
            "baris": [(i, jejak(i.rujukan)) for i in items],
            "ada_dibuka": any(i.dibuka for i in items),
            "form": _SandiForm(),
            "galat": galat,
        },
        status=status,
    )


# -- the review page -------------------------------------------------------------------
def _item_atau_404(request, pk: int) -> ItemPersetujuan:
    item = item_persetujuan(user=request.user, pk=pk)
    if item is None:
        raise Http404(_("Rujukan ini tidak sedang menunggu paraf atau tanda tangan Anda."))
    return item


def _pratinjau(item: ItemPersetujuan) -> list[tuple[str, str]]:
    if item.usulan:
        return [(JenisDokumen.PENGAJUAN_PANTI, JenisDokumen.PENGAJUAN_PANTI.label)]
    return [(j, JenisDokumen(j).label) for j in item.rujukan.alur.produk_disetujui]


def _bukti(rujukan) -> dict:
    """The field evidence: the latest assessment and the activities (home
    visits among them), with their photos and locations."""
    asesmen = (
        rujukan.asesmen.select_related("oleh__pegawai")
        .prefetch_related("dokumentasi")
        .order_by("-dibuat_pada", "-pk")
        .first()
    )
    kegiatan = list(
        rujukan.kegiatan.select_related("oleh__pegawai")
        .prefetch_related("dokumentasi")
        .order_by("-tanggal", "-pk")
    )
    return {"asesmen": asesmen, "kegiatan": kegiatan}


def _halaman_periksa(request, item, *, forms=None, galat="", status=200) -> HttpResponse:
    r = item.rujukan
    setuju, kembali = (AKSI[k] for k in (_AKSI_USULAN if item.usulan else _AKSI_KONSEP))
    forms = forms or {}
    return render(
        request,
        "rujukan/persetujuan_periksa.html",
        {
            "item": item,
            "rujukan": r,
            "instansi": r.instansi,
            "pratinjau": _pratinjau(item),
            "konsep": None if item.usulan else r.konsep_aktif(),
            "usulan": r.usulan_menunggu[0] if item.usulan else None,
            "fakta": kelayakan.periksa_fakta(r),
            "langkah_selesai": [
                c
                for c in selectors.langkah_checklist(r)
                if c.status in (StatusLangkah.SELESAI, StatusLangkah.DILEWATI)
            ],
            **_bukti(r),
            "setuju": setuju,
            "kembali": kembali,
            "form_setuju": forms.get("setuju") or setuju.form(r),
            "form_kembali": forms.get("kembali") or kembali.form(r),
            "jejak": jejak(r),
            "galat": galat,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def periksa(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the draft beside the case and its evidence (and the visit is
    recorded in the access log: the item counts as opened). POST
    `keputusan=setujui|kembalikan`: the case page's own action."""
    _pastikan_penyetuju(request)
    item = _item_atau_404(request, pk)
    if request.method != "POST":
        return _halaman_periksa(request, item)
    keputusan = request.POST.get("keputusan")
    if keputusan not in ("setujui", "kembalikan"):
        return _halaman_periksa(
            request, item, galat=_("Pilih setujui atau kembalikan."), status=400
        )
    kunci = "setuju" if keputusan == "setujui" else "kembali"
    kode = (_AKSI_USULAN if item.usulan else _AKSI_KONSEP)[0 if kunci == "setuju" else 1]
    aksi = AKSI[kode]
    r = item.rujukan
    form = aksi.form(r, data=request.POST)
    if request.POST.get("jejak") != jejak(r):
        galat = _(
            "Rujukan ini sudah diubah oleh petugas lain sejak halaman ini dibuka. "
            "Periksa lagi sebelum bertindak."
        )
        return _halaman_periksa(request, item, forms={kunci: form}, galat=galat, status=409)
    kesiapan = cek_aksi(r, request.user, aksi)
    if not kesiapan.siap:
        return _halaman_periksa(request, item, galat=kesiapan.alasan, status=kesiapan.status_code)
    if not form.is_valid():
        return _halaman_periksa(request, item, forms={kunci: form}, status=400)
    try:
        pesan = aksi.jalankan(request, r, form)
    except RujukanError as exc:
        r.refresh_from_db()
        return _halaman_periksa(
            request, item, forms={kunci: form}, galat=exc.pesan, status=exc.status_code
        )
    messages.success(request, f"{r.nomor_registrasi}: {pesan}")
    return redirect("rujukan:persetujuan")


@login_required
@require_safe
def foto(request: HttpRequest, pk: int, dok: int) -> FileResponse:
    """A field photo's thumbnail for the official whose paraf or signature
    the case waits for (the field pages themselves are for its field staff)."""
    _pastikan_penyetuju(request)
    r = _item_atau_404(request, pk).rujukan
    d = r.dokumentasi.filter(pk=dok, jenis="foto").first()
    if d is None or not d.berkas:
        raise Http404(_("Foto tidak ditemukan atau sudah dihapus sesuai jadwal retensi."))
    berkas = d.kecil or d.berkas
    resp = FileResponse(berkas.open("rb"), content_type="image/jpeg" if d.kecil else d.mime)
    resp["Cache-Control"] = "private, no-store"
    resp["Content-Disposition"] = "inline"
    return resp


# -- several at once ---------------------------------------------------------------------
def _angka(nilai: str) -> int | None:
    return int(nilai) if nilai.isdigit() and len(nilai) < 12 else None


def _setujui_satu(request, item: ItemPersetujuan, jejak_form: str) -> str:
    """Approve (or sign and send) one item through its normal service; the
    message of the refusal as a RujukanError."""
    r = item.rujukan
    if not item.dibuka:
        raise _Ditolak(_("belum dibuka untuk diperiksa; buka dulu halaman pemeriksaannya"))
    if jejak_form != jejak(r):
        raise _Ditolak(_("sudah berubah sejak daftar dibuka; periksa lagi"))
    kode = _AKSI_USULAN[0] if item.usulan else _AKSI_KONSEP[0]
    kesiapan = cek_aksi(r, request.user, AKSI[kode])
    if not kesiapan.siap:
        raise _Ditolak(kesiapan.alasan)
    if item.usulan:
        pengajuan = s.rujukan_send_to_panti(rujukan=r, by=request.user, catatan="")
        return _("ditandatangani dan dikirim ke %(panti)s") % {"panti": pengajuan.panti.nama}
    s.rujukan_approve(rujukan=r, by=request.user, catatan="")
    return _("disetujui")


BATAS_BERSAMA = 100  # items approved in one request


class _Ditolak(Exception):
    pass


@login_required
@require_POST
def setujui_bersama(request: HttpRequest) -> HttpResponse:
    """One password re-authentication, then each checked item through its
    own service call (its own transaction); the result said per item."""
    _pastikan_penyetuju(request)
    pks = [pk for pk in map(_angka, request.POST.getlist("pilih")[:BATAS_BERSAMA]) if pk]
    if not pks:
        return _halaman_inbox(
            request, galat=_("Pilih sedikitnya satu konsep yang sudah Anda buka."), status=400
        )
    if not any(item_persetujuan(user=request.user, pk=pk) for pk in dict.fromkeys(pks)):
        # nothing chosen waits for this user: no password is asked (nor counted)
        raise Http404(_("Tidak ada pilihan yang menunggu paraf atau tanda tangan Anda."))
    form = _SandiForm(data=request.POST)
    if not form.is_valid():
        return _halaman_inbox(request, galat=_("Masukkan kata sandi Anda."), status=400)
    try:
        pastikan_kata_sandi(request.user, form.cleaned_data["kata_sandi"])
    except RujukanError as exc:
        return _halaman_inbox(
            request,
            galat=_("%(galat)s Tidak ada yang disetujui.") % {"galat": exc.pesan},
            status=exc.status_code,
        )
    for pk in dict.fromkeys(pks):
        item = item_persetujuan(user=request.user, pk=pk)
        if item is None:
            messages.error(
                request,
                _(
                    "Rujukan #%(pk)s tidak disetujui: tidak lagi menunggu paraf atau "
                    "tanda tangan Anda."
                )
                % {"pk": pk},
            )
            continue
        nomor = item.rujukan.nomor_registrasi
        try:
            hasil = _setujui_satu(request, item, request.POST.get(f"jejak_{pk}", ""))
        except _Ditolak as exc:
            messages.error(request, _("%(n)s tidak disetujui: %(a)s.") % {"n": nomor, "a": exc})
            continue
        except RujukanError as exc:
            messages.error(
                request, _("%(n)s tidak disetujui: %(a)s") % {"n": nomor, "a": exc.pesan}
            )
            continue
        messages.success(request, f"{nomor}: {hasil}.")
    return redirect("rujukan:persetujuan")
