from django.contrib.auth.models import Group


def test_roles_exist_with_permissions(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Petugas Loket",
        "Pekerja Sosial",
        "Koordinator",
        "Kepala Bidang",
        "Kepala Dinas",
        "Admin Instansi",
        "Panti",
    } <= names
    admin = Group.objects.get(name="Admin Instansi")
    assert admin.permissions.filter(codename="change_layanan").exists()


def test_login_page_in_indonesian(client):
    response = client.get("/masuk/")
    assert response.status_code == 200
    assert "Masuk petugas" in response.content.decode()


def test_national_channels_link_even_without_an_address():
    from layanan.links import tautan_daftar

    def tautan_saluran(jenis: str, alamat: str) -> str:
        return next((t.href for t in tautan_daftar(jenis, alamat) if t.href), "")

    assert tautan_saluran("sp4n_lapor", "") == "https://www.lapor.go.id"
    assert tautan_saluran("darurat_112", "") == "tel:112"
    assert tautan_saluran("kotak_saran", "") == ""
    assert tautan_saluran("whatsapp", "0822-2636-0473") == "https://wa.me/6282226360473"


def test_instansi_slug_cannot_shadow_the_search_page(db):
    import pytest
    from django.core.exceptions import ValidationError

    from tests.factories import make_instansi

    instansi = make_instansi()
    instansi.slug = "cari"
    with pytest.raises(ValidationError) as excinfo:
        instansi.full_clean()
    assert "dipakai oleh halaman portal" in str(excinfo.value)


def test_oversized_request_gets_an_indonesian_400(client):
    response = client.post("/masuk/", {"username": "x" * (6 * 1024 * 1024), "password": "x"})
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.content.decode()


def test_public_menu_leads_to_complaints_and_tracking(client, db):
    html = client.get("/layanan/").content.decode()
    assert 'href="/pengaduan/baru/"' in html
    assert 'href="/lacak/"' in html
    lacak = client.get("/lacak/").content.decode()
    assert 'href="/pengaduan/lacak/"' in lacak
    assert 'href="/rujukan/lacak/"' in lacak
