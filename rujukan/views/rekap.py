"""The recap of the office's services (rekapitulasi layanan) by month or year,
on screen and as XLSX, CSV and a PDF in naskah-dinas form to send upward.
For the officials holding `rujukan.lihat_rekap` (Koordinator, Kabid, Kadis,
Admin Instansi), of their own office only; the figures come from
rujukan.laporan."""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from layanan.documents import logo_data_uri
from rujukan import laporan
from rujukan.documents import (
    blok_kepala_instansi,
    render_pdf,
    tanggal_panjang,
    tempat_surat,
    waktu_lokal,
)
from rujukan.views._umum import pastikan_staf

IZIN = "rujukan.lihat_rekap"
FORMAT = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


class RekapForm(forms.Form):
    jenis = forms.ChoiceField(
        label=gettext_lazy("Periode"),
        choices=[("bulan", gettext_lazy("Bulanan")), ("tahun", gettext_lazy("Tahunan"))],
        error_messages={"invalid_choice": gettext_lazy("Pilih periode bulanan atau tahunan.")},
    )
    bulan = forms.TypedChoiceField(
        label=gettext_lazy("Bulan"),
        coerce=int,
        required=False,
        choices=[(i, nama) for i, nama in enumerate(laporan.BULAN, start=1)],
        error_messages={"invalid_choice": gettext_lazy("Bulan harus antara 1 dan 12.")},
    )
    tahun = forms.IntegerField(
        label=gettext_lazy("Tahun"),
        min_value=laporan.TAHUN_MIN,
        max_value=laporan.TAHUN_MAKS,
        error_messages={
            "required": gettext_lazy("Isi tahun laporan."),
            "invalid": gettext_lazy("Tahun harus berupa angka, misalnya 2026."),
            "min_value": gettext_lazy("Tahun tidak boleh sebelum %(limit_value)s."),
            "max_value": gettext_lazy("Tahun tidak boleh setelah %(limit_value)s."),
        },
    )
    layanan = forms.ChoiceField(label=gettext_lazy("Layanan"), required=False)
    kepada = forms.CharField(
        label=gettext_lazy("Kepada Yth."),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Untuk PDF: pejabat yang dituju."),
    )
    cq = forms.CharField(
        label=gettext_lazy("c.q."),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Untuk PDF: unit yang menangani (boleh dikosongkan)."),
    )

    def __init__(self, *args, layanan: dict[str, laporan.StandarRingkas], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].choices = [("", _("Semua layanan"))] + [
            (s.slug, s.nama) for s in layanan.values()
        ]

    def clean(self):
        data = super().clean()
        if data.get("jenis") == "bulan" and not data.get("bulan") and "bulan" not in self.errors:
            self.add_error("bulan", _("Pilih bulan laporan."))
        return data

    def periode(self) -> laporan.Periode:
        d = self.cleaned_data
        return laporan.Periode(
            tahun=d["tahun"], bulan=d["bulan"] if d["jenis"] == "bulan" else None
        )


def kepada_bawaan(instansi) -> str:
    """Bupati … or Wali Kota …, from the office's pemerintah daerah."""
    daerah = instansi.pemerintah_daerah.strip()
    nama = tempat_surat(instansi)
    if daerah.lower().removeprefix("pemerintah ").startswith(("kabupaten", "kab.")):
        return f"Bupati {nama}"
    return f"Wali Kota {nama}"


def cq_bawaan(instansi) -> str:
    daerah = instansi.pemerintah_daerah.strip()
    wilayah = daerah[len("Pemerintah ") :] if daerah.lower().startswith("pemerintah ") else daerah
    return f"Sekretaris Daerah {wilayah}".strip()


def _form(request: HttpRequest, instansi, layanan: dict[str, laporan.StandarRingkas]) -> RekapForm:
    """The form from the query string; without one, this month in the office's zone."""
    if request.GET:
        data = request.GET.copy()
        slug = data.get("layanan", "")
        if slug and slug not in layanan:
            raise Http404(_("Layanan tidak ditemukan."))  # another office's, or none
    else:
        kini = waktu_lokal(instansi)
        data = {"jenis": "bulan", "bulan": kini.month, "tahun": kini.year}
    data.setdefault("kepada", kepada_bawaan(instansi))
    data.setdefault("cq", cq_bawaan(instansi))
    return RekapForm(data, layanan=layanan)


