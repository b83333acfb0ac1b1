"""SK penetapan TUK pages (SE-A4.9, SE-A3.Kb): the Ketua issues and signs the SK for a
request whose result is Sesuai; the list of SKs (in the system or recorded from outside);
staff record an SK issued outside the system with its PDF, which is streamed to those who see
the SK."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from administrasi.forms import SignForm
from akun.permissions import module_required
from lsp_portal import schemes
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.files import stream_file
from lsp_portal.pagination import paginate
from tuk.models import Tuk

from . import permissions, services

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _berlaku_alasan(tuk: Tuk) -> str:
    """Why the SK's end date is capped as it is (services.berlaku_maksimal)."""
    if tuk.jenis == Tuk.Jenis.MANDIRI:
        years = int(getattr(settings, "VERIFIKASI_TUK_MANDIRI_MAKS_TAHUN", 3))
        return f"TUK Mandiri diverifikasi ulang secara berkala: masa berlaku paling lama {years} tahun."
    days = int(getattr(settings, "VERIFIKASI_TUK_SEWAKTU_MAKS_HARI", 90))
    return (
        f"{tuk.get_jenis_display()} diverifikasi untuk setiap penggunaan: masa berlaku paling lama "
        f"{days} hari, cukup untuk jadwal yang akan memakainya."
    )


class SkForm(SignForm):
    berlaku_sampai = forms.DateField(
        label="Berlaku sampai",
        widget=DATE_WIDGET,
        error_messages={"required": "Isi tanggal berlaku sampai.", "invalid": "Tanggal tidak terbaca."},
    )
    field_order = ["berlaku_sampai", "secret", "consent", "gambar"]

    def __init__(self, *args, tuk: Tuk, **kwargs):
        super().__init__(*args, **kwargs)
        latest = services.berlaku_maksimal(tuk)
        field = self.fields["berlaku_sampai"]
        field.initial = latest
        field.widget.attrs.update(
            min=(timezone.localdate() + dt.timedelta(days=1)).isoformat(), max=latest.isoformat()
        )
        field.help_text = f"{_berlaku_alasan(tuk)} Paling lambat {latest:%d-%m-%Y}."


@module_required(permissions.can_open)
def sk_issue_view(request, pk):
    """The Ketua's page for a request: the TUK, its schemes, the berita acara and the
    recommendation, then the SK's end date and the signature. A request that cannot have an
    SK (not fit, conditions open...) shows why (services.sk_refusal, the rule sk_issue
    refuses by)."""
    p = get_object_or_404(
        permissions.visible_permintaan(request.user).select_related("tuk", "berita_acara", "verifikator"),
        pk=pk,
    )
    if not permissions.can_sign_sk(request.user):
        raise PermissionDenied
    refusal = services.sk_refusal(p)
    form = SkForm(request.POST or None, tuk=p.tuk)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            penetapan = services.sk_issue(
                permintaan=p,
                berlaku_sampai=form.cleaned_data["berlaku_sampai"],
                ttd=form.tandatangan(request),
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"SK penetapan TUK {penetapan.nomor} terbit; {p.tuk.nama} terverifikasi sampai "
                f"{penetapan.berlaku_sampai:%d-%m-%Y}.",
            )
            return redirect("verifikasi_tuk:permintaan-detail", p.pk)
    return render(
        request,
        "verifikasi_tuk/sk_issue.html",
        {
            "p": p,
            "skema": [schemes.get(i) or f"Skema #{i}" for i in p.skema_ids],
            "refusal": " ".join(refusal.messages) if refusal is not None else "",
            "form": form if refusal is None else None,
            "berlaku_alasan": _berlaku_alasan(p.tuk),
            "berlaku_maksimal": services.berlaku_maksimal(p.tuk),
        },
    )


@module_required(permissions.can_open)
def penetapan_list_view(request):
    """SKs penetapan TUK the user sees, newest first: number, date, TUK, schemes, end date
    (expired ones shown so), and where the SK lives (a record in the system, or its PDF)."""
    rows = permissions.visible_penetapan(request.user).select_related("tuk").order_by("-tanggal", "-pk")
    page = paginate(request, rows, per_page=25)
    penetapan = list(page.object_list)
    by_id = {s.id: s for s in schemes.all_schemes()} if penetapan else {}
    today = timezone.localdate()
    items = [
        {
            "sk": sk,
            "skema": [by_id.get(i) or f"Skema #{i}" for i in sk.skema_ids],
            "kedaluwarsa": sk.berlaku_sampai < today,
        }
        for sk in penetapan
    ]
    return render(
        request,
        "verifikasi_tuk/penetapan_list.html",
        {"page": page, "items": items, "can_record": permissions.can_record_external_sk(request.user)},
    )


class PenetapanExternalForm(forms.Form):
    tuk = forms.ModelChoiceField(
        label="TUK",
        queryset=Tuk.objects.order_by("nama"),
        empty_label="Pilih TUK",
        error_messages={"required": "Pilih TUK yang ditetapkan."},
    )
    nomor = forms.CharField(label="Nomor SK", max_length=120, error_messages={"required": "Isi nomor SK."})
    tanggal = forms.DateField(
        label="Tanggal SK",
        widget=DATE_WIDGET,
        error_messages={"required": "Isi tanggal SK.", "invalid": "Tanggal tidak terbaca."},
    )
    skema = forms.TypedMultipleChoiceField(
        label="Skema yang ditetapkan",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih paling sedikit satu skema."},
    )
    berlaku_sampai = forms.DateField(
        label="Berlaku sampai",
        widget=DATE_WIDGET,
        error_messages={"required": "Isi tanggal berlaku sampai.", "invalid": "Tanggal tidak terbaca."},
    )
    berkas = forms.FileField(label="Berkas SK (PDF)", error_messages={"required": "Unggah berkas SK (PDF)."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skema"].choices = [(s.id, str(s)) for s in schemes.all_schemes()]
        rule = services.sk_rule()
        self.fields["berkas"].widget.attrs["accept"] = rule.accept
        self.fields["berkas"].help_text = rule.help_text


@module_required(permissions.can_open)
def penetapan_external_view(request):
    """Record an SK penetapan TUK issued outside the system, with its PDF: the TUK becomes
    verified for the chosen schemes until the SK's end date."""
    if not permissions.can_record_external_sk(request.user):
        raise PermissionDenied
    form = PenetapanExternalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            penetapan = services.penetapan_record_external(
                tuk=data["tuk"],
                nomor=data["nomor"],
                tanggal=data["tanggal"],
                skema_ids=data["skema"],
                berlaku_sampai=data["berlaku_sampai"],
                berkas=data["berkas"],
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"SK {penetapan.nomor} tercatat; {penetapan.tuk.nama} terverifikasi sampai "
                f"{penetapan.berlaku_sampai:%d-%m-%Y}.",
            )
            return redirect("verifikasi_tuk:penetapan-list")
    return render(request, "verifikasi_tuk/penetapan_external.html", {"form": form})


@module_required(permissions.can_open)
def penetapan_file_view(request, pk):
    """The PDF of an SK recorded from outside the system, for those who see the SK; an SK
    issued in the system is a record (administrasi) and has no file here."""
    penetapan = get_object_or_404(permissions.visible_penetapan(request.user), pk=pk)
    if not penetapan.di_luar_sistem:
        raise Http404
    return stream_file(penetapan.berkas, stem=f"sk-penetapan-tuk-{penetapan.pk}")
