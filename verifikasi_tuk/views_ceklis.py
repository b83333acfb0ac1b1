"""The verifier's session pages (SE-A4.9), phone first: the checklist per scheme with its
evidence uploads, and the sending of the checklist with the recommendation and the signed
berita acara.

Field names of the checklist form: `hasil-<item id>` (sesuai | tidak_sesuai), `nilai-<item
id>` (Mbps or units, where the line has a minimum), `catatan-<item id>`; files `foto-<item
id>` (a photo of that line) and `uji_kecepatan` (the speed-test image). A request sends only
what its form holds and only that is saved; the autosave script (static/js/autosave.js,
header `X-Autosave: 1`) gets JSON {"saved": [field names], "errors": {field or "__all__":
message}}. A refused value is reported on its field while the other answers are saved.
"""

from django import forms
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from administrasi.forms import SignForm
from akun.permissions import module_required
from lsp_portal import schemes
from lsp_portal.errors import ServiceError, show_error

from . import permissions, services
from .models import BuktiVerifikasi, ItemCeklis, Permintaan
from .services import VerificationError

FIELDS = ("hasil", "nilai", "catatan")
UNREADABLE = "Isian ceklis tidak terbaca. Muat ulang halaman ini lalu coba lagi."
FOTO_PREFIX, SPEED_FIELD = "foto-", "uji_kecepatan"


def _get(request, pk) -> Permintaan:
    """The request `pk` if the user may see it, else 404."""
    return get_object_or_404(
        permissions.visible_permintaan(request.user).select_related("tuk", "verifikator", "spt"), pk=pk
    )


def _refusal(user, p: Permintaan) -> str:
    """Why `user` may not fill the checklist of `p`, in words (for the 403 page)."""
    if not permissions.is_verifier(user, p):
        return "Ceklis hanya diisi oleh verifikator yang ditugaskan untuk permintaan ini."
    if p.status != Permintaan.Status.DITUGASKAN:
        if p.dinilai_pada:
            return "Ceklis sudah dikirim dan berita acara sudah ditandatangani; ceklis tidak dapat diubah."
        return f"Permintaan berstatus {p.get_status_display().lower()}; ceklis tidak dapat diisi."
    return "SPT verifikasi TUK belum ditandatangani Ketua LSP; ceklis dapat diisi setelah SPT terbit."


def _forbidden(request, p: Permintaan):
    return render(
        request,
        "verifikasi_tuk/ceklis_ditolak.html",
        {"p": p, "alasan": _refusal(request.user, p)},
        status=403,
    )


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


# --- reading and saving the answers --------------------------------------------------------


def parse_answers(post) -> tuple[dict[int, dict], list[str]]:
    """The answers a POST holds, for services.ceklis_save: ({item id: {field: value}}, the
    field names read). VerificationError on a name whose id is not a number."""
    answers: dict[int, dict] = {}
    names = []
    for name in post:
        field, _, suffix = name.partition("-")
        if field not in FIELDS or not suffix:
            continue
        if not suffix.isdigit():
            raise VerificationError(UNREADABLE, code="unreadable")
        answers.setdefault(int(suffix), {})[field] = post.get(name, "")
        names.append(name)
    return answers, names


def _save(request, p: Permintaan) -> tuple[list[str], dict[str, str]]:
    """Save what the POST holds: (field names saved, {field name: message} for values
    refused). A refused value is left out and the rest saved, so nothing typed elsewhere is
    lost. ServiceError when the whole save is refused (not a field of its own)."""
    answers, names = parse_answers(request.POST)
    errors: dict[str, str] = {}
    while answers:
        try:
            services.ceklis_save(permintaan=p, answers=answers, actor=request.user)
        except ServiceError as e:
            field = getattr(e, "field", None) or ""
            kind, _, suffix = field.partition("-")
            if field in errors or not suffix.isdigit() or kind not in answers.get(int(suffix), {}):
                raise
            errors[field] = " ".join(e.messages)
            answers[int(suffix)].pop(kind)
            if not answers[int(suffix)]:
                del answers[int(suffix)]
        else:
            break
    return [n for n in names if n not in errors], errors


# --- what the page shows -------------------------------------------------------------------


