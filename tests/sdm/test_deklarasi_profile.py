"""X-6, issue 10 item 20: the profile asks the same rule as the declaration service (a
declaration whose record was voided is not in force), so a voided declaration shows as not
signed and the asesor is asked to sign again."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from administrasi import services as records
from sdm import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.embedded

SIGNED = "Tahun 2026 sudah ditandatangani"
NOT_SIGNED = "Tahun 2026 belum ditandatangani"
SIGN_AGAIN = '<a href="/sdm/deklarasi/">Tandatangani sekarang</a>'


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        yield


@pytest.fixture
def declared(asesor, own_asesor):
    return services.deklarasi_sign(asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True)


def profile(client, user, own_asesor):
    client.force_login(user)
    return client.get(own_asesor.personel.get_absolute_url()).content.decode()


def test_a_declaration_in_force_shows_as_signed(client, asesor, own_asesor, declared):
    """X-6: signed this year, record final → signed, no request to sign."""
    page = profile(client, asesor, own_asesor)
    assert SIGNED in page and SIGN_AGAIN not in page


def test_a_voided_declaration_shows_as_not_signed_and_asks_to_sign_again(
    client, asesor, own_asesor, declared, admin_lsp
):
    """X-6, item 20: once staff void the year's record, the asesor's profile says not signed
    and links to the declaration page, which offers the form again."""
    records.dokumen_void(dokumen=declared.dokumen, alasan="Nama skema keliru.", actor=admin_lsp)
    page = profile(client, asesor, own_asesor)
    assert NOT_SIGNED in page and SIGNED not in page
    assert SIGN_AGAIN in page
    assert "Tanda tangan elektronik" in client.get("/sdm/deklarasi/").content.decode()


def test_staff_see_a_voided_declaration_as_not_signed(client, own_asesor, declared, admin_lsp):
    """X-6, item 20: the staff's view of the profile agrees with the asesor overview."""
    records.dokumen_void(dokumen=declared.dokumen, alasan="Nama skema keliru.", actor=admin_lsp)
    page = profile(client, admin_lsp, own_asesor)
    assert NOT_SIGNED in page and SIGN_AGAIN not in page
    assert "Dibatalkan" in page  # the voided record stays listed with its status


def test_signing_again_after_a_void_shows_as_signed(client, asesor, own_asesor, declared, admin_lsp):
    records.dokumen_void(dokumen=declared.dokumen, alasan="Nama skema keliru.", actor=admin_lsp)
    services.deklarasi_sign(asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True)
    assert SIGNED in profile(client, asesor, own_asesor)
