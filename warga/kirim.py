"""The one place a login code or link leaves the portal: the notification
outbox (`notifikasi.services.kirim_langsung`), sent after commit, ahead of the
queue. The outbox keeps the text encrypted; the code itself is never stored
elsewhere in clear."""

from __future__ import annotations

from notifikasi.services import kirim_langsung


def kirim_pesan(*, kanal: str, tujuan: str, teks: str, subjek: str = "") -> None:
    kirim_langsung(kanal=kanal, tujuan=tujuan, teks=teks, acara="warga.kode", subjek=subjek)
