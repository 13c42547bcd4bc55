"""The shared action registry: one entry per code, its words read from one place."""

import pytest
from django.utils.translation import gettext_lazy as _

from layanan.aksi import Aksi, DaftarAksi


def _daftar() -> DaftarAksi[object]:
    return DaftarAksi(
        [
            Aksi(
                kode="x.approve",
                label=_("Setujui"),
                kalimat=_("{oleh} menyetujui {langkah}."),
                slug="setujui",
                transisi="approve",
                gaya="utama",
            ),
            Aksi(kode="x.uploaded", label="Unggah berkas", kalimat="{oleh} mengunggah berkas."),
            Aksi(kode="x.cancel", label="Batalkan", slug="batalkan", gaya="bahaya"),
        ],
        isian_umum={"langkah": "satu langkah"},
    )


def test_duplicate_code_is_refused():
    with pytest.raises(ValueError, match="x.a"):
        DaftarAksi([Aksi(kode="x.a", label="A"), Aksi(kode="x.a", label="B", slug="b")])


def test_duplicate_slug_is_refused():
    with pytest.raises(ValueError, match="sama"):
        DaftarAksi(
            [Aksi(kode="x.a", label="A", slug="sama"), Aksi(kode="x.b", label="B", slug="sama")]
        )


def test_history_only_entries_may_share_the_empty_slug():
    daftar = DaftarAksi([Aksi(kode="x.a", label="A"), Aksi(kode="x.b", label="B")])
    assert len(daftar) == 2
    assert daftar.tombol() == []


def test_buttons_are_the_entries_with_a_slug_in_registry_order():
    daftar = _daftar()
    assert [a.kode for a in daftar.tombol()] == ["x.approve", "x.cancel"]
    assert [a.kode for a in daftar] == ["x.approve", "x.uploaded", "x.cancel"]


def test_lookup_by_slug_and_by_code():
    daftar = _daftar()
    assert daftar.dari_slug("batalkan").kode == "x.cancel"
    assert daftar.dari_kode("x.approve") is daftar.dari_slug("setujui")
    assert daftar.dari_kode("x.nope") is None
    with pytest.raises(KeyError):
        daftar.dari_slug("nope")


def test_label_is_the_entry_label_or_the_code():
    daftar = _daftar()
    assert daftar.label("x.approve") == "Setujui"
    assert isinstance(daftar.label("x.approve"), str)
    assert daftar.label("x.nope") == "x.nope"


def test_sentence_is_filled_with_who_and_the_event_data():
    daftar = _daftar()
    assert daftar.kalimat("x.approve", "Ani", {"langkah": "paraf Kabid"}) == (
        "Ani menyetujui paraf Kabid."
    )
    assert daftar.kalimat("x.uploaded", "Ani") == "Ani mengunggah berkas."


def test_sentence_reads_the_default_for_a_value_the_event_did_not_record():
    daftar = _daftar()
    assert daftar.kalimat("x.approve", "Ani", {}) == "Ani menyetujui satu langkah."
    assert daftar.kalimat("x.approve", "Ani", None) == "Ani menyetujui satu langkah."
    assert daftar.kalimat("x.approve", "Ani", {"langkah": ["bukan", "teks"]}) == (
        "Ani menyetujui satu langkah."
    )


def test_unknown_code_reads_who_and_the_code():
    assert _daftar().kalimat("x.nope", "Ani") == "Ani: x.nope"


def test_entry_without_sentence_reads_who_and_the_label():
    assert _daftar().kalimat("x.cancel", "Ani") == "Ani: Batalkan"
