"""FR.APL.01 by the applicant, phone-first (issue 11 item 1), and the page of an application
for everyone who sees it (item 8: its records listed).

- permohonan_baru_view: the active schemes; POST one to start a draft.
- permohonan_ubah_view: the form (what services.editable_fields() allows), saved by
  services.permohonan_save on "Simpan" or by static/js/autosave.js (header X-Autosave: 1,
  answered with JSON {"saved": [...], "errors": {field: message}}).
- bukti_unggah_view / bukti_unduh_view: evidence per basic requirement, in and out.
- permohonan_ajukan_view: summary, what is still missing, declaration, privacy notice and
  the signature -> services.permohonan_submit.
- permohonan_detail_view: status, stepper, what to do next per role, data (NIK masked but
  for can_see_nik), verification rounds, batch, records, history.

`next_step(user, p)` and `applicant_next(user, p)` say what a user does next with an
application (the applicant's home uses the latter); `permohonan_records(p)` is the records
list of an application.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from administrasi.models import Dokumen
from akun import privasi
from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.files import stream_file
from lsp_portal.status import labelled_history
from muk.models import PersyaratanDasar, Skema

from . import permissions as perms
from . import services
from .forms import TandatanganForm
from .identitas import samarkan_nik
from .models import Bukti, Mode, Permohonan, PutaranVerifikasi
from .services.permohonan import persyaratan_wajib
from .views_common import get_permohonan

S = Permohonan.Status
WNI, WNA = Permohonan.Kewarganegaraan.WNI, Permohonan.Kewarganegaraan.WNA

# The FR.APL.01 declaration the applicant signs (the same words the record carries,
# services.permohonan.apl01_data "pernyataan").
PERNYATAAN = (
    "Saya menyatakan bahwa data dan bukti yang saya sampaikan benar, dan saya bersedia mengikuti "
    "asesmen sesuai ketentuan LSP."
)


# --- what to do next --------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    primary: bool = True


@dataclass
class NextStep:
    """What the user should do next with an application: a sentence and the buttons."""

    text: str
    actions: list[Action] = field(default_factory=list)


def _url(name: str, p: Permohonan) -> str:
    return reverse(f"sertifikasi:{name}", args=[p.pk])


def applicant_next(user, p: Permohonan) -> NextStep:
    """The applicant's next step. Reads p.ak01 and its signatures (prefetch them on lists);
    no other query."""
    if p.status == S.DRAFT and perms.can_edit(user, p):
        return NextStep(
            "Lengkapi data diri, unggah bukti persyaratan, lalu periksa dan ajukan permohonan.",
            [
                Action("Lengkapi permohonan", _url("permohonan-ubah", p)),
                Action("Periksa dan ajukan", _url("permohonan-ajukan", p), False),
            ],
        )
    if p.status == S.DIKEMBALIKAN and perms.can_edit(user, p):
        return NextStep(
            "Admin LSP mengembalikan permohonan Anda. Perbaiki butir yang diberi catatan, "
            "lalu ajukan kembali.",
            [
                Action("Perbaiki permohonan", _url("permohonan-ubah", p)),
                Action("Ajukan kembali", _url("permohonan-ajukan", p), False),
            ],
        )
    if p.status == S.DIAJUKAN:
        return NextStep(
            "Permohonan sedang diperiksa Admin LSP. Anda akan diberi tahu hasilnya melalui notifikasi "
            "dan email."
        )
    if p.status == S.DITOLAK:
        return NextStep(
            f"Permohonan tidak diterima. Alasan: {p.alasan_penolakan or '-'} "
            "Anda dapat mengajukan permohonan baru.",
            [Action("Ajukan permohonan baru", reverse("sertifikasi:permohonan-baru"), False)],
        )
    if p.status == S.ASESMEN_MANDIRI and perms.can_fill_apl02(user, p):
        return NextStep(
            "Permohonan diterima. Isi dan tandatangani asesmen mandiri (FR.APL.02).",
            [Action("Isi asesmen mandiri (FR.APL.02)", _url("apl02", p))],
        )
    if p.status == S.MENUNGGU_JADWAL:
        return NextStep(
            "Asesmen mandiri sudah ditandatangani. Manajer sertifikasi akan memasukkan Anda ke jadwal "
            "asesmen."
        )
    if p.status == S.DIJADWALKAN:
        return NextStep("Anda sudah terjadwal. Asesor sedang meninjau asesmen mandiri Anda.")
    if p.status == S.DIHENTIKAN:
        return NextStep(
            "Asesmen tidak dapat dilanjutkan."
            + (f" Alasan: {p.apl02_catatan}" if p.apl02_catatan else "")
            + " Anda dapat mengajukan permohonan baru.",
            [Action("Ajukan permohonan baru", reverse("sertifikasi:permohonan-baru"), False)],
        )
    if p.status == S.PRA_ASESMEN:
        if perms.ak01_turn(user, p):
            return NextStep(
                "Baca rencana, waktu, dan tempat asesmen, lalu tandatangani persetujuan asesmen (FR.AK.01).",
                [Action("Tandatangani FR.AK.01", _url("ak01-tandatangan", p))],
            )
        if p.ak01_id and p.ak01.status == Dokumen.Status.DRAFT:
            return NextStep("Anda sudah menandatangani FR.AK.01. Menunggu tanda tangan asesor.")
        return NextStep(
            "Asesor sedang menyusun rencana asesmen dan persetujuan asesmen (FR.AK.01) untuk Anda."
        )
    if p.status == S.SIAP_ASESMEN:
        return NextStep("Persetujuan asesmen lengkap. Ikuti asesmen sesuai jadwal.")
    return NextStep(p.get_status_display())


def next_step(user, p: Permohonan) -> NextStep:
    """What `user` does next with `p`, by role (applicant, staff, the candidate's assessor),
    each button allowed by the permissions.can_* rule of its page."""
    if perms.is_applicant(user, p):
        return applicant_next(user, p)
    actions = []
    if perms.can_verify(user, p):
        actions.append(Action("Verifikasi permohonan", _url("verifikasi", p)))
    if p.status == S.MENUNGGU_JADWAL and perms.can_manage_jadwal(user):
        actions.append(Action("Masukkan ke jadwal asesmen", reverse("sertifikasi:jadwal-list")))
    if perms.can_review_apl02(user, p):
        actions.append(Action("Tinjau asesmen mandiri (FR.APL.02)", _url("apl02-reviu", p)))
    if perms.can_plan(user, p):
        actions += [
            Action("Rencana asesmen (FR.MAPA)", _url("rencana", p)),
            Action("Penyesuaian wajar (FR.AK.07)", _url("ak07", p), False),
            Action("Usulkan persetujuan asesmen (FR.AK.01)", _url("ak01-usul", p), False),
        ]
    if perms.ak01_turn(user, p):
        actions.append(Action("Tandatangani FR.AK.01", _url("ak01-tandatangan", p)))
    if perms.can_declare_conflict(user, p):
        actions.append(Action("Nyatakan benturan kepentingan", _url("konflik", p), False))
    text = {
        S.DRAFT: "Pemohon belum mengajukan permohonan.",
        S.DIKEMBALIKAN: "Menunggu pemohon memperbaiki butir yang dikembalikan.",
        S.DIAJUKAN: "Permohonan menunggu verifikasi Admin LSP.",
        S.DITOLAK: "Permohonan tidak diterima.",
        S.ASESMEN_MANDIRI: "Menunggu pemohon mengisi asesmen mandiri (FR.APL.02).",
        S.MENUNGGU_JADWAL: "Asesi menunggu dimasukkan ke jadwal asesmen.",
        S.DIJADWALKAN: "Asesor yang ditugaskan meninjau FR.APL.02.",
        S.DIHENTIKAN: "Asesmen tidak dapat dilanjutkan.",
        S.PRA_ASESMEN: "Asesor menyusun rencana dan persetujuan asesmen (FR.AK.01).",
        S.SIAP_ASESMEN: "FR.AK.01 final: asesmen dapat dimulai.",
    }.get(p.status, p.get_status_display())
    return NextStep(text, actions)


def applicant_rows(user) -> list[tuple[Permohonan, NextStep]]:
    """The user's own applications, newest first, each with its next step (three queries
    at most, whatever their number)."""
    rows = (
        Permohonan.objects.filter(asesi=user)
        .select_related("skema", "ak01")
        .prefetch_related("ak01__tanda_tangan")
        .order_by("-created_at", "-pk")
    )
    return [(p, applicant_next(user, p)) for p in rows]


# --- shared reads -------------------------------------------------------------------------------


def permohonan_records(p: Permohonan):
    """Every record whose subject is the application (FR.APL.01 versions, verification
    records, APL.02 and its review, plan, AK.07, AK.01), newest first: one query."""
    return (
        Dokumen.objects.filter(
            subject_type=ContentType.objects.get_for_model(Permohonan), subject_id=str(p.pk)
        )
        .select_related("jenis")
        .order_by("-diterbitkan_pada", "-pk")
    )


def _display(p: Permohonan, name: str, *, see_nik: bool) -> str:
    value = getattr(p, name)
    if name in ("nik", "nomor_paspor"):
        return value if see_nik else samarkan_nik(value)
    if name == "tanggal_lahir":
        return date_filter(value, "j F Y") if value else ""
    if Permohonan._meta.get_field(name).choices:
        return getattr(p, f"get_{name}_display")() if value else ""
    return value or ""


def _label(name: str) -> str:
    label = str(Permohonan._meta.get_field(name).verbose_name)
    return label[0].upper() + label[1:]


def _relevant(p: Permohonan, name: str) -> bool:
    """Whether a field applies to this applicant (NIK for citizens, passport for foreigners)."""
    if name == "nik":
        return p.kewarganegaraan == WNI
    if name in ("nomor_paspor", "negara"):
        return p.kewarganegaraan == WNA
    if name == "tujuan_lainnya":
        return p.tujuan == Permohonan.Tujuan.LAINNYA
    return True


def summary(p: Permohonan, *, see_nik: bool, errors: dict | None = None) -> list[dict]:
    """The form's sections as read-only rows: [{"key", "title", "rows": [{"name", "label",
    "value", "error"}]}]; `errors` {field: message} puts a refusal on its row."""
    errors = errors or {}
    return [
        {
            "key": key,
            "title": title,
            "rows": [
                {
                    "name": name,
                    "label": _label(name),
                    "value": _display(p, name, see_nik=see_nik),
                    "error": errors.get(name, ""),
                }
                for name in services.SECTION_FIELDS[key]
                if _relevant(p, name)
            ],
        }
        for key, title in services.SECTIONS.items()
    ]


def _returned_notes(p: Permohonan) -> dict[str, str]:
    """{item key: the admin's note} of the items the last verification round returned."""
    if p.status != S.DIKEMBALIKAN:
        return {}
    last = PutaranVerifikasi.objects.filter(permohonan=p).order_by("-nomor").first()
    notes = {row["kunci"]: row.get("catatan", "") for row in (last.butir if last else [])}
    return {key: notes.get(key, "") for key in p.dikembalikan}


def _requirements(p: Permohonan, *, returned: dict[str, str]) -> list[dict]:
    """Each basic requirement of the scheme with its evidence in force and whether it may be
    replaced now (two queries)."""
    active = {
        b.persyaratan_id: b for b in Bukti.objects.filter(permohonan=p, aktif=True, persyaratan__isnull=False)
    }
    allowed = services.editable_persyaratan(p)
    rows = []
    for r in PersyaratanDasar.objects.filter(skema_id=p.skema_id).order_by("urutan", "pk"):
        key = f"persyaratan:{r.pk}"
        rows.append(
            {
                "persyaratan": r,
                "bukti": active.get(r.pk),
                "wajib": persyaratan_wajib(r),
                "administratif": r.jenis == PersyaratanDasar.Jenis.ADMINISTRATIF,
                "editable": allowed is None or r.pk in allowed,
                "returned": key in returned,
                "note": returned.get(key, ""),
            }
        )
    return rows


# --- 1. choosing a scheme -----------------------------------------------------------------------


@module_required(perms.can_open)
def permohonan_baru_view(request):
    """The active schemes as cards; POST `skema` starts a draft (services.permohonan_create)."""
    if not perms.can_apply(request.user):
        raise PermissionDenied
    refusal = None
    if request.method == "POST":
        skema = Skema.objects.filter(pk=_int(request.POST.get("skema"))).first()
        if skema is None:
            messages.error(request, "Pilih skema yang akan dimohon.")
            return redirect("sertifikasi:permohonan-baru")
        try:
            p = services.permohonan_create(asesi=request.user, skema=skema, actor=request.user)
        except ServiceError as e:
            existing = (
                Permohonan.objects.filter(asesi=request.user, skema=skema)
                .exclude(status__in=Permohonan.CLOSED)
                .first()
            )
            refusal = {"skema_id": skema.pk, "skema": skema, "message": str(e), "existing": existing}
        else:
            messages.success(
                request, f"Permohonan skema {skema.kode} dibuat sebagai draf. Lengkapi datanya di bawah ini."
            )
            return redirect("sertifikasi:permohonan-ubah", p.pk)
    open_ids = dict(
        Permohonan.objects.filter(asesi=request.user)
        .exclude(status__in=Permohonan.CLOSED)
        .values_list("skema_id", "pk")
    )
    skema_list = [(s, open_ids.get(s.pk)) for s in Skema.objects.filter(aktif=True).order_by("kode")]
    return render(
        request,
        "sertifikasi/permohonan_baru.html",
        {"skema_list": skema_list, "refusal": refusal},
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- 2. the FR.APL.01 form ----------------------------------------------------------------------


class ModeSelect(forms.RadioSelect):
    """Radio buttons of which some options are shown but cannot be chosen."""

    def __init__(self, *args, disabled_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = set(disabled_values)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


def _tel(autocomplete="tel"):
    widget = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": autocomplete})
    widget.input_type = "tel"
    return widget


class Apl01Form(forms.Form):
    """FR.APL.01 sections 1–2 as typed: every field optional here (a draft saves piece by
    piece); services.permohonan_save checks and stores. A field keeps what was typed, even
    when it is refused, so the applicant corrects rather than retypes."""

    def __init__(self, *args, permohonan: Permohonan, **kwargs):
        p = permohonan
        initial = {f: getattr(p, f) for fields in services.SECTION_FIELDS.values() for f in fields}
        super().__init__(*args, initial=initial, **kwargs)
        P = Permohonan
        text = forms.CharField
        remote_ok = p.skema.jarak_jauh_disetujui
        specs = {
            "nama": text(
                max_length=150,
                help_text="Tulis persis seperti pada KTP atau paspor, termasuk tanda petik dan gelar "
                "bila ada.",
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
            ),
            "kewarganegaraan": forms.ChoiceField(choices=P.Kewarganegaraan.choices, widget=forms.RadioSelect),
            "nik": text(
                max_length=24,
                help_text="16 angka sesuai KTP.",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            ),
            "nomor_paspor": text(max_length=30, help_text="Bagi warga negara asing."),
            "negara": text(max_length=80, widget=forms.TextInput(attrs={"autocomplete": "country-name"})),
            "tempat_lahir": text(max_length=100),
            "tanggal_lahir": forms.DateField(
                input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "autocomplete": "bday"}),
                help_text="Sesuai KTP atau paspor.",
            ),
            "jenis_kelamin": forms.ChoiceField(choices=P.JenisKelamin.choices, widget=forms.RadioSelect),
            "alamat": text(widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"})),
            "kode_pos": text(
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            ),
            "telepon_rumah": text(max_length=30, widget=_tel()),
            "nomor_hp": text(max_length=30, widget=_tel(), help_text="Misalnya 081234567890."),
            "email": text(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})),
            "pendidikan": forms.ChoiceField(choices=[("", "— pilih —"), *P.Pendidikan.choices]),
            "pekerjaan_institusi": text(
                max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
            ),
            "pekerjaan_jabatan": text(
                max_length=150, widget=forms.TextInput(attrs={"autocomplete": "organization-title"})
            ),
            "pekerjaan_alamat": text(widget=forms.Textarea(attrs={"rows": 3})),
            "pekerjaan_kode_pos": text(max_length=10, widget=forms.TextInput(attrs={"inputmode": "numeric"})),
            "pekerjaan_telepon": text(max_length=30, widget=_tel("off")),
            "pekerjaan_email": text(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})),
            "mode": forms.ChoiceField(
                choices=Mode.choices,
                widget=ModeSelect(disabled_values=() if remote_ok else {Mode.JARAK_JAUH}),
                help_text=(
                    f"Skema ini disetujui BNSP untuk asesmen jarak jauh (surat {p.skema.nomor_surat_bnsp})."
                    if remote_ok
                    else "Jarak jauh tidak tersedia: skema ini belum disetujui BNSP untuk asesmen jarak jauh "
                    "(SE.007/BNSP/V/2023)."
                ),
            ),
            "tujuan": forms.ChoiceField(choices=P.Tujuan.choices),
            "tujuan_lainnya": text(max_length=200, help_text="Isi bila tujuan asesmen Lainnya."),
        }
        for name, spec in specs.items():
            spec.required = False
            spec.label = _label(name)
            self.fields[name] = spec
        # Shown only for the nationality or purpose they belong to when JavaScript runs
        # (static/js/autosave.js); without it every field shows with its note.
        self.fields["nik"].show_if = "kewarganegaraan=wni"
        self.fields["nik"].note = "Khusus warga negara Indonesia."
        for name in ("nomor_paspor", "negara"):
            self.fields[name].show_if = "kewarganegaraan=wna"
            self.fields[name].note = "Khusus warga negara asing."
        self.fields["tujuan_lainnya"].show_if = "tujuan=lainnya"


