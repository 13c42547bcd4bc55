"""Staff pages: list with filters and fixed query counts, detail with actions, intake,
downloads and reply templates — each checking permission and instansi."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from pengaduan import services
from pengaduan.models import Pengaduan, TemplatBalasan
from tests.berkas_palsu import jpeg
from tests.pengaduan.factories import ajukan, catat

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
DAFTAR = "/pengaduan/staf/"


def cari(c: Client, term: str, url: str = DAFTAR):
    """The search box posts; the list answers at ?cari=<opaque id>: the term
    (perhaps a reporter's name or phone) never travels in a URL."""
    r = c.post(url, {"q": term})
    assert r.status_code == 303 and "cari=" in r["Location"] and term not in r["Location"]
    return c.get(r["Location"])


def masuk(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_list_needs_login_and_a_complaint_role(personas):
    r = Client().get(DAFTAR)
    assert r.status_code == 302 and r["Location"].startswith("/masuk/")
    for user in (personas.panti, personas.admin_instansi):
        r = masuk(user).get(DAFTAR)
        assert r.status_code == 403
        assert "tidak berwenang" in r.content.decode()


def test_list_shows_only_the_own_office(personas):
    mine, _ = ajukan(personas.instansi)
    theirs, _ = ajukan(personas.instansi_lain)
    html = masuk(personas.petugas_loket).get(DAFTAR).content.decode()
    assert mine.nomor in html and theirs.nomor not in html
    assert masuk(personas.petugas_loket).get(f"{DAFTAR}{theirs.pk}/").status_code == 404


def test_social_worker_sees_only_what_was_disposed_to_him(personas):
    a, _ = ajukan(personas.instansi)
    b, _ = ajukan(personas.instansi)
    services.pengaduan_route(
        pengaduan=a, by=personas.kabid, jenis_koordinasi="internal", petugas=personas.peksos
    )
    html = masuk(personas.peksos).get(DAFTAR).content.decode()
    assert a.nomor in html and b.nomor not in html
    assert masuk(personas.peksos).get(f"{DAFTAR}{b.pk}/").status_code == 404


def test_filters_state_channel_overdue_and_search(personas):
    now = dt.datetime.now(dt.UTC)
    loket = personas.petugas_loket
    late, _ = catat(loket, saluran="telepon", diterima_pada=now - dt.timedelta(days=14))
    fresh, _ = ajukan(personas.instansi)
    done, _ = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=done, by=loket, isi="Sudah.")
    services.pengaduan_close(pengaduan=done, by=loket)
    c = masuk(loket)

    def nomor(params):
        html = c.get(DAFTAR, params).content.decode()
        return {p.nomor for p in (late, fresh, done) if p.nomor in html}

    def dicari(term):
        html = cari(c, term).content.decode()
        return {p.nomor for p in (late, fresh, done) if p.nomor in html}

    assert nomor({}) == {late.nomor, fresh.nomor}  # finished ones hidden by default
    assert nomor({"selesai": "on"}) == {late.nomor, fresh.nomor, done.nomor}
    assert nomor({"status": "selesai"}) == {done.nomor}
    assert nomor({"saluran": "telepon"}) == {late.nomor}
    assert nomor({"lewat_waktu": "on"}) == {late.nomor}
    assert dicari(fresh.nomor[-6:].lower()) == {fresh.nomor}
    assert dicari(done.nomor) == {done.nomor}  # a search also finds finished ones
    assert c.get(DAFTAR, {"status": "ngawur"}).status_code == 200  # bad filter: no 500
    html = c.get(DAFTAR).content.decode()
    assert "1 lewat batas waktu" in html


def test_detail_offers_only_the_actions_the_user_may_take(personas):
    p, _ = ajukan(personas.instansi)
    html = masuk(personas.petugas_loket).get(f"{DAFTAR}{p.pk}/").content.decode()
    assert "Mulai cek administrasi" in html and "Jawab pelapor" in html
    assert "Teruskan ke instansi lain" not in html  # a coordinator's decision
    html = masuk(personas.koordinator).get(f"{DAFTAR}{p.pk}/").content.decode()
    assert "Teruskan ke instansi lain" in html and "Koordinasi / disposisi" in html


def test_action_get_shows_a_form_and_post_acts_then_redirects(personas):
    p, _ = ajukan(personas.instansi)
    c = masuk(personas.petugas_loket)
    r = c.get(f"{DAFTAR}{p.pk}/cek/")
    assert r.status_code == 200 and "Mulai cek administrasi" in r.content.decode()
    p.refresh_from_db()
    assert p.status == Pengaduan.Status.DITERIMA  # a GET never writes
    r = c.post(f"{DAFTAR}{p.pk}/cek/", {"catatan": ""})
    assert r.status_code == 302 and r["Location"] == f"{DAFTAR}{p.pk}/"
    p.refresh_from_db()
    assert p.status == Pengaduan.Status.CEK_ADMINISTRASI
    r = c.post(f"{DAFTAR}{p.pk}/jawab/", {"isi": ""})
    assert r.status_code == 400 and "Bidang ini tidak boleh kosong" in r.content.decode()
    r = c.post(f"{DAFTAR}{p.pk}/jawab/", {"isi": "Bantuan sudah cair."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Pengaduan.Status.DIJAWAB


def test_action_in_the_wrong_state_is_a_409_and_without_right_a_403(personas):
    p, _ = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah.")
    r = masuk(personas.petugas_loket).post(f"{DAFTAR}{p.pk}/cek/", {})
    assert r.status_code == 409 and "tidak dapat Anda lakukan" in r.content.decode()
    q, _ = ajukan(personas.instansi)
    r = masuk(personas.petugas_loket).post(
        f"{DAFTAR}{q.pk}/teruskan/", {"instansi_tujuan": "BPJS", "pesan": "x"}
    )
    assert r.status_code == 403
    assert masuk(personas.petugas_loket).get(f"{DAFTAR}{q.pk}/ngawur/").status_code == 404
    q.refresh_from_db()
    assert q.status == Pengaduan.Status.DITERIMA


def test_disposition_page_offers_only_officers_of_this_office(personas):
    p, _ = ajukan(personas.instansi)
    c = masuk(personas.kabid)
    html = c.get(f"{DAFTAR}{p.pk}/disposisi/").content.decode()
    assert "Bima" in html and "Joko" not in html
    r = c.post(
        f"{DAFTAR}{p.pk}/disposisi/",
        {"jenis_koordinasi": "internal", "petugas": personas.staf_lain.pk},
    )
    assert r.status_code == 400
    r = c.post(
        f"{DAFTAR}{p.pk}/disposisi/",
        {"jenis_koordinasi": "internal", "bidang": "Rehsos", "petugas": personas.peksos.pk},
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.petugas == personas.peksos and p.bidang == "Rehsos"


def test_intake_uses_the_office_time_and_shows_the_code_once(personas):
    # The whole exchange (login, post, both reads) happens on one frozen day:
    # the session's expiry is computed from the clock the test sets.
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=WIB), tick=False):
        c = masuk(personas.petugas_loket)
        assert c.get("/pengaduan/staf/catat/").status_code == 200
        r = c.post(
            "/pengaduan/staf/catat/",
            {
                "saluran": "sp4n_lapor",
                "nomor_referensi": "LAP-123",
                "diterima_pada": "2026-11-23T15:30",
                "jenis": "pengaduan",
                "judul": "Aduan dari LAPOR",
                "uraian": "Lansia terlantar di pasar.",
                "nama": "",
            },
        )
        assert r.status_code == 302
        p = Pengaduan.objects.get()
        assert p.diterima_pada == dt.datetime(2026, 11, 23, 15, 30, tzinfo=WIB)
        assert p.dicatat_oleh == personas.petugas_loket and p.saluran == "sp4n_lapor"
        first = c.get(r["Location"]).content.decode()
        assert "Kode pelacakan untuk pelapor" in first
        assert "Kode pelacakan untuk pelapor" not in c.get(r["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"saluran": "sp4n_lapor", "nomor_referensi": ""}, "ID pelacakan SP4N-LAPOR! wajib diisi"),
        ({"diterima_pada": "2099-01-01T10:00"}, "tidak boleh di masa depan"),
        ({"diterima_pada": "kemarin"}, "Masukkan tanggal/waktu yang valid"),
        ({"saluran": "website"}, "Masukkan pilihan yang valid"),
        ({"telepon": "12"}, "Nomor telepon tidak valid"),
    ],
)
def test_intake_bad_input(personas, changes, message):
    data = {
        "saluran": "whatsapp",
        "diterima_pada": "2026-01-05T10:00",
        "jenis": "saran",
        "judul": "Saran",
        "uraian": "Antrean loket terlalu panjang.",
    }
    data.update(changes)
    r = masuk(personas.petugas_loket).post("/pengaduan/staf/catat/", data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert Pengaduan.objects.count() == 0


def test_intake_is_refused_to_social_workers(personas):
    assert masuk(personas.peksos).get("/pengaduan/staf/catat/").status_code == 403


def test_attachment_download_checks_the_office(personas):
    p, _ = ajukan(personas.instansi, berkas=[jpeg("foto_jalan.jpg")])
    lampiran = p.lampiran.get()
    url = f"/pengaduan/staf/lampiran/{lampiran.pk}/"
    r = masuk(personas.petugas_loket).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert b"".join(r.streaming_content)[:3] == b"\xff\xd8\xff"
    assert r["Cache-Control"] == "private, no-store"
    assert masuk(personas.staf_lain).get(url).status_code == 404
    assert masuk(personas.peksos).get(url).status_code == 404  # not disposed to him
    assert Client().get(url).status_code == 302  # login first


def test_reply_templates_are_managed_by_the_office_admin(personas):
    admin = masuk(personas.admin_instansi)
    assert admin.get("/pengaduan/staf/templat/").status_code == 200
    r = admin.post(
        "/pengaduan/staf/templat/baru/",
        {
            "judul": "Jawaban bansos",
            "status": "",
            "isi": "Pengaduan {nomor} sudah kami teruskan ke Bidang Linjamsos.",
            "aktif": "on",
            "urutan": 1,
        },
    )
    assert r.status_code == 302
    t = TemplatBalasan.objects.get()
    assert t.instansi == personas.instansi
    assert masuk(personas.petugas_loket).get("/pengaduan/staf/templat/").status_code == 403
    # The template is offered on the answer page and fills the text without JavaScript.
    p, _ = ajukan(personas.instansi)
    c = masuk(personas.petugas_loket)
    html = c.get(f"{DAFTAR}{p.pk}/jawab/").content.decode()
    assert "Jawaban bansos" in html
    html = c.get(f"{DAFTAR}{p.pk}/jawab/", {"templat": t.pk}).content.decode()
    assert f"Pengaduan {p.nomor} sudah kami teruskan ke Bidang Linjamsos." in html
    # Another office's admin cannot touch it.
    lain = masuk(personas.staf_lain)
    assert lain.get(f"/pengaduan/staf/templat/{t.pk}/").status_code == 403


def test_disposition_mails_the_officer(personas, django_capture_on_commit_callbacks):
    personas.peksos.email = "bima@dinsos.example.go.id"
    personas.peksos.save()
    p, _ = ajukan(personas.instansi, email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.pengaduan_route(
            pengaduan=p, by=personas.kabid, jenis_koordinasi="internal", petugas=personas.peksos
        )
    assert [m.to for m in mail.outbox] == [["bima@dinsos.example.go.id"]]
    assert p.nomor in mail.outbox[0].subject


def test_django_admin_does_not_cross_offices_for_staff(personas):
    from django.contrib.auth.models import Permission

    loket = personas.petugas_loket
    loket.is_staff = True
    loket.save()
    loket.user_permissions.add(Permission.objects.get(codename="view_templatbalasan"))
    ajukan(personas.instansi_lain)
    TemplatBalasan.objects.create(
        instansi=personas.instansi_lain, judul="Milik kantor lain", isi="x"
    )
    c = masuk(loket)
    assert c.get("/admin/pengaduan/pengaduan/").status_code == 403
    assert "Milik kantor lain" not in c.get("/admin/pengaduan/templatbalasan/").content.decode()


def test_staff_find_a_complaint_by_words_name_or_phone_but_never_an_anonymous_reporter(
    personas,
):
    biasa, _ = ajukan(
        personas.instansi, nama="Rahmat Hidayat", telepon="081311112222", judul="Atap roboh"
    )
    anonim, _ = ajukan(
        personas.instansi,
        anonim=True,
        nama="Sri Wahyuni",
        telepon="081399998888",
        uraian="Petugas meminta uang untuk mempercepat bantuan.",
    )
    for p in (biasa, anonim):  # both disposed to the peksos's unit
        services.pengaduan_start_check(pengaduan=p, by=personas.petugas_loket)
        services.pengaduan_route(
            pengaduan=p, by=personas.kabid, jenis_koordinasi="internal", petugas=personas.peksos
        )

    def temu(user, term):
        html = cari(masuk(user), term).content.decode()
        return {p.nomor for p in (biasa, anonim) if p.nomor in html}

    loket = personas.petugas_loket  # may see who reported, anonymous or not
    assert temu(loket, "atap") == {biasa.nomor}  # the complaint's words
    assert temu(loket, "meminta uang") == {anonim.nomor}
    assert temu(loket, "rahmat") == {biasa.nomor}  # the reporter's name
    assert temu(loket, "+62 813-1111-2222") == {biasa.nomor}  # phone, however written
    assert temu(loket, "0813 9999 8888") == {anonim.nomor}
    assert temu(loket, "081300000000") == set()
    # the unit complained about sees the complaint but finds no anonymous reporter
    peksos = personas.peksos
    assert temu(peksos, "meminta uang") == {anonim.nomor}
    assert temu(peksos, "Sri Wahyuni") == set()
    assert temu(peksos, "081399998888") == set()
    assert temu(peksos, "rahmat") == {biasa.nomor}
    # the term is kept encrypted in the session, not in any URL on the page
    c = masuk(loket)
    html = cari(c, "081311112222").content.decode()
    assert "081311112222" not in html.split('name="q"')[0]
    assert "081311112222" not in str(dict(c.session))


def test_a_bad_search_is_refused_with_a_message(personas):
    c = masuk(personas.petugas_loket)
    r = c.post(DAFTAR, {"q": "x" * 101})
    assert r.status_code == 400
    assert "paling banyak 100" in r.content.decode() or "100 karakter" in r.content.decode()


def test_an_officer_cannot_record_a_website_complaint_in_a_citizens_name(personas):
    """The website channel is the citizen's own form: the service refuses with
    400 and its reason (it raised a TypeError, a 500, before), and saves nothing."""
    with pytest.raises(services.PengaduanError) as e:
        catat(personas.petugas_loket, saluran="website", diterima_pada=dt.datetime.now(WIB))
    assert e.value.status_code == 400 and "warga sendiri" in e.value.pesan
    assert not Pengaduan.objects.exists()
