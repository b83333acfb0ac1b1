"""Who may see and do what with records (SE-A4.4, X-11). Others' records answer 404."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from akun.permissions import has_module

# Downstream apps tell which subjects a user may see records of: {model: fn(user) -> ids}.
_subject_rules: dict = {}


def register_subject_rule(model, visible_ids):
    """`visible_ids(user)` returns the pks (a queryset of ids) of `model` objects whose
    records the user may see, e.g. sertifikasi: the asesi's own permohonan."""
    _subject_rules[model] = visible_ids


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
    from guardian.shortcuts import get_objects_for_user

    from akun.models import User

    from .models import Dokumen

    if not (user and user.is_authenticated and user.is_active):
        return Dokumen.objects.none()
    if can_open(user):
        return Dokumen.objects.all()
    own = Q(tanda_tangan__penandatangan=user) | Q(
        subject_type=ContentType.objects.get_for_model(User), subject_id=str(user.pk)
    )
    for model, visible_ids in _subject_rules.items():
        ids = [str(pk) for pk in visible_ids(user)]
        own |= Q(subject_type=ContentType.objects.get_for_model(model), subject_id__in=ids)
    # Explicit grants no domain row records (an auditor let into one record): guardian.
    granted = get_objects_for_user(
        user, "administrasi.view_dokumen", klass=Dokumen, accept_global_perms=False, with_superuser=False
    )
    own |= Q(pk__in=granted.values("pk"))
    return Dokumen.objects.filter(pk__in=Dokumen.objects.filter(own).values("pk"))


def next_signature(dokumen, user):
    """The signature row `user` may sign now, or None (not theirs, not their turn, done)."""
    if dokumen.status != dokumen.Status.DRAFT:
        return None
    pending = [t for t in dokumen.tanda_tangan.all() if not t.sudah]
    if pending and pending[0].penandatangan_id == user.pk:
        return pending[0]
    return None


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
