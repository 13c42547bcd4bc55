// Online request form: the fields of the letter signed in the portal show only
// when the operator chooses to sign it here (without JS they always show).
(function () {
  "use strict";
  var blok = document.querySelector("[data-surat-portal]");
  var pilihan = document.querySelectorAll("input[name=surat_cara]");
  if (!blok || !pilihan.length) return;
  function perbarui() {
    var portal = document.querySelector("input[name=surat_cara]:checked");
    blok.hidden = !(portal && portal.value === "portal");
  }
  pilihan.forEach(function (el) { el.addEventListener("change", perbarui); });
  perbarui();
})();
