"""Reminders: the handling officer near the deadline, then the Kabid once overdue; once each.

Reminders go through the notification outbox after commit (issue 12), so these
tests commit for real (transaction=True) and the test settings' immediate task
backend sends at once."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from notifikasi.models import Pesan
from notifikasi.tasks import sapu_pesan
from pengaduan import services
from pengaduan.models import Pengingat
from pengaduan.pengingat import pengingat_kirim
from tests.pengaduan.factories import ajukan

WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db(transaction=True)


def wib(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def sent():
    return sorted((m.to[0].split("@")[0], m.subject.split(":")[0]) for m in mail.outbox)


@pytest.fixture
def diperiksa(staf):
    """A complaint filed Monday 10:00 (due Thursday 10:00), taken by Rina on Monday."""
    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):
        p, _ = ajukan(staf.instansi, email="")
        services.pengaduan_start_check(pengaduan=p, by=staf.petugas_loket)
    mail.outbox.clear()
    return p


def test_nothing_is_sent_while_the_deadline_is_far(diperiksa):
    with time_machine.travel(wib(2026, 11, 24, 9, 0), tick=False):
        assert pengingat_kirim() == []
    assert mail.outbox == []


def test_handling_officer_is_reminded_once_near_the_deadline(diperiksa):
    with time_machine.travel(wib(2026, 11, 25, 11, 0), tick=False):  # < 1 working day left
        first = pengingat_kirim()
        again = pengingat_kirim()
    assert [(s.nomor, s.jenis, s.penerima) for s in first] == [
        (diperiksa.nomor, "mendekati", "rina")
    ]
    assert again == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rina@dinsos.example.go.id"]
    assert diperiksa.nomor in mail.outbox[0].subject
    assert "Siti" not in mail.outbox[0].body  # no reporter identity in staff mail


def test_overdue_goes_to_the_officer_and_escalates_to_the_kabid_of_that_office(diperiksa):
    with time_machine.travel(wib(2026, 11, 26, 10, 1), tick=False):
        out = StringIO()
        call_command("kirim_pengingat_pengaduan", stdout=out)
        call_command("kirim_pengingat_pengaduan", stdout=StringIO())
    assert sent() == [
        ("hasan", "Eskalasi"),
        ("rina", f"Pengaduan {diperiksa.nomor} melewati batas waktu respons"),
    ]
    assert "2 pengingat dikirim" in out.getvalue()
    assert Pengingat.objects.filter(pengaduan=diperiksa).count() == 2
    assert diperiksa.kejadian.filter(aksi="pengaduan.pengingat").count() == 2


def test_unassigned_complaint_reminds_the_front_desk(staf):
    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):
        ajukan(staf.instansi, email="")
    with time_machine.travel(wib(2026, 11, 25, 11, 0), tick=False):
        pengingat_kirim()
    assert sent() == [("rina", "Pengingat")]


def test_a_moved_deadline_earns_a_new_reminder(diperiksa, staf):
    loket = staf.petugas_loket
    with time_machine.travel(wib(2026, 11, 25, 11, 0), tick=False):
        pengingat_kirim()
        services.pengaduan_request_details(pengaduan=diperiksa, by=loket, pesan="Mohon KTP.")
    with time_machine.travel(wib(2026, 11, 30, 11, 0), tick=False):
        assert pengingat_kirim() == []  # paused: nothing is due
        services.pengaduan_resume(pengaduan=diperiksa, by=loket)
    with time_machine.travel(wib(2026, 12, 1, 10, 0), tick=False):  # due Tue 1 Dec 11:00
        assert [s.jenis for s in pengingat_kirim()] == ["mendekati"]
    assert Pengingat.objects.filter(pengaduan=diperiksa, jenis="mendekati").count() == 2


def test_answered_complaints_get_no_reminder(diperiksa, staf):
    services.pengaduan_answer(pengaduan=diperiksa, by=staf.petugas_loket, isi="Sudah.")
    with time_machine.travel(wib(2026, 12, 10, 10, 0), tick=False):
        assert pengingat_kirim() == []


def test_a_failed_mail_is_retried_by_the_outbox(diperiksa, settings):
    settings.EMAIL_BACKEND = "tests.pengaduan.test_pengingat.BrokenBackend"
    with time_machine.travel(wib(2026, 11, 25, 11, 0), tick=False):
        assert len(pengingat_kirim()) == 1  # recorded once, queued
        pesan = Pesan.objects.get(acara="pengaduan.petugas")
        assert (pesan.status, pesan.percobaan) == ("antre", 1)
        assert pesan.galat_terakhir == "ConnectionRefusedError"
        assert mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(wib(2026, 11, 25, 11, 5), tick=False):
        assert pengingat_kirim() == []  # not a second reminder
        sapu_pesan()  # the scheduler's sweep re-queues it once due
    pesan.refresh_from_db()
    assert (pesan.status, pesan.percobaan) == ("terkirim", 2)
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_old_rate_limit_counters_are_cleared_by_the_cron_job(staf):
    from layanan import pembatas
    from layanan.models import JejakPermintaan

    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):
        pembatas.record("k1", pembatas.KIRIM)
    with time_machine.travel(wib(2026, 11, 23, 10, 30), tick=False):
        pembatas.record("k2", pembatas.KIRIM)
    with time_machine.travel(wib(2026, 11, 23, 11, 15), tick=False):
        call_command("kirim_pengingat_pengaduan", stdout=StringIO())
    assert list(JejakPermintaan.objects.values_list("kunci", flat=True)) == ["k2"]


def test_a_day_long_limit_keeps_its_counters_for_the_day(staf):
    """A citizen's five requests a day: the hourly sweep must not forget them."""
    from layanan import pembatas
    from layanan.models import JejakPermintaan

    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):
        pembatas.record("warga", pembatas.AJUKAN_WARGA)
        pembatas.record("k1", pembatas.KIRIM)
    pembatas.bersihkan(now=wib(2026, 11, 23, 11, 15))
    assert list(JejakPermintaan.objects.values_list("kunci", flat=True)) == ["warga"]
    pembatas.bersihkan(now=wib(2026, 11, 24, 10, 1))
    assert not JejakPermintaan.objects.exists()


def test_mail_times_are_in_the_office_zone(staf):
    staf.instansi.zona_waktu = "Asia/Makassar"  # WITA, like Banjarmasin
    staf.instansi.save()
    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):  # 11.00 WITA
        p, _ = ajukan(staf.instansi, email="")
        services.pengaduan_start_check(pengaduan=p, by=staf.petugas_loket)
    with time_machine.travel(wib(2026, 11, 26, 10, 30), tick=False):
        pengingat_kirim()
    body = next(m.body for m in mail.outbox if m.to == ["rina@dinsos.example.go.id"])
    assert "26 November 2026, 11.00 WITA" in body
