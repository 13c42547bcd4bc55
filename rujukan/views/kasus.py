"""The case page, its actions (GET shows a confirmation/form page, POST calls
the service, then redirect with a message), the berkas check, and the
permission-checked downloads and previews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_safe

from layanan import sesi
from layanan.keamanan import csp_pratinjau
from layanan.models import Persyaratan
from layanan.roles import pegawai_dari
from rujukan import clock, documents, kelayakan, selectors
from rujukan import langkah as alur_langkah
from rujukan import services as s
from rujukan.errors import RujukanError
from rujukan.forms import BerkasPeriksaForm, batas_unggahan_teks
from rujukan.models import (
    BerkasItem,
    Dokumen,
    JedaWaktu,
    JenisDokumen,
    Konsep,
    PengajuanPanti,
    Persetujuan,
    Status,
    StatusLangkah,
    UsulanPanti,
)
from rujukan.permissions import (
    boleh_bertindak_langkah,
    boleh_kerja_lapangan,
    boleh_periksa_dtks,
    boleh_transisi,
)
from rujukan.riwayat import riwayat_rujukan
from rujukan.verifikasi import dokumen_kasus
from rujukan.views._umum import (
    kirim_berkas,
    muat_rujukan,
    staf_instansi,
    status_dtks,
    tampil_galat,
)
from rujukan.views.intake import SESI_KODE
from rujukan.views.tindakan import AKSI, cek_aksi, giliran_saya, jejak, tindakan_halaman


def _boleh_periksa_berkas(rujukan, user) -> bool:
    return rujukan.terbuka and (
        boleh_transisi(user=user, rujukan=rujukan, izin="periksa_berkas")
        or boleh_transisi(user=user, rujukan=rujukan, izin="verifikasi")
    )


def _boleh_periksa_dtks(rujukan, user) -> bool:
    """The file check of a standard whose survey is only for klien not in DTKS."""
    return (
        rujukan.status == Status.PEMERIKSAAN_BERKAS
        and rujukan.alur.verifikasi_kecuali_dtks
        and boleh_periksa_dtks(user=user, rujukan=rujukan)
    )


def _pengembalian(rujukan, user, checklist) -> list:
    """The returns to offer on the checklist: asked only while a current step
    names where it sends the case back."""
    if not any(c.status == StatusLangkah.BERJALAN and c.langkah.kembali_ke_id for c in checklist):
        return []
    return alur_langkah.pengembalian_tersedia(rujukan, user=user)


def _dimuat(obj, nama: str) -> bool:
    return nama in getattr(obj, "_prefetched_objects_cache", {})


def _rantai(rujukan) -> list[dict]:
    """The approval chain of the standard, with who approved the current draft."""
    if _dimuat(rujukan, "konsep"):  # the case page read them with their approvals
        konsep = max(rujukan.konsep.all(), key=lambda k: k.versi, default=None)
    else:
        konsep = rujukan.konsep.order_by("-versi").first()
    sudah = {}
    if konsep is not None and konsep.status != Konsep.StatusKonsep.DIKEMBALIKAN:
        persetujuan = (
            konsep.persetujuan.all()
            if _dimuat(konsep, "persetujuan")
            else konsep.persetujuan.select_related("oleh__pegawai")
        )
        sudah = {p.urutan: p for p in persetujuan}
    berikut = (
        rujukan.langkah_persetujuan_berikut() if rujukan.status == Status.PERSETUJUAN else None
    )
    return [
        {
            "langkah": langkah,
            "persetujuan": sudah.get(langkah.urutan),
            "berikut": berikut is not None and berikut.urutan == langkah.urutan,
        }
        for langkah in rujukan.alur.rantai
    ]


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    rujukan = muat_rujukan(request, pk, staf=False)
    if not staf_instansi(request.user, rujukan):
        # a panti user: the limited view of the proposal to their panti
        pengajuan = rujukan.pengajuan_panti.filter(
            panti_id=pegawai_dari(request.user).panti_id
        ).last()
        return redirect("rujukan:panti_detail", pk=pengajuan.pk)
    pegawai = pegawai_dari(request.user)
    if pegawai.instansi_id == rujukan.instansi_id:
        pegawai.instansi = rujukan.instansi  # the header's office: the case's, already read
    kode = sesi.baca_rahasia(request.session, SESI_KODE) or {}
    kode_lacak = kode.pop(str(rujukan.pk), "")
    if kode_lacak:
        sesi.simpan_rahasia(request.session, SESI_KODE, kode)
    # read once for the page: the pauses (time summary and their list) and the
    # drafts with their approvals (versions, chain, whose turn)
    prefetch_related_objects(
        [rujukan],
        Prefetch(
            "jeda",
            queryset=JedaWaktu.objects.select_related("dimulai_oleh__pegawai").order_by("mulai"),
        ),
        Prefetch(
            "konsep",
            queryset=Konsep.objects.order_by("-versi").prefetch_related(
                Prefetch(
                    "persetujuan",
                    queryset=Persetujuan.objects.select_related("oleh__pegawai").order_by("urutan"),
                )
            ),
        ),
    )
    siap, terhalang = tindakan_halaman(rujukan, request.user)
    checklist = selectors.langkah_checklist(rujukan)
    dokumen = dokumen_kasus(rujukan, user=request.user)
    konsep = list(rujukan.konsep.all())
    # the consent to share (panti) and, for an online request, the consent to processing
    persetujuan = list(rujukan.persetujuan_klien.select_related("dicatat_oleh__pegawai"))
    context = {
        "persetujuan_pembagian": [p for p in persetujuan if p.cakupan == "pembagian"],
        "persetujuan_pengolahan": [p for p in persetujuan if p.cakupan == "pengolahan"],
        "rujukan": rujukan,
        "instansi": rujukan.instansi,
        "klien": rujukan.klien,
        "usia": rujukan.klien.usia(),
        **selectors.subjek_kasus(rujukan),
        "boleh_lapangan": boleh_kerja_lapangan(user=request.user, rujukan=rujukan),
        "kode_lacak": kode_lacak,
        "tanda_terima": next((d for d in dokumen if d.jenis == JenisDokumen.TANDA_TERIMA), None),
        "siap": siap,
        "siap_utama": [k for k in siap if k.aksi.gaya not in ("sekunder", "bahaya")],
        "siap_lain": [k for k in siap if k.aksi.gaya in ("sekunder", "bahaya")],
        "terhalang": terhalang,
        "waktu": clock.ringkasan_waktu(rujukan),
        "checklist": checklist,
        "langkah_boleh": {
            c.pk
            for c in checklist
            if c.manual
            and c.status == StatusLangkah.BERJALAN
            and boleh_bertindak_langkah(user=request.user, langkah=c.langkah)
        },
        "langkah_kembali": _pengembalian(rujukan, request.user, checklist),
        "jeda": list(rujukan.jeda.all()),
        "berkas": _berkas_dengan_fakta(rujukan),
        "boleh_periksa_berkas": _boleh_periksa_berkas(rujukan, request.user),
        "asesmen": list(rujukan.asesmen.select_related("oleh__pegawai")),
        "kegiatan": list(rujukan.kegiatan.select_related("oleh__pegawai")),
        "pengajuan": list(
            rujukan.pengajuan_panti.select_related("panti", "dokumen", "dijawab_oleh__pegawai")
        ),
        "usulan": list(
            rujukan.usulan_panti.exclude(status=UsulanPanti.StatusUsulan.DITANDATANGANI)
            .select_related("panti", "dibuat_oleh__pegawai", "diputus_oleh__pegawai")
            .order_by("-dibuat_pada", "-pk")
        ),
        "konsep": konsep,
        "rantai": _rantai(rujukan),
        "dokumen": dokumen,
        "pratinjau": _jenis_pratinjau(rujukan),
        "riwayat": riwayat_rujukan(rujukan),
        "rujukan_lain": s.rujukan_terbuka_klien(rujukan.klien, kecuali=rujukan),
        "dtks": status_dtks(
            user=request.user,
            instansi=rujukan.instansi,
            klien=rujukan.klien,
            perlu=rujukan.alur.verifikasi_kecuali_dtks,
        ),
        "periksa_dtks": _boleh_periksa_dtks(rujukan, request.user),
        "giliran_saya": giliran_saya(rujukan, request.user),
    }
    return render(request, "rujukan/detail.html", context)


@login_required
@require_http_methods(["POST"])
def selesaikan_langkah(request: HttpRequest, pk: int, langkah: int) -> HttpResponse:
    """The actor of the current step records it done, with what came of it."""
    rujukan = muat_rujukan(request, pk)
    try:
        s.rujukan_complete_step(
            rujukan=rujukan,
            langkah_kasus=langkah,
            by=request.user,
            catatan=request.POST.get("catatan", "")[:2000],
        )
    except RujukanError as exc:
        return tampil_galat(request, exc, context={"rujukan": rujukan})
    messages.success(request, _("Langkah dicatat selesai."))
    return redirect("rujukan:detail", pk=pk)


@login_required
@require_http_methods(["POST"])
def kembalikan_langkah(request: HttpRequest, pk: int, langkah: int) -> HttpResponse:
    """The actor of the current step sends the case back to the step the
    standard names, with what must be corrected."""
    rujukan = muat_rujukan(request, pk)
    try:
        s.rujukan_return_step(
            rujukan=rujukan,
            langkah_kasus=langkah,
            by=request.user,
            catatan=request.POST.get("catatan", "")[:2000],
            jejak=request.POST.get("jejak", ""),
        )
    except RujukanError as exc:
        return tampil_galat(request, exc, context={"rujukan": rujukan})
    messages.success(request, _("Rujukan dikembalikan ke langkah yang disebut standar."))
    return redirect("rujukan:detail", pk=pk)


def _berkas_dengan_fakta(rujukan) -> list:
    """The requirement rows; each fact carries its answer (`hasil`: met or
    not, from which source) as rujukan.kelayakan decides it."""
    berkas = list(
        rujukan.berkas.select_related(
            "persyaratan__sub_layanan", "persyaratan__langkah_periksa", "diperiksa_oleh__pegawai"
        )
    )
    for b in berkas:  # the rows kelayakan.periksa_fakta answers, read once with the others
        fakta = b.persyaratan.jenis == Persyaratan.Jenis.FAKTA and b.berlaku and b.persyaratan.wajib
        b.hasil = kelayakan.periksa_item(rujukan, b) if fakta else None
    return berkas


def _jenis_pratinjau(rujukan) -> list[tuple[str, str]]:
    """The products a draft can be previewed as, while there is one to draft."""
    if rujukan.status == Status.PENGAJUAN_PANTI and rujukan.usulan_panti_menunggu():
        return [(JenisDokumen.PENGAJUAN_PANTI, JenisDokumen.PENGAJUAN_PANTI.label)]
    if rujukan.status not in (Status.PENYUSUNAN, Status.PERSETUJUAN):
        return []
    return [(j, JenisDokumen(j).label) for j in rujukan.alur.produk_disetujui]


# -- actions -----------------------------------------------------------------------------
def _usulan_untuk_aksi(rujukan, aksi):
    """The proposal draft an action is about (Aksi.usulan): the one waiting for
    the signer, or the last one returned (drafting it again)."""
    if aksi.usulan_menunggu:
        return rujukan.usulan_panti_menunggu()
    if aksi.usulan_dikembalikan:
        return (
            rujukan.usulan_panti.filter(status=UsulanPanti.StatusUsulan.DIKEMBALIKAN)
            .order_by("-dibuat_pada", "-pk")
            .first()
        )
    return None


def _halaman_aksi(request, rujukan, aksi, form, *, galat="", status=200):
    context = {
        "rujukan": rujukan,
        "instansi": rujukan.instansi,
        "aksi": aksi,
        "form": form,
        "galat": galat,
        "jejak": jejak(rujukan),
        "batas_unggahan": batas_unggahan_teks(boleh_video=not aksi.jawaban_panti),
        "pratinjau": _jenis_pratinjau(rujukan),
        "konsep_aktif": rujukan.konsep_aktif() if rujukan.status == Status.PERSETUJUAN else None,
        "konsep_lalu": rujukan.konsep.order_by("-versi").first(),
        "rantai": _rantai(rujukan) if aksi.tampil_rantai else [],
        "pengajuan_aktif": rujukan.pengajuan_panti_aktif() if aksi.jawaban_panti else None,
        "usulan": _usulan_untuk_aksi(rujukan, aksi),
        "ada_berkas": bool(form is not None and form.is_multipart()),
    }
    return render(request, "rujukan/aksi.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def aksi(request: HttpRequest, pk: int, kode: str) -> HttpResponse:
    rujukan = muat_rujukan(request, pk)
    aksi_obj = AKSI.get(kode)
    if aksi_obj is None:
        raise Http404(_("Tindakan tidak dikenal."))
    if request.method != "POST":
        kesiapan = cek_aksi(rujukan, request.user, aksi_obj)
        if not kesiapan.siap:
            return render(
                request,
                "rujukan/galat.html",
                {"galat": kesiapan.alasan, "rujukan": rujukan},
                status=kesiapan.status_code,
            )
        return _halaman_aksi(request, rujukan, aksi_obj, aksi_obj.form(rujukan))
    form = aksi_obj.form(rujukan, data=request.POST, files=request.FILES)
    if request.POST.get("jejak") != jejak(rujukan):
        return _halaman_aksi(
            request,
            rujukan,
            aksi_obj,
            form,
            galat=_(
                "Rujukan ini sudah diubah oleh petugas lain sejak halaman ini dibuka "
                "(sekarang: %(tahap)s). Periksa halaman rujukan sebelum bertindak lagi."
            )
            % {"tahap": rujukan.get_status_display()},
            status=409,
        )
    if not form.is_valid():
        return _halaman_aksi(request, rujukan, aksi_obj, form, status=400)
    try:
        pesan = aksi_obj.jalankan(request, rujukan, form)
    except RujukanError as exc:
        rujukan.refresh_from_db()
        return _halaman_aksi(
            request, rujukan, aksi_obj, form, galat=exc.pesan, status=exc.status_code
        )
    messages.success(request, pesan)
    return redirect("rujukan:detail", pk=rujukan.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def berkas_periksa(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Check one requirement: upload/replace its file, mark it fulfilled or
    not applicable."""
    rujukan = muat_rujukan(request, pk)
    obj = rujukan.berkas.select_related("persyaratan").filter(pk=item).first()
    if obj is None:
        raise Http404(_("Persyaratan tidak ditemukan."))
    if not _boleh_periksa_berkas(rujukan, request.user):
        if not rujukan.terbuka:
            return render(
                request,
                "rujukan/galat.html",
                {
                    "galat": _("Rujukan sudah ditutup; berkas tidak dapat diubah."),
                    "rujukan": rujukan,
                },
                status=409,
            )
        raise PermissionDenied(_("Peran Anda tidak berwenang memeriksa berkas."))
    dokumen = obj.persyaratan.jenis == Persyaratan.Jenis.DOKUMEN
    initial = {"terpenuhi": obj.terpenuhi, "tidak_berlaku": not obj.berlaku, "catatan": obj.catatan}
    form = BerkasPeriksaForm(request.POST or None, request.FILES or None, initial=initial)
    if not dokumen:
        del form.fields["berkas"]
    if not obj.boleh_tidak_berlaku:  # never offer what the service refuses
        del form.fields["tidak_berlaku"]
    galat, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                if d.get("berkas"):
                    s.berkas_unggah(
                        rujukan=rujukan,
                        by=request.user,
                        item=obj,
                        berkas=d["berkas"],
                        catatan=d.get("catatan", ""),
                    )
                else:
                    s.berkas_tandai(
                        rujukan=rujukan,
                        by=request.user,
                        item=obj,
                        terpenuhi=d["terpenuhi"] and not d.get("tidak_berlaku"),
                        berlaku=not d.get("tidak_berlaku"),
                        catatan=d.get("catatan", ""),
                    )
            except RujukanError as exc:
                galat, status = exc.pesan, exc.status_code
            else:
                messages.success(request, _("Persyaratan diperbarui."))
                return redirect(reverse("rujukan:detail", kwargs={"pk": rujukan.pk}) + "#berkas")
        else:
            status = 400
    context = {
        "rujukan": rujukan,
        "instansi": rujukan.instansi,
        "item": obj,
        "form": form,
        "galat": galat,
        "dokumen": dokumen,
        "batas_unggahan": batas_unggahan_teks(),
    }
    return render(request, "rujukan/berkas_periksa.html", context, status=status)


