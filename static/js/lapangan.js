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
    form.addEventListener("submit", function (ev) {
      simpan(kunci, { t: Date.now(), v: isian(form) });
      var off = form.querySelector("[data-offline-info]");
      if (navigator.onLine === false) {
        ev.preventDefault();
        if (off) off.hidden = false;
        return;
      }
      var tombol = form.querySelector("button[type=submit]");
      if (tombol) { tombol.disabled = true; tombol.textContent = "Mengirim…"; }
      // Re-enable if the page is still here after a while (lost connection).
      setTimeout(function () { if (tombol) { tombol.disabled = false; tombol.textContent = "Kirim lagi"; } }, 60000);
    });
  });

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
})();
