"""Forms of the certification journey: validation and Indonesian messages only; a form never
changes a status (STYLE.md §2). Each page's own form lives with its view module's helpers."""

from administrasi.forms import SignForm

from .services import Tandatangan


class TandatanganForm(SignForm):
    """The signing act of a journey step (password or TOTP, consent, optional drawing):
    the records engine's SignForm. Render its fields with `_form_fields.html` and the
    drawing with `_signature_area.html`."""

    def tandatangan(self, request) -> Tandatangan:
        from lsp_portal.http import client_ip

        return Tandatangan(
            secret=self.cleaned_data["secret"],
            consent=self.cleaned_data["consent"],
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            gambar=self.cleaned_data.get("gambar", ""),
        )
