from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.models import Instansi, Layanan
from survei.models import UNSUR, ResponSurvei
from survei.selectors import JENIS_PERIODE, Periode, periode_dari
from survei.services import Jawaban

TIDAK_MENJAWAB = "0"
_TANGGAL = forms.DateInput(attrs={"type": "date"})


class SurveiForm(forms.Form):
    """The questionnaire: profile, the nine elements, a suggestion. Radio
    buttons only (works without JavaScript on any phone)."""

    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=ResponSurvei.JenisKelamin.choices,
        widget=forms.RadioSelect,
    )
    umur = forms.IntegerField(
        label=_("Umur (tahun)"),
        min_value=10,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    pendidikan = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        choices=ResponSurvei.Pendidikan.choices,
        widget=forms.RadioSelect,
    )
    pekerjaan = forms.ChoiceField(
        label=_("Pekerjaan utama"), choices=ResponSurvei.Pekerjaan.choices, widget=forms.RadioSelect
    )
    saran = forms.CharField(
        label=_("Saran dan masukan (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Jangan menuliskan nama, NIK, atau nomor telepon."),
    )

    def __init__(self, *args, instansi: Instansi, layanan: Layanan | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.layanan_tetap = layanan
        if layanan is None:
            self.fields["layanan"] = forms.ModelChoiceField(
                label=_("Layanan yang Anda terima"),
                queryset=Layanan.objects.filter(instansi=instansi).order_by("nama"),
                widget=forms.RadioSelect,
                empty_label=None,
            )
        for kode, nama, tanya, jawab in UNSUR:
            self.fields[kode] = forms.ChoiceField(
                label=f"{kode.upper()}. {nama}",
                help_text=tanya,
                choices=[(str(i), f"{i}. {teks}") for i, teks in enumerate(jawab, start=1)]
                + [(TIDAK_MENJAWAB, _("Tidak menjawab"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban, atau 'Tidak menjawab'.")},
            )

    def unsur_fields(self):
        return [self[kode] for kode, *_r in UNSUR]

    def jawaban(self) -> Jawaban:
        d = self.cleaned_data
        return Jawaban(
            layanan=self.layanan_tetap or d["layanan"],
            jenis_kelamin=d["jenis_kelamin"],
            umur=d["umur"],
            pendidikan=d["pendidikan"],
            pekerjaan=d["pekerjaan"],
            saran=d["saran"],
            unsur={
                kode: None if d[kode] == TIDAK_MENJAWAB else int(d[kode]) for kode, *_r in UNSUR
            },
        )


class LoketForm(forms.Form):
    layanan = forms.ModelChoiceField(
        label=_("Layanan yang diterima warga"), queryset=Layanan.objects.none()
    )

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = Layanan.objects.filter(instansi=instansi).order_by("nama")


class LaporanForm(forms.Form):
    """The report's filters: a service (or all) and a calendar period or a date range."""

    layanan = forms.ModelChoiceField(
        label=_("Layanan"),
        queryset=Layanan.objects.none(),
        required=False,
        empty_label=_("Semua layanan"),
    )
    jenis = forms.ChoiceField(
        label=_("Periode"),
        choices=[
            ("bulan", _("Bulan")),
            ("triwulan", _("Triwulan")),
            ("semester", _("Semester")),
            ("tahun", _("Tahun")),
            ("rentang", _("Rentang tanggal")),
        ],
        initial="tahun",
        required=False,
    )
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    ke = forms.IntegerField(
        label=_("Ke-"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Bulan 1–12, triwulan 1–4, atau semester 1–2."),
    )
    mulai = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = Layanan.objects.filter(instansi=instansi).order_by("nama")

    def clean(self):
        d = super().clean()
        jenis = d.get("jenis") or "tahun"
        hari_ini = timezone.localdate()
        if jenis == "rentang":
            mulai, sampai = d.get("mulai"), d.get("sampai")
            if not mulai or not sampai:
                raise forms.ValidationError(_("Isi tanggal awal dan akhir rentang."))
            if mulai > sampai:
                raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
            if (sampai - mulai).days > 3660:
                raise forms.ValidationError(_("Rentang paling lama sepuluh tahun."))
            d["periode"] = Periode(
                mulai=mulai, sampai=sampai, label=f"{mulai:%d-%m-%Y} s.d. {sampai:%d-%m-%Y}"
            )
            return d
        tahun = d.get("tahun") or hari_ini.year
        _per, jumlah = JENIS_PERIODE[jenis]
        ke = d.get("ke") or (1 if jumlah == 1 else _ke_sekarang(hari_ini, jenis))
        if ke > jumlah:
            raise forms.ValidationError(_("Nomor periode di luar rentang untuk jenis periode ini."))
        d["periode"] = periode_dari(jenis=jenis, tahun=tahun, ke=ke)
        return d


def _ke_sekarang(hari: dt.date, jenis: str) -> int:
    bulan_per, _jumlah = JENIS_PERIODE[jenis]
    return (hari.month - 1) // bulan_per + 1
