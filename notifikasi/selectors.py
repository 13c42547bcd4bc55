from __future__ import annotations

from notifikasi.models import Kanal, Pesan, PreferensiNotifikasi


def preferensi_dari(*, user) -> PreferensiNotifikasi:
    """The user's saved choice, or the default (e-mail, on) unsaved."""
    pref = PreferensiNotifikasi.objects.filter(user=user).first()
    return pref or PreferensiNotifikasi(user=user, kanal=Kanal.EMAIL, aktif=True)


def pesan_terakhir(*, user, batas: int = 10) -> list[Pesan]:
    return list(Pesan.objects.filter(penerima_user=user).order_by("-dibuat_pada", "-pk")[:batas])
