"""Who may see and do what with records (SE-A4.4, X-11). Others' records answer 404."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from akun.permissions import has_module

# Downstream apps tell which subjects a user may see records of: {model: fn(user) -> queryset}.
_subject_rules: dict = {}


def register_subject_rule(model, visible):
    """`visible(user)` returns a queryset of the `model` objects (or of their pks) whose
    records the user may see, e.g. sdm: the asesor's own profile. It is used as a subquery,
    never evaluated, so the archive costs the same queries however many subjects there are."""
    _subject_rules[model] = visible


def can_open(user) -> bool:
    return has_module(user, "use_administrasi")


def can_manage(user) -> bool:
    """Correct, void and grant access to records: the LSP's administration."""
    return has_module(user, "use_administrasi")


def can_see_signer_ip(user) -> bool:
    """The IP address in a signature's evidence is personal data: only the LSP's records
    administration (use_administrasi) and the auditors (view_audit) see it, never the other
    signers or the subject of the record (issue 10 item 8)."""
    return has_module(user, "use_administrasi") or has_module(user, "view_audit")


def visible_dokumen(user):
    """The records `user` may see, as one queryset whose conditions are subqueries: the LSP's
    administration sees all; anyone else the records they sign, the records about them or
    about a subject a registered rule lets them see, and explicit grants. Building it runs
    no query (once the user's rights are loaded), so its cost does not grow with the archive."""
    from .models import Dokumen

    if not (user and user.is_authenticated and user.is_active):
        return Dokumen.objects.none()
    if can_open(user):
        return Dokumen.objects.all()
    return Dokumen.objects.filter(_own_records(user))


def _own_records(user) -> Q:
    from django.db.models import CharField
    from django.db.models.functions import Cast
    from guardian.shortcuts import get_objects_for_user

    from akun.models import User

    from .models import Dokumen, TandaTangan

    # A subquery evaluated once, not a join (a record the user signs twice stays one row)
    # nor a correlated EXISTS (SQLite would scan the user's signatures for every record).
    own = Q(pk__in=TandaTangan.objects.filter(penandatangan=user).values("dokumen"))
    own |= Q(subject_type=ContentType.objects.get_for_model(User), subject_id=str(user.pk))
    for model, visible in _subject_rules.items():
        # subject_id is text (subjects of any key type): compare with the pk cast to text.
        subject_ids = (
            model._default_manager.filter(pk__in=visible(user))
            .annotate(subject_key=Cast("pk", CharField()))
            .values("subject_key")
        )
        own |= Q(subject_type=ContentType.objects.get_for_model(model), subject_id__in=subject_ids)
    # Explicit grants no domain row records (an auditor let into one record): guardian.
    granted = get_objects_for_user(
        user, "administrasi.view_dokumen", klass=Dokumen, accept_global_perms=False, with_superuser=False
    )
    return own | Q(pk__in=granted.values("pk"))


def can_view(user, dokumen) -> bool:
    """May `user` see this record: one query (the same conditions as `visible_dokumen`)."""
    return visible_dokumen(user).filter(pk=dokumen.pk).exists()


def next_signature(dokumen, user):
    """The signature row `user` may sign now, or None (not theirs, not their turn, done)."""
    if dokumen.status != dokumen.Status.DRAFT:
        return None
    pending = [t for t in dokumen.tanda_tangan.all() if not t.sudah]
    if pending and pending[0].penandatangan_id == user.pk:
        return pending[0]
    return None


def dokumen_to_sign(user):
    """Records on which `user` is the next signer now: `next_signature` as one query (a draft
    whose first unsigned row is theirs). For the dashboard and the archive filter."""
    from django.db.models import Exists, OuterRef

    from .models import Dokumen, TandaTangan

    if not (user and user.is_authenticated and user.is_active):
        return Dokumen.objects.none()
    earlier_pending = TandaTangan.objects.filter(
        dokumen=OuterRef("dokumen"), urutan__lt=OuterRef("urutan"), ditandatangani_pada__isnull=True
    )
    mine_now = TandaTangan.objects.filter(
        penandatangan=user, ditandatangani_pada__isnull=True, dokumen__status=Dokumen.Status.DRAFT
    ).exclude(Exists(earlier_pending))
    return Dokumen.objects.filter(pk__in=mine_now.values("dokumen"))


def visible_ekspor(user):
    """Dossier exports `user` may follow: their own requests; the LSP's administration sees
    all. Anyone else gets 404."""
    from .models import EksporDosier

    if not (user and user.is_authenticated and user.is_active):
        return EksporDosier.objects.none()
    exports = EksporDosier.objects.select_related("requested_by", "dokumen__jenis")
    if can_manage(user):
        return exports
    return exports.filter(requested_by=user)


def visible_batches(user):
    """Batch signings `user` may follow: their own only. The batch holds their signing
    evidence (device, IP); anyone else gets 404."""
    from .models import TandaTanganMassal

    if not (user and user.is_authenticated and user.is_active):
        return TandaTanganMassal.objects.none()
    return TandaTanganMassal.objects.filter(penandatangan=user).select_related("penandatangan")


# --- SOPs (SE-A1.1–A1.4): staff with manage_sop write and submit; the Ketua named approves ---


def can_manage_sop(user) -> bool:
    """Write SOP drafts and submit them for approval (akun.manage_sop)."""
    return has_module(user, "manage_sop")


def can_open_sop(user) -> bool:
    """Open the SOP repository: its writers, the auditors (view_audit), and Ketua LSP holders
    (who approve versions)."""
    from akun.models import Role
    from akun.permissions import has_role

    return can_manage_sop(user) or has_module(user, "view_audit") or has_role(user, Role.Code.KETUA)


def visible_sop(user):
    """SOP versions `user` may open: all of them for the repository's users; anyone else none
    (the public sees the version in force on the portal, not here)."""
    from .models import Sop

    if not (user and user.is_authenticated and user.is_active) or not can_open_sop(user):
        return Sop.objects.none()
    return Sop.objects.all()


def can_edit_sop(user, sop) -> bool:
    return sop.status == sop.Status.DRAFT and can_manage_sop(user)


def can_submit_sop(user, sop) -> bool:
    return can_edit_sop(user, sop)


def can_withdraw_sop(user, sop) -> bool:
    """Take a version waiting for approval back to draft: its writers, or the Ketua asked to
    approve it (returning it with a reason)."""
    if sop.status != sop.Status.DIAJUKAN:
        return False
    return can_manage_sop(user) or (user.is_authenticated and sop.penandatangan_id == user.pk)


def can_approve_sop(user, sop) -> bool:
    """Sign (approve) a submitted version: only the Ketua named at submission."""
    return (
        sop.status == sop.Status.DIAJUKAN
        and sop.dokumen_id is not None
        and user.is_authenticated
        and sop.penandatangan_id == user.pk
        and sop.dokumen.status == sop.dokumen.Status.DRAFT  # not voided from the archive meanwhile
    )


def can_start_sop(user, open_version) -> bool:
    """Start a new version of a kind: no other version of it is open (draft, waiting for
    approval, or approved and waiting for its date)."""
    return can_manage_sop(user) and open_version is None
