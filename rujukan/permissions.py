"""The one policy of the case app: who may see or do what, within which instansi.

- Every staff member belongs to one instansi (layanan.Pegawai) and acts only
  on that instansi's cases.
- Each transition declares a permission codename (rujukan.Rujukan.Meta.permissions);
  the role groups hold them (ROLE_PERMISSIONS, applied by a data migration).
- An approval must come from the role of the next step of the standard's
  approval chain.
- A panti user sees and answers only the proposals sent to their own panti.
- A proposal to a panti leaves only with the signature of the official who
  signs the standard's letters (the chain's signature step), like any letter.
- The office's DTKS/DTSEN extract (DataDTKS) is read by the staff who check
  files and do field work (loket, peksos, Koordinator, Kabid) and imported by
  the Admin Instansi; the DTKS check at the file-check stage needs
  rujukan.periksa_berkas.
- An office's letter templates (TemplatSurat) are read and written (as a new
  version) by its own Admin Instansi, in the admin.
- Everything held about one klien (an access request under UU 27/2022) is
  exported by the Kepala Bidang and the Kepala Dinas of the klien's own
  instansi (rujukan.ekspor_data_klien): the officials who answer for the
  office's handling of personal data and already read every case. The Admin
  Instansi runs the portal but reads no case file, so does not export one.
- An acting official (Plt/Plh, layanan.PenunjukanPelaksana) counts, during
  the period of the appointment (dates of the office's time zone), as a
  holder of the jabatan he covers at every step that names it, and holds that
  jabatan's portal role (`peran_dari`; the permissions through
  layanan.pelaksana.PelaksanaBackend). `penunjukan_langkah` says whether a
  user acts at a step as Plt/Plh of whom, for the letter and the history.
- A kelurahan/desa operator (Peran.OPERATOR_KELURAHAN, tied to one
  kelurahan of his office) submits requests online (rujukan.ajukan_online)
  and sees only the cases he submitted: their step, deadline and the
  letters the standard hands to the applicant. He reads no other case.
- The recap of the office's services (counts only, no client) is read and
  downloaded by its Koordinator, Kabid, Kadis and Admin Instansi
  (rujukan.lihat_rekap).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from layanan.models import Instansi, LangkahProsedur, PenunjukanPelaksana, Peran, Produk
from layanan.pelaksana import jabatan_dipegang, pelaksana_dari
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import GROUP_NAMES, pegawai_dari
from rujukan.alur import LangkahRantai
from rujukan.errors import IzinDitolak

if TYPE_CHECKING:
    # for annotations only: the case's model delegates its transitions' permissions here
    from rujukan.models import Dokumen, Klien, Rujukan

_Jenis = Produk.JenisDokumen
_GROUP_TO_PERAN = {name: peran for peran, name in GROUP_NAMES.items()}

_STAF = ["rujukan.view_rujukan", "rujukan.view_klien"]
_LIHAT_DTKS = ["rujukan.view_datadtks"]
_DTKS = [f"rujukan.{a}_datadtks" for a in ("view", "add", "change", "delete")]
# letter templates: read and write a new version; a version is never changed or deleted
_TEMPLAT = ["rujukan.view_templatsurat", "rujukan.add_templatsurat"]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Peran.PETUGAS_LOKET: _STAF
    + _LIHAT_DTKS
    + [
        "rujukan.add_rujukan",
        "rujukan.add_klien",
        "rujukan.change_klien",
        "rujukan.periksa_berkas",
        "rujukan.ajukan_panti",
        "rujukan.susun_konsep",
        "rujukan.serahkan",
        "rujukan.tarik",
        "rujukan.jeda_waktu",
    ],
    Peran.PEKERJA_SOSIAL: _STAF
    + _LIHAT_DTKS
    + [
        "rujukan.change_klien",
        "rujukan.periksa_berkas",
        "rujukan.verifikasi",
        "rujukan.tangani",
        "rujukan.ajukan_panti",
        "rujukan.susun_konsep",
        "rujukan.serahkan",
        "rujukan.jeda_waktu",
    ],
    Peran.KOORDINATOR: _STAF
    + _LIHAT_DTKS
    + [
        "rujukan.setujui",
        "rujukan.batalkan",
        "rujukan.jeda_waktu",
        "rujukan.tugaskan",
        "rujukan.lihat_rekap",
    ],
    Peran.KEPALA_BIDANG: _STAF
    + _LIHAT_DTKS
    + [
        "rujukan.setujui",
        "rujukan.batalkan",
        "rujukan.jeda_waktu",
        "rujukan.tugaskan",
        "rujukan.ekspor_arsip",
        "rujukan.bagikan_tanpa_persetujuan",
        "rujukan.ekspor_data_klien",
        "rujukan.lihat_rekap",
    ],
    Peran.KEPALA_DINAS: _STAF
    + [
        "rujukan.setujui",
        "rujukan.batalkan",
        "rujukan.jeda_waktu",
        "rujukan.ekspor_arsip",
        "rujukan.ekspor_data_klien",
        "rujukan.bagikan_tanpa_persetujuan",
        "rujukan.lihat_rekap",
    ],
    Peran.ADMIN_INSTANSI: _DTKS + _TEMPLAT + ["rujukan.lihat_rekap"],
    Peran.PANTI: ["rujukan.jawab_pengajuan_panti"],
    # a kelurahan/desa operator submits requests online and follows only his own
    Peran.OPERATOR_KELURAHAN: ["rujukan.ajukan_online"],
}


def instansi_dari(user: PenggunaAtauTamu) -> Instansi | None:
    pegawai = pegawai_dari(user)
    return pegawai.instansi if pegawai else None


def peran_sendiri(user: PenggunaAtauTamu | None) -> set[str]:
    """The roles (Peran values) a user holds through their own groups."""
    if user is None or not user.is_authenticated:
        return set()
    names = pelaksana_dari(user).grup  # one query with the jabatan, cached per request
    return {_GROUP_TO_PERAN[n] for n in names if n in _GROUP_TO_PERAN}


def peran_dari(user: PenggunaAtauTamu) -> set[str]:
    """The roles a user holds today: their groups', and those of the jabatan
    they cover as Plt/Plh."""
    return peran_sendiri(user) | pelaksana_dari(user).peran_pelaksana


def sama_instansi(user: PenggunaAtauTamu | None, rujukan: Rujukan) -> bool:
    pegawai = pegawai_dari(user)
    return pegawai is not None and pegawai.instansi_id == rujukan.instansi_id


def _panti_user(user: PenggunaAtauTamu | None, rujukan: Rujukan) -> bool:
    """A panti user whose panti has a proposal of this case."""
    pegawai = pegawai_dari(user)
    if pegawai is None or pegawai.panti_id is None:
        return False
    return rujukan.pengajuan_panti.filter(panti_id=pegawai.panti_id).exists()


def boleh_melihat(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    if sama_instansi(user, rujukan) and user.has_perm("rujukan.view_rujukan"):
        return True
    return (
        user.is_authenticated
        and user.has_perm("rujukan.jawab_pengajuan_panti")
        and _panti_user(user, rujukan)
    )


# Field work (the assessment, activities, their reports and the edges they
# complete) belongs to the peksos assigned to the case; while nobody is
# assigned yet any peksos of the office may start it; the Koordinator and the
# Kabid supervise. The field pages (lapangan.permissions) read the same rule.
IZIN_LAPANGAN = frozenset({"verifikasi", "tangani"})
PENGAWAS_LAPANGAN = frozenset({Peran.KOORDINATOR, Peran.KEPALA_BIDANG})


def boleh_kerja_lapangan(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    if rujukan.peksos_id is None or rujukan.peksos_id == user.pk:
        return True
    return bool(PENGAWAS_LAPANGAN & peran_dari(user))


def boleh_transisi(*, user: PenggunaAtauTamu, rujukan: Rujukan, izin: str) -> bool:
    """The permission of an ordinary transition."""
    return bool(
        user is not None
        and user.is_authenticated
        and sama_instansi(user, rujukan)
        and user.has_perm(f"rujukan.{izin}")
        and (izin not in IZIN_LAPANGAN or boleh_kerja_lapangan(user=user, rujukan=rujukan))
    )


def _jabatan_dari(user: PenggunaAtauTamu) -> set[int]:
    """The jabatan a user acts as today: held, or covered as Plt/Plh (one
    query per user per request, cached by layanan.pelaksana)."""
    return jabatan_dipegang(user) if pegawai_dari(user) is not None else set()


def boleh_bertindak_langkah(*, user: PenggunaAtauTamu, langkah: LangkahProsedur) -> bool:
    """Is `user` an actor of this published step? The step names its jabatan
    (one, or alternatives): their holders act. “… atau pejabat yang mewakili”
    lets anyone holding the same portal role act. A member of staff to whom
    the office has given no jabatan acts by role (the jabatan's role, or the
    step's role when it names no jabatan)."""
    peran = peran_dari(user)
    jabatan = list(langkah.jabatan.all())
    if not jabatan:
        return bool(langkah.peran) and langkah.peran in peran
    milik = _jabatan_dari(user)
    if milik & {j.pk for j in jabatan}:
        return True
    if langkah.boleh_diwakilkan or not milik:
        return any(j.peran in peran for j in jabatan)
    return False


def penunjukan_langkah(
    *, user: PenggunaAtauTamu, langkah: LangkahProsedur
) -> PenunjukanPelaksana | None:
    """The Plt/Plh appointment through which `user` acts at this step, or None
    when they act by their own right (their jabatan, or their own role)."""
    pelaksana = pelaksana_dari(user)
    if not pelaksana.penunjukan:
        return None
    jabatan = list(langkah.jabatan.all())
    if jabatan:
        ids = {j.pk for j in jabatan}
        if pelaksana.dipegang & ids:
            return None
        for p in pelaksana.penunjukan:
            if p.jabatan_id in ids:
                return p
        return penunjukan_peran(user, {j.peran for j in jabatan})
    return penunjukan_peran(user, {langkah.peran} if langkah.peran else set())


def penunjukan_peran(user: PenggunaAtauTamu, peran: set[str]) -> PenunjukanPelaksana | None:
    """The appointment that gives `user` one of these roles, unless their own
    groups already do (the head of office's jabatan first)."""
    if not peran or peran & peran_sendiri(user):
        return None
    calon = [p for p in pelaksana_dari(user).penunjukan if p.jabatan.peran in peran]
    calon.sort(key=lambda p: (p.jabatan.peran != Peran.KEPALA_DINAS, p.jabatan.urutan))
    return calon[0] if calon else None


def _langkah_terbit(rujukan: Rujukan, langkah: LangkahRantai) -> LangkahProsedur | None:
    """The published procedure step a chain step stands for (read from the
    standard's prefetched steps), or None when the chain names only a role."""
    if langkah.langkah_id is None:
        return None
    return next((s for s in rujukan.layanan.langkah.all() if s.pk == langkah.langkah_id), None)


def _penunjukan_rantai(
    user: PenggunaAtauTamu, rujukan: Rujukan, langkah: LangkahRantai | None
) -> PenunjukanPelaksana | None:
    if langkah is None:
        return None
    step = _langkah_terbit(rujukan, langkah)
    if step is not None:
        return penunjukan_langkah(user=user, langkah=step)
    return penunjukan_peran(user, {langkah.peran})


def penunjukan_giliran(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> PenunjukanPelaksana | None:
    """As Plt/Plh of which jabatan `user` gives the next approval of the chain."""
    return _penunjukan_rantai(user, rujukan, rujukan.langkah_persetujuan_berikut())


def penunjukan_tanda_tangan(
    *, user: PenggunaAtauTamu, rujukan: Rujukan
) -> PenunjukanPelaksana | None:
    """As Plt/Plh of which jabatan `user` signs this case's letters."""
    return _penunjukan_rantai(user, rujukan, _langkah_tanda_tangan(rujukan))


def boleh_menyetujui(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    """Approve or return a draft: right instansi, the permission, and an actor
    of the next step of the approval chain."""
    if not boleh_transisi(user=user, rujukan=rujukan, izin="setujui"):
        return False
    return giliran_persetujuan(user=user, rujukan=rujukan)


def _pelaku_rantai(user: PenggunaAtauTamu, rujukan: Rujukan, langkah: LangkahRantai | None) -> bool:
    """Is `user` an actor of this step of the approval chain: its published
    step's jabatan, alternatives or delegate, else the role the chain names."""
    if langkah is None:
        return False
    step = _langkah_terbit(rujukan, langkah)
    if step is not None:
        return boleh_bertindak_langkah(user=user, langkah=step)
    return langkah.peran in peran_dari(user)


def giliran_persetujuan(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    """Is `user` an actor of the next step of the approval chain (its jabatan,
    alternatives or delegate; the role named for an unpublished signature step)?"""
    return _pelaku_rantai(user, rujukan, rujukan.langkah_persetujuan_berikut())


def penanda_tangan_surat(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    """Is `user` the official who signs this case's letters: an actor of the
    signature step of the standard's chain (its jabatan, alternatives or
    delegate; the role the standard names when no step publishes it)?"""
    return _pelaku_rantai(user, rujukan, _langkah_tanda_tangan(rujukan))


def boleh_menandatangani_usulan(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    """Sign and send (or return) the proposal to a panti: a letter to another
    institution leaves only with the signature of the official who signs the
    office's letters for this standard."""
    return boleh_transisi(user=user, rujukan=rujukan, izin="setujui") and penanda_tangan_surat(
        user=user, rujukan=rujukan
    )


def boleh_menjawab_panti(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    """Record the panti's answer: an officer of the instansi, or the panti's own user."""
    if boleh_transisi(user=user, rujukan=rujukan, izin="ajukan_panti"):
        return True
    pengajuan = rujukan.pengajuan_panti_aktif()
    pegawai = pegawai_dari(user)
    return bool(
        pengajuan is not None
        and pegawai is not None
        and pegawai.panti_id == pengajuan.panti_id
        and user.has_perm("rujukan.jawab_pengajuan_panti")
    )


def boleh_mendaftar(*, user: PenggunaAtauTamu, instansi: Instansi) -> bool:
    pegawai = pegawai_dari(user)
    return bool(
        pegawai and pegawai.instansi_id == instansi.pk and user.has_perm("rujukan.add_rujukan")
    )


def boleh_ajukan_online(*, user: PenggunaAtauTamu | None, instansi: Instansi) -> bool:
    """A kelurahan/desa operator submits requests online to the office whose
    area holds his kelurahan (layanan.Pegawai.kelurahan)."""
    pegawai = pegawai_dari(user)
    return bool(
        pegawai
        and pegawai.instansi_id == instansi.pk
        and pegawai.kelurahan is not None
        and pegawai.kelurahan.instansi_id == instansi.pk
        and pegawai.kelurahan.aktif
        and user is not None
        and user.has_perm("rujukan.ajukan_online")
    )


def adalah_operator_kelurahan(user: PenggunaAtauTamu) -> bool:
    """A user whose portal work is submitting requests online (and reads no
    case of the office): his home is his own requests."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.has_perm("rujukan.ajukan_online")
        and not user.has_perm("rujukan.view_rujukan")
    )


def boleh_lihat_dtks(*, user: PenggunaAtauTamu) -> bool:
    """Read the office's DTKS/DTSEN extract (the NIK lookup, a klien's status)."""
    return pegawai_dari(user) is not None and user.has_perm("rujukan.view_datadtks")


def boleh_periksa_dtks(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    """Take the standard's DTKS check at the file-check stage of this case."""
    return sama_instansi(user, rujukan) and user.has_perm("rujukan.periksa_berkas")


# -- issued documents: who may revoke or re-issue them ---------------------------
def _langkah_tanda_tangan(rujukan: Rujukan) -> LangkahRantai | None:
    """The signature step of the case's approval chain (LangkahRantai)."""
    return next(
        (
            r
            for r in rujukan.alur.rantai
            if r.jenis == LangkahProsedur.JenisPersetujuan.TANDA_TANGAN
        ),
        None,
    )


def penanda_tangan_dokumen(dokumen: Dokumen) -> str:
    """Who signs this kind of document, as a reader names them: the chain's
    signature step (a chain letter), the head of office (a letter to a panti),
    the officer who issues at the desk, or the social worker who reports."""
    if dokumen.nomor_urut is None:
        return ""
    if dokumen.konsep_id is not None or dokumen.jenis == _Jenis.PENGAJUAN_PANTI:
        langkah = _langkah_tanda_tangan(dokumen.rujukan)
        if langkah is not None:
            return langkah.pejabat or str(Peran(langkah.peran).label)
    if dokumen.jenis in (_Jenis.LAPORAN_KEGIATAN, _Jenis.LAPORAN_SOSIAL):
        return _("pekerja sosial yang menangani")
    return _("petugas yang menerbitkan produk di loket")


def boleh_mengubah_dokumen(*, user: PenggunaAtauTamu, dokumen: Dokumen) -> bool:
    """Revoke or re-issue an issued document: an official of the document's
    instansi in the role that signs its kind (see penanda_tangan_dokumen). A
    receipt (tanda terima, unnumbered) is neither revoked nor re-issued."""
    if dokumen.nomor_urut is None:
        return False
    pegawai = pegawai_dari(user)
    if pegawai is None or pegawai.instansi_id != dokumen.instansi_id:
        return False
    if dokumen.konsep_id is not None or dokumen.jenis == _Jenis.PENGAJUAN_PANTI:
        return user.has_perm("rujukan.setujui") and penanda_tangan_surat(
            user=user, rujukan=dokumen.rujukan
        )
    if dokumen.jenis in (_Jenis.LAPORAN_KEGIATAN, _Jenis.LAPORAN_SOSIAL):
        return user.has_perm("rujukan.tangani")
    return user.has_perm("rujukan.serahkan")


# -- letter templates ----------------------------------------------------------
def boleh_menulis_templat(*, user: PenggunaAtauTamu | None, instansi: Instansi) -> bool:
    """Write a new version of an office's letter template: its own Admin
    Instansi (or a superuser, for any office)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    pegawai = pegawai_dari(user)
    return (
        pegawai is not None
        and pegawai.instansi_id == instansi.pk
        and user.has_perm("rujukan.add_templatsurat")
    )


def boleh_ekspor_data_klien(*, user: PenggunaAtauTamu, klien: Klien) -> bool:
    """Export everything held about `klien` (an access request): an official
    of the klien's own instansi holding rujukan.ekspor_data_klien."""
    pegawai = pegawai_dari(user)
    return bool(
        pegawai is not None
        and pegawai.instansi_id == klien.instansi_id
        and user.has_perm("rujukan.ekspor_data_klien")
    )


# -- raising helpers for services --------------------------------------------
def pastikan_instansi(user: PenggunaAtauTamu | None, rujukan: Rujukan) -> None:
    if not sama_instansi(user, rujukan) and not _panti_user(user, rujukan):
        raise IzinDitolak(_("Rujukan ini bukan milik instansi Anda."))


def pastikan_izin(
    user: PenggunaAtauTamu,
    izin: str,
    *,
    rujukan: Rujukan | None = None,
    instansi: Instansi | None = None,
) -> None:
    """Raise IzinDitolak unless the user holds `rujukan.<izin>` in the right instansi."""
    target = instansi if instansi is not None else (rujukan.instansi if rujukan else None)
    pegawai = pegawai_dari(user)
    if pegawai is None or (target is not None and pegawai.instansi_id != target.pk):
        raise IzinDitolak(_("Anda tidak dapat bertindak atas data instansi lain."))
    if not user.has_perm(f"rujukan.{izin}"):
        raise IzinDitolak(_("Peran Anda tidak berwenang melakukan tindakan ini."))
    if (
        rujukan is not None
        and izin in IZIN_LAPANGAN
        and not boleh_kerja_lapangan(user=user, rujukan=rujukan)
    ):
        raise IzinDitolak(
            _("Hanya pekerja sosial yang ditugaskan pada rujukan ini yang dapat mencatatnya.")
        )
