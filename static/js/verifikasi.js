/* Drop a PDF anywhere on the upload zone of the verification page: it is put
   in the file field and the form is sent (the file input works without this). */
(function () {
  var form = document.querySelector("form[data-unggah-verifikasi]");
  if (!form) return;
  var zona = form.querySelector(".zona-unggah");
  var input = form.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach(function (ev) {
    zona.addEventListener(ev, function (e) { e.preventDefault(); zona.classList.add("seret"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    zona.addEventListener(ev, function (e) { e.preventDefault(); zona.classList.remove("seret"); });
  });
  zona.addEventListener("drop", function (e) {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    form.submit();
  });
  input.addEventListener("change", function () { if (input.files.length) form.submit(); });
})();
