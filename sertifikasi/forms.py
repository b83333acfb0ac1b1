"""Forms of the certification journey: validation and Indonesian messages only; a form never
changes a status (STYLE.md §2). Each page's own form lives with its view module's helpers."""

from administrasi.forms import SignForm

# The signing act of a journey step (password or TOTP, consent, optional drawing) is the
# records engine's SignForm; `form.tandatangan(request)` gives the act. Render its fields with
# `_form_fields.html` and the drawing with `_signature_area.html`.
TandatanganForm = SignForm
