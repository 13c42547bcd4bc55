"""Helpers for the tests of issued documents (verification, signature,
revocation): a letter issued through the real approval chain, its bytes."""

from __future__ import annotations

from dataclasses import dataclass

from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, Rujukan
from tests.factories import make_instansi
from tests.personas import Personas, personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, standar_sederhana


@dataclass
class SuratTerbit:
    staf: Personas  # Rina (loket), Bima (peksos), Dewi (koordinator), Hasan (kabid), Ahmad (kadis)
    rujukan: Rujukan
    surat: Dokumen


def terbitkan_surat(instansi=None) -> SuratTerbit:
    """A Surat Rekomendasi: Dewi initials, the Kepala Dinas signs (and so issues)."""
    instansi = instansi or make_instansi()
    layanan = standar_sederhana(instansi)
    staf = personas_untuk(instansi)
    r = kasus_di_persetujuan(layanan, staf)
    r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
    return SuratTerbit(staf=staf, rujukan=r, surat=surat)


def isi(dokumen: Dokumen) -> bytes:
    with dokumen.berkas.open("rb") as fh:
        return fh.read()