def _save(request, p: Permohonan, form: Apl01Form) -> tuple[list[str], dict[str, str]]:
    """Save what the applicant may change and typed validly: (fields changed, {field:
    message} for those not saved). The refused keep their typed value in `form`."""
    editable = services.editable_fields(p)
    form.is_valid()  # parses dates and choices; the service checks the rules
    errors = {name: " ".join(msgs) for name, msgs in form.errors.items() if name in editable}
    nationality = request.POST.get("kewarganegaraan") if "kewarganegaraan" in editable else p.kewarganegaraan
    # Without JavaScript both identity numbers show; only the one of the chosen nationality counts.
    skip = {"nomor_paspor", "negara"} if nationality == WNI else {"nik"} if nationality == WNA else set()
    data = {
        name: form.cleaned_data.get(name)
        for name in editable
        if name in request.POST and name not in errors and name not in skip
    }
    before = {name: getattr(p, name) for name in editable}
    for name, message in (
        services.permohonan_save(permohonan=p, data=data, actor=request.user) if editable else {}
    ).items():
        errors[name] = message
        if name in form.fields and name not in form.errors:
            form.add_error(name, message)
    p.refresh_from_db()
    return [name for name in editable if getattr(p, name) != before[name]], errors


@module_required(perms.can_open)
def permohonan_ubah_view(request, pk):
    """The FR.APL.01 form: a draft whole, after a return only the returned items (each with
    the admin's note); the rest read-only. "Simpan" posts the whole form; autosave.js posts
    it too, with X-Autosave: 1, and gets JSON."""
    p = get_permohonan(request, pk)
    if not perms.is_applicant(request.user, p):
        raise PermissionDenied
    autosave = request.headers.get("X-Autosave") == "1"
    if not perms.can_edit(request.user, p):
        message = f"Permohonan berstatus {p.get_status_display().lower()} dan tidak dapat diubah."
        if autosave:
            return JsonResponse({"saved": [], "errors": {"__all__": message}}, status=409)
        messages.info(request, message)
        return redirect(p)
    form = Apl01Form(request.POST if request.method == "POST" else None, permohonan=p)
    if request.method == "POST":
        saved, errors = _save(request, p, form)
        if autosave:
            return JsonResponse(
                {"saved": saved, "errors": errors, "waktu": timezone.localtime().strftime("%H.%M")}
            )
        labels = ", ".join(form.fields[name].label for name in saved)
        if not errors:
            messages.success(request, f"Tersimpan: {labels}." if saved else "Tersimpan; tidak ada perubahan.")
            return redirect("sertifikasi:permohonan-ubah", p.pk)
        messages.warning(
            request,
            (f"Tersimpan: {labels}. " if saved else "")
            + f"{len(errors)} isian belum tersimpan karena perlu diperbaiki; lihat pesan pada isian "
            "tersebut. Isian lain tidak hilang.",
        )
    editable = set(services.editable_fields(p))
    returned = _returned_notes(p)
    sections = []
    read_only = {s["key"]: s["rows"] for s in summary(p, see_nik=True)}
    for key, title in services.SECTIONS.items():
        names = services.SECTION_FIELDS[key]
        sections.append(
            {
                "key": key,
                "title": title,
                "editable": all(n in editable for n in names),
                "fields": [form[n] for n in names],
                "rows": read_only[key],
                "returned": key in returned,
                "note": returned.get(key, ""),
            }
        )
    rule = services.bukti_rule()
    requirements = _requirements(p, returned=returned)
    requirement_groups = [
        group
        for group in (
            {
                "title": "Persyaratan administratif",
                "help": "Yang bertanda wajib harus diunggah; yang lain bila ada.",
                "rows": [r for r in requirements if r["administratif"]],
            },
            {
                "title": "Persyaratan dasar",
                "help": "Unggah bukti paling sedikit satu persyaratan dasar yang Anda penuhi.",
                "rows": [r for r in requirements if not r["administratif"]],
            },
        )
        if group["rows"]
    ]
    return render(
        request,
        "sertifikasi/permohonan_ubah.html",
        {
            "p": p,
            "form": form,
            "form_editable": any(s["editable"] for s in sections),
            "sections": sections,
            "requirement_groups": requirement_groups,
            "returned": returned,
            "upload_help": rule.help_text,
            "upload_accept": rule.accept,
        },
    )


