/* The field pages' offline queue: an assessment or activity filled without a
   signal is kept on the phone (IndexedDB: its fields and its photos/video as
   Blobs) with an idempotency key, shown in the "Menunggu dikirim" box, and
   sent in order when the signal returns. The server records the key, so a
   send repeated after a lost answer records nothing twice. A refusal (409: the
   case moved meanwhile; 4xx: bad input) stays in the queue with the server's
   message until the user copies and discards it: nothing is lost silently.
   Never a password here: a form that needs one is not kept. */
(function () {
  "use strict";
  var DB = "lapangan-luring", TOKO = "antrean";

  function buka() {
    return new Promise(function (ok, gagal) {
      var r = indexedDB.open(DB, 1);
      r.onupgradeneeded = function () {
        r.result.createObjectStore(TOKO, { keyPath: "kunci" }).createIndex("urutan", "urutan");
      };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { gagal(r.error); };
    });
  }

  function kerja(mode, fn) {
    return buka().then(function (db) {
      return new Promise(function (ok, gagal) {
        var t = db.transaction(TOKO, mode), hasil;
        fn(t.objectStore(TOKO), function (v) { hasil = v; });
        t.oncomplete = function () { db.close(); ok(hasil); };
        t.onerror = t.onabort = function () { db.close(); gagal(t.error); };
      });
    });
  }

  var A = {
    semua: function (pengguna) {
      return kerja("readonly", function (s, set) {
        var r = s.index("urutan").getAll();
        r.onsuccess = function () {
          set(r.result.filter(function (i) { return pengguna == null || i.pengguna === String(pengguna); }));
        };
      });
    },
    simpan: function (item) { return kerja("readwrite", function (s) { s.put(item); }); },
    hapus: function (kunci) { return kerja("readwrite", function (s) { s.delete(kunci); }); },
  };

  A.kunciBaru = function () {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  };

  /* What a chosen value reads as: the label of the radio/checkbox, the option's text. */
  function tampilan(form, nama, v) {
    var el = form.elements[nama];
    var daftar = el && !el.tagName && el.length !== undefined ? Array.prototype.slice.call(el) : [el];
    for (var i = 0; i < daftar.length; i++) {
      var e = daftar[i];
      if (!e) continue;
      if (e.type === "checkbox" && e.checked && e.value === v && daftar.length === 1) return "Ya";
      if ((e.type === "radio" || e.type === "checkbox") && e.checked && e.value === v) {
        var l = (e.id && form.querySelector("label[for='" + e.id + "']")) || e.closest("label");
        return l ? l.textContent.trim() : v;
      }
      if (e.tagName === "SELECT") {
        var o = Array.prototype.filter.call(e.options, function (o) { return o.value === v; })[0];
        return o ? o.textContent.trim() : v;
      }
    }
    return v;
  }

  /* The form as a queue item: its fields (never a password or the CSRF token)
     with their labels, and its files as Blobs. */
  A.dariForm = function (form, info) {
    var fd = new FormData(form), bidang = [], berkas = [], label = {};
    fd.forEach(function (v, nama) {
      var el = form.elements[nama];
      var jenis = el && el.type ? el.type : (el && el[0] ? el[0].type : "");
      if (nama === "csrfmiddlewaretoken" || jenis === "password" || nama === "kata_sandi") return;
      if (v instanceof Blob) { if (v.size > 0) berkas.push({ nama: nama, blob: v, berkas: v.name || "foto.jpg" }); return; }
      bidang.push([nama, v, tampilan(form, nama, v)]);
      if (!(nama in label)) {
        var e = el && el.id ? el : (el && el[0]) || null;
        var l = e && e.id ? form.querySelector("label[for='" + e.id + "']") : null;
        var fs = e && e.closest ? e.closest(".field") : null;
        var lab = fs ? fs.querySelector("label, legend, .label") : l;
        label[nama] = ((lab || l) ? (lab || l).textContent : nama).replace(/\s*\*\s*$/, "").trim();
      }
    });
    return {
      kunci: form.elements.kunci_kiriman.value,
      urutan: Date.now(),
      url: form.action,
      jenis: info.jenis,
      judul: info.judul,
      kasus: info.kasus,
      pengguna: String(info.pengguna),
      dibuat: new Date().toISOString(),
      bidang: bidang,
      label: label,
      berkas: berkas,
      status: "menunggu",
      pesan: "",
    };
  };

  A.teks = function (item) {
    var baris = [item.judul, "Dicatat " + new Date(item.dibuat).toLocaleString("id-ID"), ""];
    item.bidang.forEach(function (b) {
      if (/^(kunci_kiriman|dasar_tahap|dasar_asesmen|judul_luring)$/.test(b[0]) || !String(b[1]).trim()) return;
      baris.push((item.label[b[0]] || b[0]) + ": " + (b[2] || b[1]));
    });
    if (item.berkas.length) baris.push("Berkas: " + item.berkas.map(function (b) { return b.berkas; }).join(", "));
    return baris.join("\n");
  };

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  /* Send one item: "terkirim", "putus" (no network: stop), "masuk" (the
     session ended: stop), "nanti" (server trouble: stop), or "ditolak". */
  A.kirim = function (item) {
    var fd = new FormData();
    item.bidang.forEach(function (b) { fd.append(b[0], b[1]); });
    item.berkas.forEach(function (b) { fd.append(b.nama, b.blob, b.berkas); });
    return fetch(item.url, {
      method: "POST",
      body: fd,
      credentials: "same-origin",
      headers: { "X-Kunci-Kiriman": item.kunci, "X-CSRFToken": csrf(), Accept: "application/json" },
    }).then(function (resp) {
      var json = (resp.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json && (resp.redirected || resp.status === 401)) return { hasil: "masuk" };
      if (resp.status >= 500 || resp.status === 429) return { hasil: "nanti" };
      return (json ? resp.json() : Promise.resolve(null)).then(function (d) {
        if (resp.ok && d && d.status === "tersimpan") return { hasil: "terkirim", data: d };
        if (!d && resp.status === 403) return { hasil: "masuk" }; // CSRF: a new session
        return {
          hasil: "ditolak",
          konflik: resp.status === 409,
          pesan: d && d.pesan ? d.pesan : "Server menolak kiriman ini (kode " + resp.status + ").",
        };
      });
    }, function () { return { hasil: "putus" }; });
  };

  var sedang = false;
  /* Send every waiting item of this user, oldest first, one at a time. */
  A.kirimSemua = function (pengguna, kabar) {
    if (sedang) return Promise.resolve();
    sedang = true;
    var jalan = function () {
      return A.semua(pengguna).then(function (daftar) {
        var menunggu = daftar.filter(function (i) { return i.status === "menunggu"; });
        var berhenti = null, terkirim = [];
        var satu = function (k) {
          if (k >= menunggu.length || berhenti) return Promise.resolve();
          var item = menunggu[k];
          kabar && kabar({ mengirim: item.kunci });
          return A.kirim(item).then(function (h) {
            if (h.hasil === "terkirim") {
              terkirim.push({ item: item, data: h.data });
              return A.hapus(item.kunci);
            }
            if (h.hasil === "ditolak") {
              item.status = h.konflik ? "konflik" : "ditolak";
              item.pesan = h.pesan;
              return A.simpan(item);
            }
            berhenti = h.hasil;
          }).then(function () { return satu(k + 1); });
        };
        return satu(0).then(function () { return { berhenti: berhenti, terkirim: terkirim }; });
      });
    };
    var p = navigator.locks ? navigator.locks.request("antrean-lapangan", jalan) : jalan();
    return p.then(function (h) { sedang = false; kabar && kabar(h || {}); return h; },
      function (e) { sedang = false; throw e; });
  };

  self.AntreanLapangan = A;
})();
