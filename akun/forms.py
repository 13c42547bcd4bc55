from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from akun import services
from akun.errors import AkunError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def kode_sekali_pakai(label: StrOrPromise) -> forms.CharField:
    """The field for a one-time code (an authenticator's, or one sent by SMS,
    WhatsApp or e-mail): a phone shows digits and offers the code it received."""
    return forms.CharField(
        label=label,
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


class KodeForm(forms.Form):
    kode = kode_sekali_pakai(_("Kode 6 angka dari aplikasi autentikator"))

    def clean_kode(self) -> str:
        kode = "".join(c for c in self.cleaned_data["kode"] if c in "0123456789")
        if len(kode) != 6:
            raise forms.ValidationError(_("Kode terdiri dari 6 angka."))
        return kode


class KataSandiForm(forms.Form):
    kata_sandi = forms.CharField(
        label=_("Kata sandi akun Anda"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class GantiSandiForm(PasswordChangeForm):
    """Django's password change; the old password is counted like every other
    re-authentication (five wrong ones lock it for a while)."""

    def clean_old_password(self) -> str:
        lama = self.cleaned_data["old_password"]
        try:
            services.sandi_ulang_periksa(user=self.user, kata_sandi=lama, faktor_kedua=False)
        except AkunError as exc:
            raise forms.ValidationError(exc.pesan, code="password_incorrect") from None
        return lama
