"""Staff pages: the list, intake from other channels, the detail page with its
actions (GET shows the form or confirmation, POST acts, then redirects),
attachment downloads, and reply templates. Every view checks permission and
instansi through `pengaduan.permissions`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from zoneinfo import ZoneInfo

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_fsm import can_proceed, has_transition_perm

from layanan import sesi
from layanan.cari import baca_cari, cari_dikirim, saring_url
from layanan.masukan import angka_id
from layanan.models import Layanan
from pengaduan import permissions, riwayat, selectors, services
from pengaduan.aksi import DAFTAR_AKSI, AksiPengaduan
from pengaduan.forms import (
    CariPengaduanForm,
    CatatForm,
    TemplatBalasanForm,
    normalisasi_telepon,
)
from pengaduan.models import Lampiran, Pelapor, Pengaduan, TemplatBalasan
from pengaduan.views import tolerate_big_posts

PER_HALAMAN = 25
SESI_KODE = "pengaduan_kode_staf"  # the code of a complaint logged by staff, shown once


def staf_view(check: Callable | None = None):
    """Login, a staff profile, the page's permission, and the office's own time zone."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            instansi = permissions.staff_instansi(request.user)
            allowed = check or permissions.boleh_buka_halaman_staf
            if instansi is None or not allowed(request.user):
                return render(request, "pengaduan/staf/terlarang.html", status=403)
            with timezone.override(ZoneInfo(instansi.zona_waktu)):
                return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _pengaduan_or_404(request, pk: int) -> Pengaduan:
    p = selectors.pengaduan_detail(user=request.user, pk=pk)
    if p is None:
        raise Http404(_("Pengaduan tidak ditemukan."))
    return p


