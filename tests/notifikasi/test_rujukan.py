"""Who hears what about a case: the applicant at intake, at a return for
missing documents and when the letter is issued; the assigned peksos; each
official when the draft waits for their paraf or signature, and only them.
Queued after commit (nothing for a rolled-back action); no client data in
the texts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from layanan.models import Kelurahan, Peran
from notifikasi.kanal import nomor_internasional
from notifikasi.models import Kanal, Pesan
from notifikasi.services import preferensi_simpan
from rujukan import services as s
from rujukan.models import Rujukan, Status
from rujukan.models.rujukan import Sumber
from rujukan.notifikasi import kabarkan
from rujukan.services.warga import lengkapi_berkas
from tests.berkas_palsu import pdf
from tests.factories import make_instansi, make_user
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon, s_register, standar_sederhana

pytestmark = pytest.mark.django_db


def _pesan(**kw) -> list[tuple[str, str]]:
    """(event, recipient) of the messages so far, oldest first."""
    return [
        (p.acara, p.penerima_user.username if p.penerima_user else p.penerima_ref)
        for p in Pesan.objects.filter(**kw).order_by("pk")
    ]


def test_each_moment_of_a_case_reaches_the_right_people(django_capture_on_commit_callbacks):
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    staf = personas_untuk(instansi)
    for u in (staf.koordinator, staf.kabid, staf.kadis):
        u.email = f"{u.username}@dinsos.example.go.id"
        u.save(update_fields=["email"])
    # the peksos chose WhatsApp on /akun/notifikasi/
    preferensi_simpan(user=staf.peksos, kanal=Kanal.WHATSAPP, telepon="081299990000", aktif=True)
    with django_capture_on_commit_callbacks(execute=True):
        hasil = s_register(layanan, staf)
    r = hasil.rujukan
    pemohon = f"rujukan.pemohon:{r.pemohon_id}"
    assert _pesan() == [("rujukan.diterima", pemohon)]
    diterima = Pesan.objects.get()
    assert diterima.kanal == Kanal.WHATSAPP
    assert nomor_internasional(diterima.tujuan) == "6281348545556"
    assert r.nomor_registrasi in diterima.teks and layanan.nama in diterima.teks
    assert "Siti" not in diterima.teks and r.klien.nik not in diterima.teks
    assert diterima.status == Pesan.Status.TERKIRIM  # the log channel, by the worker

    with django_capture_on_commit_callbacks(execute=True):
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        r = s.rujukan_return_to_pemohon(rujukan=r, by=staf.petugas_loket, catatan="KK belum ada")
    assert _pesan()[-1] == ("rujukan.berkas_kurang", pemohon)
    assert "KK belum ada" not in Pesan.objects.last().teks  # the reason stays on the page

    with django_capture_on_commit_callbacks(execute=True):
        r = s.rujukan_resubmit(rujukan=r, by=staf.petugas_loket)
        s.rujukan_assign_peksos(rujukan=r, by=staf.koordinator, peksos=staf.peksos)
    assert _pesan()[-1] == ("rujukan.ditugaskan", staf.peksos.username)
    # the desk itself recorded the documents brought in: nobody is told it did
    assert not Pesan.objects.filter(acara="rujukan.berkas_dilengkapi").exists()

    sebelum = Pesan.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
        s.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
    # the chain: the Koordinator initials, then the Kepala Dinas signs
    assert _pesan(pk__gt=Pesan.objects.order_by("pk")[sebelum - 1].pk) == [
        ("rujukan.menunggu_persetujuan", staf.koordinator.username)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        r = s.rujukan_approve(rujukan=r, by=staf.koordinator)
    assert _pesan()[-1] == ("rujukan.menunggu_persetujuan", staf.kadis.username)
    with django_capture_on_commit_callbacks(execute=True):
        r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert _pesan()[-2:] == [
        ("rujukan.disetujui", staf.peksos.username),
        ("rujukan.surat_terbit", pemohon),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        s.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
    assert ("rujukan.diserahkan", pemohon) in _pesan()
    peksos = Pesan.objects.get(acara="rujukan.ditugaskan")
    assert (peksos.kanal, peksos.tujuan) == (Kanal.WHATSAPP, "081299990000")
    # staff get e-mail by default (no preference chosen), to their own address
    kadis = Pesan.objects.get(acara="rujukan.menunggu_persetujuan", penerima_user=staf.kadis)
    assert (kadis.kanal, kadis.tujuan) == (Kanal.EMAIL, staf.kadis.email)
    for p in Pesan.objects.all():
        assert r.klien.nama not in p.teks and r.klien.nik not in p.teks


def test_a_rolled_back_action_notifies_nobody(django_capture_on_commit_callbacks):
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    staf = personas_untuk(instansi)

    class Batal(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Batal),
        transaction.atomic(),
    ):
        s_register(layanan, staf)
        raise Batal
    assert not Pesan.objects.exists()


def test_the_operator_who_filed_online_hears_what_the_applicant_hears(
    django_capture_on_commit_callbacks,
):
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    staf = personas_untuk(instansi)
    kelurahan = Kelurahan.objects.create(instansi=instansi, nama="Caile", kecamatan="Ujung Bulu")
    operator = make_user(
        "andi.caile", instansi=instansi, peran=Peran.OPERATOR_KELURAHAN, kelurahan=kelurahan
    )
    preferensi_simpan(user=operator, kanal=Kanal.WHATSAPP, telepon="085211112222", aktif=True)
    r = s_register(layanan, staf).rujukan
    # the case as the online service records it: filed by the operator
    Rujukan.objects.filter(pk=r.pk).update(sumber=Sumber.ONLINE_OPERATOR, dibuat_oleh=operator)
    Pesan.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        kabarkan.enqueue(r.pk, "rujukan.surat_terbit")
    assert sorted(_pesan()) == [
        ("rujukan.surat_terbit", "andi.caile"),
        ("rujukan.surat_terbit", f"rujukan.pemohon:{r.pemohon_id}"),
    ]
    wa = Pesan.objects.get(penerima_user=operator)
    assert (wa.kanal, wa.tujuan, wa.status) == (Kanal.WHATSAPP, "085211112222", "terkirim")


def test_the_front_desk_hears_of_an_online_request_and_of_documents_the_applicant_sent(
    django_capture_on_commit_callbacks,
):
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    staf = personas_untuk(instansi)
    loket_lain = make_user("sari", instansi=instansi, peran=Peran.PETUGAS_LOKET)
    make_user("loket.luar", instansi=make_instansi(), peran=Peran.PETUGAS_LOKET)
    for u in (
        staf.petugas_loket,
        loket_lain,
    ):  # staff are told by e-mail unless they chose otherwise
        u.email = f"{u.username}@dinsos.example.go.id"
        u.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        r = s.rujukan_register(  # a citizen's own request, after their one-time code
            by=None,
            permohonan=s.PermohonanBaru(
                layanan=layanan,
                klien=data_klien(dt.date(1950, 3, 1)),
                pemohon=data_pemohon("keluarga"),
                berkas={layanan.persyaratan.get().pk: pdf()},
            ),
            sumber=Sumber.ONLINE_WARGA,
            warga_telepon="0813 4854 5556",
            kunci_pengajuan="formulir-warga-1",
        ).rujukan
    loket = sorted(u for a, u in _pesan() if a == "rujukan.permohonan_daring")
    assert loket == sorted(
        [staf.petugas_loket.username, loket_lain.username]
    )  # this office's desk only

    item = r.berkas.get()
    with django_capture_on_commit_callbacks(execute=True):
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        s.berkas_tandai(
            rujukan=r, by=staf.petugas_loket, item=item, terpenuhi=False, catatan="Buram"
        )
        r = s.rujukan_return_to_pemohon(rujukan=r, by=staf.petugas_loket, catatan="KTP buram")
    with django_capture_on_commit_callbacks(execute=True):
        lengkapi_berkas(rujukan=r, telepon="0813 4854 5556", berkas={item.pk: pdf()})
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS
    dilengkapi = Pesan.objects.filter(acara="rujukan.berkas_dilengkapi")
    assert sorted(p.penerima_user.username for p in dilengkapi) == loket
    assert all(r.nomor_registrasi in p.teks and "KTP" not in p.teks for p in dilengkapi)
