"""Forms of the field pages: assignment, the lembar asesmen, an activity with
its documentation, the DTKS lookup and CSV import. They parse and check
input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from lapangan import media
from layanan.models import Panti
from rujukan.models import Kegiatan
from rujukan.services.workflow import INSTRUMEN_ASESMEN
from rujukan.validators import normalisasi_nomor

YA_TIDAK = [("ya", _("Ya, terpenuhi")), ("tidak", _("Tidak terpenuhi"))]

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


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class BanyakFoto(forms.FileField):
    """Several photos under one name (camera and gallery inputs both send `foto`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []


def _teks(label, *, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _koordinat(label, batas):
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-batas,
        max_value=batas,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class LokasiMixin(forms.Form):
    lintang = _koordinat(_("Lintang"), 90)
    bujur = _koordinat(_("Bujur"), 180)
    akurasi = forms.IntegerField(
        label=_("Akurasi (meter)"),
        required=False,
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def lokasi(self) -> tuple | None:
        d = self.cleaned_data
        if d.get("lintang") is None or d.get("bujur") is None:
            return None
        return (d["lintang"], d["bujur"], d.get("akurasi"))

    def clean(self):
        data = super().clean()
        if (data.get("lintang") is None) != (data.get("bujur") is None):
            raise forms.ValidationError(
                _("Isi lintang dan bujur keduanya, atau kosongkan keduanya.")
            )
        return data


def _foto_field():
    return BanyakFoto(
        label=_("Foto"),
        help_text=_("Paling banyak %(n)s foto sekali kirim, masing-masing paling besar %(mb)s MB.")
        % {"n": media.MAKS_FOTO_PER_KIRIMAN, "mb": media.batas_foto_mb()},
    )


class TugaskanForm(forms.Form):
    peksos = forms.ModelChoiceField(
        label=_("Pekerja sosial"), queryset=None, empty_label=_("— pilih pekerja sosial —")
    )

    def __init__(self, *args, peksos_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peksos"].queryset = peksos_qs
        self.fields["peksos"].label_from_instance = lambda u: u.pegawai.nama


class AsesmenForm(LokasiMixin, forms.Form):
    """The lembar asesmen. Eligibility facts of the standard are added as
    `fakta_<persyaratan id>` (met or not) and `bukti_<id>` (evidence) fields."""

    identitas_sesuai = forms.ChoiceField(
        label=_("Identitas klien dicocokkan dengan KTP/KK"),
        choices=[
            ("ya", _("Sesuai dengan dokumen")),
            ("tidak", _("Tidak sesuai")),
            ("tanpa", _("Klien tanpa dokumen identitas")),
        ],
        widget=forms.RadioSelect,
    )
    identitas_catatan = _teks(_("Catatan identitas"), rows=2)
    permasalahan = _teks(_("Permasalahan yang dilaporkan dan ditemukan"))
    kondisi_fisik = _teks(_("Kondisi fisik dan kesehatan"), required=True)
    kondisi_mental = _teks(_("Kondisi mental dan psikologis"), required=True)
    kondisi_ekonomi = _teks(_("Kondisi ekonomi"))
    situasi_keluarga = _teks(_("Situasi keluarga dan pengasuhan"))
    kondisi_tempat_tinggal = _teks(_("Kondisi tempat tinggal"))
    kebutuhan = _teks(_("Kebutuhan klien"))
    risiko = _teks(_("Risiko bila tidak ditangani"))
    kesimpulan = forms.ChoiceField(
        label=_("Kesimpulan"),
        choices=[("layak", _("Layak dilayani")), ("tidak_layak", _("Tidak layak dilayani"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih kesimpulan asesmen: layak atau tidak layak.")},
    )
    alasan = _teks(
        _("Alasan kesimpulan"),
        required=True,
        help_text=_("Mengapa klien layak atau tidak layak, berdasarkan fakta di atas."),
    )
    rekomendasi = _teks(_("Rekomendasi layanan"), help_text=_("Layanan atau tindak lanjut."))
    panti_rekomendasi = forms.ModelChoiceField(
        label=_("Panti/lembaga yang direkomendasikan"),
        queryset=Panti.objects.none(),
        required=False,
        empty_label=_("— tidak ada / belum —"),
    )
    ajukan_konsep = forms.BooleanField(
        label=_("Ajukan konsep produk ke pejabat sesudah asesmen disimpan"),
        required=False,
        initial=True,
    )
    foto = None  # set in __init__ (limits read from settings)

    INSTRUMEN = INSTRUMEN_ASESMEN

    def __init__(self, *args, fakta, panti_qs, boleh_ajukan: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fakta = fakta
        self.fields["panti_rekomendasi"].queryset = panti_qs
        if not boleh_ajukan:
            del self.fields["ajukan_konsep"]
        self.fields["foto"] = _foto_field()
        self.baris_fakta = []
        for baris in fakta:
            p = baris.persyaratan
            nama_f, nama_b = f"fakta_{p.pk}", f"bukti_{p.pk}"
            self.fields[nama_f] = forms.ChoiceField(
                label=p.teks,
                choices=YA_TIDAK,
                widget=forms.RadioSelect,
                error_messages={"required": _("Jawab fakta kelayakan ini.")},
                initial={True: "ya", False: "tidak"}.get(baris.otomatis),
            )
            self.fields[nama_b] = forms.CharField(
                label=_("Bukti"),
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=baris.keterangan,
                error_messages={"required": _("Tuliskan bukti untuk fakta ini.")},
            )
            self.baris_fakta.append((baris, nama_f, nama_b))

    def clean(self):
        data = super().clean()
        if data.get("kesimpulan") == "layak":
            gagal = [
                b.persyaratan.teks[:80]
                for b, f, _b in self.baris_fakta
                if b.persyaratan.wajib and data.get(f) == "tidak"
            ]
            if gagal:
                self.add_error(
                    "kesimpulan",
                    _("Kesimpulan “layak” bertentangan dengan fakta yang tidak terpenuhi: %(f)s.")
                    % {"f": "; ".join(gagal)},
                )
        return data

    def fakta_kelayakan(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {
                "persyaratan": b.persyaratan.pk,
                "teks": b.persyaratan.teks,
                "fakta": b.persyaratan.fakta,
                "wajib": b.persyaratan.wajib,
                "terpenuhi": d.get(f) == "ya",
                "bukti": d.get(bukti, "").strip(),
            }
            for b, f, bukti in self.baris_fakta
        ]

    def instrumen(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k, "") for k in self.INSTRUMEN}

    @property
    def fakta_fields(self) -> list[tuple]:
        """(answer field, evidence field, what the data says) per eligibility fact."""
        return [(self[f], self[b], baris.keterangan) for baris, f, b in self.baris_fakta]


class KegiatanForm(LokasiMixin, forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis kegiatan"), choices=Kegiatan.Jenis.choices)
    bentuk = forms.ChoiceField(
        label=_("Bentuk bimbingan/pendampingan"),
        required=False,
        choices=[
            ("", _("— tidak ada —")),
            (
                _("Bimbingan"),
                [(c.value, c.label) for c in Kegiatan.Bentuk if c.value.startswith("bimbingan_")],
            ),
            (
                _("Pendampingan"),
                [
                    (c.value, c.label)
                    for c in Kegiatan.Bentuk
                    if not c.value.startswith("bimbingan_")
                ],
            ),
        ],
    )
    tanggal = forms.DateField(
        label=_("Tanggal kegiatan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tempat = forms.CharField(
        label=_("Tempat"),
        required=False,
        max_length=200,
        help_text=_("Misalnya: RSUD, rumah klien."),
    )
    unsur = forms.MultipleChoiceField(
        label=_("Unsur yang terlibat"), required=False, widget=forms.CheckboxSelectMultiple
    )
    unsur_lain = forms.CharField(
        label=_("Unsur lain yang terlibat"),
        required=False,
        max_length=200,
        help_text=_("Nama orang atau lembaga lain, pisahkan dengan koma."),
    )
    uraian = _teks(_("Uraian kegiatan"), required=True, rows=4)
    hasil = _teks(_("Hasil dan tindak lanjut"))
    akhiri_reunifikasi = forms.BooleanField(
        label=_("Klien sudah kembali ke keluarga: akhiri penanganan dengan reunifikasi"),
        required=False,
    )
    video = forms.FileField(
        label=_("Video pendek"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/*", "capture": "environment"}),
    )

    def __init__(
        self,
        *args,
        unsur,
        hari_ini: dt.date,
        boleh_reunifikasi: bool,
        terbit_laporan: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.hari_ini = hari_ini
        self.fields["unsur"].choices = [(u, u) for u in unsur]
        self.fields["tanggal"].widget.attrs["max"] = hari_ini.isoformat()
        self.fields["tanggal"].initial = hari_ini
        self.fields["foto"] = _foto_field()
        self.fields["video"].help_text = _(
            "Satu video paling besar %(mb)s MB (sekitar 20 detik). Video yang lebih besar ditolak."
        ) % {"mb": media.batas_video_mb()}
        if not boleh_reunifikasi:
            del self.fields["akhiri_reunifikasi"]
        elif terbit_laporan:
            # ending with a reunification issues the Laporan Sosial in the
            # social worker's name: the password again, as for every signature
            self.fields["kata_sandi"] = forms.CharField(
                label=_("Kata sandi akun Anda (wajib bila mengakhiri dengan reunifikasi)"),
                required=False,
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > self.hari_ini:
            raise forms.ValidationError(
                _("Tanggal kegiatan tidak boleh di masa depan (hari ini %(h)s).")
                % {"h": self.hari_ini.strftime("%d-%m-%Y")}
            )
        return tanggal

    def clean(self):
        data = super().clean()
        bentuk, jenis = data.get("bentuk"), data.get("jenis")
        if bentuk and jenis:
            bimbingan = bentuk.startswith("bimbingan_")
            if (jenis == Kegiatan.Jenis.BIMBINGAN) != bimbingan or jenis not in (
                Kegiatan.Jenis.BIMBINGAN,
                Kegiatan.Jenis.PENDAMPINGAN,
                Kegiatan.Jenis.PENGANTARAN,
            ):
                self.add_error("bentuk", _("Bentuk ini tidak sesuai dengan jenis kegiatannya."))
        if data.get("akhiri_reunifikasi") and jenis != Kegiatan.Jenis.REUNIFIKASI:
            self.add_error(
                "akhiri_reunifikasi",
                _("Hanya kegiatan reunifikasi yang dapat mengakhiri penanganan."),
            )
        if (
            data.get("akhiri_reunifikasi")
            and "kata_sandi" in self.fields
            and not data.get("kata_sandi")
        ):
            self.add_error(
                "kata_sandi",
                _("Masukkan kata sandi akun Anda: Laporan Sosial terbit atas nama Anda."),
            )
        return data


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
