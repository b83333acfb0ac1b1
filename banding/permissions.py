"""Who may see and do what in `banding` (SE-A4.4, SE-A4.13); views, templates and services
ask only here."""

from django.db.models import Q

from akun.models import Role
from akun.permissions import has_module, has_role


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (
        has_module(user, "use_banding_staff") or has_role(user, Role.Code.ASESI)
    )


def is_banding_staff(user) -> bool:
    return has_module(user, "use_banding_staff")


def visible_banding(user):
    """Appeals `user` may see: banding staff all; the appellant their own; a panel member
    those they sit on; the Ketua those whose decision letter they sign. Others' -> 404."""
    from .models import Banding

    if not (user and user.is_authenticated):
        return Banding.objects.none()
    if is_banding_staff(user):
        return Banding.objects.all()
    return Banding.objects.filter(Q(asesi=user) | Q(panel__user=user) | Q(penandatangan=user)).distinct()


def can_register(user, banding) -> bool:
    """The Admin LSP (banding staff) registers a filed appeal (FR.AK.04 received)."""
    return is_banding_staff(user) and banding.status == banding.Status.DIAJUKAN


def can_form_panel(user, banding) -> bool:
    """The Manajer Sertifikasi forms the panel of a registered appeal."""
    return (
        is_banding_staff(user)
        and has_role(user, Role.Code.MANAJER_SERTIFIKASI)
        and banding.status == banding.Status.DIREGISTRASI
    )


def is_panel_member(user, banding) -> bool:
    return bool(user and user.is_authenticated) and banding.panel.filter(user=user).exists()


def can_decide(user, banding) -> bool:
    """A member of the appeal's panel records its decision while it is under review."""
    return banding.status == banding.Status.DIKAJI and is_panel_member(user, banding)


def can_sign_sk(user, banding) -> bool:
    """The Ketua named at the panel's forming signs the decision letter."""
    return (
        bool(user and user.is_authenticated)
        and banding.status == banding.Status.DIPUTUSKAN
        and banding.penandatangan_id == user.pk
    )


def can_file(user, keputusan) -> bool:
    """The candidate the decision is about may appeal it while the window is open and no
    appeal on it is open (services.file_refusal: the same rule, with its reason)."""
    from .services import file_refusal

    return file_refusal(keputusan, user) is None


def appealable_keputusan(user):
    """Decisions `user` may open the FR.AK.04 page of: their own, in effect (SK keputusan
    final). Others' -> 404."""
    from sertifikasi.models import Keputusan, Pleno

    if not (user and user.is_authenticated):
        return Keputusan.objects.none()
    return Keputusan.objects.filter(permohonan__asesi=user, pleno__status=Pleno.Status.DITETAPKAN)


def can_record_sidang(user, banding) -> bool:
    """A member of the panel records a hearing while the appeal is under review."""
    return can_decide(user, banding)


def can_link_followup(user, banding) -> bool:
    """Banding staff link an upheld, sent appeal to its follow-up application."""
    return (
        is_banding_staff(user)
        and banding.status == banding.Status.DISAMPAIKAN
        and banding.hasil == banding.Hasil.DITERIMA
    )


def is_appellant(user, banding) -> bool:
    return bool(user and user.is_authenticated) and banding.asesi_id == user.pk


def can_list(user) -> bool:
    """The staff list of appeals: banding staff, and anyone who sits on a panel or signs an
    appeal's SK (they see only those)."""
    from .models import AnggotaPanel, Banding

    if not (user and user.is_authenticated):
        return False
    return (
        is_banding_staff(user)
        or AnggotaPanel.objects.filter(user=user).exists()
        or Banding.objects.filter(penandatangan=user).exists()
    )


# --- complaints (pengaduan, X-5) ---------------------------------------------------------------


def is_concerned_by_pengaduan(user, pengaduan) -> bool:
    """X-5: the complaint is about `user` (named as terkait): they may not see or handle it."""
    return bool(user and user.is_authenticated) and pengaduan.terkait_id == user.pk


def visible_pengaduan(user):
    """Complaints `user` may see: the banding staff (use_banding_staff: Admin LSP, Manajer,
    Ketua) those whose e-mail was verified, except those about themselves (terkait); nobody
    else (others get 404). A complaint still waiting for its e-mail is not shown to anyone as
    received."""
    from .models import Pengaduan

    if not is_banding_staff(user):
        return Pengaduan.objects.none()
    return Pengaduan.objects.exclude(status=Pengaduan.Status.MENUNGGU_VERIFIKASI_EMAIL).exclude(terkait=user)


def can_list_pengaduan(user) -> bool:
    return is_banding_staff(user)


def _may_handle(user, pengaduan) -> bool:
    return is_banding_staff(user) and not is_concerned_by_pengaduan(user, pengaduan)


def can_acknowledge_pengaduan(user, pengaduan) -> bool:
    return _may_handle(user, pengaduan) and pengaduan.status == pengaduan.Status.DITERIMA


def can_investigate_pengaduan(user, pengaduan) -> bool:
    return _may_handle(user, pengaduan) and pengaduan.status == pengaduan.Status.DIKONFIRMASI


def can_respond_pengaduan(user, pengaduan) -> bool:
    return _may_handle(user, pengaduan) and pengaduan.status in (
        pengaduan.Status.DIKONFIRMASI,
        pengaduan.Status.DITINDAKLANJUTI,
    )


def can_close_pengaduan(user, pengaduan) -> bool:
    return _may_handle(user, pengaduan) and pengaduan.status == pengaduan.Status.DIJAWAB


def can_set_terkait_pengaduan(user, pengaduan) -> bool:
    """Name (or change) the person a received, not yet closed complaint is about."""
    return _may_handle(user, pengaduan) and pengaduan.status not in (
        pengaduan.Status.MENUNGGU_VERIFIKASI_EMAIL,
        pengaduan.Status.DITUTUP,
    )