# -- downloads and previews (each checks the case page's own permission) ----------------------
@login_required
@require_safe
def unduh_berkas(request: HttpRequest, pk: int, item: int) -> FileResponse:
    rujukan = muat_rujukan(request, pk)
    obj = BerkasItem.objects.filter(pk=item, rujukan=rujukan).first()
    if obj is None or not obj.berkas:
        raise Http404(_("Berkas tidak ditemukan."))
    ext = obj.berkas.name.rsplit(".", 1)[-1] if "." in obj.berkas.name else "bin"
    return kirim_berkas(
        obj.berkas, nama=f"{rujukan.nomor_registrasi}-syarat-{obj.pk}.{ext}", mime=obj.tipe_berkas
    )


@login_required
@require_safe
def unduh_dokumen(request: HttpRequest, pk: int, dokumen: int) -> FileResponse:
    rujukan = muat_rujukan(request, pk, staf=False)
    obj = Dokumen.objects.filter(pk=dokumen, rujukan=rujukan).first()
    if obj is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    if not staf_instansi(request.user, rujukan):
        # a panti user may open only the proposal letter sent to their panti
        pegawai = pegawai_dari(request.user)
        if not PengajuanPanti.objects.filter(
            rujukan=rujukan, dokumen=obj, panti_id=pegawai.panti_id
        ).exists():
            raise Http404(_("Dokumen tidak ditemukan."))
    nama = f"{obj.get_jenis_display()} {rujukan.nomor_registrasi}.pdf".replace("/", "-")
    return kirim_berkas(obj.berkas, nama=nama, mime="application/pdf")


