// Drag and drop onto the upload form's file field (the page works without it).
(function () {
  var zone = document.getElementById("dropzone"), input = document.getElementById("tep"),
      chosen = document.getElementById("chosen");
  function show() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) names.push(input.files[i].name);
    chosen.textContent = names.length ? "Đã chọn: " + names.join(", ") : "";
  }
  ["dragenter", "dragover"].forEach(function (e) {
    zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (e) {
    zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (ev) { input.files = ev.dataTransfer.files; show(); });
  input.addEventListener("change", show);
})();
