"""The LSP's SOP repository (SE-A1.1–A1.4, SE-A1.K, SE-D1.1): versioned standard operating
procedures, each version approved by the Ketua's signature on its PDF record.

draft (written, edited) → diajukan (frozen into an SOP record for the named Ketua) →
disahkan (signed; waiting for its effective date) → berlaku (in force; the version before
it becomes digantikan). Nothing is deleted: a new version supersedes. A draft or a version
waiting for approval is never shown to the public; `in_force` is what the portal, the
appeals and the approval package read.

Status moves go through lsp_portal.workflow.transition (who, when, what); the record through
the records engine. Errors are RecordError (Indonesian, nothing saved).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from akun.audit import acting_as
from akun.models import Role, User
from akun.permissions import has_role
from lsp_portal.workflow import transition

from . import permissions
from .models import Dokumen, Sop
from .services import RecordError, dokumen_issue, dokumen_void
from .sop_teks import JUDUL, NOMOR, default_text

S = Sop.Status
KODE = "SOP"
MAX_ISI = 60_000
MAX_CATATAN = 2000


# --- reads -----------------------------------------------------------------------------------


def in_force(jenis: str) -> Sop | None:
    """The version of kind `jenis` in force now, or None (SE-A1.1 edge: none in force)."""
    return (
        Sop.objects.filter(jenis=jenis, status=S.BERLAKU).select_related("dokumen", "penandatangan").first()
    )


def open_version(jenis: str) -> Sop | None:
    """The version of `jenis` being written, waiting for approval, or approved and waiting
    for its date (at most one: sop_satu_revisi_per_jenis)."""
    return Sop.objects.filter(jenis=jenis, status__in=Sop.OPEN).first()


def kinds_overview() -> list[dict]:
    """Every SOP kind with its version in force and its open version (two queries)."""
    rows = {
        j: {"jenis": j, "label": label, "berlaku": None, "terbuka": None} for j, label in Sop.Jenis.choices
    }
    for sop in Sop.objects.filter(status=S.BERLAKU).select_related("penandatangan"):
        rows[sop.jenis]["berlaku"] = sop
    for sop in Sop.objects.filter(status__in=Sop.OPEN):
        rows[sop.jenis]["terbuka"] = sop
    return list(rows.values())


def versions(jenis: str):
    """Every version of `jenis`, newest first."""
    return (
        Sop.objects.filter(jenis=jenis)
        .select_related("penandatangan", "dibuat_oleh", "dokumen")
        .order_by("-versi")
    )


# --- writing a draft ---------------------------------------------------------------------------


@transaction.atomic
def sop_draft_start(*, jenis: str, actor: User) -> Sop:
    """Start the next version of `jenis` as a draft, copying the latest version's number,
    title, text and reference (or, for the first, the default text of sop_teks). Refused
    (RecordError): `actor` without manage_sop; an unknown kind; another version of the kind
    still open (draft, waiting for approval, or approved and waiting for its date; also a
    database rule)."""
    if not permissions.can_manage_sop(actor):
        raise RecordError("Anda tidak berwenang menyusun SOP.")
    if jenis not in Sop.Jenis.values:
        raise RecordError("Jenis SOP tidak dikenal.")
    existing = open_version(jenis)
    if existing is not None:
        raise RecordError(
            f"{existing.get_jenis_display()} versi {existing.versi} masih "
            f"{existing.get_status_display().lower()}; selesaikan versi itu lebih dahulu.",
            code="terbuka",
        )
    latest = Sop.objects.filter(jenis=jenis).order_by("-versi").first()
    versi = (latest.versi if latest is not None else 0) + 1
    fields = (
        {"nomor": latest.nomor, "judul": latest.judul, "isi": latest.isi, "acuan": latest.acuan}
        if latest is not None
        else {"nomor": NOMOR[jenis], "judul": JUDUL[jenis], "isi": default_text(jenis)}
    )
    try:
        with acting_as(actor), transaction.atomic():
            return Sop.objects.create(jenis=jenis, versi=versi, dibuat_oleh=actor, **fields)
    except IntegrityError:
        # Two drafts started at once: the database keeps one open version per kind.
        raise RecordError("Versi baru SOP ini baru saja dibuat oleh orang lain.", code="terbuka") from None


def _clean(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise RecordError(f"{label} wajib diisi.", field=field)
    if len(value) > max_length:
        raise RecordError(f"{label} paling panjang {max_length} karakter.", field=field, code="max_length")
    return value


@transaction.atomic
def sop_draft_update(
    *, sop: Sop, nomor: str, judul: str, isi: str, acuan: str, catatan_perubahan: str, actor: User
) -> Sop:
    """Save the draft's number, title, text, reference and change note (audited). An empty
    reference is kept in a draft (it cannot be submitted: SE-A1.K). Refused (RecordError,
    nothing saved): not a draft or `actor` without manage_sop; an empty number, title or
    text; a field too long."""
    sop = Sop.objects.select_for_update().get(pk=sop.pk)
    if not permissions.can_edit_sop(actor, sop):
        raise RecordError("Hanya draf SOP yang dapat diubah, oleh penyusun SOP.", code="state")
    sop.nomor = _clean(nomor, field="nomor", label="Nomor dokumen", max_length=60)
    sop.judul = _clean(judul, field="judul", label="Judul", max_length=200)
    sop.isi = _clean(isi, field="isi", label="Isi SOP", max_length=MAX_ISI)
    sop.acuan = _clean(acuan, field="acuan", label="Acuan", max_length=300, required=False)
    sop.catatan_perubahan = _clean(
        catatan_perubahan,
        field="catatan_perubahan",
        label="Catatan perubahan",
        max_length=MAX_CATATAN,
        required=False,
    )
    with acting_as(actor):
        sop.save()
    return sop


# --- approval -----------------------------------------------------------------------------------


def draft_refusal(sop: Sop) -> str | None:
    """Why the draft `sop` itself cannot be submitted, or None: no reference (SE-A1.K edge: it
    could never take effect), no text, a later version without a change note."""
    if not sop.acuan.strip():
        return "Acuan SOP wajib diisi sebelum diajukan (SE-A1.K): SOP tanpa acuan tidak dapat berlaku."
    if not sop.isi.strip():
        return "Isi SOP masih kosong."
    if sop.versi > 1 and not sop.catatan_perubahan.strip():
        return "Tulis catatan perubahan dari versi sebelumnya."
    return None


def date_refusal(berlaku_mulai: dt.date | None, *, today: dt.date | None = None) -> str | None:
    """Why `berlaku_mulai` cannot be an effective date, or None: missing, or before today."""
    if berlaku_mulai is None:
        return "Isi tanggal berlaku."
    if berlaku_mulai < (today or timezone.localdate()):
        return "Tanggal berlaku tidak boleh sebelum hari ini."
    return None


def _record_data(sop: Sop, penandatangan: User) -> dict:
    return {
        "jenis": sop.jenis,
        "jenis_label": sop.get_jenis_display(),
        "nomor": sop.nomor,
        "versi": sop.versi,
        "judul": sop.judul,
        "isi": sop.isi,
        "acuan": sop.acuan,
        "catatan_perubahan": sop.catatan_perubahan,
        "berlaku_mulai": sop.berlaku_mulai.isoformat(),
        "disusun_oleh": str(sop.dibuat_oleh),
        "disahkan_oleh": str(penandatangan),
    }


@transaction.atomic
def sop_submit(*, sop: Sop, berlaku_mulai: dt.date, penandatangan: User, actor: User) -> Sop:
    """Submit the draft for approval: its text is frozen into an SOP record (PDF) for
    `penandatangan`, an active Ketua LSP, to sign; it takes effect on `berlaku_mulai` (today
    or later) once signed. The Ketua is told (the records engine's worklist).

    Refused (RecordError, nothing saved): not a draft or `actor` without manage_sop;
    draft_refusal's and date_refusal's reasons; `penandatangan` not an active Ketua LSP."""
    sop = Sop.objects.select_for_update().select_related("dibuat_oleh").get(pk=sop.pk)
    if not permissions.can_submit_sop(actor, sop):
        raise RecordError("Hanya draf SOP yang dapat diajukan, oleh penyusun SOP.", code="state")
    refusal = draft_refusal(sop)
    if refusal:
        raise RecordError(refusal, code="draf")
    refusal = date_refusal(berlaku_mulai)
    if refusal:
        raise RecordError(refusal, field="berlaku_mulai")
    if not (penandatangan and penandatangan.is_active and has_role(penandatangan, Role.Code.KETUA)):
        raise RecordError("SOP disahkan oleh pemegang peran Ketua LSP yang aktif.", field="penandatangan")
    sop.berlaku_mulai, sop.penandatangan = berlaku_mulai, penandatangan
    dokumen = dokumen_issue(
        kode=KODE,
        subject=sop,
        judul=f"{sop.nomor} {sop.judul} versi {sop.versi}",
        data=_record_data(sop, penandatangan),
        signers={"ketua": penandatangan},
        actor=actor,
    )
    with acting_as(actor):
        sop.dokumen = dokumen
        sop.save(update_fields=["berlaku_mulai", "penandatangan", "dokumen", "updated_at"])
    sop = transition(sop, S.DIAJUKAN, actor=actor, note=f"Diajukan untuk disahkan {penandatangan}")
    from lsp_portal.notifications import notify

    notify(
        users=[penandatangan],
        judul="SOP menunggu pengesahan",
        pesan=f"{sop.get_jenis_display()} {sop.nomor} versi {sop.versi} menunggu tanda tangan Anda.",
        url=sop.get_absolute_url(),
        kunci=f"sop-diajukan-{sop.pk}-{dokumen.pk}",
    )
    return sop


@transaction.atomic
def sop_withdraw(*, sop: Sop, alasan: str, actor: User) -> Sop:
    """Take a version waiting for approval back to draft, with a reason: its unsigned record
    is voided (it stays in the archive) and the text can be edited again. By its writers, or
    by the Ketua asked to approve it (returned for changes). Refused (RecordError): not
    waiting for approval or not allowed; no reason."""
    sop = Sop.objects.select_for_update().get(pk=sop.pk)
    if not permissions.can_withdraw_sop(actor, sop):
        raise RecordError("SOP ini tidak sedang menunggu pengesahan.", code="state")
    alasan = _clean(alasan, field="alasan", label="Alasan", max_length=500)
    record = Dokumen.objects.get(pk=sop.dokumen_id)
    if record.status == Dokumen.Status.DRAFT:  # voided from the archive already: nothing to void
        dokumen_void(dokumen=record, alasan=f"SOP dikembalikan: {alasan}", actor=actor)
    sop = transition(sop, S.DRAFT, actor=actor, note=f"Dikembalikan: {alasan}")
    with acting_as(actor):
        # A draft again: its next submission makes a new record for the Ketua it names.
        sop.dokumen, sop.penandatangan = None, None
        sop.save(update_fields=["dokumen", "penandatangan", "updated_at"])
    return sop


def sop_final(dokumen: Dokumen, *, actor: User) -> None:
    """The Ketua signed an SOP record (lsp_portal.record_hooks, in the signing transaction):
    the version is approved, and in force at once when its date has come (sop_take_effect).
    A second call is a no-op."""
    sop = Sop.objects.select_for_update().filter(dokumen=dokumen).first()
    if sop is None or sop.status != S.DIAJUKAN:
        return
    with acting_as(actor):
        sop.disahkan_pada = dokumen.difinalkan_pada or timezone.now()
        sop.save(update_fields=["disahkan_pada", "updated_at"])
    sop = transition(sop, S.DISAHKAN, actor=actor, note=f"Disahkan {actor}")
    sop_take_effect(sop=sop, actor=actor)


@transaction.atomic
def sop_take_effect(*, sop: Sop, actor: User | None, now: dt.datetime | None = None) -> bool:
    """Put an approved version whose date has come in force; the version in force before it
    is superseded. True when it took effect now; False (nothing changed) when it is not
    approved-and-waiting or its date is still ahead."""
    now = now or timezone.now()
    sop = Sop.objects.select_for_update().get(pk=sop.pk)
    if sop.status != S.DISAHKAN or sop.berlaku_mulai > timezone.localdate(now):
        return False
    previous = Sop.objects.select_for_update().filter(jenis=sop.jenis, status=S.BERLAKU).first()
    if previous is not None:
        transition(previous, S.DIGANTIKAN, actor=actor, note=f"Digantikan versi {sop.versi}")
    with acting_as(actor):
        sop.berlaku_sejak = now
        sop.save(update_fields=["berlaku_sejak", "updated_at"])
    transition(sop, S.BERLAKU, actor=actor, note=f"Berlaku sejak {sop.berlaku_mulai:%d-%m-%Y}")
    return True


def sop_take_effect_due(*, today: dt.date | None = None) -> int:
    """The daily task's body: every approved version whose date has come takes effect (each in
    its own transaction). Returns how many did; a second run finds none."""
    today = today or timezone.localdate()
    due = list(Sop.objects.filter(status=S.DISAHKAN, berlaku_mulai__lte=today))
    return sum(sop_take_effect(sop=sop, actor=None) for sop in due)
