"""Forms for the public complaint form, the tracking page and the staff pages."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.models import Instansi, Layanan
from layanan.unggahan import BerkasDitolak
from pengaduan.berkas import MAX_FILES, periksa_berkas
from pengaduan.models import Pengaduan, Penilaian, TemplatBalasan
from pengaduan.services import MAX_PESAN, MAX_URAIAN

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"


def normalisasi_telepon(value: str) -> str:
    """'+62 812-3456-7890' → '081234567890'; raise ValidationError if it is not a number."""
    digits = re.sub(r"[\s\-.()]", "", value or "")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0\d{8,12}", digits):
        raise ValidationError(
            _("Nomor telepon tidak valid. Tulis seperti 081234567890 atau +62 812 3456 7890."),
            code="telepon",
        )
    return digits


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class LampiranField(forms.FileField):
    """Up to MAX_FILES photos or PDFs, each checked by content and size."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Lampiran (foto atau PDF)"))
        kwargs.setdefault(
            "help_text",
            _(
                "Paling banyak %(n)s berkas, masing-masing paling besar %(mb)s MB: "
                "JPG, PNG, WebP atau PDF."
            )
            % {"n": MAX_FILES, "mb": settings.MAX_UPLOAD_MB},
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"accept": ACCEPT, "multiple": True})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Paling banyak %(n)s berkas sekaligus."), params={"n": MAX_FILES}
            )
        errors = []
        for f in files:
            if isinstance(f, BerkasDitolak):  # stopped while it streamed
                errors.append(f.pesan)
                continue
            try:
                periksa_berkas(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


def _textarea(rows: int = 5, maxlength: int = MAX_URAIAN) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": maxlength})


class _IdentitasMixin:
    def clean_waktu_kejadian(self):
        value = self.cleaned_data.get("waktu_kejadian")
        if value and value > timezone.localdate():
            raise ValidationError(_("Tanggal kejadian tidak boleh di masa depan."))
        return value

    def clean_telepon(self):
        value = self.cleaned_data.get("telepon", "").strip()
        return normalisasi_telepon(value) if value else ""

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()


class PengaduanPublikForm(_IdentitasMixin, forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis laporan"),
        choices=Pengaduan.Jenis.choices,
        initial=Pengaduan.Jenis.PENGADUAN,
        widget=forms.RadioSelect,
    )
    instansi = forms.ModelChoiceField(
        label=_("Instansi yang dituju"),
        queryset=Instansi.objects.order_by("nama"),
        to_field_name="slug",
        empty_label=_("— Pilih instansi —"),
    )
    layanan = forms.TypedChoiceField(
        label=_("Layanan yang diadukan (bila ada)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    judul = forms.CharField(
        label=_("Judul singkat"),
        max_length=150,
        help_text=_("Misalnya: Bantuan lansia belum diterima"),
    )
    uraian = forms.CharField(
        label=_("Apa yang terjadi?"),
        max_length=MAX_URAIAN,
        widget=_textarea(6),
        help_text=_("Ceritakan apa yang terjadi, siapa yang terlibat, kapan dan di mana."),
    )
    waktu_kejadian = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    lokasi_kejadian = forms.CharField(label=_("Lokasi kejadian"), max_length=200, required=False)
    harapan = forms.CharField(
        label=_("Apa yang Anda harapkan?"),
        max_length=MAX_URAIAN,
        required=False,
        widget=_textarea(3),
    )
    lampiran = LampiranField()
    nama = forms.CharField(label=_("Nama Anda"), max_length=150)
    telepon = forms.CharField(
        label=_("Nomor telepon/WhatsApp"),
        max_length=25,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Bila diisi, tanda terima dan kabar terbaru dikirim ke email ini."),
    )
    anonim = forms.BooleanField(
        label=_("Rahasiakan identitas saya (anonim)"),
        required=False,
        help_text=_(
            "Nama dan kontak Anda tidak diperlihatkan kepada unit yang Anda adukan "
            "dan tidak pernah dipublikasikan."
        ),
    )
    rahasia = forms.BooleanField(
        label=_("Laporan ini rahasia"),
        required=False,
        help_text=_("Isi laporan Anda tidak akan pernah dipublikasikan."),
    )
    # Honeypot: hidden from people, filled in by bots.
    situs_web = forms.CharField(label=_("Jangan diisi"), required=False)

    def __init__(self, *args, instansi: Instansi | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situs_web"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["judul"].widget.attrs["maxlength"] = 150
        layanan = Layanan.objects.filter(aktif=True).select_related("instansi")
        if instansi is not None:
            layanan = layanan.filter(instansi=instansi)
            self.fields["layanan"].choices = [("", _("— Tidak tentang layanan tertentu —"))] + [
                (item.pk, item.nama) for item in layanan
            ]
        else:
            groups: dict[str, list] = {}
            for item in layanan:
                groups.setdefault(str(item.instansi), []).append((item.pk, item.nama))
            self.fields["layanan"].choices = [
                ("", _("— Tidak tentang layanan tertentu —")),
                *groups.items(),
            ]

    def clean(self):
        """`layanan` becomes the Layanan itself (or None), as in CatatForm."""
        data = super().clean()
        instansi = data.get("instansi")
        layanan_pk = data.get("layanan")
        data["layanan"] = None
        if instansi is not None and layanan_pk:
            layanan = Layanan.objects.filter(pk=layanan_pk, instansi=instansi, aktif=True).first()
            if layanan is None:
                self.add_error("layanan", _("Layanan ini bukan layanan instansi yang dipilih."))
            data["layanan"] = layanan
        return data

    @property
    def bot(self) -> bool:
        return bool(self.data.get("situs_web"))


class LacakForm(forms.Form):
    nomor = forms.CharField(
        label=_("Nomor tiket"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        help_text=_("Misalnya ADU-2026-K7Q3XM"),
    )
    kode = forms.CharField(
        label=_("Kode pelacakan"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        help_text=_("12 huruf/angka yang Anda terima saat melapor."),
    )


class BalasForm(forms.Form):
    isi = forms.CharField(
        label=_("Pesan Anda"), max_length=MAX_PESAN, widget=_textarea(4, MAX_PESAN)
    )
    lampiran = LampiranField()


class BukaKembaliForm(forms.Form):
    alasan = forms.CharField(
        label=_("Mengapa jawaban ini belum menyelesaikan masalah?"),
        max_length=MAX_PESAN,
        widget=_textarea(4, MAX_PESAN),
    )


class NilaiForm(forms.Form):
    nilai = forms.TypedChoiceField(
        label=_("Seberapa puas Anda dengan penanganan laporan ini?"),
        choices=[(v, f"{v} — {label}") for v, label in Penilaian.Nilai.choices],
        coerce=int,
        widget=forms.RadioSelect,
    )
    komentar = forms.CharField(
        label=_("Komentar"),
        max_length=2000,
        required=False,
        widget=_textarea(3, 2000),
    )


# -- staff ---------------------------------------------------------------------
class CatatForm(_IdentitasMixin, forms.Form):
    """An officer records a complaint from another channel."""

    saluran = forms.ChoiceField(
        label=_("Diterima melalui"),
        choices=[c for c in Pengaduan.Saluran.choices if c[0] != Pengaduan.Saluran.WEBSITE],
    )
    nomor_referensi = forms.CharField(
        label=_("Nomor/ID dari saluran"),
        max_length=60,
        required=False,
        help_text=_("Wajib untuk SP4N-LAPOR! (ID pelacakan). Boleh juga nomor surat atau pesan."),
    )
    diterima_pada = forms.DateTimeField(
        label=_("Diterima pada (tanggal dan jam)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Saat pengaduan benar-benar diterima kantor; batas waktu dihitung dari sini."),
    )
    jenis = forms.ChoiceField(label=_("Jenis"), choices=Pengaduan.Jenis.choices)
    layanan = forms.ModelChoiceField(
        label=_("Layanan yang diadukan"),
        queryset=Layanan.objects.none(),
        required=False,
        empty_label=_("— Tidak tentang layanan tertentu —"),
    )
    judul = forms.CharField(label=_("Judul singkat"), max_length=150)
    uraian = forms.CharField(label=_("Uraian"), max_length=MAX_URAIAN, widget=_textarea(6))
    harapan = forms.CharField(
        label=_("Yang diharapkan pelapor"),
        max_length=MAX_URAIAN,
        required=False,
        widget=_textarea(3),
    )
    waktu_kejadian = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    lokasi_kejadian = forms.CharField(label=_("Lokasi kejadian"), max_length=200, required=False)
    nama = forms.CharField(
        label=_("Nama pelapor"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan bila tidak diketahui (misalnya surat tanpa nama di kotak saran)."),
    )
    telepon = forms.CharField(label=_("Telepon/WhatsApp pelapor"), max_length=25, required=False)
    email = forms.EmailField(label=_("Email pelapor"), required=False, max_length=254)
    anonim = forms.BooleanField(label=_("Pelapor minta identitasnya dirahasiakan"), required=False)
    rahasia = forms.BooleanField(label=_("Isi pengaduan rahasia"), required=False)
    lampiran = LampiranField()

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.zona = ZoneInfo(instansi.zona_waktu)
        self.fields["layanan"].queryset = Layanan.objects.filter(instansi=instansi, aktif=True)
        if not self.is_bound:
            now = timezone.localtime(timezone.now(), self.zona).replace(second=0, microsecond=0)
            self.initial.setdefault("diterima_pada", now.replace(tzinfo=None))
        self.fields["telepon"].widget.attrs.update({"type": "tel", "inputmode": "tel"})

    def clean_diterima_pada(self):
        value = self.cleaned_data["diterima_pada"]
        # The officer types the office's local time.
        local = timezone.make_naive(value) if timezone.is_aware(value) else value
        aware = local.replace(tzinfo=self.zona)
        if aware > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("Tanggal diterima tidak boleh di masa depan."))
        return aware

    def clean(self):
        data = super().clean()
        if (
            data.get("saluran") == Pengaduan.Saluran.SP4N_LAPOR
            and not data.get("nomor_referensi", "").strip()
        ):
            self.add_error("nomor_referensi", _("ID pelacakan SP4N-LAPOR! wajib diisi."))
        return data


class KonfirmasiForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan internal"),
        max_length=MAX_PESAN,
        required=False,
        widget=_textarea(3, MAX_PESAN),
    )


class PesanForm(forms.Form):
    isi = forms.CharField(max_length=MAX_PESAN, widget=_textarea(6, MAX_PESAN))

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["isi"].label = label
        if help_text:
            self.fields["isi"].help_text = help_text


class DisposisiForm(forms.Form):
    jenis_koordinasi = forms.ChoiceField(
        label=_("Jenis koordinasi"),
        choices=Pengaduan.JenisKoordinasi.choices,
        initial=Pengaduan.JenisKoordinasi.INTERNAL,
        widget=forms.RadioSelect,
    )
    bidang = forms.CharField(
        label=_("Bidang/unit tujuan"),
        max_length=150,
        required=False,
        help_text=_("Untuk disposisi internal, misalnya Bidang Rehabilitasi Sosial."),
    )
    petugas = forms.ModelChoiceField(
        label=_("Petugas tujuan"),
        queryset=None,
        required=False,
        empty_label=_("— Tidak ke petugas tertentu —"),
    )
    instansi_tujuan = forms.CharField(
        label=_("Instansi yang diajak berkoordinasi"),
        max_length=200,
        required=False,
        help_text=_("Untuk koordinasi eksternal, misalnya RSUD atau Dinas Dukcapil."),
    )
    catatan = forms.CharField(
        label=_("Catatan disposisi (internal)"),
        max_length=MAX_PESAN,
        required=False,
        widget=_textarea(3, MAX_PESAN),
    )

    def __init__(self, *args, petugas_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petugas"].queryset = petugas_qs
        self.fields["petugas"].label_from_instance = lambda u: (
            f"{u.pegawai.nama} — {u.pegawai.jabatan}" if hasattr(u, "pegawai") else u.username
        )

    def clean(self):
        data = super().clean()
        if data.get("jenis_koordinasi") == Pengaduan.JenisKoordinasi.INTERNAL:
            if not (data.get("bidang") or data.get("petugas")):
                self.add_error("bidang", _("Isi bidang atau pilih petugas tujuan."))
        elif data.get("jenis_koordinasi") and not data.get("instansi_tujuan"):
            self.add_error("instansi_tujuan", _("Isi nama instansi yang diajak berkoordinasi."))
        return data


class DuplikatForm(forms.Form):
    nomor_asli = forms.CharField(label=_("Nomor tiket pengaduan asli"), max_length=30)
    catatan = forms.CharField(
        label=_("Catatan internal"),
        max_length=MAX_PESAN,
        required=False,
        widget=_textarea(3, MAX_PESAN),
    )


class TeruskanForm(forms.Form):
    instansi_tujuan = forms.CharField(label=_("Diteruskan ke instansi"), max_length=200)
    pesan = forms.CharField(
        label=_("Pesan kepada pelapor"),
        max_length=MAX_PESAN,
        widget=_textarea(5, MAX_PESAN),
        help_text=_("Jelaskan mengapa dan ke mana pengaduan diteruskan."),
    )


class TemplatBalasanForm(forms.ModelForm):
    class Meta:
        model = TemplatBalasan
        fields = ["judul", "status", "isi", "aktif", "urutan"]
        widgets = {"isi": _textarea(8, MAX_PESAN)}


class CariPengaduanForm(forms.Form):
    """The complaint list's search box: posted, so a reporter's name or phone
    never lands in a URL or an access log (layanan.cari)."""

    q = forms.CharField(
        label=_("Cari nomor tiket, ID saluran, isi, nama atau telepon pelapor"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
