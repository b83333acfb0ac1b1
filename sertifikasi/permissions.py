"""Who may see and do what in `sertifikasi` (SE-A4.4, SE-A4.8: others' forms -> 404).
Views, templates and services ask only here.

See: staff with use_sertifikasi_staff see every application and batch; an applicant sees
their own applications; an assessor sees the batches they are assigned to and those
batches' candidates. Everyone else gets 404 for an object, 403 for a page.
"""

from django.db.models import Q

from akun.models import Role
from akun.permissions import has_module, has_role
from sdm.models import Asesor

from .models import Jadwal, JadwalAsesor, Permohonan

S = Permohonan.Status


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (
        is_staff(user) or has_role(user, Role.Code.ASESI) or has_role(user, Role.Code.ASESOR)
    )


def is_staff(user) -> bool:
    return has_module(user, "use_sertifikasi_staff")


def can_apply(user) -> bool:
    """Anyone signed in may apply (an account is an applicant's first step)."""
    return bool(user and user.is_authenticated and user.is_active)


def asesor_of(user) -> Asesor | None:
    if not (user and user.is_authenticated):
        return None
    return Asesor.objects.filter(personel__user=user).select_related("personel").first()


def visible_permohonan(user):
    if not (user and user.is_authenticated):
        return Permohonan.objects.none()
    if is_staff(user):
        return Permohonan.objects.all()
    batches = JadwalAsesor.objects.filter(asesor__personel__user=user).values("jadwal_id")
    return Permohonan.objects.filter(Q(asesi=user) | Q(jadwal_id__in=batches))


def visible_jadwal(user):
    if not (user and user.is_authenticated):
        return Jadwal.objects.none()
    if is_staff(user):
        return Jadwal.objects.all()
    return Jadwal.objects.filter(
        pk__in=JadwalAsesor.objects.filter(asesor__personel__user=user).values("jadwal_id")
    )


# --- the applicant ---------------------------------------------------------------------------


def is_applicant(user, p: Permohonan) -> bool:
    return bool(user and user.is_authenticated) and p.asesi_id == user.pk


def can_edit(user, p: Permohonan) -> bool:
    return is_applicant(user, p) and p.status in Permohonan.EDITABLE


def can_submit(user, p: Permohonan) -> bool:
    return can_edit(user, p)


def can_fill_apl02(user, p: Permohonan) -> bool:
    return is_applicant(user, p) and p.status == S.ASESMEN_MANDIRI


def can_see_nik(user, p: Permohonan) -> bool:
    """X-10: the full NIK for the applicant and the verifying admin only; masked elsewhere."""
    return is_applicant(user, p) or can_verify_right(user)


# --- staff -----------------------------------------------------------------------------------


def can_verify_right(user) -> bool:
    return has_module(user, "verify_permohonan")


def can_verify(user, p: Permohonan) -> bool:
    return can_verify_right(user) and p.status == S.DIAJUKAN and p.asesi_id != user.pk


def can_manage_jadwal(user) -> bool:
    return has_module(user, "manage_jadwal")


def can_import(user) -> bool:
    """Collective registration from an .xlsx sheet: whoever verifies or plans batches."""
    return can_manage_jadwal(user) or can_verify_right(user)


def can_edit_jadwal(user, jadwal: Jadwal) -> bool:
    return can_manage_jadwal(user) and jadwal.status != Jadwal.Status.DIBATALKAN


# --- the assessor ----------------------------------------------------------------------------


def is_assigned_asesor(user, p: Permohonan) -> bool:
    """The candidate's own assessor in their batch."""
    return bool(
        user
        and user.is_authenticated
        and p.asesor_id
        and p.jadwal_id
        and JadwalAsesor.objects.filter(
            jadwal_id=p.jadwal_id, asesor_id=p.asesor_id, asesor__personel__user=user
        ).exists()
    )


def can_review_apl02(user, p: Permohonan) -> bool:
    return p.status == S.DIJADWALKAN and is_assigned_asesor(user, p)


def can_plan(user, p: Permohonan) -> bool:
    return p.status == S.PRA_ASESMEN and is_assigned_asesor(user, p)


def can_declare_conflict(user, p: Permohonan) -> bool:
    return p.jadwal_id is not None and p.is_open and is_assigned_asesor(user, p)


def can_confirm_spt(user, jadwal: Jadwal) -> bool:
    return (
        JadwalAsesor.objects.filter(
            jadwal=jadwal, asesor__personel__user=user, dikonfirmasi_pada__isnull=True
        ).exists()
        and bool(jadwal.spt_id)
        and jadwal.spt.status == "final"
    )


def ak01_turn(user, p: Permohonan) -> bool:
    """Whether `user` signs the candidate's FR.AK.01 next."""
    if p.status != S.PRA_ASESMEN or p.ak01_id is None or p.ak01.status != "draft":
        return False
    pending = [t for t in p.ak01.tanda_tangan.all() if not t.sudah]
    return bool(pending) and pending[0].penandatangan_id == getattr(user, "pk", None)


