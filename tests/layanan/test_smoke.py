from django.contrib.auth.models import Group


def test_roles_exist_with_permissions(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Petugas Loket", "Pekerja Sosial", "Koordinator", "Kepala Bidang", "Kepala Dinas",
            "Admin Instansi", "Panti"} <= names
    admin = Group.objects.get(name="Admin Instansi")
    assert admin.permissions.filter(codename="change_layanan").exists()


def test_login_page_in_indonesian(client):
    response = client.get("/masuk/")
    assert response.status_code == 200
    assert "Masuk petugas" in response.content.decode()
