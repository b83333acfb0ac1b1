"""The batch's session pages (SE-A4.10, SE-A4.8e, X-8, X-9): the lead assessor's review of the
instruments (FR.IA.11-TINJAU), the session page (window, video link, attendance, candidates
and their identity check, log, recordings, berita acara), joining, staff's extension, the
assessors' log, the identity check with its snapshot, and the berita acara.

Who: the batch is seen by staff (use_sertifikasi_staff), its assessors and its candidates
(permissions.visible_sesi_jadwal; others 404); a candidate sees their own line only, and
another candidate's identity check or snapshot is 404 to them. Each action asks its
permissions.can_* (visible but not allowed: 403); every rule and its words are the
service's (services.sesi), shown on the form or as a page message.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, add_to_form, show_error
from lsp_portal.files import stream_file
from lsp_portal.http import client_ip

from . import permissions, services
from .forms import TandatanganForm
from .models import CekIdentitas, Kehadiran, LogSesi, Mode, Permohonan, Rekaman, Sesi
from .services.asesmen import lead_penugasan, sesi_window

LOG_SHOWN = 200  # the latest lines on the page; the berita acara keeps every incident


def _jadwal(request, pk):
    return get_object_or_404(
        permissions.visible_sesi_jadwal(request.user).select_related("skema", "tuk", "reviu_instrumen"),
        pk=pk,
    )


def _sesi(jadwal) -> Sesi | None:
    """The batch's session row if it was made (a page never makes it)."""
    return Sesi.objects.filter(jadwal=jadwal).select_related("berita_acara").first()


def _refuse(request, error: ServiceError, form) -> None:
    """A refusal on the form's field it names, else at the form's top."""
    field = getattr(error, "field", None)
    if field and field in form.fields:
        add_to_form(form, error)
    else:
        show_error(request, error, form)


# --- forms: validation and labels only ---------------------------------------------------------


def _datetime_widget():
    # Two native inputs (date, time) in Asia/Jakarta, as on the batch form.
    return forms.SplitDateTimeWidget(
        date_attrs={"type": "date"},
        time_attrs={"type": "time", "aria-label": "Jam"},
        date_format="%Y-%m-%d",
        time_format="%H:%M",
    )


class PerpanjangForm(forms.Form):
    sampai = forms.SplitDateTimeField(
        label="Diperpanjang sampai (tanggal dan jam, WIB)",
        widget=_datetime_widget(),
        error_messages={"invalid_date": "Isi tanggal.", "invalid_time": "Isi jam.", "required": "Isi waktu."},
    )
    alasan = forms.CharField(
        label="Alasan perpanjangan",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dicatat di log sesi dan berita acara bersama nama Anda.",
    )


