"""The public register of certificate holders (SE-A4.12, X-1): search, each certificate's
page (the QR code's target), verification by number. No login; rate-limited per client
address; the NIK is never read (sertifikasi.register.public_rows); a draft, an unknown
number and an unknown token all answer the same neutral "not found".

The pages use the light layout (templates/base_publik.html, `_page`): the portal's look as an
anonymous visitor sees it, without the session, the signed-in user or the context
processors, whose reads cost more than a certificate's lookup (issue 13, bench/register.py).
A signed-in visitor therefore sees the public header here (Masuk, Daftar; no bell, no "Masuk
sebagai"), and a pending message waits for the next page of the portal."""

import functools

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lsp_portal import navigation
from lsp_portal.http import client_ip
from lsp_portal.pagination import paginate
from lsp_portal.ratelimit import hit
from lsp_portal.status import OK, Badge
from muk.models import Skema

from . import register

REGISTER_LIMIT = 30  # requests per minute per client address, the three pages together
PAGE_SIZE = 10
NOMOR_TIDAK_SAH = (
    "Nomor hanya terdiri atas huruf, angka, spasi, dan tanda . / - _ ( ). "
    "Periksa kembali nomor yang tercetak pada sertifikat."
)


class CariForm(forms.Form):
    """The public search: one box (a fragment of name, certificate or registration number)
    and the scheme; by default only certificates valid today."""

    q = forms.CharField(
        label="Nama pemegang, nomor sertifikat, atau nomor registrasi",
        max_length=120,
        help_text=f"Paling sedikit {register.MIN_QUERY} huruf atau angka; boleh sebagian nama atau nomor.",
        error_messages={
            "required": "Ketik nama pemegang, nomor sertifikat, atau nomor registrasi yang dicari."
        },
    )
    skema = forms.TypedChoiceField(label="Skema", required=False, coerce=int, empty_value=None)
    semua = forms.BooleanField(
        label="Tampilkan juga sertifikat yang tidak berlaku lagi (kedaluwarsa, dibekukan, dicabut)",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        # Plain (value, label) pairs: one light query, no model instances for a public page.
        # The page writes the select itself from these (publik_cari.html): the widget's
        # templates, one per option, cost more than the search's query (bench/register.py).
        schemes = Skema.objects.order_by("kode").values_list("pk", "kode", "judul")
        self.skema_pilihan = [
            ("", "Semua skema"),
            *((str(pk), f"{kode} {judul}") for pk, kode, judul in schemes),
        ]
        self.fields["skema"].choices = self.skema_pilihan

    def clean_q(self):
        q = register.normalise(self.cleaned_data["q"])
        if not register.long_enough(q):
            raise forms.ValidationError(
                f"Ketik paling sedikit {register.MIN_QUERY} huruf atau angka: sebagian nama pemegang, "
                "nomor sertifikat, atau nomor registrasi."
            )
        return q


class PeriksaForm(forms.Form):
    """Verification by the exact certificate or BNSP registration number."""

    nomor = forms.CharField(
        label="Nomor sertifikat atau nomor registrasi",
        max_length=120,
        help_text="Ketik lengkap seperti tercetak pada sertifikat; huruf besar atau kecil sama saja.",
        error_messages={"required": "Ketik nomor sertifikat atau nomor registrasi yang akan diperiksa."},
    )

    def clean_nomor(self):
        nomor = register.normalise(self.cleaned_data["nomor"])
        if not register.long_enough(nomor):
            raise forms.ValidationError(
                "Nomor terlalu pendek. Ketik nomor lengkap seperti tercetak pada sertifikat."
            )
        if not register.NOMOR.match(nomor):
            raise forms.ValidationError(NOMOR_TIDAK_SAH)
        return nomor


def _limited(request) -> bool:
    limit = getattr(settings, "LSP_REGISTER_LIMIT", REGISTER_LIMIT)
    return not hit(f"register:{client_ip(request)}", limit=limit, seconds=60)


def _page(request, template: str, context: dict | None = None, *, status: int = 200) -> HttpResponse:
    """A page of the register in its light layout (templates/base_publik.html), rendered
    without the request's context processors: no session, no signed-in user, no menu of
    roles is read, so a page costs its lookup and little more (bench/register.py). The
    request is passed only for the public navigation's current entry."""
    context = {
        "lsp_name": settings.LSP_NAME,
        "tautan_publik": navigation.public_links(),
        "request": request,
        **(context or {}),
    }
    return HttpResponse(loader.render_to_string(template, context), status=status)


_TOKEN_SLOT = "TOKEN-SLOT"


@functools.cache
def _detail_url(urlconf: str, prefix: str) -> str:
    return reverse("sertifikat_publik:detail", args=[_TOKEN_SLOT], urlconf=urlconf)


def detail_url(token: str) -> str:
    """Sertifikat.get_public_url() for `token`, reversed once per URLconf and script prefix
    (as navigation.public_links): a page of results links ten certificates, and a reverse()
    each was a tenth of its rendering (bench/register.py). A token is letters, digits, - and
    _ (register.TOKEN), which reverse() leaves as they are."""
    url = _detail_url(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return url.replace(_TOKEN_SLOT, token)


def _too_many(request):
    response = _page(request, "sertifikasi/publik_terbatas.html", status=429)
    response["Retry-After"] = "60"
    return response


@require_safe
def cari_view(request):
    """Search the register. Without a query: the form and how to verify; with one (rate-
    limited): at most register.PUBLIC_CAP holders by name, paginated, each with scheme,
    numbers, validity and effective status."""
    form = CariForm(request.GET if "q" in request.GET else None)
    hasil = page = None
    if form.is_bound:
        if _limited(request):
            return _too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            hasil = register.public_search(q=data["q"], skema_id=data["skema"], semua=data["semua"])
            page = paginate(request, hasil.rows, per_page=PAGE_SIZE)
            for s in page:
                s.url_publik = detail_url(s.token)
    return _page(
        request,
        "sertifikasi/publik_cari.html",
        {
            "form": form,
            # The verification box on the landing page; a page of results links to it.
            "periksa": None if form.is_bound else PeriksaForm(),
            "hasil": hasil,
            "page": page,
            "hari_ini": timezone.localdate(),
            "cap": register.PUBLIC_CAP,
        },
    )


@require_safe
def periksa_view(request):
    """Verify a number (rate-limited): the exact certificate number or BNSP registration
    number, spaces and case aside, opens the certificate's page; anything else answers a
    neutral "not found" (404) with advice, whether the number is unknown, mistyped, forged
    or a draft's."""
    form = PeriksaForm(request.GET if "nomor" in request.GET else None)
    status = 200
    if form.is_bound:
        if _limited(request):
            return _too_many(request)
        if form.is_valid():
            sertifikat = register.public_by_number(form.cleaned_data["nomor"])
            if sertifikat is not None:
                return redirect(sertifikat.get_public_url())
            status = 404
    return _page(request, "sertifikasi/publik_periksa.html", {"form": form}, status=status)


@require_safe
def detail_view(request, token):
    """One certificate as the public sees it (what its QR code opens; rate-limited): holder
    name, scheme, numbers, dates and the effective status today; an expired, suspended or
    revoked certificate says so. A draft's or an unknown token answers a neutral 404."""
    if _limited(request):
        return _too_many(request)
    sertifikat = register.public_detail(token)
    if sertifikat is None:
        return _page(request, "sertifikasi/publik_tidak_ditemukan.html", status=404)
    today = timezone.localdate()
    kode = sertifikat.status_efektif(today)
    badge = Badge.of(kode, sertifikat.LABELS[kode], sertifikat.TONES)
    return _page(
        request,
        "sertifikasi/publik_detail.html",
        {
            "s": sertifikat,
            "kode": kode,
            "badge": badge,
            "berlaku": badge.tone == OK,
            "hari_ini": today,
        },
    )