# --- 3. evidence files --------------------------------------------------------------------------


@module_required(perms.can_open)
@require_POST
def bukti_unggah_view(request, pk, persyaratan_pk):
    """One evidence file (`berkas`) for one basic requirement; back to the form with the
    outcome as a message (a refused file changes nothing else)."""
    p = get_permohonan(request, pk)
    persyaratan = get_object_or_404(PersyaratanDasar, pk=persyaratan_pk, skema_id=p.skema_id)
    if not perms.is_applicant(request.user, p):
        raise PermissionDenied
    back = reverse("sertifikasi:permohonan-ubah", args=[p.pk]) + f"#persyaratan-{persyaratan.pk}"
    upload = request.FILES.get("berkas")
    if upload is None:
        messages.error(request, f"Pilih berkas untuk “{persyaratan.teks}” sebelum menekan Unggah.")
        return redirect(back)
    try:
        bukti = services.bukti_upload(
            permohonan=p, persyaratan=persyaratan, upload=upload, actor=request.user
        )
    except ServiceError as e:
        messages.error(request, f"{persyaratan.teks}: {e} Berkas tidak disimpan.")
    else:
        messages.success(request, f"Bukti “{persyaratan.teks}” tersimpan ({bukti.nama_asli}).")
    return redirect(back)


