"""Apply the retention schedule (layanan.retensi): a dry run by default that
says what is due; `--hapus` removes it. Reports counts per kind, bytes freed
and the ids of the cases and complaints concerned — never a name or a number
of a person. Idempotent: a second run removes nothing more."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from layanan.retensi import terapkan


class Command(BaseCommand):
    help = _(
        "Menerapkan jadwal retensi berkas (uji coba kecuali dengan --hapus): berkas "
        "persyaratan, foto/video lapangan dan lampiran pengaduan yang masa simpannya "
        "sudah lewat, serta berkas yatim di penyimpanan."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--hapus",
            action="store_true",
            help=_("Benar-benar menghapus; tanpa ini hanya melaporkan."),
        )

    def handle(self, *args, hapus: bool = False, verbosity: int = 1, **options) -> None:
        laporan = terapkan(hapus=hapus)
        tulis = self.stdout.write
        if hapus:
            tulis(_("Jadwal retensi diterapkan."))
        else:
            tulis(_("Uji coba: tidak ada yang dihapus (jalankan dengan --hapus untuk menghapus)."))
        for h in laporan.jenis:
            tahun = sorted(set(h.tahun.values()))
            masa = (
                ", ".join(
                    _("disimpan selamanya") if t == 0 else _("%(n)s tahun") % {"n": t}
                    for t in tahun
                )
                or "—"
            )
            tulis(
                _("%(kode)s (%(masa)s): %(berkas)d berkas dari %(baris)d baris, %(ukuran)s")
                % {
                    "kode": h.kode,
                    "masa": masa,
                    "berkas": h.berkas,
                    "baris": h.baris,
                    "ukuran": filesizeformat(h.bita),
                }
            )
            if h.induk:
                tulis(f"  {h.induk_label}: " + ", ".join(str(pk) for pk in h.induk))
        y = laporan.yatim
        tulis(
            _("berkas_yatim (tanpa baris data, lebih dari %(jam)d jam): %(n)d berkas, %(ukuran)s")
            % {"jam": y.jam, "n": len(y.berkas), "ukuran": filesizeformat(y.bita)}
        )
        if verbosity >= 2:
            for nama in y.berkas:
                tulis(f"  {nama}")
        tulis(
            _("Jumlah: %(n)d berkas, %(ukuran)s %(kata)s.")
            % {
                "n": laporan.jumlah_berkas,
                "ukuran": filesizeformat(laporan.jumlah_bita),
                "kata": _("dibebaskan") if hapus else _("akan dibebaskan"),
            }
        )
