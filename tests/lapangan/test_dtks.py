"""The office's DTKS/DTSEN extract: imported from CSV (command and admin),
checked, idempotent; it decides whether Depok's home-visit survey is skipped."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from lapangan.selectors import tugas_berikut
from rujukan import services as s
from rujukan.dtks import dtks_klien
from rujukan.models import DataDTKS, Status
from tests.lapangan.factories import depok_di_pemeriksaan
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, nik

pytestmark = pytest.mark.django_db


def _csv(path, baris: list[str]):
    path.write_text("nik;nama;alamat;desil;tanggal_data\n" + "\n".join(baris) + "\n")
    return str(path)


def test_import_command_validates_every_line_and_is_idempotent(standar, tmp_path, capsys):
    n1, n2 = nik(dt.date(1985, 4, 12), wilayah="327601"), nik(dt.date(1970, 1, 2), wilayah="327601")
    buruk = _csv(
        tmp_path / "buruk.csv",
        [
            f"{n1};Nur Aini;Jl. Melati 3;2;2026-01-31",
            "3276011204;Pendek;;2;2026-01-31",
            f"{n2};;Jl. Mawar;11;31-13-2026",
            f"{n1};Nur Aini lagi;;3;2026-01-31",
        ],
    )
    with pytest.raises(CommandError, match="3 baris salah; tidak ada data yang diimpor"):
        call_command("impor_dtks", buruk, instansi="depok")
    err = capsys.readouterr().err
    assert "Baris 3: NIK harus terdiri dari 16 angka." in err
    assert "Baris 4:" in err and "nama kosong" in err and "desil harus angka 1 sampai 10" in err
    assert "tanggal data tidak dikenal" in err
    assert "Baris 5: NIK sama dengan baris 2." in err
    assert not DataDTKS.objects.exists()  # one transaction: nothing half-imported

    baik = _csv(
        tmp_path / "baik.csv",
        [f"{n1};Nur Aini;Jl. Melati 3;2;2026-01-31", f"{n2};Ujang;Jl. Mawar;;31-01-2026"],
    )
    call_command("impor_dtks", baik, instansi="depok")
    assert "2 baru, 0 diperbarui, 0 tidak berubah" in capsys.readouterr().out
    call_command("impor_dtks", baik, instansi="depok")
    assert "0 baru, 0 diperbarui, 2 tidak berubah" in capsys.readouterr().out
    assert DataDTKS.objects.count() == 2
    row = DataDTKS.objects.dengan_nik(n1).get()
    assert row.desil == 2 and row.instansi.slug == "depok"
    assert row.tanggal_data == dt.date(2026, 1, 31)
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("impor_dtks", baik, instansi="tidak-ada")


def test_admin_instansi_imports_csv_through_the_admin(client, standar, personas):
    admin = personas.admin_instansi
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    daftar = reverse("admin:rujukan_datadtks_changelist")
    impor = reverse("admin:rujukan_datadtks_impor")
    assert daftar == "/admin/rujukan/datadtks/"
    assert impor in client.get(daftar).content.decode()  # the list links the import page
    isi = f"nik,nama,desil,tanggal_data\n{nik(dt.date(1960, 3, 3))},Siti,1,2026-02-01\n"
    resp = client.post(
        impor,
        {"berkas": SimpleUploadedFile("dtks.csv", isi.encode(), content_type="text/csv")},
    )
    assert resp.status_code == 302 and resp.url == daftar
    assert DataDTKS.objects.get().instansi == personas.instansi  # the admin's own office only
    resp = client.post(
        impor,
        {"berkas": SimpleUploadedFile("x.csv", b"nik,nama,tanggal_data\n123,X,2026-01-01\n")},
    )
    assert resp.status_code == 400
    assert "Baris 2: NIK harus terdiri dari 16 angka" in resp.content.decode()
    client.force_login(personas.peksos)  # not staff of the admin
    assert client.get(impor).status_code == 302


def _depok(standar, staf, klien):
    return depok_di_pemeriksaan(standar["depok"], staf, klien)


def test_depok_case_in_dtks_skips_the_survey_and_one_not_in_it_needs_it(client, standar, tmp_path):
    staf = personas_untuk(standar["depok"].instansi)
    terdaftar = data_klien(dt.date(1985, 4, 12), perempuan=True, nama="Nur Aini", wilayah="327601")
    belum = data_klien(dt.date(1979, 8, 1), nama="Asep", wilayah="327601")
    call_command(
        "impor_dtks",
        _csv(tmp_path / "d.csv", [f"{terdaftar.nik};Nur Aini;Jl. Melati 3;2;2026-01-31"]),
        instansi="depok",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    a = _depok(standar, staf, terdaftar)
    b = _depok(standar, staf, belum)
    client.force_login(staf.petugas_loket)
    html = client.get(f"/lapangan/{a.pk}/dtks/").content.decode()
    assert "terdaftar dalam DTKS/DTSEN desil 2 (data per 31 Januari 2026)" in html
    assert "Lanjutkan tanpa survei" in html
    assert client.post(f"/lapangan/{a.pk}/dtks/").status_code == 302
    a.refresh_from_db()
    assert a.status == Status.PENYUSUNAN and a.terdaftar_dtks is True
    # not in the extract: the officer's hand-set flag does not let it skip the survey
    with pytest.raises(s.TransisiTidakSah, match="survei kunjungan rumah wajib"):
        s.rujukan_skip_verification(
            rujukan=b, by=staf.petugas_loket, catatan="x", terdaftar_dtks=True
        )
    assert "tidak terdapat dalam DTKS" in client.get(f"/lapangan/{b.pk}/dtks/").content.decode()
    assert client.post(f"/lapangan/{b.pk}/dtks/").status_code == 302
    b.refresh_from_db()
    assert b.status == Status.VERIFIKASI and b.terdaftar_dtks is False
    assert "Survei kunjungan rumah" in tugas_berikut(b)
    assert not dtks_klien(klien=b.klien, instansi=b.instansi).terdaftar
    # another office cannot see or act on these cases
    luar = personas_untuk(standar["banjar"].instansi)
    client.force_login(luar.petugas_loket)
    assert client.get(f"/lapangan/{b.pk}/dtks/").status_code == 404


def test_without_an_imported_extract_the_officers_answer_still_counts(standar):
    staf = personas_untuk(standar["depok"].instansi)
    r = _depok(standar, staf, data_klien(dt.date(1985, 4, 12), wilayah="327601"))
    assert not dtks_klien(klien=r.klien, instansi=r.instansi).ada_data
    r = s.rujukan_skip_verification(
        rujukan=r, by=staf.petugas_loket, catatan="DTKS", terdaftar_dtks=True
    )
    assert r.status == Status.PENYUSUNAN


def test_nik_lookup_page_shows_whether_a_nik_is_in_dtks(client, standar, tmp_path):
    staf = personas_untuk(standar["depok"].instansi)
    n = nik(dt.date(1985, 4, 12), wilayah="327601")
    call_command(
        "impor_dtks",
        _csv(tmp_path / "d.csv", [f"{n};Nur Aini;Jl. Melati 3;2;2026-01-31"]),
        instansi="depok",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    client.force_login(staf.petugas_loket)
    page = client.get("/lapangan/dtks/").content.decode()
    assert re.search(
        r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', page
    )
    # the NIK is posted (never in a URL) and the answer shown at once
    resp = client.post("/lapangan/dtks/", {"nik": n})
    assert resp.status_code == 200 and "Terdaftar: Nur Aini" in resp.content.decode()
    spasi = " ".join(n[i : i + 4] for i in range(0, 16, 4))
    assert "Terdaftar: Nur Aini" in client.post("/lapangan/dtks/", {"nik": spasi}).content.decode()
    html = client.post("/lapangan/dtks/", {"nik": nik(dt.date(1990, 1, 1))}).content.decode()
    assert "tidak terdapat dalam DTKS" in html
    # a NIK in the URL is not looked up
    assert "Terdaftar" not in client.get("/lapangan/dtks/", {"nik": n}).content.decode()
    for salah, pesan in (
        (n[:-1], "NIK terdiri atas 16 angka."),
        ("", "Ketik NIK yang akan dicek."),
    ):
        resp = client.post("/lapangan/dtks/", {"nik": salah})
        assert resp.status_code == 400 and pesan in resp.content.decode()
    luar = personas_untuk(standar["banjar"].instansi)  # another office sees only its own extract
    client.force_login(luar.petugas_loket)
    html = client.post("/lapangan/dtks/", {"nik": n}).content.decode()
    assert "tidak terdapat dalam DTKS" in html