def ceklis_sections(p: Permintaan, *, posted=None, errors=None) -> dict:
    """Per scheme its lines, each with the value shown (a refused POST's value on top of the
    stored one), its error messages and its photos; the session's evidence. A constant
    number of queries whatever the number of lines or schemes."""
    errors = errors or {}
    names = {s.id: s for s in schemes.all_schemes() if s.id in set(p.skema_ids)}
    items = list(p.ceklis.all())
    bukti = list(p.bukti.select_related("item").order_by("pk"))
    photos: dict[int, list] = {}
    for b in bukti:
        if b.item_id:
            photos.setdefault(b.item_id, []).append(b)
    sections: dict[int, dict] = {}
    answered = 0
    for item in items:
        values = {
            "hasil": item.hasil,
            "nilai": "" if item.nilai is None else f"{item.nilai.normalize():f}".replace(".", ","),
            "catatan": item.catatan,
        }
        if posted is not None:
            for field in FIELDS:
                name = f"{field}-{item.pk}"
                if name in posted:
                    values[field] = posted.get(name, "")
        answered += bool(values["hasil"])
        section = sections.setdefault(
            item.skema_id, {"skema": names.get(item.skema_id), "skema_id": item.skema_id, "lines": []}
        )
        section["lines"].append(
            {
                "item": item,
                "unit": "Mbps" if item.kategori == ItemCeklis.Kategori.INTERNET else "unit",
                "errors": {f: errors.get(f"{f}-{item.pk}", "") for f in FIELDS},
                "foto": photos.get(item.pk, []),
                **values,
            }
        )
    return {
        "sections": list(sections.values()),
        "total": len(items),
        "dijawab": answered,
        "bukti": bukti,
        "ada_uji_kecepatan": any(b.jenis == BuktiVerifikasi.Jenis.UJI_KECEPATAN for b in bukti),
    }


def _page(request, p: Permintaan, *, posted=None, errors=None, status=200):
    context = {
        "p": p,
        "hasil_choices": ItemCeklis.Hasil.choices,
        "speed_field": SPEED_FIELD,
        "errors": errors or {},
        **ceklis_sections(p, posted=posted, errors=errors),
    }
    return render(request, "verifikasi_tuk/ceklis.html", context, status=status)


# --- the checklist -------------------------------------------------------------------------


@module_required(permissions.can_open)
def ceklis_view(request, pk):
    """The session and its checklist per scheme (GET); POST saves the answers the form holds
    (autosave: JSON). Only the assigned verifier while the session is open (SPT signed):
    others who may see the request get 403 with the reason."""
    p = _get(request, pk)
    if not permissions.can_fill_ceklis(request.user, p):
        if request.method == "POST" and _is_autosave(request) and permissions.is_verifier(request.user, p):
            return JsonResponse({"saved": [], "errors": {"__all__": _refusal(request.user, p)}}, status=409)
        return _forbidden(request, p)
    if request.method != "POST":
        return _page(request, p)
    try:
        saved, errors = _save(request, p)
    except ServiceError as e:
        if _is_autosave(request):
            return JsonResponse({"saved": [], "errors": {"__all__": " ".join(e.messages)}}, status=400)
        show_error(request, e)
        return _page(request, p, posted=request.POST, status=400)
    if _is_autosave(request):
        return JsonResponse(
            {"saved": saved, "errors": errors, "waktu": timezone.localtime().strftime("%H.%M")}
        )
    if errors:
        messages.error(
            request, f"{len(errors)} isian belum tersimpan karena perlu diperbaiki (lihat pesan pada isian)."
        )
        return _page(request, p, posted=request.POST, errors=errors, status=400)
    messages.success(request, "Ceklis tersimpan.")
    if "lanjut" in request.POST:
        return redirect("verifikasi_tuk:ceklis-submit", pk=p.pk)
    return redirect("verifikasi_tuk:ceklis", pk=p.pk)


