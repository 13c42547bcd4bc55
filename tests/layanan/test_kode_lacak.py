"""The portal's one tracking-code mechanism."""

from layanan.kode_lacak import ABJAD, acak, cocok_kode, format_kode, hash_kode


def test_code_reads_aloud_and_is_stored_only_as_a_keyed_hash():
    kode = acak(12)
    assert set(kode) <= set(ABJAD) and not set("0O1I") & set(kode)
    tersimpan = hash_kode(kode, tujuan="pengaduan.kode_lacak")
    assert kode not in tersimpan
    assert cocok_kode(tersimpan, format_kode(kode).lower(), tujuan="pengaduan.kode_lacak")


def test_a_code_for_one_purpose_never_opens_another():
    kode = acak(8)
    tersimpan = hash_kode(kode, tujuan="rujukan.kode_lacak")
    assert not cocok_kode(tersimpan, kode, tujuan="pengaduan.kode_lacak")


def test_empty_or_wrong_code_does_not_match():
    tersimpan = hash_kode("ABCD2345", tujuan="x")
    assert not cocok_kode(tersimpan, "", tujuan="x")
    assert not cocok_kode(tersimpan, "ABCD2346", tujuan="x")


def test_codes_survive_a_rotated_secret_key(settings):
    tersimpan = hash_kode("ABCD2345", tujuan="x")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "kunci-baru-yang-panjang-dan-acak-sekali-" * 2
    assert cocok_kode(tersimpan, "ABCD2345", tujuan="x")