@login_required
@require_safe
def unduh_surat_panti(request: HttpRequest, pk: int, pengajuan: int) -> FileResponse:
    rujukan = muat_rujukan(request, pk, staf=False)
    obj = PengajuanPanti.objects.filter(pk=pengajuan, rujukan=rujukan).first()
    if obj is None or (
        not staf_instansi(request.user, rujukan)
        and obj.panti_id != pegawai_dari(request.user).panti_id
    ):
        raise Http404(_("Surat tidak ditemukan."))
    ext = obj.surat_jawaban.name.rsplit(".", 1)[-1] if obj.surat_jawaban else "pdf"
    return kirim_berkas(
        obj.surat_jawaban, nama=f"{rujukan.nomor_registrasi}-jawaban-panti-{obj.pk}.{ext}"
    )


@login_required
@require_safe
@xframe_options_sameorigin
@csp_pratinjau
def pratinjau(request: HttpRequest, pk: int, jenis: str) -> HttpResponse:
    """The draft of a product as it will be printed (KONSEP, no number, no signature)."""
    rujukan = muat_rujukan(request, pk)
    if jenis not in dict(_jenis_pratinjau(rujukan)):
        raise Http404(_("Tidak ada konsep untuk dipratinjau."))
    try:
        if request.GET.get("format") == "pdf":
            pdf = documents.pratinjau_pdf(rujukan=rujukan, jenis=jenis)
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="konsep-{jenis}.pdf"'
        else:
            html = documents.pratinjau_html(rujukan=rujukan, jenis=jenis)
            response = HttpResponse(html)
    except RujukanError as exc:
        return render(request, "rujukan/galat.html", {"galat": exc.pesan}, status=exc.status_code)
    response["Cache-Control"] = "private, no-store"
    return response
