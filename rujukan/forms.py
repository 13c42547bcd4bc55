"""Forms of the case pages. They only parse and check what was typed; every
write goes through rujukan.services. Identity numbers and uploads are checked
with the domain's own validators (rujukan.validators), so the messages the
officer sees are the same as the services'. The forms of work on a case that
is not a state change (assessment, activity, assignment) are shared with the
field pages: they live in rujukan.forms_pekerjaan and are named here too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.models import JenisSubjek, KategoriPPKS, Panti, Persyaratan
from rujukan.forms_pekerjaan import AsesmenForm as AsesmenForm
from rujukan.forms_pekerjaan import KegiatanForm as KegiatanForm
from rujukan.forms_pekerjaan import TugaskanForm as TugaskanForm
from rujukan.forms_subjek import KOLOM_PRIBADI, NomorField, kolom_lembaga, kolom_pengurus
from rujukan.models import JedaWaktu, Pemohon, PengurusLembaga, PersetujuanKlien
from rujukan.validators import (
    periksa_unggahan,
    validate_nik,
    validate_no_kk,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TIPE_SURAT = "application/pdf,image/jpeg,image/png,image/webp"
TIPE_UNGGAHAN = TIPE_SURAT + ",video/mp4,video/quicktime,video/webm,video/3gpp"


def batas_unggahan_teks(*, boleh_video: bool = True) -> str:
    if not boleh_video:
        return _("Paling besar %(mb)s MB per berkas: PDF atau foto (JPG/PNG/WebP).") % {
            "mb": settings.MAX_UPLOAD_MB
        }
    return _("Paling besar %(mb)s MB per berkas: PDF, foto (JPG/PNG/WebP) atau video.") % {
        "mb": settings.MAX_UPLOAD_MB
    }


def _hari_ini():
    return timezone.localdate()


class BerkasField(forms.FileField):
    """An upload checked by its content (PDF, image, video) and its size."""

    def __init__(self, *args, boleh_video: bool = True, **kwargs):
        self.boleh_video = boleh_video
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", TIPE_UNGGAHAN if boleh_video else TIPE_SURAT)

    def clean(self, data, initial=None):
        berkas = super().clean(data, initial)
        if berkas:
            periksa_unggahan(berkas, boleh_video=self.boleh_video)
        return berkas


def _tanggal(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


# -- intake ----------------------------------------------------------------------
MAKS_CARI = 100


def _kotak_cari(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "autocomplete": "off", **attrs})


class CariRujukanForm(forms.Form):
    """The case list's search box. Posted, never sent in a URL (the view keeps
    the term in the session; see layanan.cari)."""

    q = forms.CharField(
        label=_("Cari NIK, nama atau nomor"),
        max_length=MAKS_CARI,
        required=False,
        error_messages={
            "max_length": _("Kata pencarian terlalu panjang: paling banyak %(limit_value)d huruf.")
        },
        widget=_kotak_cari(placeholder=_("NIK, nama klien atau nomor")),
    )


class CariKlienForm(forms.Form):
    """The intake's returning-klien lookup. Posted, never sent in a URL."""

    cari = forms.CharField(
        label=_("Cari klien yang pernah terdaftar (NIK atau nama)"),
        max_length=MAKS_CARI,
        required=False,
        error_messages={
            "max_length": _("Kata pencarian terlalu panjang: paling banyak %(limit_value)d huruf.")
        },
        widget=_kotak_cari(placeholder=_("NIK atau nama klien")),
    )


