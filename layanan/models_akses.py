"""The access log of clients' data (UU 27/2022): who looked at which record,
document or letter, or exported a register, when and from where.

A row is written by one middleware (layanan.akses_log) and never changed:
the model refuses to save an existing row or to delete one, its queryset
refuses `update()` and `delete()`, and on PostgreSQL a trigger (migration
0013_akses_data) refuses UPDATE and DELETE of the table, whatever the client. The row
holds identifiers only, never a name, NIK or other personal data of the
client: the client, the case and the object are plain ids, so the log
outlives a record removed under the retention rules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _


class LogTidakDapatDiubah(Exception):
    """The access log is append-only."""

    def __init__(self) -> None:
        super().__init__(gettext_now("Riwayat akses data klien tidak dapat diubah atau dihapus."))


class AksesDataQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LogTidakDapatDiubah

    def delete(self):
        raise LogTidakDapatDiubah

    update.queryset_only = True
    delete.queryset_only = True


class AksesData(models.Model):
    """One view of a client's record, document or letter, or one export."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the index (user, -waktu) below serves it
    )
    instansi = models.ForeignKey(
        "layanan.Instansi",
        verbose_name=_("instansi pengguna"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    waktu = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    apa = models.CharField(
        _("apa"), max_length=60, help_text=_("Kode halaman, mis. rujukan.detail.")
    )
    objek = models.CharField(
        _("jenis objek"), max_length=60, blank=True, help_text=_("Mis. rujukan.dokumen.")
    )
    objek_id = models.BigIntegerField(_("id objek"), null=True)
    rujukan_id = models.BigIntegerField(_("id rujukan"), null=True)
    klien_id = models.BigIntegerField(_("id klien"), null=True)
    alamat_ip = models.GenericIPAddressField(_("alamat IP"), null=True)
    user_agent = models.CharField(_("peramban"), max_length=200, blank=True)

    objects = AksesDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("akses data klien")
        verbose_name_plural = _("riwayat akses data klien")
        ordering = ["-waktu", "-pk"]
        # Nobody adds, changes or deletes a row through a permission: the one
        # permission is reading the history of a client (the supervisors).
        default_permissions = ()
        permissions = [("lihat_akses_data", _("Melihat riwayat akses data klien"))]
        indexes = [
            models.Index(fields=["klien_id", "-waktu"], name="akses_klien_waktu"),
            models.Index(fields=["rujukan_id", "-waktu"], name="akses_rujukan_waktu"),
            models.Index(fields=["user", "-waktu"], name="akses_user_waktu"),
        ]

    def __str__(self) -> str:
        return f"{self.apa} #{self.objek_id or '-'} ({self.user_id}, {self.waktu:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise LogTidakDapatDiubah
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LogTidakDapatDiubah
