"""`manage.py muat_standar` (idempotent loading of the standards) and
`manage.py buat_akun_demo` (demo logins)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from layanan.data.muat import STANDAR_DIR, daftar_berkas_standar
from layanan.models import (
    FaseWaktu,
    Instansi,
    KategoriPPKS,
    LangkahProsedur,
    Layanan,
    Panti,
    Pegawai,
    Peran,
    Persyaratan,
    Produk,
    SaluranPengaduan,
    SubLayanan,
    TahapPengaduan,
    UnsurTerlibat,
)
from layanan.roles import GROUP_NAMES

pytestmark = pytest.mark.django_db

MODELS = [
    Instansi,
    KategoriPPKS,
    Layanan,
    SubLayanan,
    Persyaratan,
    LangkahProsedur,
    FaseWaktu,
    Produk,
    SaluranPengaduan,
    TahapPengaduan,
    UnsurTerlibat,
    Panti,
]


def muat(*args: str) -> str:
    out = StringIO()
    call_command("muat_standar", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[int]]:
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS}


def salin_standar(tmp_path: Path, nama: str) -> tuple[Path, dict]:
    data = json.loads((STANDAR_DIR / f"{nama}.json").read_text(encoding="utf-8"))
    return tmp_path / f"{nama}.json", data


def tulis(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- muat_standar ----------------------------------------------------------------


def test_project_carries_its_own_five_standard_files():
    files = daftar_berkas_standar()
    assert [p.stem for p in files] == [
        "banjar",
        "banjarmasin",
        "bulukumba",
        "depok",
        "si-laras-manis",
    ]
    base = Path(django_settings.BASE_DIR).resolve()
    for path in files:
        assert path.resolve().is_relative_to(base / "layanan" / "data" / "standar")
        json.loads(path.read_text(encoding="utf-8"))  # readable UTF-8 JSON


def test_second_run_changes_nothing_and_keeps_every_row(db):
    muat()
    before = snapshot()
    out = muat()
    assert snapshot() == before
    assert out.count("(tidak ada perubahan)") == 5
    assert "Kategori PPKS: 0 dibuat, 0 diubah, 0 dihapus" in out


def test_rerun_restores_edited_rows_in_place_and_drops_extras(db):
    muat()
    langkah = LangkahProsedur.objects.get(layanan__instansi__slug="depok", urutan=6)
    asli = langkah.teks
    langkah.teks = "diubah tangan"
    langkah.save()
    layanan = langkah.layanan
    Produk.objects.create(
        layanan=layanan, urutan=9, nama="Tambahan", jenis_dokumen="laporan_kegiatan"
    )
    layanan.persyaratan.filter(teks="Kartu KKS").delete()

    out = muat("depok")

    langkah.refresh_from_db()
    assert langkah.teks == asli  # same row, text restored
    assert list(layanan.produk.values_list("nama", flat=True)) == ["Surat Rekomendasi"]
    assert layanan.persyaratan.filter(teks="Kartu KKS").count() == 1
    assert "1 dibuat, 1 diubah, 1 dihapus" in out


def test_changed_file_updates_text_and_removes_dropped_steps(db, tmp_path):
    muat("bulukumba")
    layanan = Layanan.objects.get(instansi__slug="bulukumba")
    pks = list(layanan.langkah.values_list("pk", flat=True))

    path, data = salin_standar(tmp_path, "bulukumba")
    data["layanan"]["langkah"][0]["teks"] = "Teks langkah pertama yang baru"
    data["layanan"]["langkah"].pop()  # the standard now has six steps
    data["instansi"]["telepon"] = "0413 123456"
    muat(str(tulis(path, data)))

    assert Layanan.objects.filter(instansi__slug="bulukumba").count() == 1
    assert Instansi.objects.get(slug="bulukumba").telepon == "0413 123456"
    assert list(layanan.langkah.values_list("pk", flat=True)) == pks[:6]
    assert layanan.langkah.get(urutan=1).teks == "Teks langkah pertama yang baru"


def test_value_removed_from_file_is_removed_from_database(db, tmp_path):
    muat("depok")
    path, data = salin_standar(tmp_path, "depok")
    del data["layanan"]["langkah"][3]["kondisi"]
    muat(str(tulis(path, data)))
    assert LangkahProsedur.objects.get(layanan__instansi__slug="depok", urutan=4).kondisi == ""


def test_one_file_loads_only_that_office(db):
    out = muat("depok")
    assert list(Instansi.objects.values_list("slug", flat=True)) == ["depok"]
    assert KategoriPPKS.objects.count() == 26
    assert "Selesai: 1 standar dimuat." in out


def test_unknown_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="'tidak-ada' tidak ditemukan"):
        muat("tidak-ada")


def test_invalid_stage_in_a_step_saves_nothing(db, tmp_path):
    path, data = salin_standar(tmp_path, "depok")
    data["layanan"]["langkah"][2]["tahap"] = "tahap_karangan"
    with pytest.raises(CommandError, match="langkah ke-3: tahap"):
        muat(str(tulis(path, data)))
    assert not Instansi.objects.exists()
    assert not KategoriPPKS.objects.exists()


def test_unknown_column_is_refused(db, tmp_path):
    path, data = salin_standar(tmp_path, "banjar")
    data["layanan"]["produk"][0]["warna"] = "merah"
    with pytest.raises(CommandError, match="kolom 'warna' tidak dikenal"):
        muat(str(tulis(path, data)))
    assert not Layanan.objects.exists()


def test_broken_json_is_a_clear_error(db, tmp_path):
    path = tmp_path / "rusak.json"
    path.write_text("{ bukan json", encoding="utf-8")
    with pytest.raises(CommandError, match="tidak dapat dibaca sebagai JSON"):
        muat(str(path))


def test_failure_in_a_later_file_rolls_back_the_whole_run(db, tmp_path):
    path, data = salin_standar(tmp_path, "depok")
    data["instansi"]["slug"] = "depok-rusak"
    data["layanan"]["saluran"][0]["jenis"] = "merpati_pos"
    with pytest.raises(CommandError, match="jenis"):
        muat("banjar", str(tulis(path, data)))
    assert not Instansi.objects.exists()


# --- buat_akun_demo ----------------------------------------------------------------


def akun_demo(*args: str) -> str:
    out = StringIO()
    call_command("buat_akun_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_demo_accounts_one_per_role_per_office(db, debug_on):
    muat()
    out = akun_demo()
    assert Pegawai.objects.count() == 5 * len(GROUP_NAMES)
    for instansi in Instansi.objects.all():
        staf = Pegawai.objects.filter(instansi=instansi).select_related("user")
        peran = sorted(p.user.groups.get().name for p in staf)
        assert peran == sorted(GROUP_NAMES.values())
        for pegawai in staf:
            assert pegawai.user.username.endswith(f".{instansi.slug}")
            assert pegawai.user.check_password("latihan-akun-demo")
            assert pegawai.nama and pegawai.jabatan
            pegawai.full_clean()  # NIP, when given, is 18 digits
    kadis = Pegawai.objects.get(user__username="kadis.depok")
    assert kadis.user.groups.get().name == GROUP_NAMES[Peran.KEPALA_DINAS]
    assert kadis.jabatan == "Kepala Dinas Sosial Kota Depok"
    assert len(kadis.nip) == 18 and kadis.pangkat
    assert "kabid.bulukumba" in out and "latihan-akun-demo" in out


def test_demo_panti_account_linked_to_the_panti_its_office_names(db, debug_on):
    muat()
    akun_demo()
    assert Pegawai.objects.get(user__username="panti.bulukumba").panti == Panti.objects.get()
    assert Pegawai.objects.get(user__username="panti.depok").panti is None


def test_demo_accounts_idempotent_and_password_option(db, debug_on, client):
    muat()
    akun_demo()
    users = sorted(User.objects.values_list("pk", flat=True))
    akun_demo("--password", "sandi-lain-123")
    assert sorted(User.objects.values_list("pk", flat=True)) == users
    assert Pegawai.objects.count() == 5 * len(GROUP_NAMES)
    assert all(u.groups.count() == 1 for u in User.objects.exclude(username="admin"))
    assert client.login(username="loket.banjar", password="sandi-lain-123")
    assert not client.login(username="loket.banjar", password="latihan-akun-demo")


def test_superuser_admin_for_django_admin(db, debug_on):
    muat()
    akun_demo()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not Pegawai.objects.filter(user=admin).exists()
    # Only the office admins among the demo staff reach the Django admin.
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"admin"} | {
        f"admin.{s}" for s in Instansi.objects.values_list("slug", flat=True)
    }


def test_demo_accounts_refused_with_debug_off(db, settings):
    settings.DEBUG = False
    muat()
    with pytest.raises(CommandError, match="DEBUG mati"):
        akun_demo()
    assert not User.objects.exists()
    akun_demo("--force")
    assert User.objects.filter(username="kadis.banjarmasin").exists()


def test_demo_accounts_need_offices_first(db, debug_on):
    with pytest.raises(CommandError, match="muat_standar"):
        akun_demo()
    assert not User.objects.exists()