class LogForm(forms.Form):
    jenis = forms.ChoiceField(
        label="Jenis",
        choices=[(LogSesi.Jenis.CATATAN, "Catatan"), (LogSesi.Jenis.INSIDEN, "Insiden")],
        initial=LogSesi.Jenis.CATATAN,
        widget=forms.RadioSelect,
    )
    teks = forms.CharField(
        label="Uraian", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    permohonan = forms.ModelChoiceField(
        label="Tentang asesi (opsional)",
        queryset=Permohonan.objects.none(),
        required=False,
        empty_label="Seluruh sesi",
    )
    hentikan = forms.BooleanField(
        label="Hentikan asesmen asesi ini karena insiden",
        required=False,
        help_text='Status asesi menjadi "asesmen tidak dapat dilanjutkan" dengan uraian ini sebagai alasan.',
    )
    konfirmasi = forms.BooleanField(
        label="Saya yakin asesmen asesi ini dihentikan (tidak dapat dibatalkan)",
        required=False,
    )

    def __init__(self, *args, jadwal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permohonan"].queryset = jadwal.peserta.order_by("nama", "pk")
        self.fields["permohonan"].label_from_instance = lambda p: p.nama or str(p.asesi)

    def clean(self):
        data = super().clean()
        if data.get("hentikan") and not data.get("konfirmasi"):
            self.add_error("konfirmasi", "Centang konfirmasi untuk menghentikan asesmen asesi ini.")
        return data


class IdentitasForm(forms.Form):
    hasil = forms.ChoiceField(
        label="Hasil pemeriksaan", choices=CekIdentitas.Hasil.choices, widget=forms.RadioSelect
    )
    catatan = forms.CharField(
        label="Catatan",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib bila tidak sesuai: apa yang berbeda antara wajah, kartu identitas, dan foto.",
    )
    foto = forms.FileField(label="Cuplikan (opsional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule = services.identitas_foto_rule()
        self.fields["foto"].help_text = f"Tangkapan layar wajah dan kartu identitas. {rule.help_text}"
        self.fields["foto"].widget.attrs.update(accept=rule.accept, capture="user")

    def clean_foto(self):
        upload = self.cleaned_data.get("foto")
        return services.identitas_foto_rule().check(upload) if upload else None


# --- FR.IA.11-TINJAU ---------------------------------------------------------------------------


def _reviu_lines(instrumen, answers: dict, post=None) -> list[dict]:
    """Rows for the form: per instrument its lines (key, text, value True/False/None) and note,
    from the POST when there is one, else from the signed review."""
    lines = []
    for i in instrumen:
        label = services.instrumen_label(i)
        before = answers.get(label, {})
        if post is not None:
            value = {
                k: {"ya": True, "tidak": False}.get(post.get(f"{k}-{i.pk}")) for k in services.ASPEK_REVIU
            }
            note = post.get(f"catatan-{i.pk}", "")
        else:
            value = {k: before.get(k) for k in services.ASPEK_REVIU}
            note = before.get("catatan", "")
        lines.append(
            {
                "instrumen": i,
                "label": label,
                "aspek": [(k, text, value[k]) for k, text in services.ASPEK_REVIU.items()],
                "catatan": note,
                "values": value,
                "errors": [],
            }
        )
    return lines


@module_required(permissions.can_open)
def reviu_instrumen_view(request, pk):
    """SE-A4.8e: the lead assessor answers Ya/Tidak per instrument the batch's plans use, with
    notes, and signs FR.IA.11-TINJAU (services.reviu_instrumen_save); staff and the batch's
    other assessors read it; candidates 403."""
    jadwal = _jadwal(request, pk)
    if not permissions.can_see_sesi_all(request.user, jadwal):
        raise PermissionDenied
    allowed = permissions.can_review_instruments(request.user, jadwal)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    dokumen = jadwal.reviu_instrumen
    instrumen = services.batch_instruments(jadwal)
    answers = services.reviu_answers(dokumen)
    form = None
    lines = _reviu_lines(instrumen, answers)
    if allowed:
        form = TandatanganForm(request.POST or None)
        if request.method == "POST":
            lines = _reviu_lines(instrumen, answers, request.POST)
            if form.is_valid():
                try:
                    services.reviu_instrumen_save(
                        jadwal=jadwal,
                        jawaban={line["instrumen"].pk: line["values"] for line in lines},
                        catatan={line["instrumen"].pk: line["catatan"] for line in lines},
                        actor=request.user,
                        ttd=form.tandatangan(request),
                    )
                except ServiceError as e:
                    field = getattr(e, "field", None) or ""
                    line = next((x for x in lines if f"instrumen-{x['instrumen'].pk}" == field), None)
                    if line is not None:
                        line["errors"].extend(e.messages)
                    show_error(request, e, form)
                else:
                    messages.success(request, "Ceklis meninjau instrumen (FR.IA.11) ditandatangani.")
                    return redirect("sertifikasi:sesi", pk=jadwal.pk)
    return render(
        request,
        "sertifikasi/reviu_instrumen.html",
        {
            "jadwal": jadwal,
            "dokumen": dokumen,
            "lines": lines,
            "form": form,
            "refusal": services.reviu_refusal(jadwal),
            "lead": lead_penugasan(jadwal),
        },
    )


# --- the session page --------------------------------------------------------------------------


def _sesi_context(request, jadwal, *, log_form=None) -> dict:
    user = request.user
    sesi = _sesi(jadwal)
    opens, closes = sesi_window(jadwal, sesi)
    penugasan = list(jadwal.penugasan.select_related("asesor__personel").order_by("pk"))
    is_asesor = any(pg.asesor.personel.user_id == user.pk for pg in penugasan)
    see_all = is_asesor or permissions.is_staff(user)
    lead = penugasan[0] if penugasan else None
    time_refusal = services.time_refusal(jadwal, sesi)
    context = {
        "jadwal": jadwal,
        "sesi": sesi,
        "opens": opens,
        "closes": closes,
        "is_open": not time_refusal,
        "time_refusal": time_refusal,
        "remote": jadwal.mode == Mode.JARAK_JAUH,
        "penugasan": penugasan,
        "see_all": see_all,
        "is_lead": bool(lead and lead.asesor.personel.user_id == user.pk),
        "reviu_refusal": services.reviu_refusal(jadwal),
        "can_extend": permissions.can_extend_sesi(user, jadwal),
        "can_log": is_asesor,
        "log_shown": LOG_SHOWN,
    }
    mine = None if is_asesor else services.sesi_candidate(jadwal, user)
    context["mine"] = mine
    if is_asesor or mine is not None:
        context["join_refusal"] = services.join_refusal(jadwal, user)
        context["can_join"] = True
    my_asesor_ids = {pg.asesor_id for pg in penugasan if pg.asesor.personel.user_id == user.pk}
    kehadiran = Kehadiran.objects.none()
    if sesi is not None:
        kehadiran = sesi.kehadiran.select_related("user", "permohonan").order_by("hadir_pada", "pk")
    if see_all:
        peserta = list(
            jadwal.peserta.select_related("asesi", "asesor__personel")
            .prefetch_related(
                Prefetch(
                    "cek_identitas", queryset=CekIdentitas.objects.order_by("-waktu", "-pk"), to_attr="cek"
                )
            )
            .order_by("nama", "pk")
        )
        hadir = list(kehadiran)
        hadir_by_user = {k.user_id: k for k in hadir}
        context.update(
            peserta=[
                {
                    "p": p,
                    "cek": p.cek[0] if p.cek else None,
                    "hadir": hadir_by_user.get(p.asesi_id),
                    "can_check": p.asesor_id in my_asesor_ids and p.status == Permohonan.Status.SIAP_ASESMEN,
                }
                for p in peserta
            ],
            kehadiran=hadir,
            log=list(
                reversed(sesi.log.select_related("oleh", "permohonan").order_by("-waktu", "-pk")[:LOG_SHOWN])
            )
            if sesi is not None
            else [],
            rekaman=list(Rekaman.objects.filter(sesi=sesi).order_by("pk")) if sesi is not None else [],
            log_form=log_form or (LogForm(jadwal=jadwal) if is_asesor else None),
        )
    else:
        context["kehadiran"] = [k for k in kehadiran.filter(user=user)]
    return context


@module_required(permissions.can_open)
def sesi_view(request, pk):
    """The session of the batch: its window and whether it is on now, the video link (remote),
    the attendance list, the candidates with their identity check (staff, assessors), the
    log, the recordings (sertifikasi:rekaman), the instrument review and berita acara
    status. A candidate sees the batch and their own line; they and the assessors join here."""
    jadwal = _jadwal(request, pk)
    return render(request, "sertifikasi/sesi.html", _sesi_context(request, jadwal))


@require_POST
@module_required(permissions.can_open)
def hadir_view(request, pk):
    """Join (services.sesi_hadir): the first time is the attendance line (time, IP, device),
    every time a log line; then on to the video link (remote) or back to the page."""
    jadwal = _jadwal(request, pk)
    if not permissions.can_join_sesi(request.user, jadwal):
        raise PermissionDenied
    try:
        services.sesi_hadir(
            jadwal=jadwal,
            actor=request.user,
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ServiceError as e:
        show_error(request, e)
        return redirect("sertifikasi:sesi", pk=jadwal.pk)
    if jadwal.mode == Mode.JARAK_JAUH and jadwal.tautan_video:
        return redirect(jadwal.tautan_video)
    messages.success(request, f"Kehadiran Anda tercatat pukul {timezone.localtime():%H.%M} WIB.")
    return redirect("sertifikasi:sesi", pk=jadwal.pk)


@module_required(permissions.can_open)
def perpanjang_view(request, pk):
    """Staff with manage_jadwal set the session's end later, with a reason (services.sesi_perpanjang)."""
    jadwal = _jadwal(request, pk)
    if not permissions.can_extend_sesi(request.user, jadwal):
        raise PermissionDenied
    sesi = _sesi(jadwal)
    _, closes = sesi_window(jadwal, sesi)
    form = PerpanjangForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sesi_perpanjang(
                jadwal=jadwal,
                sampai=form.cleaned_data["sampai"],
                alasan=form.cleaned_data["alasan"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ServiceError as e:
            _refuse(request, e, form)
        else:
            messages.success(request, "Waktu sesi diperpanjang dan dicatat di log sesi.")
            return redirect("sertifikasi:sesi", pk=jadwal.pk)
    return render(
        request,
        "sertifikasi/sesi_perpanjang.html",
        {"jadwal": jadwal, "sesi": sesi, "closes": closes, "form": form},
    )


@require_POST
@module_required(permissions.can_open)
def log_view(request, pk):
    """An assessor of the batch adds a note or an incident (services.sesi_catat); an incident
    may end one candidate's assessment, confirmed on the form. Errors: the session page again
    with the form."""
    jadwal = _jadwal(request, pk)
    if not permissions.can_log_sesi(request.user, jadwal):
        raise PermissionDenied
    form = LogForm(request.POST, jadwal=jadwal)
    if form.is_valid():
        try:
            services.sesi_catat(
                jadwal=jadwal,
                jenis=form.cleaned_data["jenis"],
                teks=form.cleaned_data["teks"],
                permohonan=form.cleaned_data["permohonan"],
                hentikan=form.cleaned_data["hentikan"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ServiceError as e:
            _refuse(request, e, form)
        else:
            messages.success(
                request,
                "Asesmen asesi dihentikan dan dicatat di log sesi."
                if form.cleaned_data["hentikan"]
                else "Dicatat di log sesi.",
            )
            return redirect(reverse("sertifikasi:sesi", args=[jadwal.pk]) + "#log")
    return render(request, "sertifikasi/sesi.html", _sesi_context(request, jadwal, log_form=form))


@module_required(permissions.can_open)
def identitas_view(request, pk, permohonan_pk):
    """X-8: the candidate's assessor records the identity check (services.identitas_periksa):
    sesuai begins the assessment, tidak sesuai ends it. A candidate of the batch: 403 on
    their own, 404 on another's."""
    jadwal = _jadwal(request, pk)
    peserta = jadwal.peserta.select_related("asesi", "asesor__personel", "ak01")
    if not permissions.can_see_sesi_all(request.user, jadwal):
        peserta = peserta.filter(asesi=request.user)
    p = get_object_or_404(peserta, pk=permohonan_pk)
    if not permissions.can_check_identity(request.user, p):
        raise PermissionDenied
    form = IdentitasForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            cek = services.identitas_periksa(
                jadwal=jadwal,
                permohonan=p,
                hasil=form.cleaned_data["hasil"],
                catatan=form.cleaned_data["catatan"],
                foto=form.cleaned_data["foto"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ServiceError as e:
            _refuse(request, e, form)
        else:
            messages.success(
                request,
                f"Identitas {p.nama} sesuai; asesmen dimulai."
                if cek.hasil == CekIdentitas.Hasil.SESUAI
                else f"Identitas {p.nama} tidak sesuai; asesmen dihentikan dan LSP diberi tahu.",
            )
            return redirect("sertifikasi:sesi", pk=jadwal.pk)
    sesi = _sesi(jadwal)
    riwayat = list(p.cek_identitas.select_related("oleh").order_by("waktu", "pk"))
    refusal = services.reviu_refusal(jadwal) or services.time_refusal(jadwal, sesi)
    return render(
        request,
        "sertifikasi/sesi_identitas.html",
        {"jadwal": jadwal, "p": p, "form": form, "riwayat": riwayat, "refusal": refusal},
    )


@module_required(permissions.can_open)
def identitas_foto_view(request, pk, cek_pk):
    """The identity snapshot, to staff and the batch's assessors; anyone else who sees the
    batch (its candidates, the person in it included) 404: it is the assessor's evidence,
    and the candidate's own copy of their data comes with their data export."""
    jadwal = _jadwal(request, pk)
    if not permissions.can_see_identity_photo(request.user, jadwal):
        raise Http404
    cek = get_object_or_404(CekIdentitas.objects.filter(sesi__jadwal=jadwal), pk=cek_pk)
    return stream_file(cek.foto, stem=f"identitas-{jadwal.pk}-{cek.pk}")


@module_required(permissions.can_open)
def berita_acara_view(request, pk):
    """The berita acara (BA-ASESMEN): the lead assessor reads what it will state and signs it
    (services.berita_acara_sign), which closes the session; staff and the batch's assessors
    read it; candidates 403."""
    jadwal = _jadwal(request, pk)
    if not permissions.can_see_sesi_all(request.user, jadwal):
        raise PermissionDenied
    allowed = permissions.can_sign_berita_acara(request.user, jadwal)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    form = TandatanganForm(request.POST or None) if allowed else None
    if request.method == "POST" and form.is_valid():
        try:
            dokumen = services.berita_acara_sign(
                jadwal=jadwal, actor=request.user, ttd=form.tandatangan(request)
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request, f"Berita acara versi {dokumen.versi} ditandatangani; sesi ditutup untuk peserta."
            )
            return redirect("sertifikasi:sesi", pk=jadwal.pk)
    sesi = _sesi(jadwal)
    return render(
        request,
        "sertifikasi/sesi_berita_acara.html",
        {
            "jadwal": jadwal,
            "sesi": sesi,
            "dokumen": sesi.berita_acara if sesi else None,
            "preview": services.berita_acara_data(jadwal, sesi) if sesi is not None else None,
            "form": form,
        },
    )