@module_required(permissions.can_open)
@require_POST
def bukti_upload_view(request, pk):
    """Evidence of the session: the photos of the lines (`foto-<item id>`) and the speed-test
    image (`uji_kecepatan`) the form holds, each checked by content (services.bukti_add); a
    refused file is named in a message and not stored. The upload buttons belong to the
    checklist form, so its answers are saved first. Back to the checklist, at the line."""
    p = _get(request, pk)
    if not permissions.can_fill_ceklis(request.user, p):
        return _forbidden(request, p)
    try:
        _saved, errors = _save(request, p)
    except ServiceError as e:
        show_error(request, e)
        return _page(request, p, posted=request.POST, status=400)
    target = request.POST.get("unggah", "")
    anchor = "item-" + target if target.isdigit() else "bukti"
    items = {i.pk: i for i in p.ceklis.all()}
    sent = 0
    for name in request.FILES:
        if name == SPEED_FIELD:
            item, jenis = None, BuktiVerifikasi.Jenis.UJI_KECEPATAN
        elif name.startswith(FOTO_PREFIX) and name[len(FOTO_PREFIX) :] in {str(i) for i in items}:
            item, jenis = items[int(name[len(FOTO_PREFIX) :])], BuktiVerifikasi.Jenis.FOTO
        else:
            continue
        for upload in request.FILES.getlist(name):
            sent += 1
            try:
                bukti = services.bukti_add(
                    permintaan=p, upload=upload, jenis=jenis, judul="", item=item, actor=request.user
                )
            except ServiceError as e:
                what = item.aspek if item else "Uji kecepatan"
                messages.error(
                    request, f"{what}: berkas “{upload.name}” tidak disimpan. {' '.join(e.messages)}"
                )
            else:
                messages.success(request, f"Bukti “{bukti.judul}” terunggah.")
    if not sent:
        messages.error(request, "Pilih foto atau berkas yang akan diunggah terlebih dahulu.")
    if errors:
        messages.error(
            request, f"{len(errors)} isian belum tersimpan karena perlu diperbaiki (lihat pesan pada isian)."
        )
        return _page(request, p, posted=request.POST, errors=errors, status=400)
    return redirect(reverse("verifikasi_tuk:ceklis", args=[p.pk]) + "#" + anchor)


# --- sending the checklist -----------------------------------------------------------------


class KirimForm(forms.Form):
    """The recommendation and the session's recording; the service checks the rest (its
    refusals land on these fields)."""

    rekomendasi = forms.ChoiceField(
        label="Rekomendasi",
        choices=Permintaan.Rekomendasi.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih rekomendasi."},
    )
    temuan = forms.CharField(
        label="Temuan dan catatan verifikator",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    syarat = forms.CharField(
        label="Syarat yang harus dipenuhi TUK",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wajib untuk rekomendasi “layak dengan syarat”: satu syarat per baris.",
    )
    rekaman_tautan = forms.CharField(
        label="Tautan rekaman sesi",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text="Tautan berkas rekaman konferensi video (diawali https://).",
    )
    rekaman_sha256 = forms.CharField(
        label="SHA-256 rekaman",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "mono"}),
        help_text="64 karakter heksadesimal (0-9, a-f), misalnya dari perintah sha256sum.",
    )


@module_required(permissions.can_open)
def submit_view(request, pk):
    """What keeps the checklist from being sent (services.ceklis_problems), and the form:
    recommendation, findings, conditions, the recording, the signing act →
    services.ceklis_submit → the request's page. Every refusal shows on its field."""
    p = _get(request, pk)
    if not permissions.can_fill_ceklis(request.user, p):
        return _forbidden(request, p)
    form = KirimForm(request.POST or None)
    ttd_form = SignForm(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), ttd_form.is_valid()]):
        data = form.cleaned_data
        try:
            p = services.ceklis_submit(
                permintaan=p,
                rekomendasi=data["rekomendasi"],
                temuan=data["temuan"],
                syarat=data["syarat"].splitlines(),
                rekaman_tautan=data["rekaman_tautan"],
                rekaman_sha256=data["rekaman_sha256"],
                ttd=ttd_form.tandatangan(request),
                actor=request.user,
            )
        except ServiceError as e:
            field = getattr(e, "field", None)
            show_error(request, e, form if not field or field in form.fields else ttd_form)
        else:
            messages.success(
                request,
                f"Berita acara verifikasi ditandatangani: {p.get_rekomendasi_display().lower()}. "
                f"Status permintaan: {p.get_status_display().lower()}.",
            )
            return redirect("verifikasi_tuk:permintaan-detail", pk=p.pk)
    value = form["rekomendasi"].value()
    pilihan = [
        {"value": v, "label": label, "checked": v == value} for v, label in Permintaan.Rekomendasi.choices
    ]
    return render(
        request,
        "verifikasi_tuk/ceklis_kirim.html",
        {
            "p": p,
            "form": form,
            "ttd_form": ttd_form,
            "pilihan": pilihan,
            "problems": services.ceklis_problems(p),
            "tidak_sesuai": p.ceklis.filter(hasil=ItemCeklis.Hasil.TIDAK_SESUAI).count(),
        },
    )
