from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.selectors import PERIODE
from layanan.models import Layanan


class PilihanLayanan(forms.ModelChoiceField):
    """A service among those the view read (`daftar`), found without a query."""

    daftar: list[Layanan] = []

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for la in self.daftar:
            if str(la.pk) == str(value):
                return la
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class FilterDasbor(forms.Form):
    periode = forms.ChoiceField(label=_("Periode"), choices=PERIODE, required=False)
    dari = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    layanan = PilihanLayanan(
        label=_("Layanan"), queryset=Layanan.objects.none(), required=False,
        empty_label=_("Semua layanan"),
    )  # fmt: skip

    def __init__(self, *args, layanan_pilihan: list[Layanan], **kwargs):
        """`layanan_pilihan`: the office's services, read once by the view
        (kinerja.selectors.layanan_pilihan); the choice is checked against them."""
        super().__init__(*args, **kwargs)
        field = self.fields["layanan"]
        field.queryset = Layanan.objects.filter(pk__in=[la.pk for la in layanan_pilihan])
        field.daftar = list(layanan_pilihan)
        field.choices = [("", field.empty_label)] + [(la.pk, str(la)) for la in layanan_pilihan]

    def clean(self):
        data = super().clean()
        if data.get("periode") == "khusus":
            dari, sampai = data.get("dari"), data.get("sampai")
            if not dari or not sampai:
                raise forms.ValidationError(_("Isi tanggal awal dan akhir rentang."))
            if dari > sampai:
                raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
            if (sampai - dari).days > 3 * 366:
                raise forms.ValidationError(_("Rentang paling panjang tiga tahun."))
        return data
