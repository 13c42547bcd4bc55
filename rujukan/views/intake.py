"""Intake at the front desk: choose the layanan (and sub-layanan), find a
returning klien, fill in klien, pemohon, PPKS category and the requirement
checklist with uploads; on success the case page shows the receipt and, once,
the tracking code for the pemohon. The returning-klien lookup posts its term
(NIK or name), which never appears in a URL (layanan.cari)."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.forms.formsets import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from layanan import sesi
from layanan.cari import baca_cari, lihat_lain, simpan_cari
from layanan.masukan import angka_id
from layanan.models import JenisSubjek, Layanan, SubLayanan
from layanan.pengguna import PermintaanMasuk
from rujukan import selectors
from rujukan import services as s
from rujukan.alur import alur_layanan, jelaskan_rantai
from rujukan.forms import CariKlienForm, RegistrasiForm, batas_unggahan_teks
from rujukan.forms_subjek import AnggotaFormSet
from rujukan.models import JenisKlien, Klien
from rujukan.services.intake import PermohonanBaru
from rujukan.validators import normalisasi_nomor, urai_nik, usia_pada
from rujukan.views._umum import pastikan_staf, status_dtks

SESI_KODE = "rujukan_kode_lacak"
SESI_CARI = "rujukan_cari_klien"


@login_required
@require_safe
def pilih_layanan(request: HttpRequest) -> HttpResponse:
    instansi = pastikan_staf(request, "rujukan.add_rujukan")
    daftar = (
        Layanan.objects.filter(instansi=instansi, aktif=True)
        .prefetch_related("sub_layanan")
        .order_by("urutan", "nama")
    )
    return render(request, "rujukan/baru_pilih.html", {"daftar": daftar, "instansi": instansi})


def sub_layanan_atau_404(layanan: Layanan, sub_pk: int | None) -> SubLayanan | None:
    """The kind of service named in the URL, of this service (None when the
    URL names none); 404 for another service's. The desk's intake and the
    operator's and citizen's online forms read it the same way."""
    if sub_pk is None:
        return None
    sub = SubLayanan.objects.filter(pk=sub_pk, layanan=layanan).first()
    if sub is None:
        raise Http404(_("Sub-layanan tidak ditemukan."))
    return sub


def _layanan(instansi, layanan_pk: int, sub_pk: int | None) -> tuple[Layanan, SubLayanan | None]:
    layanan = Layanan.objects.filter(pk=layanan_pk, instansi=instansi, aktif=True).first()
    if layanan is None:
        raise Http404(_("Layanan tidak ditemukan di instansi Anda."))
    sub = sub_layanan_atau_404(layanan, sub_pk)
    if sub is None and layanan.sub_layanan.exists():
        raise Http404(_("Pilih sub-layanan terlebih dahulu."))
    return layanan, sub


def _klien_dipilih(request: HttpRequest, instansi) -> Klien | None:
    pk = request.GET.get("klien", "")
    if not pk:
        return None
    if (klien_pk := angka_id(pk)) is None:
        raise Http404(_("Klien tidak ditemukan."))
    klien = Klien.objects.milik(instansi).filter(pk=klien_pk).first()
    if klien is None:
        raise Http404(_("Klien tidak ditemukan."))
    return klien


def _data_nik(nik: str) -> dict | None:
    """Birth date, sex and age read from a typed NIK (shown beside the field)."""
    if not nik:
        return None
    try:
        data = urai_nik(nik)
    except ValidationError:
        return None
    return {
        "tanggal_lahir": data.tanggal_lahir,
        "jenis_kelamin": _("Perempuan") if data.jenis_kelamin == "P" else _("Laki-laki"),
        "usia": usia_pada(data.tanggal_lahir, timezone.localdate()),
        "provinsi": data.provinsi,
    }


def formset_anggota(layanan: Layanan, data: QueryDict | None) -> BaseFormSet[Any] | None:
    """The rows of a family or group case's other members (None for a standard
    about one person or an organisation); bound to `data` when a form was sent."""
    if layanan.jenis_subjek != JenisSubjek.KELUARGA:
        return None
    return AnggotaFormSet(data, prefix="anggota")


def permohonan_dari_form(
    request: HttpRequest,
    form: RegistrasiForm,
    anggota_form: BaseFormSet[Any] | None,
    *,
    layanan: Layanan,
    sub_layanan: SubLayanan | None,
    klien: Klien | None = None,
) -> PermohonanBaru:
    """What a valid intake form holds, as the intake services take it: the one
    place the front desk's page and the online request pages (the operator's,
    rujukan.views.online, and the citizen's, warga.views_permohonan) turn their
    forms into a request. `klien` is the returning klien the desk picked (the
    form then holds no identity); the online form has no originals-shown or
    DTKS fields, so those stay empty."""
    d = form.cleaned_data
    return PermohonanBaru(
        layanan=layanan,
        sub_layanan=sub_layanan,
        klien=klien if klien is not None else _klien_dari_form(form),
        pemohon=_pemohon_dari_form(form),
        kategori_ppks=d.get("kategori_ppks"),
        ringkasan=d.get("ringkasan", ""),
        # RegistrasiForm.berkas types its values `object`: they are BerkasField's uploads
        berkas=cast("dict[int, File[bytes]]", form.berkas()),
        terpenuhi=form.terpenuhi(),
        terdaftar_dtks=d.get("terdaftar_dtks"),
        url_lacak=request.build_absolute_uri(reverse("rujukan:lacak")),
        anggota=_anggota_dari_form(anggota_form),
        pengurus=[
            s.DataPengurus(jabatan=j, nama=nama, nik=nik) for j, nama, nik in form.pengurus_terisi()
        ],
    )


def _klien_dari_form(form: RegistrasiForm) -> s.DataKlien:
    d = form.cleaned_data
    if form.lembaga:
        return s.DataKlien(
            nama=d["nama"],
            jenis=JenisKlien.LEMBAGA,
            bentuk_hukum=d["bentuk_hukum"],
            nomor_legalitas=d.get("nomor_legalitas", ""),
            npwp=d.get("npwp", ""),
            alamat=d.get("alamat", ""),
            kelurahan=d.get("kelurahan", ""),
            kecamatan=d.get("kecamatan", ""),
            kabupaten_kota=d.get("kabupaten_kota", ""),
        )
    return s.DataKlien(
        nama=d["nama"],
        nik=d.get("nik", ""),
        no_kk=d.get("no_kk", ""),
        alasan_tanpa_identitas=d.get("alasan_tanpa_identitas", ""),
        tempat_lahir=d.get("tempat_lahir", ""),
        tanggal_lahir=d.get("tanggal_lahir"),
        tanggal_lahir_perkiraan=d.get("tanggal_lahir_perkiraan", False),
        jenis_kelamin=d.get("jenis_kelamin", ""),
        alamat=d.get("alamat", ""),
        kelurahan=d.get("kelurahan", ""),
        kecamatan=d.get("kecamatan", ""),
        kabupaten_kota=d.get("kabupaten_kota", ""),
    )


def _anggota_dari_form(formset: BaseFormSet[Any] | None) -> list[s.DataAnggota]:
    if formset is None:
        return []
    out = []
    for f in formset.forms:
        d = f.cleaned_data
        if not d or not f.has_changed():
            continue
        out.append(
            s.DataAnggota(
                klien=s.DataKlien(
                    nama=d["nama"].strip(),
                    nik=d.get("nik", ""),
                    alasan_tanpa_identitas=d.get("alasan_tanpa_identitas", ""),
                    tanggal_lahir=d.get("tanggal_lahir"),
                    jenis_kelamin=d.get("jenis_kelamin", ""),
                ),
                hubungan=d.get("hubungan", ""),
            )
        )
    return out


def _pemohon_dari_form(form: RegistrasiForm) -> s.DataPemohon:
    d = form.cleaned_data
    return s.DataPemohon(
        jenis=d["pemohon_jenis"],
        nama=d.get("pemohon_nama", ""),
        hubungan=d.get("pemohon_hubungan", ""),
        lembaga=d.get("pemohon_lembaga", ""),
        telepon=d.get("pemohon_telepon", ""),
        telepon_whatsapp=d.get("pemohon_whatsapp", False),
        alamat=d.get("pemohon_alamat", ""),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def registrasi(request: PermintaanMasuk, layanan: int, sub: int | None = None) -> HttpResponse:
    instansi = pastikan_staf(request, "rujukan.add_rujukan")
    layanan_obj, sub_obj = _layanan(instansi, layanan, sub)
    klien = _klien_dipilih(request, instansi)
    persyaratan = s.persyaratan_untuk(layanan_obj, sub_obj)
    # The returning-klien lookup posts its own small form (only the field `cari`);
    # the term is kept in the session and the page reloads with `?cari=<opaque id>`.
    mencari = request.method == "POST" and "cari" in request.POST
    cari_hilang = False
    if mencari:
        cari_form = CariKlienForm(request.POST)
        if cari_form.is_valid():
            term = cari_form.cleaned_data["cari"].strip()
            if not term:
                return lihat_lain(request.path)
            ident = simpan_cari(request, SESI_CARI, term)
            return lihat_lain(f"{request.path}?{urlencode({'cari': ident})}")
    else:
        ident = request.GET.get("cari", "")
        term = baca_cari(request, SESI_CARI, ident)
        cari_hilang = bool(ident) and term is None
        cari_form = CariKlienForm({"cari": term} if term else None)
    hasil_cari = None
    if not mencari and cari_form.is_bound and cari_form.is_valid():
        hasil_cari = selectors.klien_cari(user=request.user, q=cari_form.cleaned_data["cari"])
    galat = ""
    status = 400 if mencari else 200
    jenis_subjek = layanan_obj.jenis_subjek
    anggota_form = formset_anggota(
        layanan_obj, request.POST if request.method == "POST" and not mencari else None
    )
    if request.method == "POST" and not mencari:
        form = RegistrasiForm(
            request.POST,
            request.FILES,
            persyaratan=persyaratan,
            klien=klien,
            jenis_subjek=jenis_subjek,
        )
        anggota_sah = anggota_form is None or anggota_form.is_valid()
        if form.is_valid() and anggota_sah:
            lama = klien or _klien_lama(instansi, form.cleaned_data.get("nik", ""))
            terbuka = s.rujukan_terbuka_klien(lama) if lama else []
            if terbuka and not form.cleaned_data.get("konfirmasi_kasus_terbuka"):
                form.rujukan_terbuka = terbuka
                form.add_error(
                    "konfirmasi_kasus_terbuka",
                    _(
                        "Klien ini masih memiliki rujukan yang berjalan (%(daftar)s). Periksa "
                        "dahulu; centang kotak ini bila tetap ingin mendaftarkan rujukan baru."
                    )
                    % {"daftar": ", ".join(r.nomor_registrasi for r in terbuka)},
                )
        if form.is_valid() and anggota_sah:
            try:
                permohonan = permohonan_dari_form(
                    request,
                    form,
                    anggota_form,
                    layanan=layanan_obj,
                    sub_layanan=sub_obj,
                    klien=klien,
                )
                hasil = s.rujukan_register(by=request.user, permohonan=permohonan)
            except s.RujukanError as exc:
                galat, status = exc.pesan, exc.status_code
            else:
                kode = sesi.baca_rahasia(request.session, SESI_KODE) or {}
                kode[str(hasil.rujukan.pk)] = hasil.kode_lacak
                sesi.simpan_rahasia(request.session, SESI_KODE, kode)
                messages.success(
                    request,
                    _("Rujukan %(nomor)s terdaftar.") % {"nomor": hasil.rujukan.nomor_registrasi},
                )
                if hasil.rujukan_terbuka_lain:
                    messages.warning(
                        request,
                        _("Klien ini juga memiliki rujukan yang masih berjalan: %(daftar)s.")
                        % {
                            "daftar": ", ".join(
                                r.nomor_registrasi for r in hasil.rujukan_terbuka_lain
                            )
                        },
                    )
                return redirect("rujukan:detail", pk=hasil.rujukan.pk)
        else:
            status = 400
    else:
        form = RegistrasiForm(persyaratan=persyaratan, klien=klien, jenis_subjek=jenis_subjek)
        if klien is not None:
            form.rujukan_terbuka = s.rujukan_terbuka_klien(klien)
    nik_typed = form.data.get("nik", "") if form.is_bound else ""
    data_nik = _data_nik(nik_typed)
    alur = selectors_alur(layanan_obj, sub_obj)
    context = {
        "instansi": instansi,
        "layanan": layanan_obj,
        "sub": sub_obj,
        "klien": klien,
        "usia_klien": klien.usia() if klien else None,
        "form": form,
        "anggota_form": anggota_form,
        "cari_form": cari_form,
        "hasil_cari": hasil_cari,
        "cari_hilang": cari_hilang,
        "data_nik": data_nik,
        "dtks": status_dtks(
            user=request.user,
            instansi=instansi,
            klien=klien,
            nik=_nik_dicari(cari_form) or (normalisasi_nomor(nik_typed) if data_nik else ""),
            perlu=alur["alur"].verifikasi_kecuali_dtks,
        ),
        "galat": galat,
        "batas_unggahan": batas_unggahan_teks(),
        "batas_mb": settings.MAX_UPLOAD_MB,
        "berkas_perlu_dipilih_ulang": form.is_bound and form.ada_berkas_dipilih(),
        "alur": alur,
    }
    return render(request, "rujukan/baru_form.html", context, status=status)


def _nik_dicari(cari_form: CariKlienForm) -> str:
    """The NIK the officer looked a returning klien up by (16 digits), if any."""
    if not (cari_form.is_bound and cari_form.is_valid()):
        return ""
    angka = normalisasi_nomor(cari_form.cleaned_data["cari"] or "")
    return angka if angka.isdigit() and len(angka) == 16 else ""


def _klien_lama(instansi, nik: str) -> Klien | None:
    if not nik:
        return None
    return Klien.objects.milik(instansi).dengan_nik(nik).first()


def selectors_alur(layanan: Layanan, sub: SubLayanan | None = None):
    alur = alur_layanan(layanan, sub.pk if sub else None)
    return {"alur": alur, "rantai": jelaskan_rantai(alur)}
