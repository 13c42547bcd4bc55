"""The parts of the intake form that depend on who a case is about: the other
people of a family or group case (a formset) and an organisation's legal
data and officers (fields added to the intake form)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rujukan.models import BentukHukum, PengurusLembaga
from rujukan.validators import normalisasi_nomor, validate_nik


class NomorField(forms.CharField):
    """NIK / No. KK: spaces, dots and dashes are removed before checking."""

    def to_python(self, value):
        return normalisasi_nomor(super().to_python(value))


BARIS_ANGGOTA = 3
BATAS_ANGGOTA = 50
# the person fields an organisation does not have
KOLOM_PRIBADI = (
    "nik",
    "no_kk",
    "alasan_tanpa_identitas",
    "tempat_lahir",
    "tanggal_lahir",
    "tanggal_lahir_perkiraan",
    "jenis_kelamin",
)


class AnggotaForm(forms.Form):
    """One more person of a family or group (a row left empty is ignored)."""

    nama = forms.CharField(label=_("Nama"), max_length=150, required=False)
    hubungan = forms.CharField(
        label=_("Hubungan"),
        max_length=100,
        required=False,
        help_text=_("Dengan klien utama: istri, anak, korban…"),
    )
    nik = NomorField(
        label=_("NIK"),
        max_length=24,
        required=False,
        validators=[validate_nik],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    alasan_tanpa_identitas = forms.CharField(
        label=_("Alasan tanpa NIK"), max_length=300, required=False
    )
    tanggal_lahir = forms.DateField(
        label=_("Tanggal lahir"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"),
        required=False,
        choices=[("", _("— dari NIK —")), ("L", _("Laki-laki")), ("P", _("Perempuan"))],
    )

    def clean(self):
        data = super().clean()
        if not self.has_changed():
            return data
        if not (data.get("nama") or "").strip():
            self.add_error("nama", _("Nama anggota wajib diisi (atau kosongkan seluruh baris)."))
        tanpa_alasan = not (data.get("alasan_tanpa_identitas") or "").strip()
        if not data.get("nik") and tanpa_alasan and "nik" not in self.errors:
            self.add_error(
                "alasan_tanpa_identitas", _("Isi NIK, atau tuliskan alasan tidak ada NIK.")
            )
        lahir = data.get("tanggal_lahir")
        if lahir and lahir > timezone.localdate():
            self.add_error("tanggal_lahir", _("Tanggal lahir tidak boleh di masa depan."))
        return data


AnggotaFormSet = forms.formset_factory(
    AnggotaForm,
    extra=BARIS_ANGGOTA,
    max_num=BATAS_ANGGOTA,
    validate_max=True,
    absolute_max=BATAS_ANGGOTA,
)


def kolom_lembaga() -> dict[str, forms.Field]:
    """Fields of an organisation klien, added to the intake form."""
    return {
        "bentuk_hukum": forms.ChoiceField(
            label=_("Bentuk hukum"),
            choices=[("", _("— pilih —")), *BentukHukum.choices],
        ),
        "nomor_legalitas": forms.CharField(
            label=_("Nomor akta / surat pendirian"), max_length=150, required=False
        ),
        "npwp": forms.CharField(label=_("NPWP lembaga"), max_length=25, required=False),
    }


def kolom_pengurus() -> dict[str, forms.Field]:
    """Name and NIK of the organisation's Ketua, Sekretaris and Bendahara."""
    out: dict[str, forms.Field] = {}
    for jabatan in PengurusLembaga.Jabatan:
        out[f"pengurus_{jabatan.value}_nama"] = forms.CharField(
            label=_("Nama %(jabatan)s") % {"jabatan": jabatan.label},
            max_length=150,
            required=False,
        )
        out[f"pengurus_{jabatan.value}_nik"] = NomorField(
            label=_("NIK %(jabatan)s") % {"jabatan": jabatan.label},
            max_length=24,
            required=False,
            validators=[validate_nik],
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
    return out
