"""A step whose standard says where it sends the case for a correction
("apabila ada perbaikan dikembalikan ke …", LangkahProsedur.kembali_ke): its
actor sends the case back there with the reason; that step and every step
after it are open again, the case's state follows when the step belongs to an
earlier stage, and the history names the steps. Bad input changes nothing.

No standard under tests/data/standar_lain/ has such a step the case can stand
on: Lebak's "Jika tidak memenuhi … (dikembalikan)" (langkah 6 → 1) is closed
with the file check of langkah 5 by accept_berkas, and Sekadau's langkah 9 is
a fact check, not a step finished by hand. So the standards below are built
with the factories, in the shapes those two publish."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.test import Client

from layanan.models import JenisLangkah, LangkahProsedur
from rujukan import services as s
from rujukan.errors import DataTidakValid, IzinDitolak, Konflik, TransisiTidakSah
from rujukan.langkah import jejak_langkah, pengembalian_tersedia
from rujukan.models import Kejadian, Status, StatusLangkah
from rujukan.riwayat import riwayat_rujukan
from rujukan.selectors import langkah_checklist
from tests.factories import make_instansi
from tests.personas import personas_untuk
from tests.rujukan.factories import s_register, standar_sederhana

pytestmark = pytest.mark.django_db

DISPOSISI = "Kepala Dinas mendisposisi permohonan"
TELAAH = "Kepala Bidang menelaah disposisi"
FRONT_OFFICE = "Front Office menerima permohonan"
KEKURANGAN = "Petugas Linjamsos memberi tahu kekurangan berkas"


def masuk(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def berjalan(r) -> list[str]:
    return [c.langkah.teks for c in langkah_checklist(r) if c.status == StatusLangkah.BERJALAN]


def status_langkah(r) -> dict[str, str]:
    return {c.langkah.teks: c.status for c in langkah_checklist(r)}


def baris(r, teks: str):
    return r.langkah_kasus.select_related("langkah").get(langkah__teks=teks)


def standar_telaah():
    """A disposition and its review within the file check: the Kadis
    dispositions, the Kabid reviews it — and if it needs correcting, back to
    the Kadis."""
    layanan = standar_sederhana(instansi=make_instansi())
    layanan.langkah.filter(urutan__gte=2).update(urutan=F("urutan") + 2)
    disposisi = LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=2,
        teks=DISPOSISI,
        tahap="pemeriksaan_berkas",
        jenis=JenisLangkah.DISPOSISI,
        peran="kepala_dinas",
    )
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=3,
        teks=TELAAH,
        tahap="pemeriksaan_berkas",
        jenis=JenisLangkah.LAINNYA,
        peran="kepala_bidang",
        kembali_ke=disposisi,
    )
    return layanan, personas_untuk(layanan.instansi)


def di_telaah(layanan, staf):
    """A case whose disposition is done and whose review is the current step."""
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    s.rujukan_complete_step(
        rujukan=r,
        langkah_kasus=baris(r, DISPOSISI).pk,
        by=staf.kadis,
        catatan="Disposisi ke Kabid Linjamsos.",
    )
    assert berjalan(r) == [TELAAH]
    return r


def standar_ke_pemohon(*, peran: str = "pekerja_sosial"):
    """Lebak's shape: the officer tells the applicant what is missing and the
    case goes back to the first step, the Front Office receiving the papers."""
    layanan = standar_sederhana(instansi=make_instansi())
    layanan.langkah.filter(teks="Registrasi").update(
        teks=FRONT_OFFICE, jenis=JenisLangkah.TERIMA, peran="petugas_loket"
    )
    layanan.langkah.filter(urutan__gte=2).update(urutan=F("urutan") + 1)
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=2,
        teks=KEKURANGAN,
        tahap="pemeriksaan_berkas",
        jenis=JenisLangkah.LAINNYA,
        peran=peran,
        kembali_ke=layanan.langkah.get(teks=FRONT_OFFICE),
    )
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    assert berjalan(r) == [KEKURANGAN]
    return r, staf


# -- the service -------------------------------------------------------------------------
def test_return_within_the_stage_reopens_the_named_step_and_every_step_after_it():
    layanan, staf = standar_telaah()
    r = di_telaah(layanan, staf)
    telaah = baris(r, TELAAH)
    r = s.rujukan_return_step(
        rujukan=r,
        langkah_kasus=telaah.pk,
        by=staf.kabid,
        catatan="Disposisi belum menyebut seksi pelaksana.",
    )
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS  # same stage: the state stays
    assert berjalan(r) == [DISPOSISI]
    assert status_langkah(r)[TELAAH] == StatusLangkah.MENUNGGU
    disposisi = baris(r, DISPOSISI)
    assert disposisi.selesai_oleh is None and disposisi.catatan == ""
    # the earlier completion stays in the history, and the return lists it
    kembali = r.kejadian.get(kode="rujukan.step_returned")
    assert kembali.catatan == "Disposisi belum menyebut seksi pelaksana."
    assert [d["urutan"] for d in kembali.data["dibuka"]] == [disposisi.urutan]
    assert kembali.data["dibuka"][0]["oleh"] == staf.kadis.pk
    assert kembali.data["dibuka"][0]["catatan"] == "Disposisi ke Kabid Linjamsos."
    assert r.kejadian.filter(kode="rujukan.step_completed").count() == 1
    # the case cannot move on before the loop is walked again
    with pytest.raises(TransisiTidakSah, match="Langkah 2"):
        s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    s.rujukan_complete_step(
        rujukan=r,
        langkah_kasus=disposisi.pk,
        by=staf.kadis,
        catatan="Disposisi ke Seksi Linjamsos.",
    )
    assert berjalan(r) == [TELAAH]
    s.rujukan_complete_step(rujukan=r, langkah_kasus=telaah.pk, by=staf.kabid, catatan="Sesuai.")
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PENYUSUNAN and berjalan(r) == ["Konsep surat"]


def test_return_to_a_step_of_an_earlier_stage_takes_the_case_back_through_its_edge():
    r, staf = standar_ke_pemohon()
    kekurangan = baris(r, KEKURANGAN)
    r = s.rujukan_return_step(
        rujukan=r, langkah_kasus=kekurangan.pk, by=staf.peksos, catatan="KK belum dilampirkan."
    )
    r.refresh_from_db()
    assert r.status == Status.DIKEMBALIKAN
    assert berjalan(r) == [FRONT_OFFICE]  # the named step waits for the papers
    assert status_langkah(r)[KEKURANGAN] == StatusLangkah.MENUNGGU
    jeda = r.jeda.get(selesai__isnull=True)  # the clock waits on the applicant
    assert r.dijeda and jeda.alasan == "menunggu_pemohon"
    kode = [e.kode for e in riwayat_rujukan(r)]
    assert kode[-2:] == ["rujukan.return_to_pemohon", "rujukan.step_returned"]
    # the papers come back: the desk receives them, the officer's step is next again
    r = s.rujukan_resubmit(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PEMERIKSAAN_BERKAS
    front = baris(r, FRONT_OFFICE)
    assert front.status == StatusLangkah.SELESAI and front.selesai_oleh == staf.petugas_loket
    assert berjalan(r) == [KEKURANGAN]


def test_a_step_finished_while_the_case_is_back_with_the_applicant_stays_finished():
    # the desk sends the papers back by its own action while the officer's step is current
    r, staf = standar_ke_pemohon()
    r = s.rujukan_return_to_pemohon(
        rujukan=r, by=staf.petugas_loket, catatan="KK belum dilampirkan."
    )
    assert r.status == Status.DIKEMBALIKAN and berjalan(r) == [KEKURANGAN]
    kekurangan = baris(r, KEKURANGAN)
    s.rujukan_complete_step(
        rujukan=r, langkah_kasus=kekurangan.pk, by=staf.peksos, catatan="Pemohon diberi tahu."
    )
    # done once: a return reopens steps when it happens, not again at every step after it
    assert status_langkah(r)[KEKURANGAN] == StatusLangkah.SELESAI
    assert status_langkah(r)[FRONT_OFFICE] == StatusLangkah.SELESAI
    r = s.rujukan_resubmit(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PENYUSUNAN and berjalan(r) == ["Konsep surat"]


def test_an_actor_without_the_edge_back_is_neither_offered_the_return_nor_allowed_it():
    # the Kadis acts at the step, but going back to the applicant is the file check's edge
    r, staf = standar_ke_pemohon(peran="kepala_dinas")
    kekurangan = baris(r, KEKURANGAN)
    assert pengembalian_tersedia(r, user=staf.kadis) == []
    with pytest.raises(IzinDitolak) as exc:
        s.rujukan_return_step(
            rujukan=r, langkah_kasus=kekurangan.pk, by=staf.kadis, catatan="KK belum ada."
        )
    assert exc.value.status_code == 403
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS and berjalan(r) == [KEKURANGAN]
    assert not r.kejadian.filter(kode="rujukan.step_returned").exists()


def test_no_edge_back_to_the_named_stage_refuses_the_return_and_offers_nothing():
    layanan = standar_sederhana(instansi=make_instansi())
    layanan.langkah.filter(urutan__gte=2).update(urutan=F("urutan") + 2)
    periksa = LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=2,
        teks="Petugas memeriksa berkas",
        tahap="pemeriksaan_berkas",
        jenis=JenisLangkah.PERIKSA_BERKAS,
        peran="petugas_loket",
    )
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=3,
        teks="Kepala Bidang menilai hasil kunjungan",
        tahap="verifikasi",
        jenis=JenisLangkah.LAINNYA,
        peran="kepala_bidang",
        kembali_ke=periksa,
    )
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.VERIFIKASI
    row = baris(r, "Kepala Bidang menilai hasil kunjungan")
    assert row.status == StatusLangkah.BERJALAN
    assert pengembalian_tersedia(r, user=staf.kabid) == []
    with pytest.raises(TransisiTidakSah, match="tidak dapat dikembalikan"):
        s.rujukan_return_step(rujukan=r, langkah_kasus=row.pk, by=staf.kabid, catatan="Ulangi.")
    r.refresh_from_db()
    assert r.status == Status.VERIFIKASI
    assert baris(r, "Petugas memeriksa berkas").status == StatusLangkah.SELESAI


def test_no_return_to_an_approval_already_given_on_the_draft():
    # the approvals on the draft stand until the official returns the draft itself
    layanan = standar_sederhana(instansi=make_instansi())
    layanan.langkah.filter(teks="Kepala Dinas menandatangani").update(urutan=5)
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=4,
        teks="Kepala Bidang memeriksa konsep",
        tahap="persetujuan",
        jenis=JenisLangkah.LAINNYA,
        peran="kepala_bidang",
        kembali_ke=layanan.langkah.get(teks="Koordinator memaraf"),
    )
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    s.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
    r.refresh_from_db()
    r = s.rujukan_approve(rujukan=r, by=staf.koordinator)
    assert berjalan(r) == ["Kepala Bidang memeriksa konsep"]
    row = baris(r, "Kepala Bidang memeriksa konsep")
    assert pengembalian_tersedia(r, user=staf.kabid) == []
    with pytest.raises(TransisiTidakSah, match="tidak dapat dikembalikan"):
        s.rujukan_return_step(rujukan=r, langkah_kasus=row.pk, by=staf.kabid, catatan="Ulangi.")
    assert status_langkah(r)["Koordinator memaraf"] == StatusLangkah.SELESAI


def test_bad_input_is_refused_with_a_reason_and_changes_nothing():
    layanan, staf = standar_telaah()
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    disposisi, telaah = baris(r, DISPOSISI), baris(r, TELAAH)
    # the review is not the current step yet
    with pytest.raises(TransisiTidakSah, match="bukan langkah yang sedang berjalan"):
        s.rujukan_return_step(rujukan=r, langkah_kasus=telaah.pk, by=staf.kabid, catatan="x")
    # the disposition names no step to go back to
    with pytest.raises(TransisiTidakSah, match="tidak menyebut ke langkah mana"):
        s.rujukan_return_step(rujukan=r, langkah_kasus=disposisi.pk, by=staf.kadis, catatan="x")
    s.rujukan_complete_step(rujukan=r, langkah_kasus=disposisi.pk, by=staf.kadis, catatan="Ok.")
    with pytest.raises(DataTidakValid, match="Tuliskan apa yang harus diperbaiki"):
        s.rujukan_return_step(rujukan=r, langkah_kasus=telaah.pk, by=staf.kabid, catatan="  ")
    with pytest.raises(IzinDitolak, match="dilaksanakan oleh"):
        s.rujukan_return_step(rujukan=r, langkah_kasus=telaah.pk, by=staf.kadis, catatan="x")
    telaah.refresh_from_db()
    with pytest.raises(Konflik):  # a form of an earlier visit of the step
        s.rujukan_return_step(
            rujukan=r, langkah_kasus=telaah.pk, by=staf.kabid, catatan="x", jejak=f"{telaah.pk}:1"
        )
    assert berjalan(r) == [TELAAH]
    assert not r.kejadian.filter(kode="rujukan.step_returned").exists()
    s.rujukan_return_step(
        rujukan=r, langkah_kasus=telaah.pk, by=staf.kabid, catatan="x", jejak=jejak_langkah(telaah)
    )
    assert berjalan(r) == [DISPOSISI]


# -- the case page ------------------------------------------------------------------------
def test_case_page_offers_the_return_to_the_steps_actor_only_and_refuses_a_stale_repeat():
    layanan, staf = standar_telaah()
    r = di_telaah(layanan, staf)
    telaah = baris(r, TELAAH)
    url = f"/rujukan/{r.pk}/langkah/{telaah.pk}/kembali/"
    kabid = masuk(staf.kabid)
    halaman = kabid.get(f"/rujukan/{r.pk}/").content.decode()
    assert url in halaman and "Kembalikan ke Langkah 2 (Kepala Dinas mendisposisi" in halaman
    assert f'value="{jejak_langkah(telaah)}"' in halaman
    for orang in (staf.petugas_loket, staf.kadis, staf.koordinator):
        assert url not in masuk(orang).get(f"/rujukan/{r.pk}/").content.decode()
    data = {"catatan": "Disposisi belum menyebut seksi.", "jejak": jejak_langkah(telaah)}
    assert kabid.post(url, {**data, "catatan": " "}).status_code == 400
    assert masuk(staf.kadis).post(url, data).status_code == 403
    assert masuk(personas_untuk(make_instansi()).kabid).post(url, data).status_code == 404
    assert berjalan(r) == [TELAAH]
    assert kabid.post(url, data).status_code == 302
    assert berjalan(r) == [DISPOSISI]
    ulang = kabid.post(url, data)  # the same form sent twice
    assert ulang.status_code == 409
    assert "bukan langkah yang sedang berjalan" in ulang.content.decode()
    assert r.kejadian.filter(kode="rujukan.step_returned").count() == 1
    # the disposition has no step to go back to: finishing it is all that is offered
    disposisi = baris(r, DISPOSISI)
    halaman = masuk(staf.kadis).get(f"/rujukan/{r.pk}/").content.decode()
    assert f"/langkah/{disposisi.pk}/selesai/" in halaman
    assert f"/langkah/{disposisi.pk}/kembali/" not in halaman
    balik = masuk(staf.kadis).post(
        f"/rujukan/{r.pk}/langkah/{disposisi.pk}/kembali/",
        {"catatan": "x", "jejak": jejak_langkah(disposisi)},
    )
    assert balik.status_code == 409


def test_a_form_from_an_earlier_visit_of_the_step_is_stale():
    layanan, staf = standar_telaah()
    r = di_telaah(layanan, staf)
    telaah = baris(r, TELAAH)
    url = f"/rujukan/{r.pk}/langkah/{telaah.pk}/kembali/"
    lama = jejak_langkah(telaah)
    kabid = masuk(staf.kabid)
    assert kabid.post(url, {"catatan": "Perbaiki.", "jejak": lama}).status_code == 302
    disposisi = baris(r, DISPOSISI)
    s.rujukan_complete_step(rujukan=r, langkah_kasus=disposisi.pk, by=staf.kadis, catatan="Ok.")
    assert berjalan(r) == [TELAAH]  # the review is current again: a new visit
    assert kabid.post(url, {"catatan": "Perbaiki.", "jejak": lama}).status_code == 409
    assert kabid.post(url, {"catatan": "Perbaiki."}).status_code == 409
    assert berjalan(r) == [TELAAH]


# -- the history ------------------------------------------------------------------------------
def test_history_names_the_step_finished_or_sent_back_with_the_note():
    layanan, staf = standar_telaah()
    r = di_telaah(layanan, staf)
    s.rujukan_return_step(
        rujukan=r, langkah_kasus=baris(r, TELAAH).pk, by=staf.kabid, catatan="Sebutkan seksinya."
    )
    entri = {e.kode: e for e in riwayat_rujukan(r)}
    selesai = entri["rujukan.step_completed"]
    assert selesai.kalimat == (
        "Dr. H. Ahmad Fauzi, M.Si menyelesaikan Langkah 2 (Kepala Dinas mendisposisi permohonan)."
    )
    assert selesai.catatan == "Disposisi ke Kabid Linjamsos."
    kembali = entri["rujukan.step_returned"]
    assert kembali.kalimat == (
        "Hasan Basri, S.Sos., M.Si mengembalikan rujukan dari Langkah 3 (Kepala Bidang "
        "menelaah disposisi) ke Langkah 2 (Kepala Dinas mendisposisi permohonan) untuk "
        "diperbaiki."
    )
    assert kembali.catatan == "Sebutkan seksinya."
    halaman = masuk(staf.kadis).get(f"/rujukan/{r.pk}/").content.decode()
    assert "menyelesaikan Langkah 2 (Kepala Dinas mendisposisi permohonan)." in halaman


def test_history_of_a_step_event_recorded_without_its_step_still_reads():
    layanan, staf = standar_telaah()
    r = s_register(layanan, staf).rujukan
    Kejadian.objects.create(rujukan=r, kode="rujukan.step_completed", oleh=staf.kadis)
    entri = next(e for e in riwayat_rujukan(r) if e.kode == "rujukan.step_completed")
    assert entri.kalimat == "Dr. H. Ahmad Fauzi, M.Si menyelesaikan satu langkah prosedur."