def _rekap(form: RekapForm, instansi, layanan: dict[str, laporan.StandarRingkas]) -> laporan.Rekap:
    return laporan.rekap_layanan(
        instansi=instansi,
        periode=form.periode(),
        slug=form.cleaned_data["layanan"] or None,
        standar=layanan,
    )


def _teks_waktu(instansi, moment) -> str:
    """26 November 2026 pukul 13.05 WITA (the office's own zone)."""
    lokal = waktu_lokal(instansi, moment)
    return _("%(tanggal)s pukul %(jam)s %(zona)s") % {
        "tanggal": tanggal_panjang(lokal),
        "jam": lokal.strftime("%H.%M"),
        "zona": instansi.zona_waktu_singkat,
    }


def _teks_dicetak(instansi, moment) -> str:
    return _("Dicetak dari Portal Layanan pada %(waktu)s") % {
        "waktu": _teks_waktu(instansi, moment)
    }


@login_required
@require_safe
def halaman(request: HttpRequest) -> HttpResponse:
    instansi = pastikan_staf(request, IZIN)
    layanan = laporan.layanan_instansi(instansi=instansi)
    form = _form(request, instansi, layanan)
    if not form.is_valid():
        return render(
            request,
            "rujukan/rekap.html",
            {"instansi": instansi, "form": form, "rekap": None},
            status=400,
        )
    rekap = _rekap(form, instansi, layanan)
    return render(
        request,
        "rujukan/rekap.html",
        {
            "instansi": instansi,
            "form": form,
            "rekap": rekap,
            "params": urlencode(_periode(form)),
            "tersembunyi": _periode(form),
            "dihitung": _teks_waktu(instansi, rekap.dibuat_pada),
        },
    )


PARAM_PERIODE = ("jenis", "bulan", "tahun", "layanan")


def _periode(form: RekapForm) -> list[tuple[str, str]]:
    """The period and service of a valid form, for the download links."""
    d = form.cleaned_data
    return [(k, str(d[k])) for k in PARAM_PERIODE if d.get(k) not in (None, "")]


@login_required
@require_safe
def unduh(request: HttpRequest, format: str) -> HttpResponse:
    instansi = pastikan_staf(request, IZIN)
    if format not in FORMAT:
        raise Http404(_("Format unduhan tidak dikenal."))
    layanan = laporan.layanan_instansi(instansi=instansi)
    form = _form(request, instansi, layanan)
    if not form.is_valid():
        pesan = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(
            _("Permintaan rekap tidak sah: %(galat)s") % {"galat": pesan},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rekap = _rekap(form, instansi, layanan)
    dicetak = _teks_dicetak(instansi, rekap.dibuat_pada)
    if format == "csv":
        isi = laporan.ekspor_csv(rekap)
    elif format == "xlsx":
        isi = laporan.ekspor_xlsx(rekap, dicetak=dicetak)
    else:
        isi = _pdf(rekap, form, dicetak=dicetak)
    nama = f"rekap-layanan-{instansi.pk}-{rekap.periode.kode}"
    if form.cleaned_data["layanan"]:
        nama += f"-{layanan[form.cleaned_data['layanan']].pk}"
    response = HttpResponse(isi, content_type=FORMAT[format])
    response["Content-Disposition"] = f'attachment; filename="{nama}.{format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf(rekap: laporan.Rekap, form: RekapForm, *, dicetak: str) -> bytes:
    instansi = rekap.instansi
    tanggal = waktu_lokal(instansi, rekap.dibuat_pada)
    ctx = {
        "instansi": instansi,
        "logo": logo_data_uri(instansi),
        "rekap": rekap,
        "judul": laporan.judul_rekap(rekap),
        "hal": _("Laporan Rekapitulasi Layanan %(periode)s") % {"periode": rekap.periode.label},
        "kepada": form.cleaned_data["kepada"] or kepada_bawaan(instansi),
        "cq": form.cleaned_data["cq"],
        "tempat": tempat_surat(instansi),
        "tanggal": tanggal.date(),
        "tanggal_panjang": tanggal_panjang(tanggal),
        "penandatangan": blok_kepala_instansi(instansi),
        "kolom": laporan.kolom_angka(),
        "dicetak": dicetak,
        "surat": True,
    }
    with timezone.override(ZoneInfo(instansi.zona_waktu)):
        html = render_to_string("rujukan/dokumen/rekap_layanan.html", ctx)
    return render_pdf(html)
