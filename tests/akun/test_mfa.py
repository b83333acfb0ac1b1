"""Two-step login (allauth MFA: TOTP + recovery codes) for staff roles (SE-A4.4).

With settings.LSP_MFA_REQUIRED every staff role (every built-in role except Asesi) must
enrol TOTP before using the portal. Codes are computed from the secret with allauth's own
RFC 6238 helpers, as an authenticator app would.
"""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from akun.models import Role, User
from tests.conftest import PASSWORD, ROLE_PERSONAS

STAFF_PERSONAS = [name for name, code in ROLE_PERSONAS.items() if code and code != "asesi"]
NON_STAFF_PERSONAS = [name for name, code in ROLE_PERSONAS.items() if not code or code == "asesi"]
MFA_WARNING = (
    "Peran Anda menangani data pihak lain: aktifkan autentikasi dua faktor (TOTP) sebelum melanjutkan."
)
WRONG_CODE = "Kode salah."


@pytest.fixture
def mfa_required(settings):
    settings.LSP_MFA_REQUIRED = True
    return settings


def valid_codes(secret):
    return {format_hotp_value(hotp_value(secret, c)) for c in yield_hotp_counters_from_time()}


def current_code(secret):
    """The code an authenticator app shows now. In the last second of a period it waits for
    the next one, so the server checks the code in the same period it was computed."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 1:
        time.sleep(1.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def wrong_code(secret):
    valid = valid_codes(secret)
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def sign_in(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def open_totp_activation(client, user):
    """Sign in, confirm the password again (allauth asks before any MFA change), open the
    activation page; returns the page and the secret it shows for the authenticator app."""
    sign_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page.content.decode()).group(1)
    return page, secret


def enrol(user):
    """A staff member who already set up TOTP and recovery codes (allauth's own services)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


# --- who must enrol ---------------------------------------------------------------------


def test_every_builtin_role_except_asesi_is_a_staff_role(db):
    """SE-A4.4"""
    flags = dict(Role.objects.filter(is_builtin=True).values_list("code", "is_staff_role"))

    assert flags.pop("asesi") is False
    assert flags and all(flags.values()), flags


def test_staff_without_totp_is_redirected_from_role_screen_to_totp_activation(
    client, admin_lsp, mfa_required
):
    """SE-A4.4"""
    client.force_login(admin_lsp)

    response = client.get(reverse("akun:role-list"))

    assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)


def test_redirect_to_totp_activation_explains_why_in_indonesian(client, admin_lsp, mfa_required):
    """SE-A4.4"""
    sign_in(client, admin_lsp)

    response = client.get(reverse("akun:role-list"), follow=True)

    assertContains(response, MFA_WARNING)


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_every_staff_role_without_totp_is_redirected_to_totp_activation(
    client, request, mfa_required, persona
):
    """SE-A4.4"""
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("akun:home"))

    assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)


@pytest.mark.parametrize("persona", NON_STAFF_PERSONAS)
def test_asesi_and_user_without_role_are_not_asked_to_enrol_totp(client, request, mfa_required, persona):
    """SE-A4.4"""
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("akun:home"))

    assert response.status_code == 200


def role_without_staff_flag(*codenames):
    """A role the LSP made, not marked as a staff role, holding `codenames` (akun rights)."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="peran:tanpa_tanda")
    group.permissions.set(Permission.objects.filter(content_type__app_label="akun", codename__in=codenames))
    return Role.objects.create(code="tanpa_tanda", name="Tanpa Tanda", group=group, is_staff_role=False)


@pytest.mark.parametrize(
    "codename",
    ["view_audit", "use_sdm", "manage_portal", "validate_muk", "issue_letters", "view_system_status"],
)
def test_one_staff_right_requires_totp_whatever_the_roles_staff_flag(client, db, mfa_required, codename):
    """SE-A4.4 (issue 10, item 3): MFA follows rights, not the role's flag."""
    from tests.conftest import make_user

    member = make_user("anggota@uji.lsp.id")
    member.groups.add(role_without_staff_flag(codename).group)
    client.force_login(member)

    response = client.get(reverse("akun:home"))

    assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)


