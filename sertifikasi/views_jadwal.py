"""Batch pages (jadwal asesmen, SE-E3, X-6): the list, the batch form, the detail with its
SPT asesor, the choice of assessors and of candidates, taking a candidate out, and the
assessor's confirmation of their SPT.

Who: LSP staff (use_sertifikasi_staff) and assessors open the pages, everyone else gets 403;
an assessor sees only the batches they are assigned to (others' batches 404); changing a
batch needs manage_jadwal (permissions.can_edit_jadwal, 403 otherwise). Every rule is the
service's: a refusal comes back as a ServiceError and is shown on its field.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, DateTimeField, F, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from administrasi.models import Dokumen
from akun.models import Role
from akun.permissions import has_role, module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.pagination import paginate
from lsp_portal.status import labelled_history
from muk.models import Skema
from sdm.models import Asesor
from sdm.selectors import asesor_overview
from tuk.models import Tuk

from . import services
from .models import Jadwal, JadwalAsesor, Mode, Permohonan
from .permissions import (
    asesor_of,
    can_confirm_spt,
    can_edit_jadwal,
    can_manage_jadwal,
    is_staff,
    visible_jadwal,
    visible_permohonan,
)
from .views_common import get_jadwal

S = Permohonan.Status
PAGE_SIZE = 25
# The candidates who cannot join, shown for transparency on the candidates page.
OTHERS_LIMIT = 20
HOME_LIMIT = 20


def can_open_jadwal(user) -> bool:
    """The batch pages are for LSP staff and assessors (an assessor without a batch sees an
    empty list); an applicant or anyone else gets 403."""
    return is_staff(user) or has_role(user, Role.Code.ASESOR) or asesor_of(user) is not None


def _editable(request, pk) -> Jadwal:
    """The batch `pk` if visible (404 otherwise) and the user may change it (403 otherwise)."""
    jadwal = get_jadwal(request, pk)
    if not can_edit_jadwal(request.user, jadwal):
        raise PermissionDenied
    return jadwal


def _tgl(value) -> str:
    return date_format(value, "j F Y")


# --- the list --------------------------------------------------------------------------------


class JadwalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *Jadwal.Status.choices]
    )
    skema = forms.ModelChoiceField(
        label="Skema", required=False, queryset=Skema.objects.order_by("kode"), empty_label="Semua skema"
    )
    dari = forms.DateField(
        label="Mulai sejak tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def jadwal_rows(qs):
    """Batches with what the list shows, in a fixed number of queries: scheme, TUK, SPT and
    the candidate count joined, the assessors prefetched. Upcoming batches first (soonest
    first), then past ones (latest first)."""
    now = timezone.now()
    return (
        qs.select_related("skema", "tuk", "spt")
        .annotate(
            jumlah_peserta=Count("peserta"),
            sudah_lewat=Case(
                When(selesai__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .prefetch_related(
            Prefetch(
                "penugasan", queryset=JadwalAsesor.objects.select_related("asesor__personel").order_by("pk")
            )
        )
        .order_by(
            "sudah_lewat",
            Case(When(selesai__gte=now, then=F("mulai")), output_field=DateTimeField()).asc(nulls_last=True),
            F("mulai").desc(),
            "-pk",
        )
    )


@module_required(can_open_jadwal)
def jadwal_list_view(request):
    form = JadwalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = visible_jadwal(request.user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("skema"):
        qs = qs.filter(skema=filters["skema"])
    if filters.get("dari"):
        qs = qs.filter(mulai__date__gte=filters["dari"])
    return render(
        request,
        "sertifikasi/jadwal_list.html",
        {
            "form": form,
            "page": paginate(request, jadwal_rows(qs), per_page=PAGE_SIZE),
            "can_manage": can_manage_jadwal(request.user),
        },
    )


# --- the batch form --------------------------------------------------------------------------


class SkemaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        remote = " · jarak jauh disetujui BNSP" if obj.jarak_jauh_disetujui else ""
        return f"{obj.kode} {obj.judul}{remote}"


class TukChoiceField(forms.ModelChoiceField):
    """Each TUK with the end of its verification: the batch's days must fall within it."""

    def label_from_instance(self, obj):
        if obj.status_efektif == Tuk.Status.TERVERIFIKASI:
            state = f"verifikasi berlaku sampai {_tgl(obj.berlaku_sampai)}"
        elif obj.berlaku_sampai:
            state = (
                f"{obj.get_status_efektif_display().lower()}, verifikasi berakhir {_tgl(obj.berlaku_sampai)}"
            )
        else:
            state = f"{obj.get_status_efektif_display().lower()}, belum terverifikasi"
        return f"{obj.nama} ({obj.kode}) · {state}"


class SignerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nama_lengkap or obj.email


