"""`manage.py buat_akun_demo`: one demo login per role per office, plus "admin".
Each demo account holds every jabatan of its office that grants its role, so
the seeded standards' steps have someone to do them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from layanan.models import Instansi, Jabatan, Kelurahan, Panti, Pegawai, Peran
from layanan.roles import GROUP_NAMES

# Passes the portal's password rules (AUTH_PASSWORD_VALIDATORS: no office or
# town words such as "dinsos" with digits).
DEMO_PASSWORD = "latihan-akun-demo"
SUPERUSER = "admin"

# Short login prefix, jabatan and a fictitious person per role.
AKUN_PERAN: dict[str, tuple[str, str, str]] = {
    Peran.PETUGAS_LOKET: ("loket", "Petugas Loket Pelayanan", "Rina Wulandari"),
    Peran.PEKERJA_SOSIAL: ("peksos", "Pekerja Sosial", "Bima Saputra, S.Tr.Sos."),
    Peran.KOORDINATOR: ("koordinator", "Koordinator Pelayanan", "Dewi Anggraini, S.Sos."),
    Peran.KEPALA_BIDANG: (
        "kabid",
        "Kepala Bidang Rehabilitasi Sosial",
        "Hasan Basri, S.Sos., M.Si.",
    ),
    Peran.KEPALA_DINAS: ("kadis", "Kepala Dinas", "Drs. Yusuf Hidayat, M.M."),
    Peran.ADMIN_INSTANSI: ("admin", "Admin Instansi", "Lestari Handayani"),
    Peran.PANTI: ("panti", "Petugas Panti/Lembaga", "Maria Magdalena"),
    Peran.OPERATOR_KELURAHAN: ("kelurahan", "Operator Kelurahan", "Andi Rahman"),
}
# The demo operator's kelurahan (fictitious, one per office).
KELURAHAN_DEMO = ("Sukamaju", "Contoh")
PANGKAT: dict[str, str] = {
    Peran.KOORDINATOR: "Penata (III/c)",
    Peran.KEPALA_BIDANG: "Pembina (IV/a)",
    Peran.KEPALA_DINAS: "Pembina Utama Muda (IV/c)",
}
# Roles whose name appears on letters (paraf or signature) get a NIP.
BERNIP = (Peran.KOORDINATOR, Peran.KEPALA_BIDANG, Peran.KEPALA_DINAS, Peran.PEKERJA_SOSIAL)


def demo_nip(peran_index: int, instansi_index: int) -> str:
    """A well-formed but fictitious NIP: born 1 Jan 1980, appointed Jan 2005,
    sequence 9xx so it reads as a demo number."""
    return f"19800101200501{1 + peran_index % 2}9{instansi_index % 10}{peran_index % 10}"


class Command(BaseCommand):
    help = (
        "Membuat akun demo: satu akun untuk setiap peran di setiap instansi (dengan profil "
        "pegawai), ditambah superuser 'admin' untuk admin Django. Semua akun memakai satu kata "
        "sandi yang diketahui umum, jadi perintah ini menolak berjalan bila DEBUG mati (server "
        "produksi): akun dengan sandi yang dikenal di server sungguhan berarti siapa pun dapat "
        "masuk dan melihat data klien. Pakai --force hanya untuk server demo tanpa data asli. "
        "Aman dijalankan berulang kali."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"Kata sandi semua akun demo (bawaan: {DEMO_PASSWORD}).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Jalankan juga bila DEBUG mati. Jangan dipakai di server berisi data asli.",
        )

    def handle(self, *args, password: str, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG mati: akun demo dengan kata sandi yang diketahui umum tidak dibuat di "
                "server produksi. Tambahkan --force bila ini memang server demo tanpa data asli."
            )
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("Kata sandi demo ditolak: " + " ".join(exc.messages)) from None
        instansi_list = list(Instansi.objects.order_by("slug"))
        if not instansi_list:
            raise CommandError("Belum ada instansi. Jalankan dulu: python manage.py muat_standar")
        groups = {peran: Group.objects.get(name=name) for peran, name in GROUP_NAMES.items()}
        baris: list[tuple[str, str, str]] = []
        with transaction.atomic():
            self._superuser(password)
            baris.append(("(semua)", "Superuser admin Django", SUPERUSER))
            for i_instansi, instansi in enumerate(instansi_list, start=1):
                for i_peran, (peran, (prefix, jabatan, nama)) in enumerate(
                    AKUN_PERAN.items(), start=1
                ):
                    username = f"{prefix}.{instansi.slug}"
                    self._akun(
                        username=username,
                        password=password,
                        instansi=instansi,
                        peran=peran,
                        group=groups[peran],
                        jabatan=jabatan,
                        nama=nama,
                        nip=demo_nip(i_peran, i_instansi) if peran in BERNIP else "",
                    )
                    baris.append((str(instansi), Peran(peran).label, username))
        self._tabel(baris, password)

    def _superuser(self, password: str) -> None:
        user, _ = User.objects.get_or_create(username=SUPERUSER)
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()

    def _akun(
        self,
        *,
        username: str,
        password: str,
        instansi: Instansi,
        peran: str,
        group: Group,
        jabatan: str,
        nama: str,
        nip: str,
    ) -> None:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = nama.split(",")[0].removeprefix("Drs. ")[:150]
        user.is_active = True
        # Only the office admin edits standards and users through the Django admin.
        user.is_staff = peran == Peran.ADMIN_INSTANSI
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.set([group])
        panti = None
        if peran == Peran.PANTI:
            panti = Panti.objects.filter(instansi=instansi, aktif=True).order_by("pk").first()
        kelurahan = None
        if peran == Peran.OPERATOR_KELURAHAN:
            kelurahan, _ = Kelurahan.objects.get_or_create(
                instansi=instansi, nama=KELURAHAN_DEMO[0], kecamatan=KELURAHAN_DEMO[1]
            )
        defaults = {
            "kelurahan": kelurahan,
            "instansi": instansi,
            "nama": nama,
            "jabatan": jabatan if peran != Peran.KEPALA_DINAS else f"Kepala {instansi.nama}",
            "nip": nip,
            "pangkat": PANGKAT.get(peran, ""),
            "panti": panti,
        }
        pegawai = Pegawai.objects.filter(user=user).first() or Pegawai(user=user)
        for key, value in defaults.items():
            setattr(pegawai, key, value)
        pegawai.full_clean()
        pegawai.save()
        pegawai.jabatan_portal.set(Jabatan.objects.filter(instansi=instansi, peran=peran))

    def _tabel(self, baris: list[tuple[str, str, str]], password: str) -> None:
        lebar = [max(len(r[i]) for r in baris) for i in range(3)]
        judul = ("Instansi", "Peran", "Login")
        lebar = [max(w, len(j)) for w, j in zip(lebar, judul, strict=True)]

        def garis(r: tuple[str, str, str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(r, lebar, strict=True)).rstrip()

        self.stdout.write(self.style.MIGRATE_HEADING(garis(judul)))
        for r in baris:
            self.stdout.write(garis(r))
        self.stdout.write(
            self.style.SUCCESS(f"{len(baris)} akun siap. Kata sandi semua akun: {password}")
        )
        self.stdout.write(
            "Koordinator, Kepala Bidang, Kepala Dinas, Admin Instansi dan superuser mendaftarkan "
            "aplikasi autentikator (TOTP) saat pertama kali masuk."
        )