# -- the list ----------------------------------------------------------------------
class PengaduanFilter(django_filters.FilterSet):
    # the search term comes from the session (layanan.cari), never from the URL
    q = django_filters.CharFilter(label=gettext_lazy("Cari"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Pengaduan.Status.choices,
        empty_label=gettext_lazy("Semua status"),
    )
    saluran = django_filters.ChoiceFilter(
        label=gettext_lazy("Saluran"),
        choices=Pengaduan.Saluran.choices,
        empty_label=gettext_lazy("Semua saluran"),
    )
    jenis = django_filters.ChoiceFilter(
        label=gettext_lazy("Jenis"),
        choices=Pengaduan.Jenis.choices,
        empty_label=gettext_lazy("Semua jenis"),
    )
    layanan = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Layanan"),
        queryset=Layanan.objects.none(),
        empty_label=gettext_lazy("Semua layanan"),
    )
    lewat_waktu = django_filters.BooleanFilter(
        label=gettext_lazy("Hanya yang lewat batas waktu"),
        method="filter_lewat_waktu",
        widget=django_filters.widgets.forms.CheckboxInput,
    )
    selesai = django_filters.BooleanFilter(
        label=gettext_lazy("Tampilkan juga yang sudah selesai"),
        method="filter_selesai",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        model = Pengaduan
        fields = ["q", "status", "saluran", "jenis", "layanan", "lewat_waktu", "selesai"]

    def __init__(self, *args, instansi_id: int, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["layanan"].queryset = Layanan.objects.filter(instansi_id=instansi_id)

    def filter_q(self, queryset, name, value):
        """Ticket or channel id, the complaint's words, or the reporter's name or
        phone — the reporter's only where this user may see who reported (an
        anonymous reporter stays hidden: no match by name or phone betrays them)."""
        value = value.strip()
        if not value:
            return queryset
        cocok = (
            Q(nomor__icontains=value)
            | Q(nomor_referensi__icontains=value)
            | Q(judul__icontains=value)
            | Q(uraian__icontains=value)
        )
        pelapor = Q(pelapor__nama__icontains=value)
        try:
            telepon = normalisasi_telepon(value)
        except ValidationError:
            telepon = ""
        if telepon:  # the number is encrypted: found through its keyed hash
            pelapor |= Q(
                pelapor__telepon_sidik=Pelapor._meta.get_field("telepon").sidik_dari(telepon)
            )
        if not self.user.has_perm(permissions.PERM_IDENTITY):
            pelapor &= Q(anonim=False)
        return queryset.filter(cocok | pelapor)

    def filter_lewat_waktu(self, queryset, name, value):
        return selectors.filter_lewat_waktu(queryset) if value else queryset

    def filter_selesai(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        qs = super().qs
        data = self.form.cleaned_data if self.form.is_bound and self.is_valid() else {}
        if not data.get("selesai") and not data.get("status") and not data.get("q"):
            qs = qs.exclude(status__in=Pengaduan.AKHIR)
        return qs


SESI_CARI = "pengaduan_cari"
FILTER_URL = ("status", "saluran", "jenis", "layanan", "lewat_waktu", "selesai")


@staf_view()
@require_http_methods(["GET", "HEAD", "POST"])
def daftar(request):
    """The complaint list. A search (which may be a reporter's name or phone)
    is posted, kept in the session and named in the URL by an opaque id
    (layanan.cari); the other filters carry no personal data and stay GET."""
    user = request.user
    filter_url = saring_url(request.GET, FILTER_URL)
    if request.method == "POST":
        cari_form = CariPengaduanForm(request.POST)
        if cari_form.is_valid():
            term = cari_form.cleaned_data["q"]
            return cari_dikirim(request, SESI_CARI, term, reverse("pengaduan:daftar"), filter_url)
        status = 400
    else:
        status = 200
    ident = request.GET.get("cari", "")
    q = baca_cari(request, SESI_CARI, ident) or ""
    if request.method != "POST":
        cari_form = CariPengaduanForm(initial={"q": q})
    data = filter_url.copy()
    if q:
        data["q"] = q
    base = selectors.pengaduan_daftar(user=user)
    filterset = PengaduanFilter(
        data or None,
        queryset=base,
        instansi_id=permissions.staff_instansi_id(user),
        user=user,
    )
    page = Paginator(filterset.qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    jumlah_aktif, jumlah_lewat = selectors.jumlah_aktif_dan_lewat(
        selectors.pengaduan_untuk_staf(user=user)
    )
    query = filter_url.copy()
    if q:
        query["cari"] = ident
    return render(
        request,
        "pengaduan/staf/daftar.html",
        {
            "filter": filterset,
            "cari_form": cari_form,
            "q": q,
            "cari_id": ident if q else "",
            "cari_hilang": bool(ident) and not q,
            "params_filter": filter_url.urlencode(),
            "page": page,
            "query": query.urlencode(),
            "now": timezone.now(),
            "jumlah_aktif": jumlah_aktif,
            "jumlah_lewat": jumlah_lewat,
            "boleh_catat": permissions.boleh_catat(user),
            "boleh_templat": permissions.boleh_kelola_templat(user),
        },
        status=status,
    )


# -- intake ---------------------------------------------------------------------------
@staf_view(permissions.boleh_catat)
@tolerate_big_posts("pengaduan/staf/catat.html")
def catat(request):
    instansi = request.user.pegawai.instansi
    form = CatatForm(request.POST or None, request.FILES or None, instansi=instansi)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                p, kode = services.pengaduan_record(
                    by=request.user,
                    saluran=data["saluran"],
                    diterima_pada=data["diterima_pada"],
                    nomor_referensi=data["nomor_referensi"],
                    isian=services.IsianPengaduan.dari_form(data),
                )
            except services.PengaduanError as exc:
                form.add_error(None, exc.pesan)
                status = exc.status_code
            else:
                sesi.simpan_rahasia(request.session, SESI_KODE, {"pk": p.pk, "kode": kode})
                messages.success(request, _("Pengaduan %(nomor)s tercatat.") % {"nomor": p.nomor})
                return redirect("pengaduan:detail", pk=p.pk)
    return render(request, "pengaduan/staf/catat.html", {"form": form}, status=status)


# -- detail and actions ---------------------------------------------------------------
# The buttons of the staff page by slug: their words, form and service come
# from the one registry of the complaint's actions (pengaduan.aksi).
AKSI: dict[str, AksiPengaduan] = {
    a.slug: a for a in DAFTAR_AKSI.tombol() if isinstance(a, AksiPengaduan)
}


def aksi_tersedia(aksi: AksiPengaduan, p: Pengaduan, user) -> bool:
    if aksi.transisi is None:
        return bool(aksi.boleh and aksi.boleh(user, p))
    method = getattr(p, aksi.transisi)
    return can_proceed(method) and has_transition_perm(method, user)


@staf_view()
def detail(request, pk: int):
    p = _pengaduan_or_404(request, pk)
    kode = None
    baru = sesi.baca_rahasia(request.session, SESI_KODE)
    if baru and baru.get("pk") == p.pk:
        kode = baru["kode"]
        del request.session[SESI_KODE]  # shown once
    pesan = list(p.tanggapan.all())
    return render(
        request,
        "pengaduan/staf/detail.html",
        {
            "p": p,
            "kode": kode,
            "pelapor": selectors.identitas(user=request.user, pengaduan=p),
            "lihat_identitas": permissions.boleh_lihat_identitas(request.user, p),
            "lampiran": list(p.lampiran.all()),
            "pesan": pesan,
            "riwayat": riwayat.riwayat_pengaduan(p, public=False),
            "aksi": [a for a in AKSI.values() if aksi_tersedia(a, p, request.user)],
            "lewat_waktu": p.lewat_waktu(timezone.now()),
        },
    )


def _isi_templat(templat: TemplatBalasan, p: Pengaduan) -> str:
    values = {
        "{nomor}": p.nomor,
        "{instansi}": p.instansi.nama,
        "{batas_waktu}": timezone.localtime(p.batas_waktu).strftime("%d-%m-%Y %H:%M"),
    }
    text = templat.isi
    for key, value in values.items():
        text = text.replace(key, value)
    return text


@staf_view()
def aksi(request, pk: int, slug: str):
    act = AKSI.get(slug)
    if act is None or act.form is None or act.jalankan is None:
        raise Http404
    p = _pengaduan_or_404(request, pk)
    templat = []
    if act.templat:
        templat = list(selectors.templat_untuk(instansi_id=p.instansi_id, status=p.status))
    context = {"p": p, "aksi": act, "templat": templat}
    if not aksi_tersedia(act, p, request.user):
        context["pesan_galat"] = _(
            "Tindakan “%(aksi)s” tidak dapat Anda lakukan pada pengaduan berstatus “%(status)s”."
        ) % {"aksi": act.label, "status": p.get_status_display()}
        context["form"] = None
        wrong_state = act.transisi is not None and not can_proceed(getattr(p, act.transisi))
        return render(
            request, "pengaduan/staf/aksi.html", context, status=409 if wrong_state else 403
        )
    kwargs = act.form_kwargs(p, request.user)
    if request.method == "POST":
        form = act.form(request.POST, **kwargs)
        status = 400
        if form.is_valid():
            try:
                pesan = act.jalankan(p, request.user, form.cleaned_data)
            except services.PengaduanError as exc:
                form.add_error(None, exc.pesan)
                status = exc.status_code
            else:
                messages.success(request, pesan)
                return redirect("pengaduan:detail", pk=p.pk)
        return render(request, "pengaduan/staf/aksi.html", {**context, "form": form}, status=status)
    initial = {}
    pilihan = angka_id(request.GET.get("templat", ""))
    if pilihan is not None:
        chosen = next((t for t in templat if t.pk == pilihan), None)
        if chosen is not None:
            initial["isi"] = _isi_templat(chosen, p)
    form = act.form(initial=initial, **kwargs)
    return render(request, "pengaduan/staf/aksi.html", {**context, "form": form})


@staf_view()
def lampiran(request, pk: int):
    """Download an attachment, only for staff who may see its complaint."""
    item = Lampiran.objects.select_related("pengaduan").filter(pk=pk).first()
    if item is None or not permissions.boleh_unduh(request.user, item):
        raise Http404(_("Lampiran tidak ditemukan."))
    if not item.berkas:
        raise Http404(_("Berkas dihapus sesuai jadwal retensi."))
    if permissions.boleh_lihat_identitas(request.user, item.pengaduan):
        filename = item.nama_asli
    else:  # a file name can carry the reporter's name
        filename = f"lampiran-{item.pk}{item.berkas.name[item.berkas.name.rfind('.') :]}"
    response = FileResponse(
        item.berkas.open("rb"),
        content_type=item.tipe_konten,
        as_attachment=not item.gambar or request.GET.get("unduh") == "1",
        filename=filename,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


# -- reply templates --------------------------------------------------------------------
@staf_view(permissions.boleh_kelola_templat)
def templat_daftar(request):
    instansi_id = permissions.staff_instansi_id(request.user)
    return render(
        request,
        "pengaduan/staf/templat_daftar.html",
        {"templat": selectors.templat_untuk(instansi_id=instansi_id)},
    )


@staf_view(permissions.boleh_kelola_templat)
def templat_ubah(request, pk: int | None = None):
    instansi_id = permissions.staff_instansi_id(request.user)
    obj = None
    if pk is not None:
        obj = get_object_or_404(TemplatBalasan, pk=pk, instansi_id=instansi_id)
    form = TemplatBalasanForm(request.POST or None, instance=obj)
    if request.method == "POST":
        if form.is_valid():
            services.templat_simpan(by=request.user, templat=obj, **form.cleaned_data)
            messages.success(request, _("Templat balasan tersimpan."))
            return redirect("pengaduan:templat_daftar")
        return render(
            request, "pengaduan/staf/templat_form.html", {"form": form, "obj": obj}, status=400
        )
    return render(request, "pengaduan/staf/templat_form.html", {"form": form, "obj": obj})