def _datetime_widget():
    # Two native inputs (date, time); the values are in Asia/Jakarta (settings.TIME_ZONE).
    return forms.SplitDateTimeWidget(
        date_attrs={"type": "date"},
        time_attrs={"type": "time", "aria-label": "Jam"},
        date_format="%Y-%m-%d",
        time_format="%H:%M",
    )


class JadwalForm(forms.Form):
    """services.jadwal.FIELDS, typed; the rules (SE-E3, TUK, quota...) are the service's."""

    nama = forms.CharField(label="Nama jadwal", max_length=150, help_text="Misalnya Batch JWD Desember 2026.")
    skema = SkemaChoiceField(label="Skema", queryset=Skema.objects.none(), empty_label="Pilih skema")
    mode = forms.ChoiceField(
        label="Mode asesmen",
        choices=Mode.choices,
        help_text="Jarak jauh hanya untuk skema yang disetujui BNSP, kecuali jadwal uji coba (SE-E3).",
    )
    tuk = TukChoiceField(
        label="TUK",
        queryset=Tuk.objects.order_by("nama", "pk"),
        empty_label="Pilih TUK",
        help_text="TUK harus terverifikasi pada setiap hari jadwal; di samping nama tertulis akhir masa "
        "berlaku verifikasinya.",
    )
    mulai = forms.SplitDateTimeField(
        label="Mulai (tanggal dan jam, WIB)",
        widget=_datetime_widget(),
        error_messages={"invalid_date": "Isi tanggal mulai.", "invalid_time": "Isi jam mulai."},
    )
    selesai = forms.SplitDateTimeField(
        label="Selesai (tanggal dan jam, WIB)",
        widget=_datetime_widget(),
        error_messages={"invalid_date": "Isi tanggal selesai.", "invalid_time": "Isi jam selesai."},
    )
    kuota = forms.IntegerField(label="Kuota peserta", min_value=1, max_value=500)
    tautan_video = forms.URLField(
        label="Tautan konferensi video",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Wajib untuk asesmen jarak jauh; diawali https://.",
    )
    uji_coba = forms.BooleanField(
        label="Jadwal uji coba",
        required=False,
        help_text="Asesmen uji coba (SE-E3) tidak menerbitkan sertifikat.",
    )
    penandatangan_spt = SignerChoiceField(
        label="Penandatangan SPT asesor",
        queryset=services.spt_signers(),
        empty_label="Pilih Ketua atau Manajer Sertifikasi",
    )

    def __init__(self, *args, jadwal: Jadwal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        skema = Skema.objects.filter(aktif=True)
        if jadwal is not None:  # keep the batch's own scheme selectable (the service decides)
            skema = skema | Skema.objects.filter(pk=jadwal.skema_id)
        self.fields["skema"].queryset = skema.distinct().order_by("kode")
        self.fields["kuota"].widget.attrs["inputmode"] = "numeric"


def _initial(jadwal: Jadwal) -> dict:
    return {
        "nama": jadwal.nama,
        "skema": jadwal.skema_id,
        "mode": jadwal.mode,
        "tuk": jadwal.tuk_id,
        "mulai": timezone.localtime(jadwal.mulai),
        "selesai": timezone.localtime(jadwal.selesai),
        "kuota": jadwal.kuota,
        "tautan_video": jadwal.tautan_video,
        "uji_coba": jadwal.uji_coba,
        "penandatangan_spt": jadwal.penandatangan_spt_id,
    }


def _spt_issued(jadwal: Jadwal) -> str:
    spt = jadwal.spt
    signer = jadwal.penandatangan_spt
    nomor = f" nomor {spt.nomor}" if spt.nomor else ""
    return (
        f"SPT asesor{nomor} versi {spt.versi} diterbitkan dan menunggu tanda tangan "
        f"{signer.nama_lengkap or signer.email}."
    )


@module_required(can_manage_jadwal)
def jadwal_baru_view(request):
    form = JadwalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            jadwal = services.jadwal_create(actor=request.user, **form.cleaned_data)
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request, f"Jadwal {jadwal.nama} dibuat sebagai draf. Tetapkan asesor untuk menerbitkan SPT."
            )
            return redirect(jadwal)
    return render(request, "sertifikasi/jadwal_form.html", {"form": form, "jadwal": None})


@module_required(can_open_jadwal)
def jadwal_ubah_view(request, pk):
    """After the SPT: saving a change it states issues a new SPT version (signed again);
    a change of time, place, mode or link asks candidates with an FR.AK.01 for a new one."""
    jadwal = _editable(request, pk)
    form = JadwalForm(request.POST or None, initial=_initial(jadwal), jadwal=jadwal)
    if request.method == "POST" and form.is_valid():
        spt_before = jadwal.spt_id
        try:
            saved = services.jadwal_update(jadwal=jadwal, actor=request.user, **form.cleaned_data)
        except ServiceError as e:
            show_error(request, e, form)
        else:
            text = f"Perubahan jadwal {saved.nama} disimpan."
            if saved.spt_id != spt_before:
                text += " " + _spt_issued(saved)
            messages.success(request, text)
            return redirect(saved)
    return render(request, "sertifikasi/jadwal_form.html", {"form": form, "jadwal": jadwal})


