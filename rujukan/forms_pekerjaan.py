"""Forms of the work on a case that is not a state change: the assessment, an
activity, assigning the social worker. One class each, for both pages that
record them: the case page (rujukan.views.tindakan, through rujukan.forms)
asks the short form; the field pages (lapangan.views) pass what their longer
form adds -- `LembarAsesmen`, `KegiatanLapangan`: the eligibility facts with
their evidence, photos, a video, the phone's location. The upload limits are
the field app's (lapangan.media), so they come in as values (`BatasDokumentasi`).
The forms only parse and check; the services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.models import Panti, Persyaratan
from rujukan.models import Kegiatan
from rujukan.services.workflow import INSTRUMEN_ASESMEN

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YA_TIDAK = [("ya", _("Ya, terpenuhi")), ("tidak", _("Tidak terpenuhi"))]


@dataclass(frozen=True)
class BatasDokumentasi:
    """How many photos one send may carry and how big a photo or a video may be."""

    foto_n: int
    foto_mb: int
    video_mb: int


class BarisFakta(Protocol):
    """One eligibility fact of the standard with what the data already says
    (lapangan.selectors.FaktaBaris)."""

    @property
    def persyaratan(self) -> Persyaratan: ...

    @property
    def otomatis(self) -> bool | None: ...

    @property
    def keterangan(self) -> str: ...


@dataclass(frozen=True)
class LembarAsesmen:
    """What the field page's lembar asesmen adds to the assessment."""

    fakta: Sequence[BarisFakta]
    panti: QuerySet[Panti]
    boleh_ajukan: bool  # offer to submit the draft product once it is saved
    batas: BatasDokumentasi


@dataclass(frozen=True)
class KegiatanLapangan:
    """What the field page's activity form adds: the standard's unsur to tick,
    the office's today, and whether this activity may end the case."""

    unsur: Sequence[str]
    hari_ini: dt.date
    boleh_reunifikasi: bool
    terbit_laporan: bool  # ending with a reunification issues the Laporan Sosial
    batas: BatasDokumentasi