def test_a_right_granted_to_the_user_directly_requires_totp(client, outsider, mfa_required):
    """SE-A4.4 (issue 10, item 3): a right held outside any role counts too."""
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(
        Permission.objects.get(content_type__app_label="akun", codename="view_audit")
    )
    client.force_login(outsider)

    response = client.get(reverse("akun:home"))

    assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)


def test_a_role_without_staff_flag_or_rights_needs_no_totp(client, db, mfa_required):
    """SE-A4.4: an empty custom role is no reason to enrol."""
    from tests.conftest import make_user

    member = make_user("anggota@uji.lsp.id")
    member.groups.add(role_without_staff_flag().group)
    client.force_login(member)

    assert client.get(reverse("akun:home")).status_code == 200


def test_role_screen_says_mfa_is_required_for_a_role_holding_a_staff_right(client, ketua):
    """SE-A4.4: the role list and page tell what the middleware will do."""
    role_without_staff_flag("view_audit")
    client.force_login(ketua)

    page = client.get(reverse("akun:role-detail", args=["tanpa_tanda"]))

    assertContains(page, "Wajib autentikasi dua faktor: <strong>Ya</strong>", html=False)


def test_superuser_without_totp_is_redirected_to_totp_activation(client, db, mfa_required):
    """SE-A4.4"""
    root = User.objects.create_superuser("root@uji.lsp.id", PASSWORD, nama_lengkap="Root")
    client.force_login(root)

    response = client.get(reverse("akun:home"))

    assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)


def test_staff_is_not_redirected_when_mfa_is_not_required(client, admin_lsp, settings):
    """SE-A4.4: the embedded demo (LSP_MFA_REQUIRED=False)."""
    settings.LSP_MFA_REQUIRED = False
    client.force_login(admin_lsp)

    response = client.get(reverse("akun:role-list"))

    assert response.status_code == 200


def test_staff_without_totp_can_still_sign_out(client, admin_lsp, mfa_required):
    """SE-A4.4: allauth's own pages stay reachable."""
    sign_in(client, admin_lsp)

    response = client.post(reverse("account_logout"))

    assertRedirects(response, reverse("portal:home"), fetch_redirect_response=False)
    assert signed_in_user_id(client) is None


# --- enrolment --------------------------------------------------------------------------


def test_totp_activation_asks_for_password_again_first_in_indonesian(client, admin_lsp, mfa_required):
    """SE-A4.4"""
    sign_in(client, admin_lsp)

    response = client.get(reverse("mfa_activate_totp"), follow=True)

    assertContains(response, "Konfirmasi Akses")
    assertContains(response, "Harap autentikasi ulang untuk menjaga keamanan akun Anda.")


def test_totp_activation_page_shows_qr_code_and_secret_in_indonesian(client, admin_lsp, mfa_required):
    """SE-A4.4"""
    page, secret = open_totp_activation(client, admin_lsp)

    assertContains(page, "Aktifkan Aplikasi Autentikator")
    assertContains(page, "pindai kode QR di bawah ini dengan aplikasi autentikator Anda")
    assertContains(page, "Rahasia autentikator")
    assertContains(page, 'src="data:image/svg+xml;base64,')
    assert len(secret) == 32


def test_activating_totp_with_correct_code_enrols_and_lets_staff_in(client, admin_lsp, mfa_required):
    """SE-A4.4"""
    _, secret = open_totp_activation(client, admin_lsp)

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=admin_lsp, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("akun:role-list")).status_code == 200


def test_activating_totp_creates_recovery_codes_and_shows_them(client, admin_lsp, mfa_required):
    """SE-A4.4"""
    _, secret = open_totp_activation(client, admin_lsp)

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assertRedirects(response, reverse("mfa_view_recovery_codes"), fetch_redirect_response=False)
    stored = Authenticator.objects.get(user=admin_lsp, type=Authenticator.Type.RECOVERY_CODES)
    codes = RecoveryCodes(stored).get_unused_codes()
    assert len(codes) == 10
    page = client.get(response["Location"])
    assertContains(page, "Kode Pemulihan")
    assertContains(page, "Ada 10 dari 10 kode pemulihan yang tersedia.")
    for code in codes:
        assertContains(page, code)


