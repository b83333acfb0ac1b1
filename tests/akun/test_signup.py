"""Sign-up, e-mail verification, login, logout, password reset and change (SE-A4.4).

Every expected text below is what the pages and e-mails actually render (allauth's
Indonesian catalogue plus the project's own forms), not a guess.
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from akun.models import User
from akun.permissions import has_role
from tests.conftest import PASSWORD, make_user

NEW_PASSWORD = "Sandi#Baru2026x"


def signup(client, **overrides):
    data = {
        "nama_lengkap": "Budi Santoso",
        "email": "budi@contoh.id",
        "nomor_hp": "081234567890",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def link_in(message):
    """The path of the (only) portal link in an e-mail body."""
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def account_rows():
    return User.objects.count(), EmailAddress.objects.count()


# --- sign-up ---------------------------------------------------------------------------


def test_signup_page_asks_for_name_email_phone_and_password_twice(client, db):
    """SE-A4.4: the sign-up form has exactly these fields, in this order, in Indonesian."""
    response = client.get(reverse("account_signup"))

    html = response.content.decode()
    fields = [n for n in re.findall(r'<input[^>]* name="([^"]+)"', html) if n != "csrfmiddlewaretoken"]
    assert fields == ["nama_lengkap", "email", "nomor_hp", "password1", "password2"]
    assertContains(response, "Nama lengkap (sesuai KTP)")
    assertContains(response, "Nomor seluler aktif, misalnya 081234567890.")
    assertContains(response, "Kata sandi (lagi)")
    assertContains(response, "Sudah memiliki akun?")


def test_signup_creates_account_with_role_asesi_and_the_given_name_and_phone(client, db):
    """SE-A4.4: a self-registered person becomes an Asesi."""
    signup(client)

    user = User.objects.get(email="budi@contoh.id")
    assert user.nama_lengkap == "Budi Santoso"
    assert user.nomor_hp == "081234567890"
    assert has_role(user, "asesi")
    assert list(user.groups.values_list("role__code", flat=True)) == ["asesi"]


def test_signup_leaves_email_unverified_and_does_not_sign_in(client, db):
    """SE-A4.4: the account cannot be used until its e-mail address is verified."""
    response = signup(client)

    assertRedirects(response, reverse("account_email_verification_sent"), fetch_redirect_response=False)
    address = EmailAddress.objects.get(email="budi@contoh.id")
    assert address.primary and not address.verified
    assert signed_in_user_id(client) is None


def test_signup_shows_indonesian_check_your_email_page(client, db):
    """SE-A4.4"""
    response = signup(client)

    page = client.get(response["Location"])
    assertContains(page, "E-mail konfirmasi dikirim ke budi@contoh.id.")
    assertContains(page, "Verifikasi Alamat E-mail Anda")
    assertContains(page, "Kami telah mengirimkan e-mail kepada Anda untuk verifikasi.")


def test_signup_sends_indonesian_verification_email_with_confirmation_link(client, db, settings):
    """SE-A4.4: sent through the Celery task (eager in tests)."""
    signup(client)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["budi@contoh.id"]
    assert message.subject == "[LSP] Mohon Konfirmasi Alamat E-mail Anda"
    assert f"Halo dari {settings.LSP_NAME}!" in message.body
    assert "pengguna Budi Santoso telah memberikan alamat email Anda untuk mendaftar akun" in message.body
    assert "Untuk mengonfirmasi kebenarannya, kunjungi http://testserver/akun/confirm-email/" in message.body
    assert f"Terima kasih telah menggunakan {settings.LSP_NAME}!" in message.body


def test_signup_stores_phone_number_typed_with_spaces_and_dashes_without_them(client, db):
    """SE-A4.4"""
    signup(client, nomor_hp="+62 812-3456-7890")

    assert User.objects.get(email="budi@contoh.id").nomor_hp == "+6281234567890"


def test_following_confirmation_link_asks_to_confirm_in_indonesian(client, db):
    """SE-A4.4: a GET never confirms (mail scanners follow links)."""
    signup(client)

    response = client.get(link_in(mail.outbox[0]))

    assertContains(response, "Konfirmasi Alamat E-mail")
    assertContains(response, "adalah alamat e-mail untuk pengguna Budi Santoso")
    assert not EmailAddress.objects.get(email="budi@contoh.id").verified


def test_confirming_the_link_verifies_email_and_signs_in(client, db):
    """SE-A4.4"""
    signup(client)
    user = User.objects.get(email="budi@contoh.id")

    response = client.post(link_in(mail.outbox[0]))

    assertRedirects(response, reverse("akun:home"), fetch_redirect_response=False)
    assert EmailAddress.objects.get(email="budi@contoh.id").verified
    assert signed_in_user_id(client) == str(user.pk)
    home = client.get(response["Location"])
    assertContains(home, "Anda telah mengkonfirmasi budi@contoh.id.")
    assertContains(home, "Berhasil masuk sebagai Budi Santoso.")


def test_invalid_confirmation_link_shows_indonesian_expired_message_and_verifies_nothing(client, db):
    """SE-A4.4"""
    signup(client)
    url = reverse("account_confirm_email", args=["bukan-kunci-yang-sah"])

    page = client.get(url)
    posted = client.post(url)

    assertContains(page, "Tautan konfirmasi e-mail ini sudah kedaluwarsa atau tidak valid.")
    assert posted.status_code == 404
    assert not EmailAddress.objects.get(email="budi@contoh.id").verified
    assert signed_in_user_id(client) is None


def test_unverified_user_login_is_sent_to_verification_page_not_signed_in(client, db):
    """SE-A4.4"""
    make_user("belum@contoh.id", "asesi", verified=False)

    response = login(client, "belum@contoh.id")

    assertRedirects(response, reverse("account_email_verification_sent"), fetch_redirect_response=False)
    assert signed_in_user_id(client) is None
    assertContains(client.get(response["Location"]), "Verifikasi Alamat E-mail Anda")


def test_unverified_user_login_sends_a_fresh_verification_email(client, db):
    """SE-A4.4"""
    make_user("belum@contoh.id", "asesi", verified=False)

    login(client, "belum@contoh.id")

    assert [m.subject for m in mail.outbox] == ["[LSP] Mohon Konfirmasi Alamat E-mail Anda"]
    assert mail.outbox[0].to == ["belum@contoh.id"]


def test_verified_user_login_signs_in(client, db, asesi):
    """SE-A4.4"""
    response = login(client, asesi.email)

    assertRedirects(response, reverse("akun:home"), fetch_redirect_response=False)
    assert signed_in_user_id(client) == str(asesi.pk)


def test_login_with_wrong_password_shows_indonesian_error(client, db, asesi):
    """SE-A4.4"""
    response = login(client, asesi.email, "bukan-sandinya")

    assertContains(response, "Alamat e-mail dan/atau kata sandi yang anda masukkan tidak benar.")
    assert signed_in_user_id(client) is None


# --- sign-up: bad input ----------------------------------------------------------------


def main_content(client, response):
    """The page a redirect leads to, between <main> tags, without the CSRF token."""
    html = client.get(response["Location"]).content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.parametrize("typed", ["asesi@uji.lsp.id", "ASESI@Uji.LSP.id"])
def test_signup_with_existing_email_answers_as_for_a_new_one_and_creates_nothing(client, db, asesi, typed):
    """SE-A4.4, X-4 (issue 10, item 4): the page does not reveal that the e-mail has an
    account; the same redirect and the same page as for a new address."""
    from django.test import Client

    new = Client()
    new_response = signup(new, email="baru@contoh.id")
    mail.outbox.clear()
    before = account_rows()

    response = signup(client, email=typed)

    assert (response.status_code, response["Location"]) == (
        new_response.status_code,
        new_response["Location"],
    )
    assert main_content(client, response).replace(typed.lower(), "X") == main_content(
        new, new_response
    ).replace("baru@contoh.id", "X")
    assert account_rows() == before


def test_signup_with_existing_email_mails_the_owner_how_to_recover(client, db, asesi):
    """SE-A4.4, X-4 (issue 10, item 4): the owner hears of it, in Indonesian, with a reset link."""
    signup(client, email=asesi.email)

    assert [m.to for m in mail.outbox] == [[asesi.email]]
    message = mail.outbox[0]
    assert message.subject == "[LSP] Akun Sudah Ada"
    assert "Alamat ini sudah terdaftar, jadi tidak dibuat akun baru." in message.body
    assert "http://testserver/akun/password/reset/" in message.body
    assert "Akun kamu" not in message.body


def test_signup_with_weak_password_shows_indonesian_errors_and_creates_nothing(client, db):
    """SE-A4.4"""
    response = signup(client, password1="12345", password2="12345")

    assertContains(response, "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter.")
    assertContains(response, "Kata sandi ini terlalu umum.")
    assertContains(response, "Kata sandi ini seluruhnya terdiri dari angka.")
    assert account_rows() == (0, 0)
    assert mail.outbox == []


def test_signup_with_password_like_the_email_shows_indonesian_error_and_creates_nothing(client, db):
    """SE-A4.4"""
    response = signup(client, email="budisantoso@contoh.id", password1="budisantoso", password2="budisantoso")

    assertContains(response, "Kata sandi terlalu mirip dengan alamat email.")
    assert account_rows() == (0, 0)


def test_signup_with_mismatched_passwords_shows_indonesian_error_and_creates_nothing(client, db):
    """SE-A4.4"""
    response = signup(client, password2="Sandi#Lain2026x")

    assertContains(response, "Anda harus mengetikkan kata sandi yang sama setiap kali.")
    assert account_rows() == (0, 0)
    assert mail.outbox == []


@pytest.mark.parametrize("phone", ["021555123", "08123", "0712345678901", "+1 415 555 0100", "nomor saya"])
def test_signup_with_non_indonesian_mobile_number_shows_indonesian_error_and_creates_nothing(
    client, db, phone
):
    """SE-A4.4"""
    response = signup(client, nomor_hp=phone)

    assertContains(
        response, "Nomor HP harus nomor seluler Indonesia, misalnya 081234567890 atau +6281234567890."
    )
    assert account_rows() == (0, 0)
    assert mail.outbox == []


@pytest.mark.parametrize("field", ["nama_lengkap", "nomor_hp"])
def test_signup_without_required_field_shows_indonesian_error_and_creates_nothing(client, db, field):
    """SE-A4.4"""
    response = signup(client, **{field: ""})

    assertContains(response, "Bidang ini tidak boleh kosong.")
    assert account_rows() == (0, 0)


# --- password reset ----------------------------------------------------------------------


def request_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_password_reset_request_shows_indonesian_email_sent_page(client, db, asesi):
    """SE-A4.4"""
    response = request_reset(client, asesi.email)

    assertRedirects(response, reverse("account_reset_password_done"), fetch_redirect_response=False)
    assertContains(client.get(response["Location"]), "Kami telah mengirimkan email kepada Anda.")


def test_password_reset_sends_indonesian_email_with_reset_link(client, db, asesi, settings):
    """SE-A4.4"""
    request_reset(client, asesi.email)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [asesi.email]
    assert message.subject == "[LSP] E-mail Reset Kata Sandi"
    assert f"Halo dari {settings.LSP_NAME}!" in message.body
    assert "Klik link di bawah untuk mereset kata sandi Anda." in message.body
    assert "http://testserver/akun/password/reset/key/" in message.body


def test_password_reset_link_sets_new_password(client, db, asesi):
    """SE-A4.4"""
    request_reset(client, asesi.email)
    form_url = client.get(link_in(mail.outbox[0]))["Location"]

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assertRedirects(response, reverse("account_reset_password_from_key_done"), fetch_redirect_response=False)
    assertContains(client.get(response["Location"]), "Kata sandi Anda telah diubah.")
    asesi.refresh_from_db()
    assert asesi.check_password(NEW_PASSWORD)
    assert not asesi.check_password(PASSWORD)


def test_password_reset_link_refuses_weak_new_password_in_indonesian(client, db, asesi):
    """SE-A4.4"""
    request_reset(client, asesi.email)
    form_url = client.get(link_in(mail.outbox[0]))["Location"]

    response = client.post(form_url, {"password1": "12345", "password2": "12345"})

    assertContains(response, "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter.")
    asesi.refresh_from_db()
    assert asesi.check_password(PASSWORD)


def assert_invalid_link_page(response):
    assert response.status_code == 200
    assertContains(response, "Token Salah")
    assertContains(response, "Link reset kata sandi tidak valid, mungkin karena telah digunakan.")
    new_link = f'<a href="{reverse("account_reset_password")}">reset kata sandi baru</a>'
    assertContains(response, new_link, html=True)
    assertNotContains(response, 'name="password1"')


@pytest.mark.parametrize("key", ["1-bukan-token", "zz-set-password", "999-abc-def"])
def test_password_reset_with_invalid_key_shows_indonesian_invalid_link_page(client, db, asesi, key):
    """SE-A4.4"""
    response = client.get(f"/akun/password/reset/key/{key}/")

    assert_invalid_link_page(response)


def test_expired_password_reset_link_shows_indonesian_invalid_link_page(
    client, db, asesi, settings, monkeypatch
):
    """SE-A4.4: the link stops working after PASSWORD_RESET_TIMEOUT."""
    request_reset(client, asesi.email)
    later = PasswordResetTokenGenerator._now(None) + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    response = client.get(link_in(mail.outbox[0]))

    assert_invalid_link_page(response)
    asesi.refresh_from_db()
    assert asesi.check_password(PASSWORD)


def test_used_password_reset_link_shows_indonesian_invalid_link_page(client, db, asesi):
    """SE-A4.4"""
    request_reset(client, asesi.email)
    link = link_in(mail.outbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert_invalid_link_page(client.get(link))


def test_password_reset_for_unknown_email_answers_as_for_a_known_one_and_sends_nothing(client, db, asesi):
    """SE-A4.4, X-4 (issue 10, item 4): the answer does not reveal which e-mails have an
    account; nobody is mailed for an unknown address (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS off)."""
    from django.test import Client

    known = Client()
    known_response = request_reset(known, asesi.email)
    mail.outbox.clear()

    response = request_reset(client, "tidakada@contoh.id")

    assert (response.status_code, response["Location"]) == (
        known_response.status_code,
        known_response["Location"],
    )
    assert main_content(client, response) == main_content(known, known_response)
    assert mail.outbox == []


# --- password change and logout ----------------------------------------------------------


def change_password(client, old, new=NEW_PASSWORD):
    return client.post(
        reverse("account_change_password"), {"oldpassword": old, "password1": new, "password2": new}
    )


def test_password_change_sets_new_password_and_keeps_user_signed_in(client, db, asesi):
    """SE-A4.4"""
    login(client, asesi.email)

    response = change_password(client, PASSWORD)

    assertRedirects(response, reverse("account_change_password"), fetch_redirect_response=False)
    assertContains(client.get(response["Location"]), "Kata sandi berhasil diubah.")
    asesi.refresh_from_db()
    assert asesi.check_password(NEW_PASSWORD)
    assert signed_in_user_id(client) == str(asesi.pk)


def test_password_change_with_wrong_current_password_shows_indonesian_error(client, db, asesi):
    """SE-A4.4"""
    login(client, asesi.email)

    response = change_password(client, "bukan-sandinya")

    assertContains(response, "Silahkan ketik kata sandi Anda saat ini.")
    asesi.refresh_from_db()
    assert asesi.check_password(PASSWORD)


def test_password_change_page_requires_login(client, db):
    """SE-A4.4"""
    response = client.get(reverse("account_change_password"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_logout_page_asks_for_confirmation_in_indonesian(client, db, asesi):
    """SE-A4.4: a GET does not sign out."""
    login(client, asesi.email)

    response = client.get(reverse("account_logout"))

    assertContains(response, "Anda yakin ingin keluar?")
    assert signed_in_user_id(client) == str(asesi.pk)


def test_logout_signs_out_and_returns_to_public_home(client, db, asesi):
    """SE-A4.4"""
    login(client, asesi.email)

    response = client.post(reverse("account_logout"))

    assertRedirects(response, reverse("portal:home"), fetch_redirect_response=False)
    assertContains(client.get(response["Location"]), "Anda telah keluar.")
    assert signed_in_user_id(client) is None
    assert client.get(reverse("akun:home")).status_code == 302


def test_signup_failing_half_way_leaves_no_account(client, db, monkeypatch):
    """Nothing half-created: if giving the Asesi role fails, the user row is rolled back."""
    from akun import services

    def broken(*, user):
        raise RuntimeError("peran tidak tersedia")

    monkeypatch.setattr(services, "user_register_applicant", broken)
    client.raise_request_exception = False
    response = client.post(
        "/akun/signup/",
        {
            "nama_lengkap": "Setengah Jadi",
            "email": "setengah@uji.lsp.id",
            "nomor_hp": "081234567890",
            "password1": "Rahasia#Kuat2026",
            "password2": "Rahasia#Kuat2026",
        },
    )
    assert response.status_code == 500
    from allauth.account.models import EmailAddress

    from akun.models import User

    assert not User.objects.filter(email="setengah@uji.lsp.id").exists()
    assert not EmailAddress.objects.filter(email="setengah@uji.lsp.id").exists()


def test_profile_phone_accepts_spaces_and_dashes(client, asesi):
    client.force_login(asesi)
    client.post("/akun/profil/ubah/", {"nama_lengkap": "Asesi Satu", "nomor_hp": "0812-3456 7890"})
    asesi.refresh_from_db()
    assert asesi.nomor_hp == "081234567890"


def test_profile_rejects_a_landline_in_indonesian(client, asesi):
    client.force_login(asesi)
    response = client.post("/akun/profil/ubah/", {"nama_lengkap": "Asesi Satu", "nomor_hp": "0215551234"})
    assert "Nomor HP harus nomor seluler Indonesia" in response.content.decode()
