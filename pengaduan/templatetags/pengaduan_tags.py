"""Small template helpers for complaint pages."""

from django import template

from layanan.aksi import Aksi
from pengaduan.services import format_kode

register = template.Library()


@register.filter
def kode_tampil(kode: str) -> str:
    """A tracking code in groups of four, easy to read aloud: ABCD-EFGH-JKLM."""
    return format_kode(kode or "")


@register.filter
def ukuran_tampil(nbytes: int) -> str:
    if nbytes >= 1024 * 1024:
        return f"{nbytes / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(nbytes / 1024))} KB"


# the CSS classes of an action's button, by its style (layanan.aksi.Gaya)
_KELAS = {"utama": "btn btn-primary", "biasa": "btn", "sekunder": "btn", "bahaya": "btn btn-danger"}


@register.filter
def kelas_tombol(aksi: Aksi[object], tempat: str = "") -> str:
    """The classes of an action's button; `"kirim"`: its confirmation form's
    submit button, where a plain action submits as the primary one."""
    if tempat == "kirim" and aksi.gaya == "biasa":
        return _KELAS["utama"]
    return _KELAS[aksi.gaya]
