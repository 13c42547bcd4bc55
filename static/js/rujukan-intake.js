/* Intake form: show the birth date, sex and age read from the NIK as it is typed.
   The server checks the NIK again (rujukan.validators); this is only a hint. */
(function () {
  "use strict";
  var input = document.getElementById("id_nik");
  var out = document.getElementById("nik-info");
  if (!input || !out) { return; }
  var BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember"];
  function baca() {
    var nik = input.value.replace(/[\s.\-]/g, "");
    if (!/^\d{16}$/.test(nik)) {
      out.textContent = nik.length ? "NIK terdiri dari 16 angka (" + nik.length + " diketik)." : "";
      return;
    }
    var hari = parseInt(nik.slice(6, 8), 10), bulan = parseInt(nik.slice(8, 10), 10);
    var yy = parseInt(nik.slice(10, 12), 10), kelamin = "Laki-laki";
    if (hari > 40) { hari -= 40; kelamin = "Perempuan"; }
    var kini = new Date(), tahun = 2000 + yy;
    if (tahun > kini.getFullYear()) { tahun -= 100; }
    var lahir = new Date(tahun, bulan - 1, hari);
    if (bulan < 1 || bulan > 12 || lahir.getDate() !== hari || lahir > kini) {
      out.textContent = "Tanggal lahir dalam NIK tidak sah (digit 7-12).";
      return;
    }
    var usia = kini.getFullYear() - tahun;
    if (kini.getMonth() < bulan - 1 || (kini.getMonth() === bulan - 1 && kini.getDate() < hari)) { usia -= 1; }
    out.textContent = "Dari NIK: lahir " + hari + " " + BULAN[bulan - 1] + " " + tahun + " · " +
      kelamin + " · " + usia + " tahun";
  }
  input.addEventListener("input", baca);
  if (input.value) { baca(); }
})();

/* Family/group intake: "Tambah baris anggota" adds an empty member row from the
   formset's template (without JavaScript the form still offers three rows). */
(function () {
  "use strict";
  var tombol = document.querySelector("[data-tambah-anggota]");
  var daftar = document.getElementById("anggota-list");
  var kosong = document.getElementById("anggota-kosong");
  var total = document.getElementById("id_anggota-TOTAL_FORMS");
  var maks = document.getElementById("id_anggota-MAX_NUM_FORMS");
  if (!tombol || !daftar || !kosong || !total) { return; }
  tombol.hidden = false;
  tombol.addEventListener("click", function () {
    var n = parseInt(total.value, 10);
    if (maks && n >= parseInt(maks.value, 10)) { tombol.disabled = true; return; }
    var html = kosong.innerHTML.replace(/__prefix__/g, String(n));
    daftar.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    var baru = daftar.lastElementChild.querySelector("input");
    if (baru) { baru.focus(); }
  });
})();
