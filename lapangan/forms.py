"""Forms of the field pages that are theirs alone: the DTKS lookup and CSV
import. Assignment, the lembar asesmen and an activity with its documentation
use the case's forms (rujukan.forms_pekerjaan) with the field pages' options.
They parse and check input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rujukan.validators import normalisasi_nomor

# The usual pilar sosial, for a standard that publishes no "unsur yang terlibat".
UNSUR_BAWAAN = [
    "Kelurahan/desa",
    "RT/RW",
    "Keluarga klien",
    "TKSK",
    "PSM",
    "Tagana",
    "Pendamping PKH",
    "Karang Taruna",
    "Puskesmas/rumah sakit",
    "Polri/TNI",
]


class CariDTKSForm(forms.Form):
    """The DTKS/DTSEN lookup by NIK. Posted, so the NIK never lands in a URL."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        error_messages={"required": _("Ketik NIK yang akan dicek.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_nik(self):
        nik = normalisasi_nomor(self.cleaned_data["nik"])
        if not (nik.isdigit() and len(nik) == 16):
            raise forms.ValidationError(_("NIK terdiri atas 16 angka."))
        return nik


class ImporDTKSForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas CSV"),
        help_text=_(
            "Kolom: nik, nama, alamat, desil, tanggal_data (pemisah koma atau titik koma, "
            "UTF-8). Paling besar 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas CSV terlalu besar; batasnya 20 MB."))
        return berkas
