"""The decision (FLOW.md states 11–13, SE-A4.8, X-6, X-9): the pleno of a batch, each
member's K/BK with reasons, the SK keputusan with the certificates, the Ketua's one signing
act, and a Komite member's conflict with a candidate.

Views fetch a pleno through permissions.visible_pleno (not visible -> 404: a candidate or an
assessor never sees one), ask permissions.py (visible but not allowed -> 403) and call
services.pleno, which holds every rule and words every refusal; a refused form is shown
again with what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from administrasi.forms import SignForm
from administrasi.models import Dokumen
from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.pagination import paginate

from . import permissions, services
from .forms_pleno import KeputusanForm, KonflikPlenoForm, PlenoForm
from .models import HasilUnit, Keputusan, KonflikPleno, Permohonan, Pleno, Sertifikat
from .services import pleno as rules
from .views_common import get_jadwal, get_permohonan, signed_record

S = Permohonan.Status
PAGE_SIZE = 25
# The candidates a pleno decides on (services.pleno.pleno_candidates).
PLENO_STATUSES = [S.MENUNGGU_KEPUTUSAN, S.KOMPETEN, S.BELUM_KOMPETEN]


def get_pleno(request, pk) -> Pleno:
    """The pleno `pk` if the user may see it (staff, its Ketua), else 404."""
    return get_object_or_404(
        permissions.visible_pleno(request.user).select_related(
            "jadwal__skema",
            "jadwal__tuk",
            "jadwal__ak05",
            "jadwal__ak06",
            "penandatangan",
            "dibentuk_oleh",
        ),
        pk=pk,
    )


def _person(user) -> str:
    return user.nama_lengkap or user.email


# --- the list ---------------------------------------------------------------------------------


@module_required(permissions.can_list_pleno)
def pleno_list_view(request):
    """Batches ready for a pleno (with "Bentuk pleno" for organize_pleno holders) and the
    plenos the user sees, newest first, with their status. Queries constant."""
    organizer = permissions.can_organize_pleno(request.user)
    ready = (
        list(rules.batches_ready_for_pleno().select_related("skema").order_by("mulai", "pk"))
        if permissions.is_staff(request.user)
        else []
    )
    plenos = permissions.visible_pleno(request.user).select_related("jadwal__skema", "penandatangan")
    return render(
        request,
        "sertifikasi/pleno_list.html",
        {"ready": ready, "can_organize": organizer, "page": paginate(request, plenos, per_page=PAGE_SIZE)},
    )


# --- forming a pleno ----------------------------------------------------------------------------


def _conflict_rows(jadwal, members) -> list[dict]:
    """Per candidate of the batch, the Komite members who may not decide on them and why
    (services.pleno.decide_refusals: three queries)."""
    candidates = rules.pleno_candidates(jadwal)
    refused = rules.decide_refusals(members, candidates, about=True)
    return [
        {
            "p": p,
            "konflik": [
                {"nama": _person(u), "alasan": refused[(u.pk, p.pk)]}
                for u in members
                if (u.pk, p.pk) in refused
            ],
        }
        for p in candidates
    ]


@module_required(permissions.can_open)
def pleno_baru_view(request, pk):
    """FLOW state 11: the Manajer Sertifikasi forms the pleno of a batch (services.pleno_form):
    members among the active Komite Teknis, the chair, time, link, the Ketua who signs; each
    candidate's known conflicts are shown beside the members. A batch not ready shows why;
    one with a pleno leads to it."""
    jadwal = get_jadwal(request, pk)
    if not permissions.can_organize_pleno(request.user):
        raise PermissionDenied
    existing = Pleno.objects.filter(jadwal=jadwal).first()
    if existing is not None:
        messages.info(request, "Jadwal ini sudah memiliki rapat pleno.")
        return redirect(existing)
    refusal = rules.pleno_ready_refusal(jadwal)
    form = None
    if refusal is None:
        signers = list(rules.sk_signer_choices()[:2])
        initial = {"penandatangan": signers[0].pk} if len(signers) == 1 else {}
        form = PlenoForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                pleno = services.pleno_form(
                    jadwal=jadwal,
                    anggota=list(data["anggota"]),
                    ketua_rapat=data["ketua_rapat"],
                    waktu=data["waktu"],
                    tautan=data["tautan"],
                    penandatangan=data["penandatangan"],
                    actor=request.user,
                )
            except ServiceError as e:
                show_error(request, e, form)
            else:
                messages.success(request, "Rapat pleno dibentuk; anggota telah diberi tahu.")
                return redirect(pleno)
    elif request.method == "POST":
        messages.error(request, refusal)
    members = list(rules.komite_choices())
    return render(
        request,
        "sertifikasi/pleno_baru.html",
        {
            "jadwal": jadwal,
            "form": form,
            "refusal": refusal,
            "rows": _conflict_rows(jadwal, members) if refusal is None else [],
        },
    )


# --- the pleno's page ---------------------------------------------------------------------------


def _units_of(candidates) -> dict[int, list[HasilUnit]]:
    """Each candidate's FR.AK.02 recommendation per unit, in the scheme's order (one query)."""
    units: dict[int, list[HasilUnit]] = {p.pk: [] for p in candidates}
    for row in (
        HasilUnit.objects.filter(permohonan__in=candidates)
        .select_related("unit")
        .order_by("unit__urutan", "unit__kode")
    ):
        units[row.permohonan_id].append(row)
    return units


@module_required(permissions.can_open_pleno)
def pleno_view(request, pk):
    """The pleno: its members and links; per candidate the assessor's FR.AK.02 recommendation
    per unit with links to the records (FR.AK.02, the sheets, FR.AK.05, the recordings), who
    decided what with the reasons, what the user may do; the candidates still undecided;
    X-9: a remote batch without any session recording is flagged. Queries constant."""
    pleno = get_pleno(request, pk)
    user = request.user
    jadwal = pleno.jadwal
    candidates = rules.pleno_candidates(jadwal)
    deciding = permissions.can_decide(user, pleno)
    refused = rules.decide_refusals([user], candidates) if deciding else {}
    keputusan = {
        k.permohonan_id: k for k in Keputusan.objects.filter(pleno=pleno).select_related("diputuskan_oleh")
    }
    units = _units_of(candidates)
    rows = [
        {
            "p": p,
            "units": units[p.pk],
            "bk": [u.unit.kode for u in units[p.pk] if u.rekomendasi == HasilUnit.Rekomendasi.BK],
            "keputusan": keputusan.get(p.pk),
            "refusal": refused.get((user.pk, p.pk)),
            "can_decide": deciding and (user.pk, p.pk) not in refused and p.status == S.MENUNGGU_KEPUTUSAN,
        }
        for p in candidates
    ]
    open_ = rules.undecided(pleno)
    return render(
        request,
        "sertifikasi/pleno_detail.html",
        {
            "pleno": pleno,
            "jadwal": jadwal,
            "anggota": pleno.keanggotaan.select_related("user"),
            "rows": rows,
            "undecided": open_,
            "recording_missing": rules.recording_missing(jadwal),
            "sk": signed_record(pleno.sk_id),
            "sertifikat": Sertifikat.objects.filter(jadwal=jadwal)
            .select_related("dokumen")
            .order_by("nomor"),
            "can_issue": permissions.can_organize_pleno(user) and pleno.status == Pleno.Status.DIBENTUK,
            "can_sign": permissions.can_sign_sk(user, pleno),
        },
    )


# --- a member's decision --------------------------------------------------------------------------


@module_required(permissions.can_open_pleno)
def keputusan_view(request, pk, permohonan_pk):
    """A member decides K or BK on one candidate with the reasons (services.keputusan_save);
    may change it until the SK is issued. A member who may not decide on the candidate sees
    why (X-6); after the SK the page is read only. Non-members: 403."""
    pleno = get_pleno(request, pk)
    user = request.user
    p = get_object_or_404(
        Permohonan.objects.select_related("skema", "asesi", "asesor__personel", "ak02"),
        pk=permohonan_pk,
        jadwal_id=pleno.jadwal_id,
        status__in=PLENO_STATUSES,
    )
    if not permissions.is_pleno_member(user, pleno):
        raise PermissionDenied
    refusal = rules.decide_refusal(user, p)
    keputusan = Keputusan.objects.filter(permohonan=p).select_related("diputuskan_oleh").first()
    allowed = permissions.can_decide(user, pleno) and refusal is None and p.status == S.MENUNGGU_KEPUTUSAN
    form = None
    if request.method == "POST":
        # Refused or not, what was typed is shown again with the service's reason.
        form = KeputusanForm(request.POST)
        if form.is_valid():
            try:
                services.keputusan_save(
                    pleno=pleno,
                    permohonan=p,
                    hasil=form.cleaned_data["hasil"],
                    alasan=form.cleaned_data["alasan"],
                    actor=user,
                )
            except ServiceError as e:
                show_error(request, e, form)
            else:
                messages.success(request, f"Keputusan untuk {p.nama} tersimpan.")
                return redirect(pleno)
    elif allowed:
        initial = {"hasil": keputusan.hasil, "alasan": keputusan.alasan} if keputusan else {}
        form = KeputusanForm(initial=initial)
    return render(
        request,
        "sertifikasi/keputusan.html",
        {
            "pleno": pleno,
            "p": p,
            "form": form,
            "refusal": refusal,
            "keputusan": keputusan,
            "closed": pleno.status != Pleno.Status.DIBENTUK,
            "units": _units_of([p])[p.pk],
            "bk": rules.bk_units(p),
        },
    )


# --- the SK keputusan and the certificates ----------------------------------------------------


@module_required(permissions.can_open_pleno)
def pleno_sk_view(request, pk):
    """GET: what issuing will make (the SK keputusan with every decision, a certificate per K
    candidate unless the batch is a trial), or why not yet. POST: services.sk_keputusan_issue;
    the Ketua is told. organize_pleno only (403)."""
    pleno = get_pleno(request, pk)
    if not permissions.can_organize_pleno(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.sk_keputusan_issue(pleno=pleno, actor=request.user)
        except ServiceError as e:
            show_error(request, e)
        else:
            messages.success(
                request,
                "SK keputusan dan sertifikat diterbitkan; menunggu tanda tangan "
                f"{_person(pleno.penandatangan)}.",
            )
        return redirect(pleno)
    decisions = list(
        Keputusan.objects.filter(pleno=pleno).select_related("permohonan").order_by("permohonan__nama", "pk")
    )
    return render(
        request,
        "sertifikasi/pleno_sk.html",
        {
            "pleno": pleno,
            "jadwal": pleno.jadwal,
            "decisions": decisions,
            "kompeten": sum(1 for k in decisions if k.hasil == Keputusan.Hasil.K),
            "undecided": rules.undecided(pleno),
            "open": pleno.status == Pleno.Status.DIBENTUK,
        },
    )


@module_required(permissions.can_open_pleno)
def pleno_tandatangan_view(request, pk):
    """The Ketua named on the pleno signs the SK keputusan and every certificate with one
    re-authentication (services.sk_sign: a batch signing by Celery), then follows its progress
    (administrasi:tanda-tangan-batch). Before the SK is issued or once signed, the page says
    so. Anyone else: 403."""
    pleno = get_pleno(request, pk)
    if not permissions.is_sk_signer(request.user, pleno):
        raise PermissionDenied
    can_sign = permissions.can_sign_sk(request.user, pleno)
    form = SignForm(request.POST or None) if can_sign else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "SK ini tidak menunggu tanda tangan Anda.")
            return redirect(pleno)
        if form.is_valid():
            act = form.tandatangan(request)
            try:
                batch = services.sk_sign(
                    pleno=pleno,
                    actor=request.user,
                    secret=act.secret,
                    consent=act.consent,
                    ip=act.ip,
                    user_agent=act.user_agent,
                    gambar=act.gambar,
                )
            except ServiceError as e:
                show_error(request, e, form)
            else:
                messages.success(
                    request, "Tanda tangan diproses: SK keputusan lebih dahulu, lalu setiap sertifikat."
                )
                return redirect(reverse("administrasi:tanda-tangan-batch", args=[batch.pk]))
    ids = rules.sk_documents(pleno) if can_sign else []
    return render(
        request,
        "sertifikasi/pleno_tandatangan.html",
        {
            "pleno": pleno,
            "form": form,
            "sk": signed_record(pleno.sk_id),
            "records": Dokumen.objects.filter(pk__in=ids).select_related("jenis").order_by("pk"),
        },
    )


# --- a Komite member's conflict with a candidate (X-6) -------------------------------------------


@module_required(permissions.can_open)
def konflik_pleno_view(request, pk):
    """X-6: a Komite Teknis member declares a conflict with the candidate of this application
    (services.konflik_pleno_declare); they then decide on no application of that person.
    Shows an earlier declaration instead of the form. Others who see the candidate: 403."""
    p = get_permohonan(request, pk)
    if not permissions.can_declare_konflik_pleno(request.user):
        raise PermissionDenied
    declared = KonflikPleno.objects.filter(anggota=request.user, asesi_id=p.asesi_id).first()
    form = KonflikPlenoForm(request.POST or None) if declared is None or request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        try:
            services.konflik_pleno_declare(
                permohonan=p,
                jenis=form.cleaned_data["jenis"],
                alasan=form.cleaned_data["alasan"],
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request, f"Benturan kepentingan dicatat; Anda tidak memutuskan {p.nama} pada rapat pleno."
            )
            return redirect(p)
    return render(request, "sertifikasi/pleno_konflik.html", {"p": p, "form": form, "declared": declared})
