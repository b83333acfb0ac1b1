// Autosave of long forms (FR.APL.01, FR.APL.02...). Any <form data-autosave-url="..."> is
// posted whole 1.5 s after the user stops typing, with the header X-Autosave: 1 and the
// form's CSRF token; the view answers JSON {"saved": [names], "errors": {name: message},
// "waktu": "14.32"}. The result is said in the form's [data-autosave-status] element (an
// aria-live region) and each message goes into the field's [data-error-for="name"] box.
// Without JavaScript the form's own Save button posts it, and nothing here is needed.
//
// Also, for any form: an element with data-show-if="field=value" shows only while that
// field has that value (a passport number only for a foreign applicant). Without
// JavaScript every such element stays visible with its note.
(function () {
  "use strict";
  var DELAY = 1500;

  function fieldValue(form, name) {
    var el = form.elements[name];
    return el ? el.value : null; // a RadioNodeList's value is the checked radio's
  }

  function applyShowIf(form) {
    var items = form.querySelectorAll("[data-show-if]");
    for (var i = 0; i < items.length; i++) {
      var rule = items[i].getAttribute("data-show-if").split("=");
      var value = fieldValue(form, rule[0]);
      if (value !== null) items[i].hidden = value !== rule[1];
    }
  }

  function now() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + "." + ("0" + d.getMinutes()).slice(-2);
  }

  function showErrors(form, errors) {
    var boxes = form.querySelectorAll("[data-error-for]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i], name = box.getAttribute("data-error-for"), message = errors[name];
      box.textContent = "";
      if (message) {
        var p = document.createElement("p");
        p.textContent = message;
        box.appendChild(p);
      }
      var wrapper = box.closest(".field");
      if (wrapper) wrapper.classList.toggle("has-error", !!message);
      var inputs = form.querySelectorAll('[name="' + name + '"]');
      for (var j = 0; j < inputs.length; j++) {
        if (message) inputs[j].setAttribute("aria-invalid", "true");
        else inputs[j].removeAttribute("aria-invalid");
      }
    }
  }

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[data-autosave-status]");
    if (!status) {
      status = document.createElement("p");
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      form.appendChild(status);
    }
    var timer = null, busy = false, again = false;

    function token() {
      var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
      return input ? input.value : "";
    }

    function save() {
      timer = null;
      if (busy) { again = true; return; }
      busy = true;
      status.textContent = "Menyimpan…";
      // Files are sent by their own upload button, never by an autosave (it would resend a
      // chosen file on every pause, and phones pay for the data).
      var data = new FormData(form);
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file][name]"), function (input) { data.delete(input.name); });
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Autosave": "1", "X-CSRFToken": token(), "Accept": "application/json" }
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var errors = data.errors || {};
          if (errors.__all__) { status.textContent = errors.__all__; return; }
          showErrors(form, errors);
          var count = Object.keys(errors).length;
          status.textContent = "Tersimpan otomatis " + (data.waktu || now()) +
            (count ? "; " + count + " isian belum tersimpan karena perlu diperbaiki (lihat pesan pada isian)." : "");
        })
        .catch(function () {
          status.textContent = "Belum tersimpan otomatis. Tekan Simpan untuk menyimpan.";
        })
        .then(function () {
          busy = false;
          if (again) { again = false; save(); }
        });
    }

    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DELAY);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () {
      if (timer) clearTimeout(timer);
      timer = null;
    });
  }

  var forms = document.querySelectorAll("form");
  for (var i = 0; i < forms.length; i++) {
    (function (form) {
      if (form.querySelector("[data-show-if]")) {
        applyShowIf(form);
        form.addEventListener("change", function () { applyShowIf(form); });
      }
      if (form.hasAttribute("data-autosave-url") && window.fetch && window.FormData) setupAutosave(form);
    })(forms[i]);
  }
})();
