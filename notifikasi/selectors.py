from __future__ import annotations

from layanan.pengguna import Pengguna
from notifikasi.models import Kanal, Pesan, PreferensiKontak, PreferensiNotifikasi
from notifikasi.services import sidik_kontak


def preferensi_dari(*, user: Pengguna) -> PreferensiNotifikasi:
    """The user's saved choice, or the default (e-mail, on) unsaved."""
    pref = PreferensiNotifikasi.objects.filter(user=user).first()
    return pref or PreferensiNotifikasi(user=user, kanal=Kanal.EMAIL, aktif=True)


def pesan_terakhir(*, user: Pengguna, batas: int = 10) -> list[Pesan]:
    return list(Pesan.objects.filter(penerima_user=user).order_by("-dibuat_pada", "-pk")[:batas])


def pilihan_kabar_warga(*, telepon: str = "", email: str = "") -> str:
    """The choice a citizen saved for this proven contact, or ""."""
    kunci = sidik_kontak(telepon=telepon, email=email)
    return (
        PreferensiKontak.objects.filter(sidik=kunci).values_list("kanal", flat=True).first() or ""
    )
