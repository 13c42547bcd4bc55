from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from akun.forms import kode_sekali_pakai
from notifikasi.models import PreferensiKontak
from notifikasi.services import pilihan_kabar
from warga.kontak import normalisasi
from warga.models import KodeMasuk


class MasukForm(forms.Form):
    kontak = forms.CharField(
        label=_("Nomor HP/WhatsApp atau alamat email"),
        max_length=254,
        help_text=_(
            "Nomor atau email yang Anda berikan saat mengajukan permohonan atau pengaduan."
        ),
    )
    kanal = forms.ChoiceField(
        label=_("Kirim kode lewat"),
        choices=[(KodeMasuk.Kanal.WHATSAPP, _("WhatsApp")), (KodeMasuk.Kanal.SMS, _("SMS"))],
        initial=KodeMasuk.Kanal.WHATSAPP,
        widget=forms.RadioSelect,
        help_text=_("Untuk alamat email, kami mengirim tautan masuk."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kontak"].widget.attrs.update(
            {"autocomplete": "tel email", "inputmode": "email", "autofocus": True}
        )

    def clean_kontak(self):
        return normalisasi(self.cleaned_data["kontak"])


class KodeForm(forms.Form):
    kode = kode_sekali_pakai(_("Kode 6 angka"))


class KabarForm(forms.Form):
    """How news of the citizen's cases and complaints reaches them: only the
    channels their proven contact allows (a phone: WhatsApp, SMS; an e-mail:
    e-mail), or none."""

    kanal = forms.ChoiceField(
        label=_("Kabar tentang permohonan dan pengaduan Anda dikirim lewat"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih cara kabar dikirim kepada Anda."),
            "invalid_choice": _(
                "Pilihan itu tidak tersedia untuk kontak Anda. Pilih salah satu yang tertera."
            ),
        },
    )

    def __init__(self, *args, telepon: bool, **kwargs):
        super().__init__(*args, **kwargs)
        label = dict(PreferensiKontak.Pilihan.choices)
        self.fields["kanal"].choices = [(k, label[k]) for k in pilihan_kabar(telepon=telepon)]
