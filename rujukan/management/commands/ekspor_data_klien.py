"""An operator's way to answer an access request (rujukan.ekspor_klien):
everything held about one klien, as a ZIP written to a file. Recorded on
each of the klien's cases like an export from the case page, with the basis
given here. Prints ids and counts only."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from rujukan.ekspor_klien import klien_export
from rujukan.errors import RujukanError
from rujukan.models import Klien


class Command(BaseCommand):
    help = _("Mengekspor seluruh data seorang klien ke berkas ZIP (permintaan akses).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("klien", type=int, help=_("id klien"))
        parser.add_argument("--keluar", required=True, help=_("berkas ZIP yang ditulis"))
        parser.add_argument(
            "--dasar",
            required=True,
            help=_("dasar permintaan akses, dicatat pada riwayat rujukan klien"),
        )

    def handle(self, *args, klien: int, keluar: str, dasar: str, **options) -> None:
        obj = Klien.objects.select_related("instansi").filter(pk=klien).first()
        if obj is None:
            raise CommandError(_("Klien %(id)s tidak ditemukan.") % {"id": klien})
        path = Path(keluar)
        if path.exists():
            raise CommandError(_("Berkas %(path)s sudah ada; pilih nama lain.") % {"path": path})
        try:
            with path.open("w+b") as berkas:
                path.chmod(0o600)
                hasil = klien_export(klien=obj, by=None, dasar=dasar, keluar=berkas)
        except RujukanError as exc:
            path.unlink(missing_ok=True)
            raise CommandError(exc.pesan) from exc
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        self.stdout.write(
            _("Klien %(id)s: %(n)d rujukan, %(berkas)d berkas (%(ukuran)s); SHA-256 %(sha)s")
            % {
                "id": obj.pk,
                "n": len(hasil.rujukan),
                "berkas": hasil.berkas,
                "ukuran": filesizeformat(hasil.bita),
                "sha": hasil.sha256,
            }
        )
