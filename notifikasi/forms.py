from django import forms
from django.utils.translation import gettext_lazy as _

from notifikasi.models import Kanal

PILIHAN = [(Kanal.WHATSAPP, _("WhatsApp")), (Kanal.SMS, _("SMS")), (Kanal.EMAIL, _("Email"))]


class PreferensiForm(forms.Form):
    aktif = forms.BooleanField(label=_("Kirimi saya notifikasi"), required=False)
    kanal = forms.ChoiceField(
        label=_("Kirim lewat"), choices=PILIHAN, widget=forms.RadioSelect, initial=Kanal.EMAIL
    )
    telepon = forms.CharField(
        label=_("Nomor WhatsApp/HP"),
        required=False,
        max_length=20,
        help_text=_("Contoh: 0812 3456 7890. Hanya untuk notifikasi pekerjaan Anda."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_telepon(self) -> str:
        telepon = self.cleaned_data["telepon"].strip()
        angka = "".join(c for c in telepon if c.isdigit())
        if telepon and (
            not 9 <= len(angka) <= 15 or any(c not in "0123456789 +-()" for c in telepon)
        ):
            raise forms.ValidationError(
                _("Nomor telepon tidak valid: 9–15 angka, boleh diawali +.")
            )
        return telepon

    def clean(self):
        data = super().clean()
        kanal, aktif = data.get("kanal"), data.get("aktif")
        if aktif and kanal in (Kanal.WHATSAPP, Kanal.SMS) and not data.get("telepon"):
            self.add_error("telepon", _("Isi nomor WhatsApp/HP untuk kanal ini."))
        if aktif and kanal == Kanal.EMAIL and not self.email:
            self.add_error(
                "kanal",
                _(
                    "Akun Anda belum memiliki alamat email. Pilih WhatsApp atau SMS, "
                    "atau minta Admin Instansi mengisi email Anda."
                ),
            )
        return data
