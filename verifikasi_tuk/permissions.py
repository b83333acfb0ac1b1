"""Who may see and do what in `verifikasi_tuk` (SE-A4.4, SE-A4.9); views, templates and
services ask only here.

Object scope comes from the domain rows: staff who run TUK verification (manage the TUK
register, assign verifiers or issue SKs) see every request; a Pengelola TUK sees the requests
of the TUK they are linked to (`Tuk.pengelola`); a verifier sees the requests assigned to them
(`Permintaan.verifikator.user`). Anyone else's request answers 404.
"""

from django.db.models import Q

from akun.models import Role
from akun.permissions import has_module, has_role

from .models import Penetapan, Permintaan, Syarat


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (
        has_module(user, "use_verifikasi_tuk") or has_role(user, Role.Code.ASESOR)
    )


def is_verification_staff(user) -> bool:
    """Sees every request: manages the TUK register, assigns verifiers or issues SKs."""
    return any(has_module(user, r) for r in ("manage_tuk", "assign_verifikator_tuk", "issue_sk_tuk"))


def visible_permintaan(user):
    if not can_open(user):
        return Permintaan.objects.none()
    if is_verification_staff(user):
        return Permintaan.objects.all()
    return Permintaan.objects.filter(Q(tuk__pengelola=user) | Q(verifikator__user=user))


def visible_penetapan(user):
    """SKs penetapan TUK: staff see all, a Pengelola TUK those of their TUK."""
    if not can_open(user):
        return Penetapan.objects.none()
    if is_verification_staff(user):
        return Penetapan.objects.all()
    return Penetapan.objects.filter(tuk__pengelola=user)


# --- the request ------------------------------------------------------------------------------


def requestable_tuk(user):
    """TUK `user` may ask to verify: the TUK register's rule (tuk.permissions)."""
    from tuk.permissions import verification_requestable_tuk

    return verification_requestable_tuk(user)


def can_request(user) -> bool:
    return requestable_tuk(user).exists()


def can_cancel(user, p: Permintaan) -> bool:
    return p.is_open and (has_module(user, "manage_tuk") or has_module(user, "assign_verifikator_tuk"))


def can_assign(user, p: Permintaan) -> bool:
    return p.status == Permintaan.Status.DIAJUKAN and has_module(user, "assign_verifikator_tuk")


# --- the verifier -----------------------------------------------------------------------------


def is_verifier(user, p: Permintaan) -> bool:
    return (
        bool(user and user.is_authenticated)
        and p.verifikator_id is not None
        and (p.verifikator.user_id == user.pk)
    )


def can_fill_ceklis(user, p: Permintaan) -> bool:
    """The assigned verifier, while the session is open and its SPT is signed."""
    return (
        p.status == Permintaan.Status.DITUGASKAN
        and is_verifier(user, p)
        and p.spt_id is not None
        and p.spt.status == p.spt.Status.FINAL
    )


def can_review_syarat(user, syarat: Syarat) -> bool:
    p = syarat.permintaan
    return (
        p.status == Permintaan.Status.TINDAK_LANJUT
        and syarat.status == Syarat.Status.DIAJUKAN
        and is_verifier(user, p)
    )


def can_fail_tindak_lanjut(user, p: Permintaan) -> bool:
    return p.status == Permintaan.Status.TINDAK_LANJUT and is_verifier(user, p)


# --- the TUK's answer to conditions -----------------------------------------------------------


def can_answer_syarat(user, syarat: Syarat) -> bool:
    """The TUK's own manager, or staff managing the TUK register, while it waits for proof."""
    p = syarat.permintaan
    return (
        p.status == Permintaan.Status.TINDAK_LANJUT
        and syarat.status == Syarat.Status.TERBUKA
        and bool(user and user.is_authenticated)
        and (p.tuk.pengelola_id == user.pk or has_module(user, "manage_tuk"))
    )


# --- SK penetapan -----------------------------------------------------------------------------


def can_sign_sk(user) -> bool:
    """Issues SKs penetapan TUK (the Ketua), whatever a request's state: opens the SK page,
    which shows why a request cannot have one yet (services.sk_refusal)."""
    return has_module(user, "issue_sk_tuk")


def can_issue_sk(user, p: Permintaan) -> bool:
    return p.status == Permintaan.Status.SESUAI and can_sign_sk(user)


def can_record_external_sk(user) -> bool:
    """Record an SK penetapan issued outside the system, with its PDF."""
    return has_module(user, "manage_tuk")


def can_declare_konflik(user) -> bool:
    """A person of the LSP (an asesor or staff with a personnel row) declares their own
    conflicts of interest with TUK."""
    from sdm.models import Personel

    return can_open(user) and Personel.objects.filter(user=user).exists()