@module_required(perms.can_open)
def bukti_unduh_view(request, pk, bukti_pk):
    """An evidence file of the application, for whoever sees the application; a file of
    another application is 404."""
    p = get_permohonan(request, pk)
    bukti = Bukti.objects.filter(pk=bukti_pk, permohonan=p).first()
    if bukti is None:
        raise Http404
    return stream_file(bukti.berkas, stem=f"bukti-{p.pk}-{bukti.pk}")


# --- 4. submitting ------------------------------------------------------------------------------


class AjukanForm(TandatanganForm):
    """The applicant's consent to the privacy notice shown, and the FR.APL.01 signature."""

    privasi = forms.BooleanField(
        required=True, error_messages={"required": "Setujui kebijakan privasi untuk mengajukan permohonan."}
    )

    field_order = ["privasi", "secret", "consent", "gambar"]

    def __init__(self, *args, versi: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privasi"].label = f"Saya telah membaca dan menyetujui Kebijakan Privasi versi {versi}"
        self.fields["privasi"].label_suffix = ""


def _problem_links(p: Permohonan, problems: dict[str, str]) -> list[tuple[str, str]]:
    """[(message, where to fix it or "")]: fields and evidence on the form page."""
    edit = reverse("sertifikasi:permohonan-ubah", args=[p.pk])
    links = []
    for key, message in problems.items():
        if key == "__all__":
            links.append((message, ""))
        elif key.startswith("persyaratan:"):
            links.append((message, f"{edit}#persyaratan-{key.split(':')[1]}"))
        else:
            links.append((message, f"{edit}#isian-{key}"))
    return links


@module_required(perms.can_open)
def permohonan_ajukan_view(request, pk):
    """GET: the whole application to check, what is missing (with links), the declaration,
    the privacy notice in force and the signature. POST: services.permohonan_submit."""
    p = get_permohonan(request, pk)
    if not perms.is_applicant(request.user, p):
        raise PermissionDenied
    if not perms.can_submit(request.user, p):
        messages.info(
            request, f"Permohonan berstatus {p.get_status_display().lower()}; tidak perlu diajukan lagi."
        )
        return redirect(p)
    kebijakan = privasi.kebijakan_terkini()
    form = AjukanForm(request.POST or None, versi=kebijakan.versi)
    field_errors: dict[str, str] = {}
    problems = services.submit_problems(p)
    if request.method == "POST" and not problems and form.is_valid():
        if _int(request.POST.get("privasi_versi")) != kebijakan.versi:
            form.add_error("privasi", privasi.STALE_VERSION)
            form.data = form.data.copy()
            form.data.pop("privasi", None)  # consent to the new version is asked afresh
        else:
            try:
                services.permohonan_submit(
                    permohonan=p,
                    actor=request.user,
                    privasi_setuju=form.cleaned_data["privasi"],
                    ttd=form.tandatangan(request),
                    privasi_versi=kebijakan.versi,
                )
            except ServiceError as e:
                if e.field and e.field not in form.fields:
                    field_errors[e.field] = str(e)  # shown on that row of the summary
                show_error(request, e, form)
            else:
                messages.success(
                    request,
                    "Permohonan diajukan dan FR.APL.01 ditandatangani. Admin LSP akan memeriksanya; "
                    "Anda akan diberi tahu hasilnya.",
                )
                return redirect(p)
    elif request.method == "POST" and problems:
        messages.error(request, "Permohonan belum lengkap; lengkapi dahulu butir di bawah ini.")
    bukti = Bukti.objects.filter(permohonan=p, aktif=True, persyaratan__isnull=False).select_related(
        "persyaratan"
    )
    return render(
        request,
        "sertifikasi/permohonan_ajukan.html",
        {
            "p": p,
            "form": form,
            "summary": summary(p, see_nik=True, errors=field_errors),
            "problems": _problem_links(p, problems),
            "bukti_list": bukti,
            "units": p.skema.units.order_by("urutan", "kode"),
            "kebijakan": kebijakan,
            "pernyataan": PERNYATAAN,
        },
    )


# --- 5. the page of an application --------------------------------------------------------------


@module_required(perms.can_open)
def permohonan_detail_view(request, pk):
    """THE page of an application for the applicant, staff and the batch's assessors; its
    query count does not grow with its records, rounds or files."""
    p = get_permohonan(request, pk, "ak01", "jadwal__tuk")
    user = request.user
    see_nik = perms.can_see_nik(user, p)
    is_applicant = perms.is_applicant(user, p)
    jadwal = p.jadwal
    return render(
        request,
        "sertifikasi/permohonan_detail.html",
        {
            "p": p,
            "is_applicant": is_applicant,
            "is_staff": perms.is_staff(user),
            "next": next_step(user, p),
            "summary": summary(p, see_nik=see_nik),
            "nik_masked": not see_nik,
            "bukti_list": Bukti.objects.filter(permohonan=p, aktif=True).select_related("persyaratan"),
            "rounds": PutaranVerifikasi.objects.filter(permohonan=p)
            .select_related("oleh", "dokumen")
            .order_by("nomor"),
            "jadwal": jadwal,
            # The video link is the candidate's once they are in the batch; staff and the
            # batch's assessors see it with the batch.
            "show_video": bool(jadwal and jadwal.tautan_video)
            and (not is_applicant or p.status in (S.DIJADWALKAN, S.PRA_ASESMEN, S.SIAP_ASESMEN)),
            "dokumen_list": permohonan_records(p),
            "history": labelled_history(p),
            "duplicates": services.duplicate_accounts(p) if perms.is_staff(user) else None,
        },
    )
