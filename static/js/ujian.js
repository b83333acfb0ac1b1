// The timed FR.IA.05 (templates/sertifikasi/ujian_soal.html). The server keeps the clock:
// the page gives the seconds left (data-sisa) and every autosave answer gives them again, so
// the countdown follows the server, never the phone's clock. Each choice is posted on its own
// (header X-Autosave: 1, fields butir and opsi); the view answers JSON {"ok", "sisa",
// "selesai", "error"}. A choice that could not be sent (offline) waits in sessionStorage and
// is sent again every few seconds and when the browser is back online; what the server took
// is what a reload shows checked. At zero the test is sent (otomatis=1) and the page
// reloaded; the server also finishes it by itself at its deadline.
// Without JavaScript the form's own buttons post every answer, and nothing here is needed.
(function () {
  "use strict";
  var form = document.getElementById("ujian");
  if (!form || !window.fetch || !window.FormData) return;

  var RETRY = 5000;
  var box = document.querySelector("[data-ujian-timer]");
  var timerEl = document.querySelector("[data-timer]");
  var statusEl = document.querySelector("[data-ujian-status]");
  var progressEl = document.querySelector("[data-progress]");
  var jawabUrl = form.getAttribute("data-jawab-url");
  var selesaiUrl = form.getAttribute("data-selesai-url");
  var total = parseInt(form.getAttribute("data-jumlah"), 10) || 0;
  var storeKey = "ujian-" + form.getAttribute("data-lembar");
  var deadline = Date.now() + (parseInt(form.getAttribute("data-sisa"), 10) || 0) * 1000;
  var pending = load(); // {butir id: option id} not yet taken by the server
  var busy = false, finished = false, offline = false, announced = {};

  function load() {
    try { return JSON.parse(window.sessionStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function store() {
    try {
      if (Object.keys(pending).length) window.sessionStorage.setItem(storeKey, JSON.stringify(pending));
      else window.sessionStorage.removeItem(storeKey);
    } catch (e) { /* private mode: the answers still go to the server */ }
  }
  function token() {
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return h ? h + ":" + two(m) + ":" + two(s) : two(m) + ":" + two(s);
  }
  function hhmm() {
    var d = new Date();
    return two(d.getHours()) + "." + two(d.getMinutes());
  }
  function say(text, alarm) {
    statusEl.textContent = text;
    statusEl.classList.toggle("offline", !!alarm);
  }
  function savedNote(butir, text) {
    var el = form.querySelector('[data-saved-for="' + butir + '"]');
    if (el) el.textContent = text;
  }
  function progress() {
    var answered = form.querySelectorAll("input[type=radio]:checked").length;
    if (progressEl) progressEl.textContent = answered + " dari " + total + " soal dijawab";
  }
  function lock() {
    Array.prototype.forEach.call(form.querySelectorAll("input, button"), function (el) { el.disabled = true; });
  }
  function resync(data) {
    if (data && typeof data.sisa === "number") deadline = Date.now() + data.sisa * 1000;
  }

  function send() {
    if (busy || finished) return;
    var ids = Object.keys(pending);
    if (!ids.length) return;
    busy = true;
    var butir = ids[0], opsi = pending[butir];
    var body = new FormData();
    body.append("butir", butir);
    body.append("opsi", opsi);
    fetch(jawabUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-CSRFToken": token(), "Accept": "application/json" }
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        busy = false;
        offline = false;
        resync(data);
        if (data.ok) {
          if (pending[butir] === opsi) delete pending[butir]; // a newer choice stays queued
          store();
          savedNote(butir, "Tersimpan " + hhmm());
        } else if (data.selesai) {
          finished = true;
          store();
          lock();
          say(data.error || "Waktu habis.", true);
          window.setTimeout(function () { window.location.reload(); }, 1500);
          return;
        } else {
          delete pending[butir]; // refused for good (not this item's option): say so on the item
          store();
          savedNote(butir, data.error || "Jawaban tidak tersimpan.");
        }
        var left = Object.keys(pending).length;
        say(left ? "Menyimpan " + left + " jawaban…" : "Semua jawaban tersimpan " + hhmm() + ".");
        send();
      })
      .catch(function () {
        busy = false;
        offline = true;
        say(
          "Koneksi terputus. " + Object.keys(pending).length + " jawaban belum terkirim; jawaban itu " +
          "dikirim lagi otomatis saat tersambung. Jangan tutup halaman ini. Waktu tetap berjalan.",
          true
        );
      });
  }

  function finish() {
    if (finished) return;
    finished = true;
    lock();
    say("Waktu habis. Jawaban dikirim…", true);
    var body = new FormData();
    body.append("otomatis", "1");
    fetch(selesaiUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-CSRFToken": token(), "Accept": "application/json" }
    })
      .then(function (response) { return response.json(); })
      .then(function (data) { window.location.href = data.url || window.location.href; })
      .catch(function () {
        say("Waktu habis. Jawaban yang sudah tersimpan di server dinilai otomatis. Muat ulang halaman " +
          "ini saat koneksi kembali.", true);
        window.addEventListener("online", function () { window.location.reload(); });
      });
  }

  function tick() {
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    timerEl.textContent = clock(left);
    if (box) box.classList.toggle("hampir", left <= 300);
    [300, 60].forEach(function (mark) {
      if (left <= mark && left > 0 && !announced[mark]) {
        announced[mark] = true;
        if (!offline) say("Sisa waktu " + mark / 60 + " menit.");
      }
    });
    if (left <= 0) finish();
  }

  // A choice made before a reload that never reached the server: shown again and resent.
  Object.keys(pending).forEach(function (butir) {
    var input = form.querySelector('input[name="soal-' + butir + '"][value="' + pending[butir] + '"]');
    if (input) input.checked = true;
    else delete pending[butir];
  });
  store();

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.type !== "radio" || input.name.indexOf("soal-") !== 0) return;
    var butir = input.name.slice(5);
    pending[butir] = input.value;
    store();
    savedNote(butir, "Menyimpan…");
    progress();
    send();
  });
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute("data-selesai")) {
      var open = total - form.querySelectorAll("input[type=radio]:checked").length;
      var question = open > 0
        ? open + " soal belum dijawab. Kirim jawaban dan selesaikan ujian sekarang? Ujian tidak dapat diulang."
        : "Kirim jawaban dan selesaikan ujian sekarang? Ujian tidak dapat diulang.";
      if (!window.confirm(question)) { event.preventDefault(); return; }
    }
    // The form carries every checked answer: nothing is left waiting.
    pending = {};
    store();
    finished = true;
  });
  window.addEventListener("online", send);
  window.setInterval(send, RETRY);
  window.setInterval(tick, 500);
  progress();
  tick();
  send();
})();