class RegistrasiForm(forms.Form):
    """The front-desk intake of one layanan (and sub-layanan): klien, pemohon,
    PPKS category and the requirement checklist with one upload per document."""

    # klien
    klien_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    nama = forms.CharField(label=_("Nama lengkap klien"), max_length=150)
    nik = NomorField(
        label=_("NIK"),
        max_length=24,
        required=False,
        validators=[validate_nik],
        help_text=_("16 angka sesuai KTP/KK. Tanggal lahir dan jenis kelamin dibaca dari NIK."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    no_kk = NomorField(
        label=_("Nomor KK"),
        max_length=24,
        required=False,
        validators=[validate_no_kk],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    alasan_tanpa_identitas = forms.CharField(
        label=_("Alasan tidak ada dokumen identitas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib diisi bila NIK kosong, misalnya: ditemukan terlantar tanpa KTP."),
    )
    tempat_lahir = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    tanggal_lahir = forms.DateField(
        label=_("Tanggal lahir"),
        required=False,
        widget=_tanggal(),
        help_text=_("Boleh dikosongkan bila NIK diisi."),
    )
    tanggal_lahir_perkiraan = forms.BooleanField(
        label=_("Tanggal lahir hanya perkiraan"), required=False
    )
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"),
        required=False,
        choices=[("", _("— dari NIK —")), ("L", _("Laki-laki")), ("P", _("Perempuan"))],
    )
    alamat = forms.CharField(
        label=_("Alamat / tempat ditemukan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kelurahan = forms.CharField(label=_("Kelurahan/desa"), max_length=100, required=False)
    kecamatan = forms.CharField(label=_("Kecamatan"), max_length=100, required=False)
    kabupaten_kota = forms.CharField(label=_("Kabupaten/kota asal"), max_length=100, required=False)
    # pemohon
    pemohon_jenis = forms.ChoiceField(
        label=_("Pemohon"), choices=Pemohon.Jenis.choices, widget=forms.RadioSelect
    )
    pemohon_nama = forms.CharField(
        label=_("Nama pemohon"),
        max_length=150,
        required=False,
        help_text=_("Boleh kosong bila pemohon adalah klien sendiri."),
    )
    pemohon_hubungan = forms.CharField(
        label=_("Hubungan dengan klien"), max_length=100, required=False
    )
    pemohon_lembaga = forms.CharField(
        label=_("Jabatan / lembaga"),
        max_length=150,
        required=False,
        help_text=_("Misalnya: Ketua RT 05 RW 02, Kelurahan Pelambuan."),
    )
    pemohon_telepon = forms.CharField(
        label=_("Telepon / WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    pemohon_whatsapp = forms.BooleanField(
        label=_("Nomor ini memakai WhatsApp"), required=False, initial=True
    )
    pemohon_alamat = forms.CharField(
        label=_("Alamat pemohon"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # the case
    kategori_ppks = forms.ModelChoiceField(
        label=_("Kategori PPKS"),
        queryset=KategoriPPKS.objects.filter(aktif=True),
        required=False,
        empty_label=_("— pilih kategori —"),
    )
    ringkasan = forms.CharField(
        label=_("Ringkasan permasalahan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang dilaporkan pemohon."),
    )
    terdaftar_dtks = forms.NullBooleanField(
        label=_("Terdaftar dalam DTKS?"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Belum diperiksa")), ("true", _("Ya")), ("false", _("Tidak"))]
        ),
    )
    konfirmasi_kasus_terbuka = forms.BooleanField(
        label=_("Saya sudah memeriksa rujukan klien yang masih berjalan dan tetap mendaftarkan."),
        required=False,
    )

    def __init__(
        self,
        *args,
        persyaratan: list[Persyaratan],
        klien=None,
        jenis_subjek: str = JenisSubjek.PERORANGAN,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.persyaratan = persyaratan
        self.klien = klien
        self.lembaga = jenis_subjek == JenisSubjek.ORGANISASI
        self.rujukan_terbuka: list = []
        if klien is not None:
            # a returning klien: identity comes from the record, not the form
            self.fields["nama"].required = False
            self.fields["klien_id"].initial = klien.pk
        elif self.lembaga:
            for name in KOLOM_PRIBADI:
                del self.fields[name]
            self.fields["nama"].label = _("Nama lembaga / organisasi sosial")
            self.fields["alamat"].label = _("Alamat sekretariat")
            self.fields["kabupaten_kota"].label = _("Kabupaten/kota")
            self.fields.update(kolom_lembaga())
        if self.lembaga:
            self.fields["pemohon_hubungan"].label = _("Hubungan dengan lembaga")
            self.fields["pemohon_lembaga"].help_text = _(
                "Misalnya: DPMPTSP Kabupaten Agam, bila permohonan datang dari instansi lain."
            )
            self.fields.update(kolom_pengurus())
        for p in persyaratan:
            if p.jenis == Persyaratan.Jenis.DOKUMEN:
                self.fields[f"berkas_{p.pk}"] = BerkasField(label=p.teks)
                self.fields[f"ada_{p.pk}"] = forms.BooleanField(
                    label=_("Asli/fotokopi sudah diperlihatkan di loket"), required=False
                )
            elif p.jenis == Persyaratan.Jenis.FAKTA and p.fakta != Persyaratan.Fakta.USIA_MINIMAL:
                self.fields[f"ada_{p.pk}"] = forms.BooleanField(
                    label=_("Terpenuhi menurut keterangan pemohon / petugas"), required=False
                )

    # the checklist, for the template
    def baris_persyaratan(self) -> list[dict]:
        out = []
        for p in self.persyaratan:
            out.append(
                {
                    "p": p,
                    "berkas": self[f"berkas_{p.pk}"] if f"berkas_{p.pk}" in self.fields else None,
                    "ada": self[f"ada_{p.pk}"] if f"ada_{p.pk}" in self.fields else None,
                }
            )
        return out

    def clean(self):
        data = super().clean()
        if self.klien is None and not self.lembaga:
            tanpa_alasan = not (data.get("alasan_tanpa_identitas") or "").strip()
            if not data.get("nik") and tanpa_alasan and "nik" not in self.errors:
                self.add_error(
                    "alasan_tanpa_identitas",
                    _("Isi NIK klien, atau tuliskan alasan klien tidak memiliki NIK."),
                )
            lahir = data.get("tanggal_lahir")
            if lahir and lahir > timezone.localdate():
                self.add_error("tanggal_lahir", _("Tanggal lahir tidak boleh di masa depan."))
        jenis = data.get("pemohon_jenis")
        if jenis and jenis != Pemohon.Jenis.KLIEN and not (data.get("pemohon_nama") or "").strip():
            self.add_error("pemohon_nama", _("Nama pemohon wajib diisi."))
        return data

    # what the services take
    def berkas(self) -> dict[int, object]:
        return {
            p.pk: self.cleaned_data[f"berkas_{p.pk}"]
            for p in self.persyaratan
            if self.cleaned_data.get(f"berkas_{p.pk}")
        }

    def terpenuhi(self) -> list[int]:
        return [p.pk for p in self.persyaratan if self.cleaned_data.get(f"ada_{p.pk}")]

    def pengurus_terisi(self) -> list[tuple[str, str, str]]:
        """(jabatan, nama, NIK) of each officer typed in."""
        if not self.lembaga:
            return []
        out = []
        for jabatan in PengurusLembaga.Jabatan.values:
            nama = (self.cleaned_data.get(f"pengurus_{jabatan}_nama") or "").strip()
            if nama:
                out.append((jabatan, nama, self.cleaned_data.get(f"pengurus_{jabatan}_nik", "")))
        return out

    def baris_pengurus(self) -> list[tuple]:
        if not self.lembaga:
            return []
        return [
            (self[f"pengurus_{j}_nama"], self[f"pengurus_{j}_nik"])
            for j in PengurusLembaga.Jabatan.values
        ]

    def ada_berkas_dipilih(self) -> bool:
        return any(k.startswith("berkas_") for k in self.files or {})


# -- actions on a case -------------------------------------------------------------
class CatatanForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CatatanWajibForm(forms.Form):
    catatan = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}))


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class LewatiVerifikasiForm(forms.Form):
    terdaftar_dtks = forms.TypedChoiceField(
        label=_("Apakah pemohon terdaftar dalam DTKS?"),
        choices=[("", _("— tidak relevan —")), ("1", _("Ya, terdaftar")), ("0", _("Tidak"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    catatan = forms.CharField(
        label=_("Alasan verifikasi lapangan tidak diperlukan"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReunifikasiForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal reunifikasi"), widget=_tanggal(), initial=_hari_ini)
    uraian = forms.CharField(
        label=_("Uraian: dengan siapa dan di mana"), widget=forms.Textarea(attrs={"rows": 3})
    )
    hasil = forms.CharField(
        label=_("Hasil / tindak lanjut"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise ValidationError(_("Tanggal tidak boleh di masa depan."))
        return tanggal


class PantiForm(forms.Form):
    panti = forms.ModelChoiceField(
        label=_("Panti/lembaga tujuan"), queryset=Panti.objects.none(), empty_label=None
    )

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panti"].queryset = Panti.objects.filter(instansi=instansi, aktif=True)


class PersetujuanKlienForm(forms.Form):
    """The klien's consent to share their data with a panti or another office."""

    pemberi = forms.CharField(label=_("Nama yang memberi persetujuan"), max_length=150)
    hubungan = forms.ChoiceField(
        label=_("Hubungan dengan klien"),
        choices=PersetujuanKlien.Hubungan.choices,
        widget=forms.RadioSelect,
        initial=PersetujuanKlien.Hubungan.KLIEN,
        help_text=_(
            "Untuk anak (di bawah 18 tahun) atau orang yang tidak cakap memberi "
            "persetujuan: orang tua, wali atau keluarga yang merawatnya."
        ),
    )
    cara = forms.ChoiceField(
        label=_("Cara persetujuan diberikan"),
        choices=[
            c for c in PersetujuanKlien.Cara.choices if c[0] != PersetujuanKlien.Cara.ELEKTRONIK
        ],
        widget=forms.RadioSelect,
        initial=PersetujuanKlien.Cara.TERTULIS,
    )
    alasan = forms.CharField(
        label=_("Mengapa bukan klien sendiri (bila diwakili)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PengecualianPersetujuanForm(forms.Form):
    """Sharing without consent: an official's written reason."""

    alasan = forms.CharField(
        label=_("Dasar membagikan data tanpa persetujuan klien"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Misalnya klien tidak dapat dimintai persetujuan dan tidak ada keluarga atau "
            "wali, sedangkan penempatan diperlukan demi keselamatannya."
        ),
    )


class KirimPantiForm(PantiForm):
    catatan = forms.CharField(
        label=_("Catatan pengantar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class JawabanPantiForm(forms.Form):
    diterima = forms.TypedChoiceField(
        label=_("Jawaban panti/lembaga"),
        choices=[("1", _("Menerima klien")), ("0", _("Menolak klien"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    tanggal = forms.DateField(label=_("Tanggal jawaban"), widget=_tanggal(), initial=_hari_ini)
    narahubung = forms.CharField(
        label=_("Narahubung di panti (nama, telepon)"), max_length=150, required=False
    )
    surat = BerkasField(label=_("Surat jawaban panti (PDF atau foto)"), boleh_video=False)
    catatan = forms.CharField(
        label=_("Catatan (wajib bila menolak: alasannya)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise ValidationError(_("Tanggal jawaban tidak boleh di masa depan."))
        return tanggal

    def clean(self):
        data = super().clean()
        if data.get("diterima") is False and not (data.get("catatan") or "").strip():
            self.add_error("catatan", _("Tuliskan alasan penolakan dari panti."))
        return data

    def data_layanan(self) -> dict:
        """The answer as the keyword arguments of rujukan_panti_answer."""
        d = self.cleaned_data
        return {
            "diterima": d["diterima"],
            "tanggal": d["tanggal"],
            "narahubung": d.get("narahubung", ""),
            "surat": d.get("surat") or None,
            "catatan": d.get("catatan", ""),
        }


class KonsepForm(forms.Form):
    kepada = forms.CharField(
        label=_("Kepada (Yth.)"),
        max_length=250,
        required=False,
        help_text=_("Kosongkan untuk memakai tujuan bawaan."),
    )
    perihal = forms.CharField(
        label=_("Hal"),
        max_length=250,
        required=False,
        help_text=_("Kosongkan untuk memakai nama produk layanan."),
    )
    isi = forms.CharField(
        label=_("Paragraf tambahan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    tembusan = forms.CharField(
        label=_("Tembusan (satu baris satu tujuan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PersetujuanForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan (boleh kosong)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class KembalikanKonsepForm(forms.Form):
    catatan = forms.CharField(
        label=_("Apa yang perlu diperbaiki"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PengantaranForm(forms.Form):
    diantar_oleh = forms.ChoiceField(
        label=_("Klien diantar oleh"),
        choices=[("dinas", _("Dinas Sosial")), ("pemohon", _("Pemohon"))],
        widget=forms.RadioSelect,
        initial="dinas",
    )
    catatan = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# -- work on a case that is not a transition -------------------------------------------
class BerkasPeriksaForm(forms.Form):
    """Check one requirement: attach (or replace) its file, or mark it."""

    berkas = BerkasField(label=_("Unggah berkas"))
    terpenuhi = forms.BooleanField(label=_("Persyaratan terpenuhi"), required=False)
    tidak_berlaku = forms.BooleanField(label=_("Tidak berlaku untuk klien ini"), required=False)
    catatan = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class JedaForm(forms.Form):
    alasan = forms.ChoiceField(label=_("Alasan penjedaan"), choices=JedaWaktu.Alasan.choices)
    keterangan = forms.CharField(
        label=_("Keterangan"),
        max_length=300,
        required=False,
        help_text=_("Misalnya: Kepala Bidang dinas luar sampai Kamis."),
    )


# -- public tracking --------------------------------------------------------------
class LacakForm(forms.Form):
    nomor = forms.CharField(
        label=_("Nomor registrasi"),
        max_length=40,
        help_text=_("Tertulis pada tanda terima, misalnya RJK-2026-00012."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    kode = forms.CharField(
        label=_("Kode lacak"),
        max_length=20,
        help_text=_("Delapan huruf/angka pada tanda terima, misalnya ABCD-2345."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_nomor(self):
        return self.cleaned_data["nomor"].strip().upper()


# -- signing and issued documents ------------------------------------------------------------
class KataSandiField(forms.CharField):
    """The official's own password, asked again before a signature (checked by
    the view before the service is called; never stored or logged). Not
    required by the form itself: the view asks it of whoever may act now, and
    anyone else gets the action's own refusal."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Kata sandi akun Anda (wajib)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Tanda tangan elektronik memerlukan kata sandi Anda sekali lagi."),
        )
        kwargs.setdefault("strip", False)
        kwargs.setdefault("max_length", 256)
        kwargs.setdefault("widget", forms.PasswordInput(attrs={"autocomplete": "current-password"}))
        super().__init__(**kwargs)


class TandaTanganForm(PersetujuanForm):
    """The signature step of the approval chain: it issues the signed letters."""

    kata_sandi = KataSandiField()


class ReunifikasiTerbitForm(ReunifikasiForm):
    """A reunification that issues the Laporan Sosial in the author's name."""

    kata_sandi = KataSandiField()


class LaporanKegiatanForm(CatatanForm):
    """The accompaniment report, issued in the social worker's name."""

    kata_sandi = KataSandiField()


class TerbitLoketForm(CatatanForm):
    """Issuing the desk products, signed by the officer who issues them."""

    kata_sandi = KataSandiField()


class UbahDokumenForm(forms.Form):
    """Revoke or re-issue an issued document: why, and the password again."""

    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))
    kata_sandi = KataSandiField(
        label=_("Kata sandi akun Anda"),
        required=True,
        help_text=_("Mencabut atau menerbitkan ulang dokumen memerlukan kata sandi Anda."),
    )

    def __init__(self, *args: Any, label_alasan: StrOrPromise = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label_alasan:
            self.fields["alasan"].label = label_alasan


class KodeVerifikasiForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        help_text=_("Sepuluh huruf/angka di samping kode QR pada dokumen, misalnya ABCDE-FGH23."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
