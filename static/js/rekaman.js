// Session recordings: a video goes straight from the browser to the LSP's S3 storage,
// in parts, instead of through the portal. Used by a <form data-rekaman-mulai="..."
// data-rekaman-selesai="..." data-rekaman-max="bytes"> (rendered only where storage is S3).
//
// 1. POST JSON {judul, permohonan, name, size, content_type} to data-rekaman-mulai; the
//    answer is {token, part_size, parts: [{number, url}]} (a presigned PUT per part).
// 2. PUT each slice of the File to its URL (two at a time, three tries each) and keep the
//    ETag each answer carries (the bucket's CORS must expose the ETag header).
// 3. POST JSON {token, parts: [{number, etag}]} to data-rekaman-selesai; the server completes
//    the upload, checks that it is a video, computes its SHA-256 and answers {url}.
// An error answer is {error: "..."} and is shown in the form's [data-rekaman-status].
// Without JavaScript, or with no file chosen, the form posts to the portal as usual.
(function () {
  "use strict";
  var PARALLEL = 2, TRIES = 3;

  function csrf(form) {
    var el = form.querySelector("input[name=csrfmiddlewaretoken]");
    return el ? el.value : "";
  }

  function field(form, suffix) {
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (el.name && el.name.slice(-suffix.length) === suffix) return el;
    }
    return null;
  }

  function postJSON(form, url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(form) },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || "Permintaan gagal (kode " + response.status + ").");
        return data;
      });
    });
  }

  function putPart(url, blob, tries) {
    return fetch(url, { method: "PUT", body: blob, credentials: "omit" }).then(function (response) {
      var etag = response.headers.get("ETag");
      if (!response.ok || !etag) throw new Error("Bagian berkas gagal terkirim (kode " + response.status + ").");
      return etag;
    }).catch(function (error) {
      if (tries > 1) return putPart(url, blob, tries - 1);
      throw error;
    });
  }

  function megabytes(n) {
    return (n / 1048576).toFixed(1).replace(".", ",") + " MB";
  }

  function start(form, event) {
    var input = field(form, "berkas"), file = input && input.files && input.files[0];
    if (!file || !window.fetch) return; // the plain form does it
    event.preventDefault();
    var status = form.querySelector("[data-rekaman-status]");
    var box = form.querySelector("[data-rekaman-progres]");
    var bar = box.querySelector("progress");
    var button = form.querySelector("button[type=submit]");
    var max = parseInt(form.getAttribute("data-rekaman-max"), 10);

    function say(text, isError) {
      status.textContent = text;
      status.setAttribute("role", isError ? "alert" : "status");
    }
    box.hidden = false;
    if (max && file.size > max) {
      say("Berkas video terlalu besar (maksimal " + megabytes(max) + ").", true);
      return;
    }
    var judul = field(form, "judul"), permohonan = field(form, "permohonan");
    button.disabled = true;
    say("Menyiapkan unggahan…");
    postJSON(form, form.getAttribute("data-rekaman-mulai"), {
      judul: judul ? judul.value : "",
      permohonan: permohonan ? permohonan.value : "",
      name: file.name,
      size: file.size,
      content_type: file.type
    }).then(function (plan) {
      var done = [], sent = 0, next = 0;
      function worker() {
        if (next >= plan.parts.length) return Promise.resolve();
        var part = plan.parts[next++];
        var from = (part.number - 1) * plan.part_size;
        var blob = file.slice(from, Math.min(from + plan.part_size, file.size));
        return putPart(part.url, blob, TRIES).then(function (etag) {
          done.push({ number: part.number, etag: etag });
          sent += blob.size;
          bar.value = Math.floor((sent / file.size) * 100);
          say("Terkirim " + megabytes(sent) + " dari " + megabytes(file.size) + ".");
          return worker();
        });
      }
      var workers = [];
      for (var i = 0; i < PARALLEL; i++) workers.push(worker());
      return Promise.all(workers).then(function () {
        say("Memeriksa berkas dan menghitung SHA-256…");
        return postJSON(form, form.getAttribute("data-rekaman-selesai"), { token: plan.token, parts: done });
      });
    }).then(function (result) {
      window.location.assign(result.url);
    }).catch(function (error) {
      button.disabled = false;
      say(error.message || "Unggahan gagal.", true);
    });
  }

  var forms = document.querySelectorAll("form[data-rekaman-mulai]");
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", start.bind(null, forms[i]));
  }
})();
