/* Service worker of the field pages (served as /lapangan/sw.js: its scope is
   /lapangan/). It keeps the shell (CSS/JS) and the field pages the peksos
   opened, so that they open without a signal:
   - static files: from the cache first, refreshed from the network;
   - field pages (GET): network first; a good answer replaces the kept copy;
     without a signal the kept copy is shown (or a short notice);
   - photos/videos of a case are never kept here; forms filled without a
     signal are kept by the page script in IndexedDB
     (static/js/lapangan-antrean.js) and sent when the signal returns; an
     assessment/activity form whose post fails on the way (the page thought
     it had a signal) is put in the same queue here (never one with a
     password), and the case page is shown.
   The kept pages belong to the user who opened them: a page tells this
   worker who is logged in, and another user's pages are dropped at once;
   logging out clears every cache and the queue (Clear-Site-Data). */
"use strict";
importScripts({{ antrean_json|safe }});
var VERSI = {{ versi_json|safe }};
var ASET = "lapangan-aset-" + VERSI;
var HALAMAN = "lapangan-halaman";
var DAFTAR_ASET = {{ aset_json|safe }};
var LINGKUP = new URL(self.registration.scope).pathname;

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(ASET).then(function (c) { return c.addAll(DAFTAR_ASET); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("lapangan-aset-") === 0 && k !== ASET; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function halamanLapangan(url) {
  return url.origin === self.location.origin && url.pathname.indexOf(LINGKUP) === 0 &&
    url.pathname.indexOf("/dokumentasi/") < 0 && url.pathname !== LINGKUP + "sw.js";
}

function tanpaCari(url) { var u = new URL(url); u.search = ""; u.hash = ""; return u.href; }

function halamanLuring(pesan) {
  var html = "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Tidak ada sinyal</title>" +
    "<link rel=\"stylesheet\" href=\"" + DAFTAR_ASET[0] + "\"></head><body class=\"staff\"><main class=\"wrap\"><h1>Tidak ada sinyal</h1>" +
    "<p>" + (pesan || "Halaman ini belum pernah dibuka di ponsel ini saat ada sinyal, jadi belum tersedia tanpa sinyal.") + "</p>" +
    "<p><a href=\"" + LINGKUP + "\">Kembali ke Pekerjaan saya</a></p></main></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

var FORMULIR = /\/(\d+)\/(asesmen|kegiatan)\/$/;

function penggunaSaatIni() {
  return caches.open("lapangan-meta").then(function (c) { return c.match("/pengguna"); })
    .then(function (ada) { return ada ? ada.text() : ""; });
}

/* A form posted with a signal that dropped on the way (the page said online):
   keep it in the queue like the page does, and show the case page (kept). */
function antrekanPost(req, url) {
  var m = url.pathname.match(FORMULIR), kasus = LINGKUP + m[1] + "/";
  var jenis = m[2], judul = (jenis === "asesmen" ? "Asesmen" : "Kegiatan") + " rujukan " + m[1];
  return Promise.all([req.formData(), penggunaSaatIni()]).then(function (h) {
    var fd = h[0], bidang = [], berkas = [], sandi = false;
    fd.forEach(function (v, nama) {
      if (nama === "csrfmiddlewaretoken") return;
      if (nama === "kata_sandi") { if (v) sandi = true; return; }
      if (v instanceof Blob) { if (v.size > 0) berkas.push({ nama: nama, blob: v, berkas: v.name || "berkas" }); return; }
      bidang.push([nama, v]);
    });
    if (sandi || !h[1]) return halamanLuring("Kiriman ini memerlukan kata sandi dan sinyal, jadi tidak disimpan di ponsel. Kembali dan kirim lagi saat ada sinyal.");
    var kunci = fd.get("kunci_kiriman") || self.AntreanLapangan.kunciBaru();
    judul = fd.get("judul_luring") || judul;
    bidang = bidang.filter(function (b) { return b[0] !== "kunci_kiriman"; });
    bidang.push(["kunci_kiriman", kunci]);
    return self.AntreanLapangan.simpan({
      kunci: kunci, urutan: Date.now(), url: url.href, jenis: jenis, judul: judul, kasus: kasus,
      pengguna: h[1], dibuat: new Date().toISOString(), bidang: bidang, label: {}, berkas: berkas,
      status: "menunggu", pesan: "",
    }).then(function () { return Response.redirect(kasus + "?antre=" + jenis, 303); });
  });
}

self.addEventListener("fetch", function (e) {
  var req = e.request;
  var url = new URL(req.url);
  if (req.method === "POST" && req.mode === "navigate" && halamanLapangan(url) && FORMULIR.test(url.pathname)) {
    var cadangan = req.clone();
    e.respondWith(fetch(req).catch(function () { return antrekanPost(cadangan, url); }));
    return;
  }
  if (req.method !== "GET") return;
  if (url.origin !== self.location.origin) return;
  if (DAFTAR_ASET.indexOf(url.pathname) >= 0 || url.pathname.indexOf("/static/") === 0) {
    e.respondWith(caches.open(ASET).then(function (c) {
      return c.match(req).then(function (ada) {
        var baru = fetch(req).then(function (resp) {
          if (resp.ok) c.put(req, resp.clone());
          return resp;
        });
        if (ada) { baru.catch(function () {}); return ada; }
        return baru;
      });
    }));
    return;
  }
  if (req.mode === "navigate" && halamanLapangan(url)) {
    e.respondWith(fetch(req).then(function (resp) {
      // only a page of the logged-in user: not a redirect to the login page
      if (resp.ok && !resp.redirected && resp.type === "basic") {
        var salinan = resp.clone();
        caches.open(HALAMAN).then(function (c) { return c.put(tanpaCari(req.url), salinan); });
      }
      return resp;
    }).catch(function () {
      return caches.open(HALAMAN).then(function (c) { return c.match(tanpaCari(req.url)); })
        .then(function (ada) { return ada || halamanLuring(); });
    }));
  }
});

self.addEventListener("message", function (e) {
  var d = e.data || {};
  if (d.tipe === "pengguna") {
    // another user on this phone: the pages kept for the previous one go
    e.waitUntil(caches.open("lapangan-meta").then(function (c) {
      return c.match("/pengguna").then(function (ada) { return ada ? ada.text() : ""; }).then(function (lama) {
        var baru = String(d.id);
        if (lama === baru) return null;
        return caches.delete(HALAMAN).then(function () { return c.put("/pengguna", new Response(baru)); });
      });
    }));
  } else if (d.tipe === "bersihkan") {
    e.waitUntil(caches.delete(HALAMAN));
  }
});

// Background Sync where the browser has it: wake an open field page to send
// the queue (the page holds the session's CSRF token; this worker does not).
self.addEventListener("sync", function (e) {
  if (e.tag !== "antrean-lapangan") return;
  e.waitUntil(self.clients.matchAll({ type: "window" }).then(function (cs) {
    cs.forEach(function (c) { c.postMessage({ tipe: "kirim" }); });
  }));
});
