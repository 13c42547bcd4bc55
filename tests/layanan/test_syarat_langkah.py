"""Whether a verification step may be skipped is a choice in the standard's
data (LangkahProsedur.hanya_bila), never read from the wording of its
condition: Depok's home visit runs only for applicants not in DTKS; Agam's
field visit "bila berkas lengkap" always runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from layanan.data.muat import muat_standar
from layanan.models import LangkahProsedur, SyaratLangkah, Tahap
from layanan.publikasi import periksa_standar
from rujukan.alur import alur_layanan

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_depok_home_visit_is_skipped_by_the_dtks_extract():
    layanan = muat_standar(path=ROOT / "layanan/data/standar/depok.json").layanan
    alur = alur_layanan(layanan)
    assert alur.verifikasi_bersyarat and alur.verifikasi_kecuali_dtks


def test_a_condition_in_words_alone_does_not_make_a_step_skippable():
    berkas = next((ROOT / "tests/data/standar_lain").glob("06_kab-agam*.json"))
    layanan = muat_standar(path=berkas).layanan
    step = layanan.langkah.get(tahap=Tahap.VERIFIKASI)
    assert step.kondisi == "bila berkas lengkap" and step.hanya_bila == SyaratLangkah.SELALU
    alur = alur_layanan(layanan)
    assert not alur.verifikasi_bersyarat and not alur.verifikasi_kecuali_dtks
    # the office chooses: the officer may skip it with a reason, DTKS does not decide
    LangkahProsedur.objects.filter(pk=step.pk).update(hanya_bila=SyaratLangkah.PERTIMBANGAN)
    layanan.refresh_from_db()
    alur = alur_layanan(layanan)
    assert alur.verifikasi_bersyarat and not alur.verifikasi_kecuali_dtks


def test_publishing_refuses_a_skip_choice_outside_verification():
    layanan = muat_standar(path=ROOT / "layanan/data/standar/banjarmasin.json").layanan
    step = layanan.langkah.exclude(tahap=Tahap.VERIFIKASI).order_by("urutan").first()
    step.hanya_bila = SyaratLangkah.BELUM_DTKS
    step.save()
    kode = [m.kode for m in periksa_standar(layanan)]
    assert "lewati_bukan_verifikasi" in kode