# --- the detail ------------------------------------------------------------------------------


@module_required(can_open_jadwal)
def jadwal_detail_view(request, pk):
    jadwal = get_jadwal(request, pk)
    user = request.user
    penugasan = list(jadwal.penugasan.select_related("asesor__personel").order_by("pk"))
    peserta = list(jadwal.peserta.select_related("asesi", "asesor__personel").order_by("nama", "pk"))
    spt_ttd = list(jadwal.spt.tanda_tangan.select_related("penandatangan")) if jadwal.spt_id else []
    pending = [t for t in spt_ttd if not t.sudah]
    mine = next((pg for pg in penugasan if pg.asesor.personel.user_id == user.pk), None)
    return render(
        request,
        "sertifikasi/jadwal_detail.html",
        {
            "jadwal": jadwal,
            "penugasan": penugasan,
            "peserta": peserta,
            "sisa_kuota": max(jadwal.kuota - len(peserta), 0),
            "spt_ttd": spt_ttd,
            "spt_menunggu": bool(jadwal.spt_id and jadwal.spt.status == Dokumen.Status.DRAFT),
            "sign_turn": bool(
                pending
                and jadwal.spt.status == Dokumen.Status.DRAFT
                and pending[0].penandatangan_id == user.pk
            ),
            "penugasan_saya": mine,
            "can_confirm_spt": can_confirm_spt(user, jadwal),
            "can_edit": can_edit_jadwal(user, jadwal),
            "history": labelled_history(jadwal),
        },
    )


# --- assessors -------------------------------------------------------------------------------


class AsesorForm(forms.Form):
    asesor = forms.ModelMultipleChoiceField(
        label="Asesor",
        queryset=Asesor.objects.all(),
        error_messages={"required": "Pilih paling sedikit satu asesor."},
    )


@module_required(can_open_jadwal)
def jadwal_asesor_view(request, pk):
    """Every assessor with their MET, schemes and this year's declaration, and the reason
    any of them cannot be chosen (services.asesor_refusal); POST sets the batch's assessors
    and issues the SPT."""
    jadwal = _editable(request, pk)
    form = AsesorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        spt_before = jadwal.spt_id
        try:
            saved = services.jadwal_set_asesor(
                jadwal=jadwal, asesor_ids=[a.pk for a in form.cleaned_data["asesor"]], actor=request.user
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            if saved.spt_id == spt_before:
                messages.info(request, "Asesor jadwal tidak berubah.")
            else:
                messages.success(request, "Asesor jadwal ditetapkan. " + _spt_issued(saved))
            return redirect(saved)
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("asesor") if v.isdigit()}
    else:
        chosen = set(jadwal.penugasan.values_list("asesor_id", flat=True))
    year = timezone.localdate(jadwal.mulai).year
    candidates = list(jadwal.peserta.all())
    rows = [
        {
            "asesor": a,
            "refusal": services.asesor_refusal(a, jadwal=jadwal, candidates=candidates),
            "checked": a.pk in chosen,
        }
        for a in asesor_overview(year=year)
    ]
    return render(
        request,
        "sertifikasi/jadwal_asesor.html",
        {"jadwal": jadwal, "form": form, "rows": rows, "year": year, "day": timezone.localdate(jadwal.mulai)},
    )


# --- candidates ------------------------------------------------------------------------------


