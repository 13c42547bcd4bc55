/* Field pages: keep what is typed on the phone until the server has it,
   warn before uploading a file that is too big, fill the location on request.
   Everything here is optional: the forms work without JavaScript. */
(function () {
  "use strict";
  var HARI = 7 * 24 * 3600 * 1000; // drafts older than a week are dropped
  function simpan(k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) {} }
  function baca(k) { try { return JSON.parse(localStorage.getItem(k) || "null"); } catch (e) { return null; } }
  function hapus(k) { try { localStorage.removeItem(k); } catch (e) {} }

  // A saved case page clears the draft of the form that was sent.
  document.querySelectorAll("[data-hapus-draf]").forEach(function (el) { hapus("draf:" + el.dataset.hapusDraf); });
  // ... and so does a form the service worker put in the queue (?antre=asesmen).
  (function () {
    var jenis = new URLSearchParams(location.search).get("antre"), m = location.pathname.match(/\/(\d+)\/$/);
    if (m && (jenis === "asesmen" || jenis === "kegiatan")) hapus("draf:lapangan:" + jenis + ":" + m[1]);
  })();

  function isian(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      // never a password in the draft kept on the phone
      if (!el.name || el.type === "file" || el.type === "password" || el.name === "csrfmiddlewaretoken" || el.type === "submit") return;
      if (el.type === "radio") { if (el.checked) data[el.name] = el.value; return; }
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) data[el.name].push(el.value);
        return;
      }
      data[el.name] = el.value;
    });
    return data;
  }

  function pulihkan(form, data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "file" || el.type === "password" || el.name === "csrfmiddlewaretoken") return;
      var v = data[el.name];
      if (el.type === "radio") el.checked = el.value === v;
      else if (el.type === "checkbox") el.checked = Array.isArray(v) && v.indexOf(el.value) >= 0;
      else el.value = v;
    });
  }

  document.querySelectorAll("form[data-draf]").forEach(function (form) {
    var kunci = "draf:" + form.dataset.draf;
    var info = document.querySelector("[data-draf-info]");
    var draf = baca(kunci);
    if (draf && Date.now() - draf.t > HARI) { hapus(kunci); draf = null; }
    // A form the server sent back (with errors) already holds what was typed.
    if (draf && !form.hasAttribute("data-terikat")) {
      pulihkan(form, draf.v);
      if (info) {
        info.querySelector("span").textContent = "Draf yang belum terkirim dipulihkan dari perangkat ini (" +
          new Date(draf.t).toLocaleString("id-ID") + ").";
        info.hidden = false;
      }
    }
    if (info) info.querySelector("[data-buang-draf]").addEventListener("click", function () {
      hapus(kunci); info.hidden = true; form.reset();
    });
    var jeda;
    function catat() {
      clearTimeout(jeda);
      jeda = setTimeout(function () { simpan(kunci, { t: Date.now(), v: isian(form) }); }, 300);
    }
    form.addEventListener("input", catat);
    form.addEventListener("change", catat);
    // The idempotency key of this record: made when the form is first opened
    // (kept with the draft), so a form sent twice is recorded once.
    var kunciEl = form.elements.kunci_kiriman;
    if (kunciEl && !kunciEl.value && window.AntreanLapangan) kunciEl.value = AntreanLapangan.kunciBaru();
    // what the queue calls this record if the service worker has to keep it
    if (kunciEl && form.dataset.judul && !form.elements.judul_luring) {
      var judul = document.createElement("input");
      judul.type = "hidden"; judul.name = "judul_luring"; judul.value = form.dataset.judul;
      form.appendChild(judul);
    }
    form.addEventListener("submit", function (ev) {
      simpan(kunci, { t: Date.now(), v: isian(form) });
      var off = form.querySelector("[data-offline-info]");
      if (navigator.onLine === false) {
        ev.preventDefault();
        antrekan(form, kunci, off);
        return;
      }
      var tombol = form.querySelector("button[type=submit]");
      if (tombol) { tombol.disabled = true; tombol.textContent = "Mengirim…"; }
      // Re-enable if the page is still here after a while (lost connection).
      setTimeout(function () { if (tombol) { tombol.disabled = false; tombol.textContent = "Kirim lagi"; } }, 60000);
    });
  });

  /* No signal: keep the form (photos included) in the queue on this phone,
     unless it needs a password (those are never kept on the phone). */
  function antrekan(form, kunciDraf, off) {
    var kotak = document.querySelector("[data-antrean]");
    var sandi = form.querySelector("input[type=password]");
    var perluSandi = sandi && form.elements.akhiri_reunifikasi && form.elements.akhiri_reunifikasi.checked;
    function kabar(teks, galat) {
      if (!off) return;
      off.textContent = teks;
      off.hidden = false;
      off.classList.toggle("errorlist", !!galat);
      off.setAttribute("role", galat ? "alert" : "status");
    }
    if (!window.AntreanLapangan || !window.indexedDB || !kotak || !form.elements.kunci_kiriman) {
      kabar("Tidak ada sinyal. Tulisan Anda tersimpan di perangkat ini; kirim lagi setelah ada sinyal.");
      return;
    }
    if (perluSandi) {
      kabar("Mengakhiri kasus memerlukan kata sandi dan sinyal, jadi tidak dapat disimpan tanpa sinyal. " +
        "Hapus centang itu untuk menyimpan kegiatan saja, atau kirim setelah ada sinyal.", true);
      return;
    }
    var item = AntreanLapangan.dariForm(form, {
      jenis: form.dataset.luring, judul: form.dataset.judul, kasus: form.dataset.kasus, pengguna: kotak.dataset.pengguna,
    });
    AntreanLapangan.simpan(item).then(function () {
      hapus(kunciDraf);
      form.reset();
      form.elements.kunci_kiriman.value = AntreanLapangan.kunciBaru();
      form.querySelectorAll(".galat-js").forEach(function (el) { el.textContent = ""; });
      kabar("Tidak ada sinyal. " + item.judul + " tersimpan di ponsel ini" +
        (item.berkas.length ? " bersama " + item.berkas.length + " berkas" : "") +
        " dan akan dikirim otomatis saat ada sinyal.");
      tampilkanAntrean();
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (reg) {
          if (reg.sync) reg.sync.register("antrean-lapangan").catch(function () {});
        });
      }
    }, function () {
      kabar("Ponsel tidak dapat menyimpan kiriman ini (ruang penyimpanan penuh?). Tulisan tetap ada sebagai draf; kirim setelah ada sinyal.", true);
    });
  }

  // Too big or too many files: say so before anything is uploaded.
  document.querySelectorAll("input[type=file][data-maks-mb]").forEach(function (input) {
    input.addEventListener("change", function () {
      var maks = parseFloat(input.dataset.maksMb) * 1024 * 1024, n = parseInt(input.dataset.maksN || "0", 10);
      var pesan = "";
      Array.prototype.forEach.call(input.files, function (f) {
        if (f.size > maks) pesan = "“" + f.name + "” " + (f.size / 1048576).toFixed(1).replace(".", ",") +
          " MB: lebih besar dari batas " + input.dataset.maksMb + " MB. Pilih berkas lain.";
      });
      if (!pesan && n && input.files.length > n) pesan = "Paling banyak " + n + " foto sekali kirim.";
      var out = input.parentNode.querySelector(".galat-js");
      if (!out) { out = document.createElement("p"); out.className = "galat-js errorlist"; out.setAttribute("role", "alert"); input.after(out); }
      out.textContent = pesan;
      if (pesan) input.value = "";
    });
  });

  // Location, only when the user asks and allows it.
  document.querySelectorAll("[data-lokasi]").forEach(function (btn) {
    if (!navigator.geolocation) return;
    btn.hidden = false;
    var form = btn.closest("form"), status = form.querySelector("[data-lokasi-status]");
    btn.addEventListener("click", function () {
      status.textContent = "Mencari lokasi…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements.lintang.value = pos.coords.latitude.toFixed(6);
        form.elements.bujur.value = pos.coords.longitude.toFixed(6);
        form.elements.akurasi.value = Math.round(pos.coords.accuracy);
        status.textContent = "Lokasi terisi (±" + Math.round(pos.coords.accuracy) + " m).";
        form.dispatchEvent(new Event("change"));
      }, function () {
        status.textContent = "Lokasi tidak didapat (izin ditolak atau tidak ada sinyal GPS). Kegiatan tetap dapat disimpan.";
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  });

  // -- the queue of what is waiting to be sent, the service worker ---------------------------
  var kotak = document.querySelector("[data-antrean]");
  var LABEL = { menunggu: "Menunggu sinyal", konflik: "Konflik", ditolak: "Ditolak" };
  var BADGE = { menunggu: "badge-warn", konflik: "badge-bad", ditolak: "badge-bad" };
  var terkirimTerakhir = [];

  function tampilkanAntrean(status) {
    if (!kotak || !window.AntreanLapangan || !window.indexedDB) return Promise.resolve();
    return AntreanLapangan.semua(kotak.dataset.pengguna).then(function (daftar) {
      var ol = kotak.querySelector("[data-antrean-daftar]"), tpl = document.querySelector("[data-antrean-butir]");
      ol.textContent = "";
      kotak.querySelector("[data-antrean-jumlah]").textContent = daftar.length;
      daftar.forEach(function (item) {
        var li = tpl.content.firstElementChild.cloneNode(true);
        var st = li.querySelector("[data-butir-status]");
        st.textContent = LABEL[item.status] || item.status;
        st.classList.add(BADGE[item.status] || "badge-warn");
        li.dataset.status = item.status;
        li.querySelector("[data-butir-judul]").textContent = item.judul;
        li.querySelector("[data-butir-waktu]").textContent = "Dicatat " + new Date(item.dibuat).toLocaleString("id-ID") +
          (item.berkas.length ? " · " + item.berkas.length + " berkas" : "");
        var masalah = item.status !== "menunggu";
        if (masalah) {
          var p = li.querySelector("[data-butir-pesan]");
          p.textContent = item.pesan; p.hidden = false;
          li.querySelector("[data-butir-aksi]").hidden = false;
        }
        var isi = li.querySelector("[data-butir-isi]");
        isi.hidden = false;
        li.querySelector("[data-butir-teks]").textContent = AntreanLapangan.teks(item);
        li.querySelector("[data-butir-salin]").addEventListener("click", function (ev) {
          var teks = AntreanLapangan.teks(item), btn = ev.currentTarget;
          isi.open = true;
          (navigator.clipboard ? navigator.clipboard.writeText(teks) : Promise.reject()).then(function () {
            btn.textContent = "Tersalin";
          }, function () {
            var r = document.createRange(); r.selectNodeContents(li.querySelector("[data-butir-teks]"));
            var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
            btn.textContent = "Teks terpilih: salin";
          });
        });
        li.querySelector("[data-butir-ulang]").addEventListener("click", function () {
          item.status = "menunggu"; item.pesan = "";
          AntreanLapangan.simpan(item).then(kirimAntrean);
        });
        li.querySelector("[data-butir-buang]").addEventListener("click", function () {
          if (!window.confirm("Buang “" + item.judul + "” dari ponsel ini? Isinya tidak tersimpan di server dan tidak dapat dikembalikan.")) return;
          AntreanLapangan.hapus(item.kunci).then(function () { tampilkanAntrean(); });
        });
        ol.appendChild(li);
      });
      var teks = status || "";
      if (!teks && daftar.some(function (i) { return i.status === "menunggu"; })) {
        teks = navigator.onLine === false ? "Tidak ada sinyal. Akan dikirim otomatis saat sinyal kembali." : "";
      }
      var statusEl = kotak.querySelector("[data-antrean-status]");
      statusEl.textContent = teks;
      if (!teks && terkirimTerakhir.length) {
        // what was sent, with a link to the case as it is now
        terkirimTerakhir.forEach(function (t) {
          var p = document.createElement("span");
          p.textContent = "Terkirim: " + t.pesan + " ";
          var a = document.createElement("a");
          a.href = t.url; a.textContent = "Buka halaman kasus terbaru";
          p.appendChild(a);
          statusEl.appendChild(p);
          statusEl.appendChild(document.createTextNode(" "));
        });
        teks = "terkirim";
      }
      kotak.querySelector("[data-antrean-kirim]").hidden = !(navigator.onLine !== false &&
        daftar.some(function (i) { return i.status === "menunggu"; }));
      kotak.hidden = daftar.length === 0 && !teks;
      kotak.dataset.jumlah = daftar.length;
    });
  }

  function kirimAntrean() {
    if (!kotak || !window.AntreanLapangan || !window.indexedDB || navigator.onLine === false) return tampilkanAntrean();
    return AntreanLapangan.kirimSemua(kotak.dataset.pengguna, function (h) {
      if (h.mengirim) { tampilkanAntrean("Mengirim…"); return; }
      (h.terkirim || []).forEach(function (t) { terkirimTerakhir.push({ pesan: t.data.pesan, url: t.data.url }); });
      var status = h.berhenti === "masuk" ? "Sesi Anda berakhir: masuk lagi, lalu antrean dikirim otomatis." :
        h.berhenti === "nanti" ? "Server sedang bermasalah; dicoba lagi nanti." :
        h.berhenti === "putus" ? "Sinyal putus; dicoba lagi saat sinyal kembali." : "";
      tampilkanAntrean(status);
    }).catch(function () { tampilkanAntrean(); });
  }

  if (kotak) {
    kotak.querySelector("[data-antrean-kirim]").addEventListener("click", kirimAntrean);
    window.addEventListener("online", kirimAntrean);
    window.addEventListener("offline", function () { tampilkanAntrean(); });
    kirimAntrean();
    setInterval(function () { if (navigator.onLine !== false) kirimAntrean(); }, 60000);
    if ("serviceWorker" in navigator && kotak.dataset.sw) {
      navigator.serviceWorker.register(kotak.dataset.sw, { scope: kotak.dataset.lingkup }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (reg) {
        // the pages kept offline belong to this user only
        if (reg.active) reg.active.postMessage({ tipe: "pengguna", id: kotak.dataset.pengguna });
      }).catch(function () {});
      navigator.serviceWorker.addEventListener("message", function (e) {
        if (e.data && e.data.tipe === "kirim") kirimAntrean();
      });
    }
    // Logging out clears this phone (the server sends Clear-Site-Data): say
    // what is still waiting before it goes.
    document.querySelectorAll("form[action='" + kotak.dataset.keluar + "']").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        var n = parseInt(kotak.dataset.jumlah || "0", 10);
        if (n && !window.confirm(n + " catatan lapangan belum terkirim dan akan terhapus dari ponsel ini bila Anda keluar. Tetap keluar?")) ev.preventDefault();
      });
    });
  }

  // Forms that need a password (and so a signal) say so while there is none.
  function sinyal() {
    document.querySelectorAll("[data-perlu-sinyal]").forEach(function (f) {
      var luring = navigator.onLine === false;
      f.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = luring; });
      var info = f.querySelector("[data-perlu-sinyal-info]");
      if (info) info.hidden = !luring;
    });
  }
  window.addEventListener("online", sinyal);
  window.addEventListener("offline", sinyal);
  sinyal();
})();
