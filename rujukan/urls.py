from django.urls import path

from rujukan.views import (
    arsip,
    daftar,
    dokumen,
    ekspor,
    intake,
    kasus,
    lacak,
    panti,
    persetujuan,
    rekap,
)

app_name = "rujukan"
urlpatterns = [
    path("", daftar.daftar, name="daftar"),
    path("baru/", intake.pilih_layanan, name="baru"),
    path("baru/<int:layanan>/", intake.registrasi, name="registrasi"),
    path("baru/<int:layanan>/<int:sub>/", intake.registrasi, name="registrasi_sub"),
    path("lacak/", lacak.lacak, name="lacak"),
    path("arsip/", arsip.daftar, name="arsip"),
    path("arsip/ekspor.<str:format>", arsip.ekspor, name="arsip_ekspor"),
    path("rekap/", rekap.halaman, name="rekap"),
    path("rekap/unduh.<str:format>", rekap.unduh, name="rekap_unduh"),
    path("klien/<int:pk>/ekspor/", ekspor.ekspor_klien, name="ekspor_klien"),
    path("panti/", panti.panti_daftar, name="panti_daftar"),
    path("panti/<int:pk>/", panti.panti_detail, name="panti_detail"),
    path("panti/<int:pk>/lampiran/<int:item>/", panti.panti_lampiran, name="panti_lampiran"),
    path("persetujuan/", persetujuan.inbox, name="persetujuan"),
    path("persetujuan/setujui/", persetujuan.setujui_bersama, name="persetujuan_bersama"),
    path("persetujuan/<int:pk>/", persetujuan.periksa, name="persetujuan_periksa"),
    path("persetujuan/<int:pk>/foto/<int:dok>/", persetujuan.foto, name="persetujuan_foto"),
    path("<int:pk>/", kasus.detail, name="detail"),
    path("<int:pk>/aksi/<slug:kode>/", kasus.aksi, name="aksi"),
    path(
        "<int:pk>/langkah/<int:langkah>/selesai/",
        kasus.selesaikan_langkah,
        name="selesaikan_langkah",
    ),
    path(
        "<int:pk>/langkah/<int:langkah>/kembali/",
        kasus.kembalikan_langkah,
        name="kembalikan_langkah",
    ),
    path("<int:pk>/berkas/<int:item>/", kasus.berkas_periksa, name="berkas_periksa"),
    path("<int:pk>/berkas/<int:item>/unduh/", kasus.unduh_berkas, name="unduh_berkas"),
    path("<int:pk>/dokumen/<int:dokumen>/", kasus.unduh_dokumen, name="unduh_dokumen"),
    path("<int:pk>/dokumen/<int:dokumen>/<slug:kode>/", dokumen.ubah, name="ubah_dokumen"),
    path(
        "<int:pk>/panti/<int:pengajuan>/surat/",
        kasus.unduh_surat_panti,
        name="unduh_surat_panti",
    ),
    path("<int:pk>/pratinjau/<slug:jenis>/", kasus.pratinjau, name="pratinjau"),
]
