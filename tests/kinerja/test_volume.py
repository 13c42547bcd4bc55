"""`isi_data_volume` on a small scale: every copied case and complaint is as
consistent as the recorded ones the services made, and the pages read them."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from layanan.calendar import Kalender
from layanan.models import Instansi
from pengaduan.models import Pengaduan
from rujukan.models import STATUS_AKHIR, Klien, LangkahKasus, Rujukan, Status, StatusLangkah
from survei.models import ResponSurvei, UndanganSurvei

pytestmark = pytest.mark.django_db

KASUS, PENGADUAN = 300, 60


@pytest.fixture
def volume(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command(
        "isi_data_volume",
        kasus=KASUS,
        pengaduan=PENGADUAN,
        instansi=1,
        seed=3,
        stdout=out,
    )
    return out.getvalue()


def test_a_small_volume_is_consistent_and_every_page_reads_it(client, volume):
    assert "Selesai dalam" in volume
    instansi = Instansi.objects.order_by("slug").first()  # --instansi 1: the first office
    kabid = User.objects.get(username=f"kabid.{instansi.slug}")
    kal = Kalender(instansi)
    semua = list(Rujukan.objects.select_related("klien"))
    assert len(semua) == KASUS
    assert Pengaduan.objects.count() == PENGADUAN
    per_status = Counter(r.status for r in semua)
    # most finished, some open, some refused / withdrawn
    assert per_status[Status.SELESAI] > KASUS * 0.4
    assert any(s in per_status for s in (Status.TIDAK_MEMENUHI_SYARAT, Status.DITARIK))
    assert len([s for s in per_status if s not in STATUS_AKHIR]) >= 3

    # klien: distinct people, their NIK encrypted and findable by its sidik
    nik = [k.nik for k in Klien.objects.exclude(nik="")]
    assert len(nik) == len(set(nik)) > KASUS * 0.9
    contoh = Klien.objects.exclude(nik="").last()
    assert Klien.objects.dengan_nik(contoh.nik).get() == contoh
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT nik FROM rujukan_klien WHERE id = %s", [contoh.pk])
        assert contoh.nik not in c.fetchone()[0]
    # registration numbers unique per office and year
    nomor = [(r.tahun, r.nomor_urut) for r in semua]
    assert len(nomor) == len(set(nomor))

    # every finished case: every step done or skipped, at working moments, in order
    now = timezone.now()
    langkah = LangkahKasus.objects.filter(rujukan__status=Status.SELESAI).select_related("rujukan")
    per_kasus: dict[int, list[LangkahKasus]] = {}
    for row in langkah:
        per_kasus.setdefault(row.rujukan_id, []).append(row)
    assert len(per_kasus) == per_status[Status.SELESAI]
    for rows in per_kasus.values():
        r = rows[0].rujukan
        assert kal.is_working_day(r.dibuat_pada.astimezone(kal.tz).date())
        for row in rows:
            assert row.status in (StatusLangkah.SELESAI, StatusLangkah.DILEWATI), row
            assert row.selesai_pada is not None
            assert r.dibuat_pada <= row.selesai_pada <= r.selesai_pada <= now
            if row.mulai_pada:
                assert row.mulai_pada <= row.selesai_pada
            lokal = row.selesai_pada.astimezone(kal.tz)  # weekday, office hours
            assert lokal.weekday() in kal.week and kal.opens <= lokal.time() <= kal.closes, row

    # the fsm history of every case runs from "diajukan" to its state, one row per transition
    ct = ContentType.objects.get_for_model(Rujukan)
    log: dict[str, list[StateLog]] = {}
    for row in StateLog.objects.filter(content_type=ct).order_by("timestamp", "pk"):
        log.setdefault(row.object_id, []).append(row)
    for r in semua:
        rows = log.get(r.pk, [])
        if r.status == Status.DIAJUKAN:
            assert rows == []
            continue
        assert rows[0].source_state == Status.DIAJUKAN
        for a, b in zip(rows, rows[1:], strict=False):
            assert b.source_state == a.state
        assert rows[-1].state == r.status

    # complaints: their history matches their state; counts per state in the list
    ct_p = ContentType.objects.get_for_model(Pengaduan)
    adu_log: dict[str, list[StateLog]] = {}
    for row in StateLog.objects.filter(content_type=ct_p).order_by("timestamp", "pk"):
        adu_log.setdefault(row.object_id, []).append(row)
    for p in Pengaduan.objects.all():
        rows = adu_log.get(p.pk, [])
        if rows:
            assert rows[-1].state == p.status
        else:
            assert p.status == Pengaduan.Status.DITERIMA
        assert p.batas_waktu > p.diterima_pada
    per_adu = dict(Pengaduan.objects.values_list("status").annotate(n=Count("pk")))
    assert sum(per_adu.values()) == PENGADUAN
    assert per_adu.get(Pengaduan.Status.SELESAI, 0) > 0
    assert UndanganSurvei.objects.count() == KASUS + PENGADUAN
    respons = ResponSurvei.objects.all()
    assert respons.exists()
    assert all(u.used_at for u in UndanganSurvei.objects.filter(respons__isnull=False))

    # the pages, as the office's Kabid
    client.force_login(kabid)
    for status in per_status:
        r = next(r for r in semua if r.status == status)
        assert client.get(reverse("rujukan:detail", args=[r.pk])).status_code == 200, status
    html = client.get(reverse("rujukan:daftar"), {"tampilan": "semua"}).content.decode()
    assert semua[0].nomor_registrasi in html or "RJK-" in html
    res = client.get(reverse("pengaduan:daftar"))
    assert res.status_code == 200 and "ADU-" in res.content.decode()
    for status in per_adu:
        res = client.get(reverse("pengaduan:daftar"), {"status": status})
        assert res.status_code == 200
    res = client.get(reverse("kinerja:dasbor"), {"periode": "12bulan"})
    assert res.status_code == 200
    angka = [int(x) for x in re.findall(r">\s*(\d+)\s*<", res.content.decode())]
    assert any(a > 0 for a in angka)
    res = client.get(reverse("rujukan:rekap"))
    assert res.status_code == 200
    client.logout()
    res = client.get(reverse("transparansi:instansi", args=[instansi.slug]))
    assert res.status_code == 200
    assert re.search(r"\d+,\d|\d+ %|\d+%", res.content.decode())


def test_it_refuses_a_database_that_has_volume_data_and_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--paksa"):
        call_command("isi_data_volume", kasus=1, pengaduan=0, instansi=1, stdout=io.StringIO())
    settings.DEBUG = True
    User.objects.create(username="vol.peksos2.contoh")  # staff only this command makes
    with pytest.raises(CommandError, match="--tambah"):
        call_command("isi_data_volume", kasus=1, pengaduan=0, instansi=1, stdout=io.StringIO())
