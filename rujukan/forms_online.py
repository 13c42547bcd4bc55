"""The online request form: the front desk's intake form (RegistrasiForm)
without what only the desk states (originals shown, the DTKS status, a
returning klien picked from the office's records), plus the client's consent
to processing, the kelurahan's letter (uploaded or signed in the portal) and
a key that makes the form sent twice one case.

The same form serves the citizen's own page (`warga=True`, warga app): the
phone is the number they proved (not typed), the consent is their own
statement in the portal (elektronik), and only an operator signs a
kelurahan letter in the portal."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from layanan.models import JenisSubjek, Persyaratan
from rujukan.forms import KataSandiField, RegistrasiForm
from rujukan.models import Pemohon, PersetujuanKlien
from rujukan.services.online import DataPersetujuanOnline

HANYA_LOKET = ("klien_id", "terdaftar_dtks", "konfirmasi_kasus_terbuka")
# a citizen's phone is the number they proved; their consent is given in the portal
HANYA_OPERATOR = ("pemohon_telepon", "pemohon_whatsapp", "persetujuan_cara")
SURAT_UNGGAH, SURAT_PORTAL = "unggah", "portal"
FORMULIR_RUSAK = _("Formulir ini rusak atau kedaluwarsa; muat ulang halamannya.")


def kunci_baru() -> str:
    return uuid.uuid4().hex


class PengajuanOnlineForm(RegistrasiForm):
    kunci = forms.RegexField(
        regex=r"^[0-9a-f]{32}$",
        widget=forms.HiddenInput,
        error_messages={"invalid": FORMULIR_RUSAK, "required": FORMULIR_RUSAK},
    )
    # the consent to processing (UU 27/2022)
    setuju = forms.BooleanField(
        label=_(
            "Klien (atau orang tua/wali/keluarganya) sudah menyetujui datanya diolah Dinas "
            "Sosial untuk permohonan ini."
        ),
        error_messages={"required": _("Permohonan daring memerlukan persetujuan klien.")},
    )
    persetujuan_pemberi = forms.CharField(label=_("Nama yang memberi persetujuan"), max_length=150)
    persetujuan_hubungan = forms.ChoiceField(
        label=_("Hubungan dengan klien"),
        choices=PersetujuanKlien.Hubungan.choices,
        initial=PersetujuanKlien.Hubungan.KLIEN,
        widget=forms.RadioSelect,
    )
    persetujuan_cara = forms.ChoiceField(
        label=_("Cara persetujuan diberikan"),
        choices=[
            c for c in PersetujuanKlien.Cara.choices if c[0] != PersetujuanKlien.Cara.ELEKTRONIK
        ],
        initial=PersetujuanKlien.Cara.TERTULIS,
        widget=forms.RadioSelect,
    )
    persetujuan_alasan = forms.CharField(
        label=_("Mengapa bukan klien sendiri (bila diwakili)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        persyaratan: list[Persyaratan],
        jenis_subjek=JenisSubjek.PERORANGAN,
        kelurahan=None,
        warga: bool = False,
        **kwargs,
    ):
        super().__init__(*args, persyaratan=persyaratan, jenis_subjek=jenis_subjek, **kwargs)
        self.warga = warga
        for name in HANYA_LOKET + (HANYA_OPERATOR if warga else ()):
            self.fields.pop(name, None)
        if warga:
            self.fields["setuju"].label = _(
                "Saya menyatakan klien (atau orang tua/wali/keluarganya) menyetujui datanya "
                "diolah Dinas Sosial untuk permohonan ini."
            )
        for p in persyaratan:
            self.fields.pop(f"ada_{p.pk}", None)  # originals are shown at the desk, not online
        if not self.is_bound:
            self.initial.setdefault("kunci", kunci_baru())
        self.fields["pemohon_jenis"].initial = (
            Pemohon.Jenis.KELUARGA if warga else Pemohon.Jenis.KELURAHAN
        )
        if kelurahan is not None:
            self.fields["pemohon_lembaga"].initial = str(kelurahan)
        # the kelurahan's letter an operator may sign here (a citizen uploads it)
        self.syarat_surat = None
        if not warga:
            self.syarat_surat = next(
                (
                    p
                    for p in persyaratan
                    if p.surat_kelurahan and p.jenis == Persyaratan.Jenis.DOKUMEN
                ),
                None,
            )
        if self.syarat_surat is not None:
            self.fields["surat_cara"] = forms.ChoiceField(
                label=_("Surat dari kelurahan/desa"),
                choices=[
                    (SURAT_UNGGAH, _("Unggah surat yang sudah ditandatangani (PDF/foto)")),
                    (SURAT_PORTAL, _("Tanda tangani surat di portal sekarang")),
                ],
                initial=SURAT_UNGGAH,
                widget=forms.RadioSelect,
            )
            self.fields["surat_nomor"] = forms.CharField(
                label=_("Nomor surat"), max_length=100, required=False
            )
            self.fields["surat_perihal"] = forms.CharField(
                label=_("Perihal"), max_length=200, required=False
            )
            self.fields["surat_isi"] = forms.CharField(
                label=_("Isi surat"),
                max_length=3000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("Keterangan kelurahan/desa tentang klien dan permohonannya."),
            )
            self.fields["kata_sandi"] = KataSandiField(
                help_text=_(
                    "Menandatangani di portal: nama Anda, kelurahan, tanggal dan jam dicatat "
                    "bersama surat, dan kata sandi Anda diminta sekali lagi."
                )
            )
        for p in persyaratan:
            name = f"berkas_{p.pk}"
            if name in self.fields and p.wajib and not p.kondisi:
                self.fields[name].label = p.teks

    def surat_di_portal(self) -> bool:
        return self.syarat_surat is not None and self.cleaned_data.get("surat_cara") == SURAT_PORTAL

    def persetujuan(self) -> DataPersetujuanOnline:
        """The consent to processing as the online service takes it (a
        citizen's, given in the portal, is elektronik)."""
        d = self.cleaned_data
        return DataPersetujuanOnline(
            pemberi=d["persetujuan_pemberi"],
            hubungan=d["persetujuan_hubungan"],
            cara=d.get("persetujuan_cara") or PersetujuanKlien.Cara.ELEKTRONIK,
            alasan=d.get("persetujuan_alasan", ""),
        )

    def clean(self):
        data = super().clean()
        for p in self.persyaratan:
            name = f"berkas_{p.pk}"
            if p.jenis != Persyaratan.Jenis.DOKUMEN or not p.wajib or p.kondisi:
                continue
            if name in self.errors:
                continue
            if p == self.syarat_surat and data.get("surat_cara") == SURAT_PORTAL:
                if data.get(name):
                    self.add_error(
                        name,
                        _("Pilih salah satu: unggah surat, atau tanda tangani di portal."),
                    )
                continue
            if not data.get(name):
                self.add_error(name, _("Unggah dokumen wajib ini."))
        if self.syarat_surat is not None and data.get("surat_cara") == SURAT_PORTAL:
            for name, pesan in (
                ("surat_nomor", _("Isi nomor surat kelurahan.")),
                ("surat_perihal", _("Isi perihal surat.")),
                ("surat_isi", _("Isi keterangan surat.")),
                ("kata_sandi", _("Masukkan kata sandi Anda untuk menandatangani surat.")),
            ):
                if not (data.get(name) or "").strip():
                    self.add_error(name, pesan)
        hubungan = data.get("persetujuan_hubungan")
        if (
            hubungan
            and hubungan != PersetujuanKlien.Hubungan.KLIEN
            and not (data.get("persetujuan_alasan") or "").strip()
        ):
            self.add_error(
                "persetujuan_alasan",
                _("Tuliskan mengapa bukan klien sendiri yang memberi persetujuan."),
            )
        return data
