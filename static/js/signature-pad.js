// Optional drawn signature: fills the hidden "gambar" field with a PNG data URI.
(function () {
  var area = document.getElementById("area-gambar");
  var canvas = document.getElementById("kanvas");
  var field = area && (area.closest("form") || document).querySelector('input[name="gambar"], input[name$="-gambar"]');
  if (!area || !canvas || !field || !canvas.getContext) return;
  area.hidden = false;
  var ctx = canvas.getContext("2d"), drawing = false, drawn = false;
  ctx.lineWidth = 2; ctx.lineCap = "round"; ctx.strokeStyle = "#102a43";
  function pos(e) { var r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; }
  canvas.addEventListener("pointerdown", function (e) { drawing = true; var p = pos(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]); canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener("pointermove", function (e) { if (!drawing) return; var p = pos(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); drawn = true; });
  canvas.addEventListener("pointerup", function () { drawing = false; if (drawn) field.value = canvas.toDataURL("image/png"); });
  document.getElementById("hapus-gambar").addEventListener("click", function () { ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; field.value = ""; });
})();