# -- fields ---------------------------------------------------------------------------------------
class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class BanyakFoto(forms.FileField):
    """Several photos under one name (camera and gallery inputs both send `foto`)."""

    def __init__(self, *, batas: BatasDokumentasi, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Foto"))
        kwargs.setdefault(
            "help_text",
            _("Paling banyak %(n)s foto sekali kirim, masing-masing paling besar %(mb)s MB.")
            % {"n": batas.foto_n, "mb": batas.foto_mb},
        )
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []


def _teks(
    label: StrOrPromise, *, required: bool = False, rows: int = 3, help_text: StrOrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _koordinat(label: StrOrPromise, batas: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-batas,
        max_value=batas,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def _kolom_lokasi() -> dict[str, forms.Field]:
    """The phone's position, filled in by the page's script when the user allows it."""
    return {
        "lintang": _koordinat(_("Lintang"), 90),
        "bujur": _koordinat(_("Bujur"), 180),
        "akurasi": forms.IntegerField(
            label=_("Akurasi (meter)"),
            required=False,
            min_value=0,
            max_value=100000,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        ),
    }


class _DenganLokasi(forms.Form):
    """A form that may carry the phone's position (`_kolom_lokasi`)."""

    def lokasi(self) -> tuple[Decimal, Decimal, int | None] | None:
        d = self.cleaned_data
        if d.get("lintang") is None or d.get("bujur") is None:
            return None
        return (d["lintang"], d["bujur"], d.get("akurasi"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (data.get("lintang") is None) != (data.get("bujur") is None):
            raise forms.ValidationError(
                _("Isi lintang dan bujur keduanya, atau kosongkan keduanya.")
            )
        return data


# -- assigning the social worker ------------------------------------------------------------------
class _PeksosField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        pegawai = getattr(obj, "pegawai", None)
        return pegawai.nama if pegawai is not None else obj.get_username()


class TugaskanForm(forms.Form):
    """The social worker of the case, one of `queryset`. The case page preselects
    one; the field page asks for a choice (`empty_label`)."""

    peksos = _PeksosField(
        label=_("Pekerja sosial"), queryset=get_user_model().objects.none(), empty_label=None
    )

    def __init__(
        self, *args: Any, queryset: QuerySet[Any], empty_label: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["peksos"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset
        field.empty_label = empty_label


# -- the assessment -------------------------------------------------------------------------------
def _kolom_asesmen_ringkas() -> dict[str, forms.Field]:
    """The case page's short record of the assessment."""
    return {
        "kondisi": _teks(
            _("Kondisi klien (fisik, mental, sosial, ekonomi)"), required=True, rows=4
        ),
        "permasalahan": _teks(_("Permasalahan")),
        "kesimpulan_layak": forms.TypedChoiceField(
            label=_("Kesimpulan"),
            choices=[("1", _("Klien layak dilayani")), ("0", _("Klien tidak layak dilayani"))],
            coerce=lambda v: v == "1",
            widget=forms.RadioSelect,
        ),
        "alasan": _teks(
            _("Alasan kesimpulan"), rows=2, help_text=_("Wajib bila klien dinilai tidak layak.")
        ),
        "rekomendasi": _teks(_("Rekomendasi"), rows=2),
    }


def _kolom_lembar(lembar: LembarAsesmen) -> dict[str, forms.Field]:
    """The field page's lembar asesmen (its text sections are INSTRUMEN_ASESMEN)."""
    kolom: dict[str, forms.Field] = {
        **_kolom_lokasi(),
        "identitas_sesuai": forms.ChoiceField(
            label=_("Identitas klien dicocokkan dengan KTP/KK"),
            choices=[
                ("ya", _("Sesuai dengan dokumen")),
                ("tidak", _("Tidak sesuai")),
                ("tanpa", _("Klien tanpa dokumen identitas")),
            ],
            widget=forms.RadioSelect,
        ),
        "identitas_catatan": _teks(_("Catatan identitas"), rows=2),
        "permasalahan": _teks(_("Permasalahan yang dilaporkan dan ditemukan")),
        "kondisi_fisik": _teks(_("Kondisi fisik dan kesehatan"), required=True),
        "kondisi_mental": _teks(_("Kondisi mental dan psikologis"), required=True),
        "kondisi_ekonomi": _teks(_("Kondisi ekonomi")),
        "situasi_keluarga": _teks(_("Situasi keluarga dan pengasuhan")),
        "kondisi_tempat_tinggal": _teks(_("Kondisi tempat tinggal")),
        "kebutuhan": _teks(_("Kebutuhan klien")),
        "risiko": _teks(_("Risiko bila tidak ditangani")),
        "kesimpulan": forms.ChoiceField(
            label=_("Kesimpulan"),
            choices=[("layak", _("Layak dilayani")), ("tidak_layak", _("Tidak layak dilayani"))],
            widget=forms.RadioSelect,
            error_messages={"required": _("Pilih kesimpulan asesmen: layak atau tidak layak.")},
        ),
        "alasan": _teks(
            _("Alasan kesimpulan"),
            required=True,
            help_text=_("Mengapa klien layak atau tidak layak, berdasarkan fakta di atas."),
        ),
        "rekomendasi": _teks(_("Rekomendasi layanan"), help_text=_("Layanan atau tindak lanjut.")),
        "panti_rekomendasi": forms.ModelChoiceField(
            label=_("Panti/lembaga yang direkomendasikan"),
            queryset=lembar.panti,
            required=False,
            empty_label=_("— tidak ada / belum —"),
        ),
    }
    if lembar.boleh_ajukan:
        kolom["ajukan_konsep"] = forms.BooleanField(
            label=_("Ajukan konsep produk ke pejabat sesudah asesmen disimpan"),
            required=False,
            initial=True,
        )
    kolom["foto"] = BanyakFoto(batas=lembar.batas)
    return kolom


class AsesmenForm(_DenganLokasi):
    """The assessment of a case.

    The case page's short record (no `lembar`): `kondisi`, `kesimpulan_layak`
    (a bool; a reason is required when not eligible) and one checkbox per
    eligibility fact of `fakta` (`fakta_<Persyaratan.Fakta>`, read by
    `nilai_fakta()`).

    The field page's lembar asesmen (`lembar=`): the sections of
    INSTRUMEN_ASESMEN (`instrumen()`), the identity check, each eligibility fact
    answered with its evidence (`fakta_<persyaratan id>`, `bukti_<id>`, read by
    `fakta_kelayakan()`), the recommended panti, photos and the location. A
    conclusion "layak" against an unmet required fact is refused."""

    INSTRUMEN = INSTRUMEN_ASESMEN

    def __init__(
        self,
        *args: Any,
        fakta: Sequence[Persyaratan] = (),
        lembar: LembarAsesmen | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lembar = lembar
        self.baris_fakta: list[tuple[BarisFakta, str, str]] = []
        self.fakta: list[Persyaratan] = []
        if lembar is None:
            self.fields.update(_kolom_asesmen_ringkas())
            self.fakta = [p for p in fakta if p.fakta and p.fakta != Persyaratan.Fakta.USIA_MINIMAL]
            for p in self.fakta:
                self.fields[f"fakta_{p.fakta}"] = forms.BooleanField(
                    label=p.teks, required=False, help_text=_("Centang bila terpenuhi.")
                )
            return
        self.fields.update(_kolom_lembar(lembar))
        for baris in lembar.fakta:
            p = baris.persyaratan
            nama_f, nama_b = f"fakta_{p.pk}", f"bukti_{p.pk}"
            self.fields[nama_f] = forms.ChoiceField(
                label=p.teks,
                choices=YA_TIDAK,
                widget=forms.RadioSelect,
                error_messages={"required": _("Jawab fakta kelayakan ini.")},
                initial=None if baris.otomatis is None else ("ya" if baris.otomatis else "tidak"),
            )
            self.fields[nama_b] = forms.CharField(
                label=_("Bukti"),
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=baris.keterangan,
                error_messages={"required": _("Tuliskan bukti untuk fakta ini.")},
            )
            self.baris_fakta.append((baris, nama_f, nama_b))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kesimpulan_layak") is False and not (data.get("alasan") or "").strip():
            self.add_error("alasan", _("Tuliskan alasan klien dinilai tidak layak."))
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

    def nilai_fakta(self) -> dict[str, bool]:
        """The short record's answers: Persyaratan.Fakta value → met or not."""
        return {p.fakta: bool(self.cleaned_data.get(f"fakta_{p.fakta}")) for p in self.fakta}

    def fakta_kelayakan(self) -> list[dict[str, Any]]:
        """The lembar's answers: one row per eligibility fact, with its evidence."""
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
    def fakta_fields(self) -> list[tuple[forms.BoundField, forms.BoundField, str]]:
        """(answer field, evidence field, what the data says) per eligibility fact."""
        return [(self[f], self[b], baris.keterangan) for baris, f, b in self.baris_fakta]


# -- an activity ----------------------------------------------------------------------------------
def _pilihan_bentuk() -> list[Any]:
    bimbingan = [(c.value, c.label) for c in Kegiatan.Bentuk if c.value.startswith("bimbingan_")]
    lain = [(c.value, c.label) for c in Kegiatan.Bentuk if not c.value.startswith("bimbingan_")]
    return [("", _("— tidak ada —")), (_("Bimbingan"), bimbingan), (_("Pendampingan"), lain)]


def _kolom_kegiatan_lapangan(lapangan: KegiatanLapangan) -> dict[str, forms.Field]:
    unsur = forms.MultipleChoiceField(
        label=_("Unsur yang terlibat"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(u, u) for u in lapangan.unsur],
    )
    kolom: dict[str, forms.Field] = {
        **_kolom_lokasi(),
        "bentuk": forms.ChoiceField(
            label=_("Bentuk bimbingan/pendampingan"), required=False, choices=_pilihan_bentuk()
        ),
        "tempat": forms.CharField(
            label=_("Tempat"),
            required=False,
            max_length=200,
            help_text=_("Misalnya: RSUD, rumah klien."),
        ),
        "unsur": unsur,
        "unsur_lain": forms.CharField(
            label=_("Unsur lain yang terlibat"),
            required=False,
            max_length=200,
            help_text=_("Nama orang atau lembaga lain, pisahkan dengan koma."),
        ),
    }
    if lapangan.boleh_reunifikasi:
        kolom["akhiri_reunifikasi"] = forms.BooleanField(
            label=_("Klien sudah kembali ke keluarga: akhiri penanganan dengan reunifikasi"),
            required=False,
        )
        if lapangan.terbit_laporan:
            # ending with a reunification issues the Laporan Sosial in the
            # social worker's name: the password again, as for every signature
            kolom["kata_sandi"] = forms.CharField(
                label=_("Kata sandi akun Anda (wajib bila mengakhiri dengan reunifikasi)"),
                required=False,
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )
    kolom["video"] = forms.FileField(
        label=_("Video pendek"),
        required=False,
        help_text=_(
            "Satu video paling besar %(mb)s MB (sekitar 20 detik). Video yang lebih besar ditolak."
        )
        % {"mb": lapangan.batas.video_mb},
        widget=forms.ClearableFileInput(attrs={"accept": "video/*", "capture": "environment"}),
    )
    kolom["foto"] = BanyakFoto(batas=lapangan.batas)
    return kolom


class KegiatanForm(_DenganLokasi):
    """A dated activity: its kind, date (not in the future), account and result.

    The case page names who took part in one line (`unsur_terlibat`); the
    field pages (`lapangan=`) tick the standard's unsur and add the form of
    guidance or accompaniment, the place, photos, a video, the location, and
    -- where the standard allows -- ending the case with a reunification."""

    jenis = forms.ChoiceField(label=_("Jenis kegiatan"), choices=Kegiatan.Jenis.choices)
    tanggal = forms.DateField(
        label=_("Tanggal kegiatan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    uraian = _teks(_("Uraian kegiatan"), required=True, rows=4)
    hasil = _teks(_("Hasil dan tindak lanjut"))

    def __init__(self, *args: Any, lapangan: KegiatanLapangan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hari_ini = lapangan.hari_ini if lapangan else timezone.localdate()
        tanggal = self.fields["tanggal"]
        tanggal.widget.attrs["max"] = self.hari_ini.isoformat()
        tanggal.initial = self.hari_ini
        if lapangan is None:
            self.fields["unsur_terlibat"] = forms.CharField(
                label=_("Unsur yang terlibat"),
                max_length=300,
                required=False,
                help_text=_("Misalnya: TKSK, PSM, Tagana, RT/RW, Puskesmas."),
            )
        else:
            self.fields.update(_kolom_kegiatan_lapangan(lapangan))

    def clean_tanggal(self) -> dt.date:
        tanggal: dt.date = self.cleaned_data["tanggal"]
        if tanggal > self.hari_ini:
            raise forms.ValidationError(
                _("Tanggal kegiatan tidak boleh di masa depan (hari ini %(h)s).")
                % {"h": self.hari_ini.strftime("%d-%m-%Y")}
            )
        return tanggal

    def clean(self) -> dict[str, Any]:
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