# --- Journey II: the records of the assessment (FR.AK.02/03/05/06) ---------------------------


def can_fill_ak02(user, p: Permohonan) -> bool:
    """The candidate's assessor fills and signs FR.AK.02 while the assessment runs."""
    return p.status == S.ASESMEN and is_assigned_asesor(user, p)


def ak02_turn(user, p: Permohonan) -> bool:
    """Whether `user` signs the candidate's FR.AK.02 next (the assessor signed it on issue:
    the candidate)."""
    if p.status != S.ASESMEN or p.ak02_id is None or p.ak02.status != "draft":
        return False
    pending = [t for t in p.ak02.tanda_tangan.all() if not t.sudah]
    return bool(pending) and pending[0].penandatangan_id == getattr(user, "pk", None)


def can_fill_ak03(user, p: Permohonan) -> bool:
    """The candidate gives feedback once, after their FR.AK.02 is final."""
    return is_applicant(user, p) and p.ak02_id is not None and p.ak02.status == "final" and p.ak03_id is None


def can_report_batch(user, jadwal: Jadwal) -> bool:
    """FR.AK.05 and FR.AK.06 of a batch: its lead assessor."""
    from .services.asesmen import is_lead_asesor

    return jadwal.status != Jadwal.Status.DIBATALKAN and is_lead_asesor(user, jadwal)


# --- Journey II: the timed FR.IA.05 (SE-A4.8d) ---------------------------------------------


def visible_ujian(user):
    """The timed FR.IA.05 sheets `user` may open: their own only. Anyone else (the assessor,
    staff) gets 404: they read the signed FR.IA.05 record, never the test page."""
    from .models import Lembar

    if not (user and user.is_authenticated):
        return Lembar.objects.none()
    return Lembar.objects.filter(permohonan__asesi=user, instrumen__jenis="IA.05")


def can_take_ujian(user, lembar) -> bool:
    """Only the candidate starts, answers and finishes their FR.IA.05."""
    return (
        bool(user and user.is_authenticated)
        and lembar.permohonan.asesi_id == user.pk
        and lembar.instrumen.jenis == "IA.05"
    )


# --- session recordings (X-9) ------------------------------------------------------------------


def is_batch_asesor(user, jadwal: Jadwal) -> bool:
    """One of the batch's assessors."""
    return (
        bool(user and user.is_authenticated)
        and JadwalAsesor.objects.filter(jadwal=jadwal, asesor__personel__user=user).exists()
    )


def visible_rekaman_jadwal(user):
    """Batches whose session recordings `user` sees: staff (pleno and komite included) and the
    Auditor Internal every batch, an assessor their batches; a candidate never."""
    if not (user and user.is_authenticated):
        return Jadwal.objects.none()
    if is_staff(user) or has_role(user, Role.Code.AUDITOR_INTERNAL):
        return Jadwal.objects.all()
    return Jadwal.objects.filter(
        pk__in=JadwalAsesor.objects.filter(asesor__personel__user=user).values("jadwal_id")
    )


def can_add_rekaman(user, jadwal: Jadwal) -> bool:
    """The batch's assessors and sertifikasi staff add recordings; the auditor only reads."""
    return is_staff(user) or is_batch_asesor(user, jadwal)


# --- the session (Journey II: SE-A4.8e, SE-A4.10, X-8) ---------------------------------------


def visible_sesi_jadwal(user):
    """Batches whose session page `user` opens: staff every batch, an assessor their batches,
    a candidate the batch of their own application (they see their own line only)."""
    if not (user and user.is_authenticated):
        return Jadwal.objects.none()
    if is_staff(user):
        return Jadwal.objects.all()
    return Jadwal.objects.filter(
        Q(pk__in=JadwalAsesor.objects.filter(asesor__personel__user=user).values("jadwal_id"))
        | Q(pk__in=Permohonan.objects.filter(asesi=user, jadwal__isnull=False).values("jadwal_id"))
    )


def is_lead_asesor(user, jadwal: Jadwal) -> bool:
    from .services.asesmen import is_lead_asesor as lead

    return lead(user, jadwal)


def can_see_sesi_all(user, jadwal: Jadwal) -> bool:
    """Everyone's lines of the session (candidates, identity, log, recordings): staff and the
    batch's assessors; a candidate sees their own line only."""
    return is_staff(user) or is_batch_asesor(user, jadwal)


def can_review_instruments(user, jadwal: Jadwal) -> bool:
    """SE-A4.8e: the lead assessor fills and signs FR.IA.11-TINJAU."""
    return jadwal.status != Jadwal.Status.DIBATALKAN and is_lead_asesor(user, jadwal)


def can_join_sesi(user, jadwal: Jadwal) -> bool:
    """A candidate or an assessor of the batch (services.sesi.join_refusal says when)."""
    return is_batch_asesor(user, jadwal) or (
        bool(user and user.is_authenticated) and Permohonan.objects.filter(jadwal=jadwal, asesi=user).exists()
    )