class PesertaForm(forms.Form):
    peserta = forms.ModelMultipleChoiceField(
        label="Asesi",
        queryset=Permohonan.objects.none(),
        error_messages={"required": "Pilih paling sedikit satu asesi."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Any application the user may see: the service names why one cannot join.
        self.fields["peserta"].queryset = visible_permohonan(user)


@module_required(can_open_jadwal)
def jadwal_peserta_view(request, pk):
    """Candidates waiting for a batch of this scheme and mode (checkboxes), the others of the
    scheme with the reason they cannot join, and the quota left; POST adds the chosen ones,
    all or nothing (services.jadwal_add_peserta)."""
    jadwal = _editable(request, pk)
    form = PesertaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.jadwal_add_peserta(
                jadwal=jadwal, permohonan_ids=[p.pk for p in form.cleaned_data["peserta"]], actor=request.user
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"{len(added)} asesi ditambahkan ke jadwal {jadwal.nama}.")
            return redirect(jadwal)
    chosen = {int(v) for v in request.POST.getlist("peserta") if v.isdigit()}
    waiting = list(
        Permohonan.objects.filter(
            status=S.MENUNGGU_JADWAL, skema_id=jadwal.skema_id, mode=jadwal.mode, jadwal__isnull=True
        )
        .select_related("asesi")
        .order_by("diajukan_pada", "pk")
    )
    others_qs = (
        Permohonan.objects.filter(skema_id=jadwal.skema_id)
        .exclude(status__in=[S.DRAFT, S.DITOLAK])
        .exclude(pk__in=[p.pk for p in waiting])
        .exclude(jadwal=jadwal)
    )
    others = [
        {"permohonan": p, "refusal": services.peserta_refusal(p, jadwal=jadwal)}
        for p in others_qs.select_related("asesi", "skema", "jadwal").order_by("-updated_at", "-pk")[
            :OTHERS_LIMIT
        ]
    ]
    jumlah = jadwal.peserta.count()
    return render(
        request,
        "sertifikasi/jadwal_peserta.html",
        {
            "jadwal": jadwal,
            "form": form,
            "waiting": [{"permohonan": p, "checked": p.pk in chosen} for p in waiting],
            "others": others,
            "others_total": others_qs.count(),
            "jumlah": jumlah,
            "sisa_kuota": max(jadwal.kuota - jumlah, 0),
        },
    )


class KeluarkanForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan mengeluarkan asesi",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Tulis alasan mengeluarkan peserta."},
        help_text="Alasan dikirim kepada asesi dan dicatat pada riwayat permohonannya.",
    )


@module_required(can_open_jadwal)
def jadwal_keluarkan_view(request, pk, permohonan_pk):
    """GET: confirmation with the reason field; POST: the candidate goes back to waiting for
    a batch (services.jadwal_remove_peserta)."""
    jadwal = _editable(request, pk)
    permohonan = get_object_or_404(jadwal.peserta.select_related("asesi"), pk=permohonan_pk)
    form = KeluarkanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.jadwal_remove_peserta(
                jadwal=jadwal, permohonan=permohonan, alasan=form.cleaned_data["alasan"], actor=request.user
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request, f"{permohonan.nama} dikeluarkan dari jadwal dan kembali menunggu jadwal."
            )
            return redirect(jadwal)
    return render(
        request,
        "sertifikasi/jadwal_keluarkan.html",
        {"jadwal": jadwal, "permohonan": permohonan, "form": form},
    )


# --- the assessor's SPT ----------------------------------------------------------------------


@module_required(can_open_jadwal)
@require_POST
def spt_konfirmasi_view(request, pk):
    """The batch's assessor confirms their SPT (services.spt_confirm: only once it is
    signed; a repeat changes nothing). Anyone else who sees the batch: 403."""
    jadwal = get_jadwal(request, pk)
    if not jadwal.penugasan.filter(asesor__personel__user=request.user).exists():
        raise PermissionDenied
    try:
        services.spt_confirm(jadwal=jadwal, actor=request.user)
    except ServiceError as e:
        show_error(request, e)
    else:
        messages.success(request, f"Penugasan pada jadwal {jadwal.nama} dikonfirmasi.")
    return redirect(jadwal)


# --- the assessor's section of the journey home ----------------------------------------------


def asesor_home(user) -> dict:
    """Context of templates/sertifikasi/_home_asesor.html: the assessor's coming batches,
    the SPT they may confirm now, and their candidates waiting for them (APL.02 to review,
    plan and FR.AK.01 to prepare). Four queries."""
    asesor = asesor_of(user)
    if asesor is None:
        return {"asesor_profil": None}
    penugasan = list(
        JadwalAsesor.objects.filter(asesor=asesor, jadwal__selesai__gte=timezone.now())
        .exclude(jadwal__status=Jadwal.Status.DIBATALKAN)
        .select_related("jadwal__skema", "jadwal__tuk", "jadwal__spt")
        .order_by("jadwal__mulai", "pk")[:HOME_LIMIT]
    )
    asesi = list(
        Permohonan.objects.filter(
            asesor=asesor, jadwal__isnull=False, status__in=[S.DIJADWALKAN, S.PRA_ASESMEN]
        )
        .select_related("jadwal", "asesi")
        .order_by("jadwal__mulai", "nama", "pk")[:HOME_LIMIT]
    )
    return {
        "asesor_profil": asesor,
        "penugasan_asesor": penugasan,
        # permissions.can_confirm_spt, read from the rows already loaded.
        "spt_konfirmasi": [
            pg
            for pg in penugasan
            if pg.dikonfirmasi_pada is None
            and pg.jadwal.spt_id
            and pg.jadwal.spt.status == Dokumen.Status.FINAL
        ],
        "asesi_reviu": [p for p in asesi if p.status == S.DIJADWALKAN],
        "asesi_praasesmen": [p for p in asesi if p.status == S.PRA_ASESMEN],
    }