def test_activating_totp_with_wrong_code_shows_indonesian_error_and_enrols_nothing(
    client, admin_lsp, mfa_required
):
    """SE-A4.4"""
    _, secret = open_totp_activation(client, admin_lsp)

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong_code(secret)})

    assertContains(response, WRONG_CODE)
    assert not Authenticator.objects.filter(user=admin_lsp).exists()
    assertRedirects(
        client.get(reverse("akun:role-list")), reverse("mfa_activate_totp"), fetch_redirect_response=False
    )


def test_activating_totp_with_empty_code_shows_indonesian_error_and_enrols_nothing(
    client, admin_lsp, mfa_required
):
    """SE-A4.4"""
    open_totp_activation(client, admin_lsp)

    response = client.post(reverse("mfa_activate_totp"), {"code": ""})

    assertContains(response, "Bidang ini tidak boleh kosong.")
    assert not Authenticator.objects.filter(user=admin_lsp).exists()


# --- login with MFA ---------------------------------------------------------------------


def test_enrolled_staff_login_asks_for_authenticator_code_in_indonesian(client, admin_lsp, mfa_required):
    """SE-A4.4: the password alone does not sign in."""
    enrol(admin_lsp)

    response = sign_in(client, admin_lsp)

    assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)
    assert signed_in_user_id(client) is None
    page = client.get(response["Location"])
    assertContains(page, "Autentikasi Dua Faktor")
    assertContains(
        page, "Akun Anda dilindungi oleh autentikasi dua faktor. Silakan masukkan kode autentikator:"
    )


def test_login_mfa_step_with_correct_code_signs_in(client, admin_lsp, mfa_required):
    """SE-A4.4"""
    secret = enrol(admin_lsp)
    sign_in(client, admin_lsp)

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assertRedirects(response, reverse("akun:home"), fetch_redirect_response=False)
    assert signed_in_user_id(client) == str(admin_lsp.pk)
    assert client.get(reverse("akun:role-list")).status_code == 200


def test_login_mfa_step_with_wrong_code_shows_indonesian_error_and_does_not_sign_in(
    client, admin_lsp, mfa_required
):
    """SE-A4.4"""
    secret = enrol(admin_lsp)
    sign_in(client, admin_lsp)

    response = client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})

    assertContains(response, WRONG_CODE)
    assert signed_in_user_id(client) is None
    assert client.get(reverse("akun:home")).status_code == 302


def test_login_mfa_step_refuses_a_code_already_used(client, admin_lsp, mfa_required):
    """SE-A4.4: a TOTP code works once (replay)."""
    secret = enrol(admin_lsp)
    code = current_code(secret)
    sign_in(client, admin_lsp)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))
    sign_in(client, admin_lsp)

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assertContains(response, WRONG_CODE)
    assert signed_in_user_id(client) is None


def test_login_mfa_step_accepts_a_recovery_code_once(client, admin_lsp, mfa_required):
    """SE-A4.4: a lost phone does not lock the staff member out."""
    enrol(admin_lsp)
    stored = Authenticator.objects.get(user=admin_lsp, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(stored).get_unused_codes()[0]
    sign_in(client, admin_lsp)

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assertRedirects(response, reverse("akun:home"), fetch_redirect_response=False)
    stored.refresh_from_db()
    assert code not in RecoveryCodes(stored).get_unused_codes()


def test_asesi_login_has_no_mfa_step(client, asesi, mfa_required):
    """SE-A4.4"""
    response = sign_in(client, asesi)

    assertRedirects(response, reverse("akun:home"), fetch_redirect_response=False)
    assert signed_in_user_id(client) == str(asesi.pk)
