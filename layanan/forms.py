"""Forms of the admin of the standards and their versions."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from layanan.models import Instansi, Layanan

IMPOR_MAKS_BYTES = 1024 * 1024


class LayananForm(forms.ModelForm):
    """The admin's form of a standard version. A standard's slug names all
    its versions: a new standard, or a renamed one, may not take the slug of
    another standard of the office."""

    def clean(self):
        cleaned = super().clean()
        instansi = cleaned.get("instansi") or getattr(self.instance, "instansi", None)
        slug = cleaned.get("slug", self.instance.slug)
        baru = self.instance.pk is None or slug != self.instance.slug
        if (
            instansi is not None
            and slug
            and baru
            and Layanan.objects.filter(instansi=instansi, slug=slug).exists()
        ):
            self.add_error(
                "slug",
                _(
                    "Instansi ini sudah mempunyai standar dengan slug ini. Untuk mengubah "
                    "standar itu, buat draf versi barunya."
                ),
            )
        return cleaned


class _Tanggal(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TerbitkanForm(forms.Form):
    """The SK that makes a draft the version in force. The service checks the
    dates and says everything that is missing at once, so nothing is required here."""

    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=120, required=False)
    tanggal_sk = forms.DateField(label=_("Tanggal SK"), required=False, widget=_Tanggal())
    berlaku_mulai = forms.DateField(
        label=_("Berlaku mulai"),
        required=False,
        widget=_Tanggal(),
        help_text=_("Kosongkan bila berlaku hari ini."),
    )


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas standar (JSON)"),
        help_text=_("Berkas hasil “Ekspor (JSON)” atau berkas standar dalam format yang sama."),
    )

    def clean_berkas(self) -> dict[str, Any]:
        berkas = self.cleaned_data["berkas"]
        if berkas.size > IMPOR_MAKS_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar: paling besar 1 MB."))
        try:
            data = json.loads(berkas.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise forms.ValidationError(_("Berkas tidak dapat dibaca sebagai JSON.")) from None
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Isi berkas harus berupa objek JSON."))
        self.nama_berkas = berkas.name
        return data


class _PilihanStandar(forms.ModelChoiceField):
    def label_from_instance(self, obj: Layanan) -> str:
        return f"{obj.instansi.nama} — {obj.nama} (versi {obj.versi})"


class SalinForm(forms.Form):
    sumber = _PilihanStandar(
        label=_("Standar sumber"),
        queryset=Layanan.objects.none(),
        help_text=_("Standar yang sedang berlaku di instansi lain."),
    )
    slug = forms.SlugField(
        label=_("Slug di instansi Anda"),
        max_length=120,
        required=False,
        help_text=_(
            "Kosongkan untuk memakai slug standar sumber. Bila instansi Anda sudah mempunyai "
            "standar dengan slug itu, salinan menjadi draf versi barunya."
        ),
    )

    def __init__(self, *args, instansi: Instansi | None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Layanan.objects.filter(aktif=True).select_related("instansi")
        if instansi is not None:
            qs = qs.exclude(instansi=instansi)
        self.fields["sumber"].queryset = qs.order_by("instansi__nama", "urutan", "nama")