def can_extend_sesi(user, jadwal: Jadwal) -> bool:
    return can_edit_jadwal(user, jadwal)


def can_log_sesi(user, jadwal: Jadwal) -> bool:
    return is_batch_asesor(user, jadwal)


def can_check_identity(user, p: Permohonan) -> bool:
    """X-8: the candidate's own assessor."""
    return is_assigned_asesor(user, p)


def can_see_identity_photo(user, jadwal: Jadwal) -> bool:
    """The identity snapshot: staff and the batch's assessors (not the candidates)."""
    return can_see_sesi_all(user, jadwal)


def can_sign_berita_acara(user, jadwal: Jadwal) -> bool:
    return jadwal.status != Jadwal.Status.DIBATALKAN and is_lead_asesor(user, jadwal)


# --- the assessment's instrument sheets (Journey II) --------------------------------------------


def lembar_role(user, p: Permohonan) -> str:
    """Who fills the candidate's sheets: 'asesi' (the candidate), 'asesor' (their own
    assessor), '' for whoever else sees them (staff, the batch's other assessors: read)."""
    if is_applicant(user, p):
        return "asesi"
    if is_assigned_asesor(user, p):
        return "asesor"
    return ""


def can_fill_lembar(user, p: Permohonan) -> bool:
    return bool(lembar_role(user, p))


# --- decision and certificate (Journey II: SE-A4.8, SE-A4.12, X-1, X-2, X-6) -----------------


def visible_pleno(user):
    """Pleno meetings (and their SK keputusan): sertifikasi staff (the Komite Teknis holds
    use_sertifikasi_staff) and the Ketua who signs; a candidate or an assessor never (the SK
    lists every candidate's result; each candidate sees their own on their application)."""
    from .models import Pleno

    if not (user and user.is_authenticated):
        return Pleno.objects.none()
    if is_staff(user):
        return Pleno.objects.all()
    return Pleno.objects.filter(penandatangan=user)


def can_open_pleno(user) -> bool:
    """The gate of a pleno's pages: whoever opens the journey (a candidate or an assessor then
    gets 404 from visible_pleno) or signs an SK keputusan; anyone else 403."""
    return can_open(user) or (bool(user and user.is_authenticated) and visible_pleno(user).exists())


def can_list_pleno(user) -> bool:
    """The list of plenos and of batches ready for one: sertifikasi staff, and a Ketua who
    signs an SK keputusan."""
    return is_staff(user) or (bool(user and user.is_authenticated) and visible_pleno(user).exists())


def is_sk_signer(user, pleno) -> bool:
    """The Ketua named on the pleno (their signing page; can_sign_sk says when they sign)."""
    return bool(user and user.is_authenticated) and pleno.penandatangan_id == user.pk


def can_organize_pleno(user) -> bool:
    """Form a pleno for a batch and issue its SK keputusan with the certificates."""
    return has_module(user, "organize_pleno")


def is_pleno_member(user, pleno) -> bool:
    return bool(user and user.is_authenticated) and pleno.keanggotaan.filter(user=user).exists()


def can_decide(user, pleno) -> bool:
    """A member decides while the pleno is open (per candidate, services.pleno.decide_refusal
    names a conflict)."""
    return pleno.status == pleno.Status.DIBENTUK and is_pleno_member(user, pleno)


def can_sign_sk(user, pleno) -> bool:
    """The Ketua named on the pleno signs its SK keputusan and certificates, in one act."""
    return bool(
        user
        and user.is_authenticated
        and pleno.status == pleno.Status.SK_DITERBITKAN
        and pleno.penandatangan_id == user.pk
    )


def can_declare_konflik_pleno(user) -> bool:
    """X-6: a Komite Teknis member declares a conflict with a candidate."""
    return has_role(user, Role.Code.KOMITE_TEKNIS)


def visible_sertifikat(user):
    """Certificates: sertifikasi staff and the Auditor Internal every one, the holder their
    own; anyone else none (the public reads the register, sertifikasi.register)."""
    from .models import Sertifikat

    if not (user and user.is_authenticated):
        return Sertifikat.objects.none()
    if is_staff(user) or has_role(user, Role.Code.AUDITOR_INTERNAL):
        return Sertifikat.objects.all()
    return Sertifikat.objects.filter(pemegang=user, terbit=True)


def can_view_register(user) -> bool:
    """The staff register of holders and its counts: whoever sees every certificate
    (visible_sertifikat: sertifikasi staff, the Auditor Internal)."""
    return is_staff(user) or has_role(user, Role.Code.AUDITOR_INTERNAL)


def can_manage_sertifikat(user) -> bool:
    """Registration numbers, the import of the older register, the blanko list and its
    columns, the staff register's export."""
    return has_module(user, "manage_sertifikat")


def can_revoke_sertifikat(user) -> bool:
    """Suspend, lift a suspension, revoke (X-1), with a reason, audited."""
    return has_module(user, "revoke_sertifikat")
