"""The words of every action on a case, said once.

One registry (layanan.aksi.DaftarAksi) of the case's actions: the button's
label (also the confirmation page's title and the verb in error messages),
what the confirmation page explains, and the sentence the history shows for
the dotted code its StateLog/Kejadian row carries (`rujukan.<transition>` or
the Kejadian's code). An entry with a slug is a button of the case page; its
form and its service are attached by rujukan.views.tindakan. An entry without
one is an event of the history only (a registration, an upload, a panti's
answer…).

This module holds data only (no services, selectors or views), so that the
services, the selectors, the history and the views can all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from layanan.aksi import Aksi, DaftarAksi
from rujukan.models import Rujukan, UsulanPanti

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_Usulan = UsulanPanti.StatusUsulan


@dataclass(frozen=True, kw_only=True)
class AksiRujukan(Aksi[Rujukan]):
    """An action on a case, with what the case page needs to know about it."""

    # what decides it in rujukan.selectors.periksa_tindakan, besides `transisi`:
    pekerjaan: str = ""  # work that is not a state change (a key of selectors.PEKERJAAN)
    alternatif: tuple[str, ...] = ()  # transitions of one answer (the panti accepts/refuses)
    butuh_panti: bool = False  # offered only where the office keeps a panti registry
    jawaban_panti: bool = False  # records a panti's answer (shows the proposal; no video)
    # the proposal draft it is about: the one waiting for the signer, or the
    # last one returned (when drafting it again)
    usulan: str = ""
    tampil_rantai: bool = False  # shows the draft under approval and its chain
    menyusun_konsep: bool = False  # drafts the product (shows the last returned draft)
    tombol_kirim: StrOrPromise = ""  # the submit button's words, when not the label

    @property
    def tindakan(self) -> str | tuple[str, ...]:
        """What it does, as rujukan.selectors.periksa_tindakan names it."""
        return self.alternatif or self.transisi or self.pekerjaan

    @property
    def usulan_menunggu(self) -> bool:
        return self.usulan == _Usulan.MENUNGGU

    @property
    def usulan_dikembalikan(self) -> bool:
        return self.usulan == _Usulan.DIKEMBALIKAN


DAFTAR_AKSI: DaftarAksi[Rujukan] = DaftarAksi(
    [
        # -- the buttons of the case page, in the order they are shown ------------
        AksiRujukan(
            kode="rujukan.start_check",
            slug="periksa",
            transisi="start_check",
            label=_("Mulai periksa berkas"),
            penjelasan=_("Petugas mulai memeriksa kelengkapan berkas permohonan."),
            kalimat=_("{oleh} mulai memeriksa berkas."),
        ),
        AksiRujukan(
            kode="rujukan.accept_berkas",
            slug="berkas-lengkap",
            transisi="accept_berkas",
            label=_("Berkas lengkap, lanjutkan"),
            penjelasan=_(
                "Semua persyaratan wajib terpenuhi; rujukan lanjut ke tahap berikut menurut "
                "standar."
            ),
            kalimat=_("{oleh} menyatakan berkas lengkap."),
        ),
        AksiRujukan(
            kode="rujukan.return_to_pemohon",
            slug="kembalikan",
            transisi="return_to_pemohon",
            label=_("Kembalikan ke pemohon"),
            penjelasan=_("Berkas belum lengkap: pemohon diminta melengkapi. Waktu layanan dijeda."),
            kalimat=_("{oleh} mengembalikan berkas kepada pemohon untuk dilengkapi."),
            gaya="sekunder",
        ),
        AksiRujukan(
            kode="rujukan.resubmit",
            slug="lengkapi",
            transisi="resubmit",
            label=_("Pemohon sudah melengkapi berkas"),
            penjelasan=_("Berkas yang dilengkapi diperiksa lagi; waktu layanan berjalan lagi."),
            kalimat=_("{oleh} mencatat berkas yang sudah dilengkapi pemohon."),
        ),
        AksiRujukan(
            kode="rujukan.complete_verification",
            slug="selesai-verifikasi",
            transisi="complete_verification",
            label=_("Selesaikan verifikasi dan asesmen"),
            penjelasan=_("Verifikasi lapangan dan asesmen selesai dan klien layak dilayani."),
            kalimat=_("{oleh} menyelesaikan verifikasi lapangan dan asesmen."),
        ),
        AksiRujukan(
            kode="rujukan.skip_verification",
            slug="lewati-verifikasi",
            transisi="skip_verification",
            label=_("Lanjut tanpa verifikasi lapangan"),
            penjelasan=_(
                "Menurut standar, verifikasi lapangan hanya dilakukan bila perlu (misalnya "
                "pemohon belum terdaftar DTKS)."
            ),
            kalimat=_("{oleh} melanjutkan tanpa verifikasi lapangan."),
            gaya="sekunder",
        ),
        AksiRujukan(
            kode="rujukan.complete_handling",
            slug="selesai-penanganan",
            transisi="complete_handling",
            label=_("Selesaikan penanganan"),
            penjelasan=_(
                "Rehabilitasi, bimbingan atau penelusuran selesai; lanjut ke rujukan/penyusunan "
                "produk."
            ),
            kalimat=_("{oleh} menyelesaikan penanganan klien."),
        ),
        AksiRujukan(
            kode="rujukan.reunite",
            slug="reunifikasi",
            transisi="reunite",
            label=_("Catat reunifikasi keluarga"),
            penjelasan=_(
                "Klien kembali ke keluarganya. Laporan sosial diterbitkan bila standar memuatnya."
            ),
            kalimat=_("{oleh} mencatat klien telah kembali ke keluarganya."),
        ),
        AksiRujukan(
            kode="rujukan.report_accompaniment",
            slug="laporkan-pendampingan",
            transisi="report_accompaniment",
            label=_("Laporkan pendampingan"),
            penjelasan=_(
                "Pendampingan selesai: laporan kegiatan diterbitkan dari kegiatan yang dicatat."
            ),
            kalimat=_("{oleh} melaporkan pendampingan dan menerbitkan laporan kegiatan."),
        ),
        AksiRujukan(
            kode="rujukan.consent_recorded",
            slug="persetujuan-klien",
            pekerjaan="record_consent",
            label=_("Catat persetujuan klien"),
            penjelasan=_(
                "Sebelum data klien dibagikan kepada panti/lembaga: persetujuan klien, atau "
                "orang tua/wali untuk anak atau orang yang tidak cakap memberi persetujuan."
            ),
            kalimat=_("{oleh} mencatat persetujuan klien untuk membagikan datanya."),
            butuh_panti=True,
        ),
        AksiRujukan(
            kode="rujukan.consent_exception",
            slug="tanpa-persetujuan",
            pekerjaan="record_consent_exception",
            label=_("Bagikan tanpa persetujuan klien"),
            penjelasan=_(
                "Pengecualian oleh pejabat bila persetujuan tidak dapat diperoleh; dasarnya "
                "wajib ditulis dan tercatat dalam riwayat."
            ),
            kalimat=_("{oleh} mencatat pengecualian: data klien dibagikan tanpa persetujuannya."),
            gaya="bahaya",
            butuh_panti=True,
        ),
        AksiRujukan(
            kode="rujukan.panti_proposal_prepared",
            slug="siapkan-usulan",
            pekerjaan="prepare_panti_proposal",
            label=_("Siapkan usulan ke panti"),
            penjelasan=_(
                "Pilih panti/lembaga tujuan. Surat Pengajuan Berkas Usulan diteruskan kepada "
                "pejabat penanda tangan; surat baru bernomor dan terkirim setelah ditandatangani."
            ),
            kalimat=_("{oleh} menyiapkan usulan ke panti/lembaga untuk ditandatangani."),
            butuh_panti=True,
            usulan=_Usulan.DIKEMBALIKAN,
        ),
        AksiRujukan(
            kode="rujukan.send_to_panti",
            slug="kirim-panti",
            transisi="send_to_panti",
            label=_("Tanda tangani dan kirim usulan ke panti"),
            penjelasan=_(
                "Baca pratinjau surat pengajuan. Dengan tanda tangan Anda surat diberi nomor, "
                "ditandatangani secara elektronik dan dikirim ke panti/lembaga beserta "
                "lampirannya. Waktu layanan dijeda sampai panti menjawab."
            ),
            kalimat=_("{oleh} menandatangani dan mengirim usulan ke panti/lembaga."),
            butuh_panti=True,
            usulan=_Usulan.MENUNGGU,
        ),
        AksiRujukan(
            kode="rujukan.panti_proposal_returned",
            slug="kembalikan-usulan",
            pekerjaan="return_panti_proposal",
            label=_("Kembalikan usulan untuk diperbaiki"),
            penjelasan=_(
                "Usulan tidak dikirim; petugas menerima catatan Anda dan dapat menyiapkannya lagi."
            ),
            kalimat=_("{oleh} mengembalikan usulan ke panti/lembaga untuk diperbaiki."),
            gaya="sekunder",
            butuh_panti=True,
            usulan=_Usulan.MENUNGGU,
        ),
        AksiRujukan(
            # one button for two transitions: each logs its own code (below)
            kode="rujukan.panti_answer",
            slug="jawaban-panti",
            alternatif=("panti_accept", "panti_refuse"),
            label=_("Catat jawaban panti"),
            penjelasan=_(
                "Panti/lembaga menerima atau menolak klien. Bila menolak, pilih panti lain."
            ),
            jawaban_panti=True,
        ),
        AksiRujukan(
            kode="rujukan.submit_for_approval",
            slug="ajukan-konsep",
            transisi="submit_for_approval",
            label=_("Susun dan ajukan konsep"),
            penjelasan=_(
                "Konsep produk layanan diajukan kepada pejabat sesuai rantai persetujuan standar."
            ),
            kalimat=_("{oleh} mengajukan konsep produk untuk persetujuan."),
            menyusun_konsep=True,
        ),
        AksiRujukan(
            kode="rujukan.approve",
            slug="setujui",
            transisi="approve",
            label=_("Periksa dan setujui konsep"),
            penjelasan=_("Baca pratinjau konsep, lalu beri paraf atau tanda tangan."),
            kalimat=_("{oleh} memberi persetujuan pada konsep."),
            tampil_rantai=True,
            tombol_kirim=_("Setujui"),
        ),
        AksiRujukan(
            kode="rujukan.return_draft",
            slug="kembalikan-konsep",
            transisi="return_draft",
            label=_("Kembalikan konsep untuk diperbaiki"),
            penjelasan=_("Konsep dikembalikan kepada penyusun dengan catatan perbaikan."),
            kalimat=_("{oleh} mengembalikan konsep untuk diperbaiki."),
            gaya="sekunder",
            tampil_rantai=True,
        ),
        AksiRujukan(
            kode="rujukan.deliver_to_panti",
            slug="antar-panti",
            transisi="deliver_to_panti",
            label=_("Catat klien diserahkan ke panti"),
            penjelasan=_(
                "Klien diantar ke panti/lembaga tujuan, oleh Dinas Sosial atau oleh pemohon."
            ),
            kalimat=_("{oleh} mencatat klien telah diserahkan ke panti/lembaga."),
            butuh_panti=True,
        ),
        AksiRujukan(
            kode="rujukan.issue_at_desk",
            slug="terbitkan-loket",
            transisi="issue_at_desk",
            label=_("Terbitkan produk di loket"),
            penjelasan=_(
                "Surat keterangan, bukti registrasi atau berita acara serah terima diterbitkan "
                "dan ditandatangani petugas, tanpa rantai persetujuan."
            ),
            kalimat=_("{oleh} menerbitkan produk layanan di loket."),
        ),
        AksiRujukan(
            kode="rujukan.hand_to_pemohon",
            slug="serahkan",
            transisi="hand_to_pemohon",
            label=_("Serahkan produk ke pemohon"),
            penjelasan=_("Produk layanan diserahkan kepada pemohon; rangkap lainnya diarsipkan."),
            kalimat=_("{oleh} menyerahkan produk layanan kepada pemohon."),
        ),
        AksiRujukan(
            kode="rujukan.close",
            slug="tutup",
            transisi="close",
            label=_("Tutup dan arsipkan"),
            penjelasan=_("Rujukan selesai dan diarsipkan."),
            kalimat=_("{oleh} menutup dan mengarsipkan rujukan."),
        ),
        AksiRujukan(
            kode="rujukan.reject_ineligible",
            slug="tidak-memenuhi-syarat",
            transisi="reject_ineligible",
            label=_("Nyatakan tidak memenuhi syarat"),
            penjelasan=_(
                "Rujukan ditutup karena klien tidak memenuhi syarat standar. Alasan wajib ditulis."
            ),
            kalimat=_("{oleh} menyatakan klien tidak memenuhi syarat."),
            gaya="bahaya",
        ),
        AksiRujukan(
            kode="rujukan.withdraw",
            slug="tarik",
            transisi="withdraw",
            label=_("Catat penarikan permohonan"),
            penjelasan=_("Pemohon menarik permohonannya; rujukan ditutup."),
            kalimat=_("{oleh} mencatat pemohon menarik permohonannya."),
            gaya="bahaya",
        ),
        AksiRujukan(
            kode="rujukan.cancel",
            slug="batalkan",
            transisi="cancel",
            label=_("Batalkan rujukan"),
            penjelasan=_("Rujukan dibatalkan oleh pejabat; alasan wajib ditulis."),
            kalimat=_("{oleh} membatalkan rujukan."),
            gaya="bahaya",
        ),
        # work on the case that is not a state change (rujukan.selectors.PEKERJAAN)
        AksiRujukan(
            kode="rujukan.assessed",
            slug="asesmen",
            pekerjaan="record_assessment",
            label=_("Catat asesmen"),
            penjelasan=_(
                "Hasil verifikasi lapangan dan asesmen pekerja sosial, termasuk syarat "
                "kelayakan standar."
            ),
            kalimat=_("{oleh} mencatat hasil asesmen."),
        ),
        AksiRujukan(
            kode="rujukan.activity_recorded",
            slug="kegiatan",
            pekerjaan="record_activity",
            label=_("Catat kegiatan"),
            penjelasan=_(
                "Kunjungan rumah, bimbingan, penelusuran keluarga, pendampingan atau pengantaran."
            ),
            kalimat=_("{oleh} mencatat kegiatan."),
            gaya="sekunder",
        ),
        AksiRujukan(
            kode="rujukan.panti_chosen",
            slug="panti-tujuan",
            pekerjaan="set_target_panti",
            label=_("Pilih panti tujuan"),
            penjelasan=_("Panti/lembaga yang akan menerima klien."),
            kalimat=_("{oleh} memilih panti/lembaga tujuan."),
            gaya="sekunder",
            butuh_panti=True,
        ),
        AksiRujukan(
            kode="rujukan.peksos_assigned",
            slug="tugaskan",
            pekerjaan="assign_peksos",
            label=_("Tugaskan pekerja sosial"),
            penjelasan=_("Pekerja sosial yang melakukan verifikasi, asesmen dan pendampingan."),
            kalimat=_("{oleh} menugaskan pekerja sosial."),
            gaya="sekunder",
        ),
        AksiRujukan(
            kode="rujukan.clock_paused",
            slug="jeda",
            pekerjaan="pause_clock",
            label=_("Jeda waktu layanan"),
            penjelasan=_(
                "Waktu berhenti dihitung selama rujukan menunggu pihak di luar kendali kantor, "
                "misalnya pejabat yang berwenang tidak berada di tempat."
            ),
            kalimat=_("{oleh} menjeda waktu layanan."),
            gaya="sekunder",
        ),
        AksiRujukan(
            kode="rujukan.clock_resumed",
            slug="lanjutkan-waktu",
            pekerjaan="resume_clock",
            label=_("Lanjutkan waktu layanan"),
            penjelasan=_("Jeda berakhir; tenggat bergeser sepanjang lama jeda (dalam jam kerja)."),
            kalimat=_("{oleh} melanjutkan waktu layanan."),
            gaya="sekunder",
        ),
        # -- events of the history only ----------------------------------------------
        AksiRujukan(
            kode="rujukan.registered",
            label=_("Daftarkan"),
            kalimat=_("{oleh} mendaftarkan permohonan."),
        ),
        AksiRujukan(
            kode="rujukan.submitted_online",
            label=_("Ajukan secara daring"),
            kalimat=_("{oleh} mengajukan permohonan secara daring."),
        ),
        AksiRujukan(
            kode="rujukan.kelurahan_letter_signed",
            label=_("Tanda tangani surat kelurahan di portal"),
            kalimat=_("{oleh} menandatangani surat kelurahan/desa di portal."),
        ),
        AksiRujukan(
            kode="rujukan.step_completed",
            label=_("Selesaikan langkah"),
            kalimat=_("{oleh} menyelesaikan {langkah}."),
        ),
        AksiRujukan(
            kode="rujukan.step_returned",
            label=_("Kembalikan ke langkah sebelumnya"),
            kalimat=_("{oleh} mengembalikan rujukan dari {langkah} ke {ke} untuk diperbaiki."),
        ),
        AksiRujukan(
            kode="rujukan.panti_accept",
            transisi="panti_accept",
            label=_("Panti menerima klien"),
            kalimat=_("{oleh} mencatat panti/lembaga menerima klien."),
        ),
        AksiRujukan(
            kode="rujukan.panti_refuse",
            transisi="panti_refuse",
            label=_("Panti menolak klien"),
            kalimat=_("{oleh} mencatat panti/lembaga menolak klien."),
        ),
        AksiRujukan(
            kode="rujukan.berkas_uploaded",
            label=_("Unggah berkas"),
            kalimat=_("{oleh} mengunggah berkas persyaratan."),
        ),
        AksiRujukan(
            kode="rujukan.berkas_checked",
            label=_("Periksa persyaratan"),
            kalimat=_("{oleh} memeriksa persyaratan."),
        ),
        AksiRujukan(
            kode="rujukan.berkas_dilengkapi_pemohon",
            label=_("Pemohon melengkapi berkas"),
            kalimat=_(
                "Pemohon mengunggah berkas yang kurang melalui halaman warga: {persyaratan}."
            ),
        ),
        AksiRujukan(
            kode="rujukan.surat_diunduh_pemohon",
            label=_("Pemohon mengunduh surat"),
            kalimat=_("Pemohon mengunduh {surat} melalui halaman warga."),
        ),
        # an issued document revoked or re-issued (their own page: rujukan.views.dokumen)
        AksiRujukan(
            kode="rujukan.document_revoked",
            label=_("Cabut dokumen"),
            penjelasan=_(
                "Dokumen yang dicabut tidak berlaku lagi: halaman verifikasinya menyatakan "
                "dicabut. Berkasnya tetap tersimpan apa adanya."
            ),
            kalimat=_("{oleh} mencabut dokumen yang sudah terbit."),
            gaya="bahaya",
        ),
        AksiRujukan(
            kode="rujukan.document_reissued",
            label=_("Terbitkan ulang dokumen"),
            penjelasan=_(
                "Dokumen baru dibuat dari data rujukan saat ini, dengan nomor baru, dan Anda "
                "tandatangani. Dokumen lama dinyatakan diganti; keduanya saling merujuk."
            ),
            kalimat=_("{oleh} menerbitkan ulang dokumen dengan nomor baru."),
        ),
        AksiRujukan(
            kode="rujukan.client_data_exported",
            label=_("Ekspor data klien"),
            kalimat=_("{oleh} mengekspor seluruh data klien atas permintaan akses."),
        ),
        AksiRujukan(
            kode="rujukan.retention_applied",
            label=_("Terapkan jadwal retensi"),
            kalimat=_("{oleh} menghapus {jumlah} berkas sesuai jadwal retensi."),
        ),
    ],
    # what a sentence says when its event does not name the thing (entries
    # written before the event recorded it)
    isian_umum={"langkah": _("satu langkah prosedur"), "ke": _("langkah sebelumnya")},
)
