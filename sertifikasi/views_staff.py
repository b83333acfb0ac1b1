"""Staff pages of the journey: the list of applications and their verification by the Admin
LSP (issue 11 item 2; SE-A4.8a, X-10)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.pagination import paginate
from muk.models import Skema

from . import permissions, selectors, services
from .forms import TandatanganForm
from .identitas import samarkan_nik
from .models import Mode, Permohonan, PutaranVerifikasi
from .views_common import get_permohonan

S = Permohonan.Status
H = PutaranVerifikasi.Hasil
PAGE_SIZE = 25
TTD_PREFIX = "ttd"


# --- the list ----------------------------------------------------------------------------------


class PermohonanFilterForm(forms.Form):
    """The staff list's filters. Without a status in the query the list shows what needs
    action: applications waiting for verification."""

    DEFAULT_STATUS = S.DIAJUKAN

    cari = forms.CharField(label="Cari nama, email, atau NIK", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            (S.DIAJUKAN, "Perlu tindakan: menunggu verifikasi"),
            ("", "Semua status"),
            *[(value, label) for value, label in S.choices if value != S.DIAJUKAN],
        ],
    )
    skema = forms.ModelChoiceField(
        label="Skema", required=False, queryset=Skema.objects.order_by("kode"), empty_label="Semua skema"
    )
    mode = forms.ChoiceField(label="Mode", required=False, choices=[("", "Semua mode"), *Mode.choices])

    def __init__(self, data, *, cari_nik: bool):
        data = data.copy()
        data.setdefault("status", self.DEFAULT_STATUS)
        super().__init__(data)
        self.fields["cari"].widget.input_type = "search"
        if cari_nik:
            self.fields["cari"].help_text = "NIK dicari utuh (16 angka)."
        else:
            self.fields["cari"].label = "Cari nama atau email"


@module_required(permissions.is_staff)
def permohonan_list_view(request):
    """Every application for LSP staff, filtered and searched; NIK masked unless the user
    verifies applications (X-10); a likely duplicate (another account, same NIK) marked."""
    user = request.user
    see_nik = permissions.can_verify_right(user)
    form = PermohonanFilterForm(request.GET, cari_nik=see_nik)
    filters = form.cleaned_data if form.is_valid() else {"status": PermohonanFilterForm.DEFAULT_STATUS}
    rows = selectors.staff_permohonan_list(
        status=filters.get("status", ""),
        skema=filters.get("skema"),
        mode=filters.get("mode", ""),
        cari=filters.get("cari", ""),
        cari_nik=see_nik,
    )
    page = paginate(request, rows, per_page=PAGE_SIZE)
    for p in page:
        number = p.nomor_identitas
        p.identitas_tampil = number if see_nik else samarkan_nik(number)
        p.boleh_verifikasi = permissions.can_verify(user, p)
    return render(
        request,
        "sertifikasi/staff_permohonan_list.html",
        {
            "form": form,
            "page": page,
            "see_nik": see_nik,
            "menunggu": filters.get("status") == S.DIAJUKAN,
        },
    )


# --- the verification --------------------------------------------------------------------------


MEMENUHI = [("ya", "Memenuhi"), ("tidak", "Tidak memenuhi")]


def _slug(kunci: str) -> str:
    return kunci.replace(":", "-")


class VerifikasiForm(forms.Form):
    """FR.APL.01 rekomendasi: per item memenuhi or not with a note, the result and its note.
    A failed item needs a note (the applicant must know what to fix); the rules tying the
    result to the items are the service's (services.permohonan_verify)."""

    hasil = forms.ChoiceField(
        label="Hasil verifikasi",
        choices=H.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih hasil verifikasi."},
    )
    catatan = forms.CharField(
        label="Catatan untuk pemohon",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib bila permohonan tidak diterima: tuliskan alasannya.",
    )

    def __init__(self, *args, items: list[dict], initial_memenuhi: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            slug = _slug(item["kunci"])
            self.fields[f"m-{slug}"] = forms.ChoiceField(
                label=item["label"],
                choices=MEMENUHI,
                widget=forms.RadioSelect,
                initial=(initial_memenuhi or {}).get(item["kunci"]),
                error_messages={"required": "Pilih memenuhi atau tidak memenuhi."},
            )
            self.fields[f"n-{slug}"] = forms.CharField(
                label="Catatan butir",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        for item in self.items:
            slug = _slug(item["kunci"])
            if data.get(f"m-{slug}") == "tidak" and not (data.get(f"n-{slug}") or "").strip():
                self.add_error(f"n-{slug}", "Tulis catatan: apa yang perlu diperbaiki pemohon.")
        return data

    def butir(self) -> dict[str, tuple[bool, str]]:
        return {
            item["kunci"]: (
                self.cleaned_data[f"m-{_slug(item['kunci'])}"] == "ya",
                self.cleaned_data[f"n-{_slug(item['kunci'])}"],
            )
            for item in self.items
        }


def _display(p: Permohonan, field: str, see_nik: bool) -> str:
    value = getattr(p, field)
    if field in ("nik", "nomor_paspor") and not see_nik:
        return samarkan_nik(value)
    if hasattr(p, f"get_{field}_display"):
        return getattr(p, f"get_{field}_display")()
    if field == "tanggal_lahir":
        return date_format(value, "j F Y") if value else ""
    return value or ""


def _sections(p: Permohonan, see_nik: bool) -> dict[str, list[tuple[str, str]]]:
    """{section key: [(label, value)]} of the application's data, as the verifier reads it."""
    skip = {"nik", "nomor_paspor", "negara"} - (
        {"nik"} if p.kewarganegaraan == Permohonan.Kewarganegaraan.WNI else {"nomor_paspor", "negara"}
    )
    return {
        key: [
            (capfirst(Permohonan._meta.get_field(f).verbose_name), _display(p, f, see_nik))
            for f in fields
            if f not in skip and (f != "tujuan_lainnya" or p.tujuan_lainnya)
        ]
        for key, fields in services.SECTION_FIELDS.items()
    }


def _success_message(hasil: str) -> str:
    return {
        H.DITERIMA: "Permohonan diterima. Pemohon diberi tahu untuk mengisi asesmen mandiri (FR.APL.02).",
        H.DIKEMBALIKAN: "Permohonan dikembalikan. Pemohon diberi tahu butir yang perlu diperbaiki.",
        H.DITOLAK: "Permohonan tidak diterima. Pemohon diberi tahu alasannya.",
    }[hasil]


@login_required
def verifikasi_view(request, pk):
    """The Admin LSP checks a submitted application item by item and accepts, returns or
    rejects it, signing the round's record (SE-A4.8a). Others' applications 404 (through
    get_permohonan); visible but not theirs to verify 403; an application that no longer
    waits (verified meanwhile) goes back to its page with a message."""
    user = request.user
    p = get_permohonan(request, pk, "apl01")
    if not permissions.can_verify(user, p):
        if (
            permissions.can_verify_right(user)
            and not permissions.is_applicant(user, p)
            and p.status != S.DIAJUKAN
        ):
            messages.info(
                request,
                f"Permohonan ini berstatus {p.get_status_display().lower()}; tidak menunggu verifikasi.",
            )
            return redirect(p)
        raise PermissionDenied
    items = services.verification_items(p)
    rounds = selectors.verification_rounds(p)
    last = rounds[-1] if rounds else None
    last_butir = {b["kunci"]: b for b in last.butir} if last else {}
    # A resubmission: what met last time cannot have changed (the applicant edits only what
    # was returned), so it starts checked; every returned item is checked again.
    initial = {k: "ya" for k, b in last_butir.items() if b.get("memenuhi")}
    form = VerifikasiForm(request.POST or None, items=items, initial_memenuhi=initial)
    ttd_form = TandatanganForm(request.POST or None, prefix=TTD_PREFIX)
    if request.method == "POST":
        form_ok, ttd_ok = form.is_valid(), ttd_form.is_valid()
        if form_ok and ttd_ok:
            try:
                services.permohonan_verify(
                    permohonan=p,
                    hasil=form.cleaned_data["hasil"],
                    butir=form.butir(),
                    catatan=form.cleaned_data["catatan"],
                    actor=user,
                    ttd=ttd_form.tandatangan(request),
                )
            except services.JourneyError as e:
                show_error(request, e, form)
            except ServiceError as e:  # the signing act (records engine): password, consent
                show_error(request, e, ttd_form)
            else:
                messages.success(request, _success_message(form.cleaned_data["hasil"]))
                return redirect(p)
    see_nik = permissions.can_see_nik(user, p)
    changes = selectors.resubmission_changes(p, last)
    sections = _sections(p, see_nik)
    rows = []
    for item in items:
        slug = _slug(item["kunci"])
        bukti = item["bukti"]
        rows.append(
            {
                **item,
                "memenuhi": form[f"m-{slug}"],
                "catatan": form[f"n-{slug}"],
                "unduh": reverse("sertifikasi:bukti-unduh", args=[p.pk, bukti.pk]) if bukti else "",
                "dikembalikan": changes.get(item["kunci"]),
                "section": sections.get(item["kunci"]),
            }
        )
    return render(
        request,
        "sertifikasi/verifikasi.html",
        {
            "p": p,
            "form": form,
            "ttd_form": ttd_form,
            "rows": rows,
            "rounds": rounds,
            "duplicates": list(services.duplicate_accounts(p)),
            "identitas": p.nomor_identitas if see_nik else samarkan_nik(p.nomor_identitas),
        },
    )
