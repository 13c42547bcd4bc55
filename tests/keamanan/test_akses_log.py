"""The access log of clients' data (layanan.akses_log): every view of a
client's record, document or letter and every export is recorded (who, when,
what, from where), supervisors see on the case page who has looked, and the
log cannot be changed: not through the model, the admin, or SQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from layanan.akses_log import PANJANG_USER_AGENT, label_apa, registri
from layanan.models import AksesData
from layanan.models_akses import LogTidakDapatDiubah
from tests.akses.data import KLIEN_NAMA, Data, bangun_data

pytestmark = pytest.mark.django_db

ALAMAT = "10.20.30.40"
PERAMBAN = "Mozilla/5.0 (Linux; Android 14) Uji/1.0"


def _media(path) -> dict:
    from django.conf import settings

    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(path)},
        },
    }


@pytest.fixture(scope="module")
def _kantor_a(django_db_setup, django_db_blocker, tmp_path_factory) -> Data:
    """Office A of the access sweep (one of everything a page shows), built once
    for this module; each test runs in its own transaction inside this one."""
    with (
        override_settings(STORAGES=_media(tmp_path_factory.mktemp("media"))),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield bangun_data()
        transaction.set_rollback(True)


@pytest.fixture
def data(_kantor_a, db) -> Data:
    return _kantor_a


def _baru(sebelum: int) -> list[AksesData]:
    return list(AksesData.objects.filter(pk__gt=sebelum).order_by("pk"))


def _id_terakhir() -> int:
    return AksesData.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _buka(client, url: str, *, post: dict | None = None, **extra):
    extra = {"REMOTE_ADDR": ALAMAT, "HTTP_USER_AGENT": PERAMBAN, **extra}
    resp = client.post(url, post, **extra) if post is not None else client.get(url, **extra)
    if getattr(resp, "streaming", False):
        b"".join(resp.streaming_content)
    return resp


# -- every client view and download writes one row -----------------------------------------------
@dataclass(frozen=True)
class Halaman:
    """A page with client data, who opens it, and the row it must write."""

    nama: str
    persona: str
    kwargs: Callable[[Data], dict]
    apa: str
    objek: str
    objek_id: Callable[[Data], int | None]
    kasus: bool = True  # the row names case A1 and its client
    post: Callable[[Data], dict] | None = None

    def __str__(self) -> str:
        return self.nama


def _berkas(d: Data):
    return d.a1.berkas.exclude(berkas="").order_by("pk").first()


HALAMAN = [
    Halaman(
        "rujukan:detail", "rina", lambda d: {"pk": d.a1.pk}, "rujukan.detail",
        "rujukan.rujukan", lambda d: d.a1.pk,
    ),
    Halaman(
        "rujukan:unduh_dokumen", "rina",
        lambda d: {"pk": d.a1.pk, "dokumen": d.pengajuan_b.dokumen_id},
        "rujukan.unduh_dokumen", "rujukan.dokumen", lambda d: d.pengajuan_b.dokumen_id,
    ),
    Halaman(
        "rujukan:unduh_berkas", "rina", lambda d: {"pk": d.a1.pk, "item": _berkas(d).pk},
        "rujukan.unduh_berkas", "rujukan.berkasitem", lambda d: _berkas(d).pk,
    ),
    Halaman(
        "rujukan:unduh_surat_panti", "rina",
        lambda d: {"pk": d.a1.pk, "pengajuan": d.pengajuan_a.pk},
        "rujukan.unduh_surat_panti", "rujukan.pengajuanpanti", lambda d: d.pengajuan_a.pk,
    ),
    Halaman(
        "lapangan:kasus", "bima", lambda d: {"pk": d.a1.pk}, "lapangan.kasus",
        "rujukan.rujukan", lambda d: d.a1.pk,
    ),
    Halaman(
        "lapangan:dokumentasi", "bima", lambda d: {"pk": d.a1.pk, "dok": d.dokumentasi.pk},
        "lapangan.dokumentasi", "lapangan.dokumentasi", lambda d: d.dokumentasi.pk,
    ),
    Halaman(
        "rujukan:panti_detail", "maria", lambda d: {"pk": d.pengajuan_b.pk},
        "rujukan.panti_detail", "rujukan.pengajuanpanti", lambda d: d.pengajuan_b.pk,
    ),
    Halaman(
        "rujukan:panti_lampiran", "maria",
        lambda d: {"pk": d.pengajuan_b.pk, "item": d.pengajuan_b.lampiran.order_by("pk")[0].pk},
        "rujukan.panti_lampiran", "rujukan.berkasitem",
        lambda d: d.pengajuan_b.lampiran.order_by("pk")[0].pk,
    ),
    Halaman(
        "rujukan:arsip_ekspor", "hasan", lambda d: {"format": "csv"}, "rujukan.arsip_ekspor",
        "", lambda d: None, kasus=False,
    ),
    Halaman(
        "rujukan:arsip_ekspor", "yusuf", lambda d: {"format": "xlsx"}, "rujukan.arsip_ekspor",
        "", lambda d: None, kasus=False,
    ),
    Halaman(
        "rujukan:rekap_unduh", "yusuf", lambda d: {"format": "pdf"}, "rujukan.rekap_unduh",
        "", lambda d: None, kasus=False,
    ),
    Halaman(
        "pengaduan:detail", "hasan", lambda d: {"pk": d.pengaduan.pk}, "pengaduan.staf_detail",
        "pengaduan.pengaduan", lambda d: d.pengaduan.pk, kasus=False,
    ),
    Halaman(
        "pengaduan:lampiran", "hasan", lambda d: {"pk": d.lampiran.pk}, "pengaduan.lampiran",
        "pengaduan.lampiran", lambda d: d.lampiran.pk, kasus=False,
    ),
    Halaman(
        "lapangan:cari_dtks", "rina", lambda d: {}, "lapangan.cari_dtks", "rujukan.datadtks",
        lambda d: None, kasus=False, post=lambda d: {"nik": d.nik},
    ),
]  # fmt: skip


@pytest.mark.parametrize("h", HALAMAN, ids=str)
def test_each_client_view_and_download_is_logged_with_user_object_and_address(client, data, h):
    user = data.orang[h.persona]
    client.force_login(user)
    sebelum = _id_terakhir()
    url = reverse(h.nama, kwargs=h.kwargs(data))
    resp = _buka(client, url, post=h.post(data) if h.post else None)
    assert resp.status_code == 200, (url, resp.status_code)
    [row] = _baru(sebelum)
    assert row.user == user
    assert row.instansi_id == user.pegawai.instansi_id
    assert row.apa == h.apa
    assert (row.objek, row.objek_id) == (h.objek, h.objek_id(data))
    if h.kasus:
        assert (row.rujukan_id, row.klien_id) == (data.a1.pk, data.a1.klien_id)
    else:
        assert (row.rujukan_id, row.klien_id) == (None, None)
    assert row.alamat_ip == ALAMAT
    assert row.user_agent == PERAMBAN
    # nothing of the client in the row itself: ids and codes only
    teks = " ".join(str(getattr(row, f.attname)) for f in AksesData._meta.concrete_fields)
    assert KLIEN_NAMA not in teks and data.nik not in teks


def test_a_dtks_search_form_not_yet_sent_and_a_list_are_not_logged(client, data):
    client.force_login(data.orang["rina"])
    sebelum = _id_terakhir()
    assert _buka(client, reverse("lapangan:cari_dtks")).status_code == 200
    assert _buka(client, reverse("rujukan:daftar")).status_code == 200
    assert _baru(sebelum) == []


def test_a_returning_client_opened_at_intake_is_logged_by_client_id(client, data):
    client.force_login(data.orang["rina"])
    sebelum = _id_terakhir()
    url = reverse("rujukan:registrasi", args=[data.layanan.pk]) + f"?klien={data.a1.klien_id}"
    assert _buka(client, url).status_code == 200
    [row] = _baru(sebelum)
    assert (row.apa, row.objek, row.objek_id) == (
        "rujukan.registrasi",
        "rujukan.klien",
        data.a1.klien_id,
    )
    assert row.klien_id == data.a1.klien_id


def test_the_address_comes_from_the_proxy_header_only_when_configured(client, data, settings):
    client.force_login(data.orang["rina"])
    url = reverse("rujukan:detail", args=[data.a1.pk])
    sebelum = _id_terakhir()
    _buka(client, url, HTTP_X_FORWARDED_FOR="203.0.113.9")
    [row] = _baru(sebelum)
    assert row.alamat_ip == ALAMAT  # a header anybody can send is not believed by default
    settings.PENGADUAN_HEADER_ALAMAT_KLIEN = "HTTP_X_FORWARDED_FOR"
    sebelum = row.pk
    _buka(client, url, HTTP_X_FORWARDED_FOR="203.0.113.9")
    [row] = _baru(sebelum)
    assert row.alamat_ip == "203.0.113.9"
    # a client that sends its own X-Forwarded-For gets our proxy's entry appended:
    # the last one is believed, not the one the client chose
    sebelum = row.pk
    _buka(client, url, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    [row] = _baru(sebelum)
    assert row.alamat_ip == "198.51.100.7"


def test_a_long_user_agent_is_cut(client, data):
    client.force_login(data.orang["rina"])
    sebelum = _id_terakhir()
    _buka(client, reverse("rujukan:detail", args=[data.a1.pk]), HTTP_USER_AGENT="x" * 5000)
    [row] = _baru(sebelum)
    assert len(row.user_agent) == PANJANG_USER_AGENT


# -- refusals and public pages write nothing ----------------------------------------------------
def test_refused_missing_and_public_pages_write_nothing(client, data):
    sebelum = _id_terakhir()
    a1 = data.a1
    dok = data.pengajuan_b.dokumen_id
    # another office's Kabid: 404 on the case, its letter and its field page
    client.force_login(data.orang["joko"])
    for url in (
        reverse("rujukan:detail", args=[a1.pk]),
        reverse("rujukan:unduh_dokumen", args=[a1.pk, dok]),
        reverse("lapangan:kasus", args=[a1.pk]),
        reverse("pengaduan:detail", args=[data.pengaduan.pk]),
    ):
        assert _buka(client, url).status_code == 404, url
    # an insider: a document that does not exist (404), an export the role may not make (403)
    client.force_login(data.orang["rina"])
    assert _buka(client, reverse("rujukan:unduh_dokumen", args=[a1.pk, 999999])).status_code == 404
    assert _buka(client, reverse("rujukan:arsip_ekspor", args=["csv"])).status_code == 403
    # the panti user: a proposal sent to another panti
    client.force_login(data.orang["maria"])
    assert (
        _buka(client, reverse("rujukan:panti_detail", args=[data.pengajuan_a.pk])).status_code
        == 404
    )
    # nobody logged in: the login page, and the public pages
    client.logout()
    assert _buka(client, reverse("rujukan:detail", args=[a1.pk])).status_code == 302
    for url in (
        reverse("layanan:katalog"),
        reverse("rujukan:lacak"),
        reverse("pengaduan:lacak"),
        reverse("pengaduan:baru"),
    ):
        assert _buka(client, url).status_code == 200, url
    assert _baru(sebelum) == []


# -- supervisors see who has looked -------------------------------------------------------------
def test_the_kadis_sees_who_looked_at_the_client_and_the_loket_does_not(client, data):
    url = reverse("rujukan:detail", args=[data.a1.pk])
    client.force_login(data.orang["rina"])
    halaman = _buka(client, url).content.decode()
    assert "Riwayat akses data klien" not in halaman
    _buka(client, reverse("rujukan:unduh_berkas", args=[data.a1.pk, _berkas(data).pk]))
    client.force_login(data.orang["maria"])
    _buka(client, reverse("rujukan:panti_detail", args=[data.pengajuan_b.pk]))
    jumlah = AksesData.objects.filter(klien_id=data.a1.klien_id).count()
    assert jumlah >= 3

    client.force_login(data.orang["yusuf"])
    halaman = _buka(client, url).content.decode()
    assert "Riwayat akses data klien" in halaman
    assert f"telah dibuka {jumlah} kali" in halaman
    rina, maria = data.orang["rina"].pegawai.nama, data.orang["maria"].pegawai.nama
    assert rina in halaman and maria in halaman
    assert "Petugas Loket" in halaman and "mengunduh berkas persyaratan" in halaman
    assert "membuka pengajuan (panti)" in halaman
    # the Koordinator too; the Kadis's own visit is on the list from the next load
    client.force_login(data.orang["dewi"])
    assert data.orang["yusuf"].pegawai.nama in _buka(client, url).content.decode()
    # the peksos, like the loket, does not see it
    client.force_login(data.orang["bima"])
    assert "Riwayat akses data klien" not in _buka(client, url).content.decode()


def test_the_list_shows_the_last_twenty_of_all_views(client, data):
    client.force_login(data.orang["rina"])
    url = reverse("rujukan:detail", args=[data.a1.pk])
    for _ in range(22):
        _buka(client, url)
    jumlah = AksesData.objects.filter(klien_id=data.a1.klien_id).count()
    client.force_login(data.orang["hasan"])
    halaman = _buka(client, url).content.decode()
    assert f"telah dibuka {jumlah} kali" in halaman
    assert "Ditampilkan 20 yang terakhir" in halaman
    bagian = halaman.split('id="akses-data"')[1].split("</section>")[0]
    assert bagian.count("<tr><td>") == 20


# -- nobody changes the log ---------------------------------------------------------------------
def _satu_baris(client, data) -> AksesData:
    client.force_login(data.orang["rina"])
    sebelum = _id_terakhir()
    _buka(client, reverse("rujukan:detail", args=[data.a1.pk]))
    [row] = _baru(sebelum)
    return row


def test_the_model_refuses_to_change_or_delete_a_row(client, data):
    row = _satu_baris(client, data)
    row.apa = "rujukan.lain"
    with pytest.raises(LogTidakDapatDiubah):
        row.save()
    with pytest.raises(LogTidakDapatDiubah):
        row.delete()
    with pytest.raises(LogTidakDapatDiubah):
        AksesData.objects.filter(pk=row.pk).update(apa="rujukan.lain")
    with pytest.raises(LogTidakDapatDiubah):
        AksesData.objects.filter(pk=row.pk).delete()
    row.refresh_from_db()
    assert row.apa == "rujukan.detail"


def test_the_admin_offers_no_page_to_change_the_log(client, data):
    row = _satu_baris(client, data)
    assert not admin.site.is_registered(AksesData)
    root = User.objects.create_superuser("akar-log", "akar@example.com", "kata-sandi-uji-panjang")
    client.force_login(root)
    for url in (
        "/admin/layanan/aksesdata/",
        f"/admin/layanan/aksesdata/{row.pk}/change/",
        f"/admin/layanan/aksesdata/{row.pk}/delete/",
    ):
        assert client.get(url).status_code == 404, url
    # no permission to add, change or delete a row exists to be granted: only reading
    assert AksesData._meta.default_permissions == ()
    assert [k for k, _label in AksesData._meta.permissions] == ["lihat_akses_data"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE layanan_aksesdata SET apa = 'dipalsukan' WHERE id = %s",
        "UPDATE layanan_aksesdata SET user_id = user_id WHERE id = %s",
        "DELETE FROM layanan_aksesdata WHERE id = %s",
    ],
)
def test_the_database_refuses_update_and_delete_of_a_row(client, data, sql):
    row = _satu_baris(client, data)
    with (
        pytest.raises(IntegrityError, match="tidak dapat diubah"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(sql, [row.pk])
    row.refresh_from_db()
    assert row.apa == "rujukan.detail"
    # an INSERT is still allowed: the log grows
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "INSERT INTO layanan_aksesdata (user_id, waktu, apa, objek, user_agent) "
            "VALUES (%s, now(), 'uji', '', '')",
            [row.user_id],
        )


# -- one INSERT per logged request --------------------------------------------------------------
@pytest.mark.parametrize("halaman", ["rujukan:detail", "rujukan:unduh_berkas"])
def test_the_middleware_adds_exactly_one_insert(data, settings, halaman):
    args = [data.a1.pk] + ([_berkas(data).pk] if halaman == "rujukan:unduh_berkas" else [])
    url = reverse(halaman, args=args)

    def hitung() -> list[str]:
        client = Client()  # a new handler: it loads settings.MIDDLEWARE as it is now
        client.force_login(data.orang["rina"])
        _buka(client, url)  # warm the session and the user's caches
        with CaptureQueriesContext(connection) as ctx:
            assert _buka(client, url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]  # read now: a request clears the log

    dengan = hitung()
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "layanan.akses_log.AksesLogMiddleware"
    ]
    tanpa = hitung()
    insert = [sql for sql in dengan if "layanan_aksesdata" in sql]
    assert len(insert) == 1 and insert[0].startswith('INSERT INTO "layanan_aksesdata"')
    assert not any("layanan_aksesdata" in sql for sql in tanpa)
    assert len(dengan) == len(tanpa) + 1


# -- the registry covers every staff URL ---------------------------------------------------------
NAMESPACE_STAF = {"rujukan", "lapangan", "pengaduan", "staf", "kinerja", "survei"}
# Staff-namespace URLs that show no single client's record, document or letter, with the reason.
TANPA_DATA_KLIEN = {
    "staf:beranda": "the home page: counts and the user's own work list",
    "rujukan:baru": "choosing a service before intake",
    "rujukan:online_baru": "a kelurahan operator choosing a service before an online request",
    "rujukan:online_formulir": "the online request form: only what the operator types himself",
    "rujukan:online_formulir_sub": "the online request form of a sub-service (the same)",
    "rujukan:panti_daftar": "the panti's list of proposals (each opens panti_detail)",
    "rujukan:persetujuan": "the approver's inbox list (each item opens persetujuan_periksa)",
    "rujukan:persetujuan_bersama": "POST only, answers with a redirect",
    "rujukan:rekap": "the recap of the office's services: counts only (its downloads are logged)",
    "rujukan:selesaikan_langkah": "POST only, answers with a redirect",
    "rujukan:kembalikan_langkah": "POST only, answers with a redirect",
    "lapangan:saya": "the peksos's own work list",
    "lapangan:sw": "the field pages' service worker: code, no client data",
    "lapangan:penugasan": "the list of cases to assign",
    "lapangan:lapor_pendampingan": "POST only, answers with a redirect",
    "pengaduan:catat": "a form to log a new complaint",
    "pengaduan:templat_daftar": "reply templates: no personal data",
    "pengaduan:templat_baru": "reply templates: no personal data",
    "pengaduan:templat_ubah": "reply templates: no personal data",
    "kinerja:dasbor": "the office's figures; overdue cases by number and owner, no client data",
    "survei:loket": "opens an anonymous survey for a walk-in citizen: no client data",
    "survei:loket_undangan": "the survey's QR code and link: no client data",
    "survei:laporan": "the survey index: aggregates without personal data",
    "survei:laporan_xlsx": "the survey index: aggregates without personal data",
}
# Public pages (no login: nobody to log; checked for personal data by tests/akses/test_publik.py).
PUBLIK = {
    "rujukan:lacak",
    "pengaduan:baru",
    "pengaduan:tanda_terima",
    "pengaduan:lacak",
    "pengaduan:lacak_keluar",
    "pengaduan:lacak_detail",
    "pengaduan:lacak_balas",
    "pengaduan:lacak_buka_kembali",
    "pengaduan:lacak_selesai",
    "pengaduan:lacak_nilai",
    "survei:isi",
}
# Admin pages of the client-data apps whose models hold no client data.
ADMIN_TANPA_DATA_KLIEN = {
    "rujukan.persetujuan": "an approval: who approved which draft, when",
    "rujukan.penomoran": "the letter number counters",
    "rujukan.templatsurat": "the office's letter templates",
    "pengaduan.pengaturanpengaduan": "the office's complaint settings",
    "pengaduan.templatbalasan": "reply templates",
}


def _url_portal() -> dict[str, str]:
    """name -> route of every named URL of the portal."""
    out: dict[str, str] = {}

    def walk(patterns, ns: list[str], prefix: str):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(
                    p.url_patterns,
                    ns + [p.namespace] if p.namespace else ns,
                    prefix + str(p.pattern),
                )
            elif isinstance(p, URLPattern) and p.name and ns:
                out[":".join([*ns, p.name])] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, [], "/")
    return out


def test_every_staff_url_is_in_the_registry_or_named_as_without_client_data():
    semua = _url_portal()
    staf = {n for n in semua if n.split(":")[0] in NAMESPACE_STAF} - PUBLIK
    terdaftar = set(registri())
    lupa = [f"{n} {semua[n]}" for n in sorted(staf - terdaftar - TANPA_DATA_KLIEN.keys())]
    assert not lupa, f"staff URLs neither logged nor listed as without client data: {lupa}"
    assert not (terdaftar & TANPA_DATA_KLIEN.keys())
    # no stale entry: every name is a URL of the portal
    assert not sorted(terdaftar - semua.keys())
    assert not sorted(TANPA_DATA_KLIEN.keys() - semua.keys())


def test_every_admin_change_page_of_client_data_is_in_the_registry():
    terdaftar = set(registri())
    lupa = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        if model._meta.app_label not in {"rujukan", "lapangan", "pengaduan"}:
            continue
        nama = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
        if nama not in terdaftar and label not in ADMIN_TANPA_DATA_KLIEN:
            lupa.append(label)
    assert not lupa, f"admin pages of client data not logged: {lupa}"


def test_every_code_of_the_log_reads_as_a_sentence():
    label = label_apa()
    assert label and all(str(v) and " " in str(v) for v in label.values())
    assert all(p.apa.count(".") == 1 and len(p.apa) <= 60 for p in registri().values())
