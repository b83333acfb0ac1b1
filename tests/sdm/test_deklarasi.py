"""X-6: the asesor's yearly impartiality and conflict-of-interest declaration, signed in the
system through the records engine (password + consent), once per asesor per year."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from administrasi.models import Dokumen
from administrasi.services import last_number
from sdm import services
from sdm.models import Deklarasi, today
from tests.conftest import PASSWORD

pytestmark = pytest.mark.embedded

URL = "/sdm/deklarasi/"


def sign(client, **overrides):
    data = {"potensi_konflik": "", "secret": PASSWORD, "consent": "on", "gambar": ""}
    data.update(overrides)
    return client.post(URL, data)


def test_asesor_reads_the_statement_and_signs_it(
    client, asesor, own_asesor, django_capture_on_commit_callbacks
):
    """X-6: the statement (impartiality, no conflict, confidentiality) is shown; signing with
    password and consent makes a final DEKLARASI-ASESOR record about the asesor's profile."""
    client.force_login(asesor)
    page = client.get(URL).content.decode()
    for phrase in ("tidak memihak", "benturan kepentingan", "kerahasiaan", "MET.000.000100.2024"):
        assert phrase in page
    with django_capture_on_commit_callbacks(execute=True):
        response = sign(client, potensi_konflik="Salah satu asesi adalah sepupu saya.")
    assert response.status_code == 302 and response.url == URL
    deklarasi = Deklarasi.objects.get()
    dokumen = deklarasi.dokumen
    assert deklarasi.tahun == today().year and deklarasi.asesor == own_asesor
    assert dokumen.jenis.kode == "DEKLARASI-ASESOR" and dokumen.is_final and dokumen.nomor
    assert dokumen.subject == own_asesor
    assert dokumen.data["potensi_benturan_kepentingan"] == "Salah satu asesi adalah sepupu saya."
    assert len(dokumen.data["pernyataan"]) == len(services.PERNYATAAN)
    signature = dokumen.tanda_tangan.get()
    assert signature.penandatangan == asesor and signature.hash_ditandatangani
    assert "sudah ditandatangani" in client.get(URL).content.decode()


def test_asesor_sees_their_own_declaration_record(client, asesor, asesor_lain, own_asesor):
    """X-6 / SE-A4.4: the subject rule lets the asesor open the record; another asesor gets 404."""
    client.force_login(asesor)
    sign(client)
    dokumen = Deklarasi.objects.get().dokumen
    assert client.get(f"/administrasi/arsip/{dokumen.pk}/").status_code == 200
    client.force_login(asesor_lain)
    assert client.get(f"/administrasi/arsip/{dokumen.pk}/").status_code == 404


def test_wrong_password_is_refused_and_nothing_is_saved(client, asesor, own_asesor):
    """X-6: a wrong password gives an Indonesian error; no declaration, no record, no number."""
    client.force_login(asesor)
    response = sign(client, secret="salah-sekali")
    assert response.status_code == 200
    assert (
        "Kata sandi atau kode autentikator salah. Dokumen belum ditandatangani." in response.content.decode()
    )
    assert not Deklarasi.objects.exists()
    assert not Dokumen.objects.filter(jenis__kode="DEKLARASI-ASESOR").exists()
    assert last_number("DEKLARASI-ASESOR", timezone.localdate().year) == 0


def test_no_consent_is_refused(client, asesor, own_asesor):
    client.force_login(asesor)
    response = sign(client, consent="")
    assert "Centang pernyataan persetujuan untuk menandatangani." in response.content.decode()
    assert not Deklarasi.objects.exists()


def test_second_declaration_in_the_same_year_is_refused(client, asesor, own_asesor):
    """X-6: one per asesor per year; a second attempt gets an Indonesian message."""
    client.force_login(asesor)
    sign(client)
    response = client.post(URL, {"secret": PASSWORD, "consent": "on"}, follow=True)
    assert "Pernyataan hanya dibuat satu kali setiap tahun." in response.content.decode()
    with pytest.raises(services.DeclarationError, match="sudah menandatangani"):
        services.deklarasi_sign(asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True)
    assert Deklarasi.objects.count() == 1


def test_a_voided_declaration_asks_for_a_new_signature(client, asesor, own_asesor, admin_lsp):
    """X-6: when staff void the year's declaration record, the asesor is asked to sign again;
    the new record is the one in force and the voided one stays in the archive."""
    from administrasi import services as records

    first = services.deklarasi_sign(asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True)
    voided = first.dokumen
    records.dokumen_void(dokumen=voided, alasan="Nama skema keliru.", actor=admin_lsp)
    client.force_login(asesor)
    assert "Tanda tangan elektronik" in client.get(URL).content.decode()  # the form again
    again = services.deklarasi_sign(
        asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True, potensi_konflik="Tidak ada."
    )
    assert Deklarasi.objects.get() == again and again.dokumen != voided
    assert Dokumen.objects.get(pk=voided.pk).status == Dokumen.Status.VOID
    assert services.deklarasi_this_year(own_asesor).dokumen == again.dokumen
    with pytest.raises(services.DeclarationError, match="sudah menandatangani"):
        services.deklarasi_sign(asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True)


def test_a_new_year_asks_for_a_new_declaration(client, asesor, own_asesor):
    """X-6: yearly: last year's declaration does not cover this year."""
    jakarta = ZoneInfo("Asia/Jakarta")
    with time_machine.travel(dt.datetime(2025, 12, 31, 10, tzinfo=jakarta), tick=False):
        services.deklarasi_sign(asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True)
    with time_machine.travel(dt.datetime(2026, 1, 2, 10, tzinfo=jakarta), tick=False):
        client.force_login(asesor)
        assert "Tanda tangan elektronik" in client.get(URL).content.decode()
        services.deklarasi_sign(asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True)
    assert sorted(Deklarasi.objects.values_list("tahun", flat=True)) == [2025, 2026]


def test_only_the_asesor_may_sign_their_declaration(own_asesor, admin_lsp):
    with pytest.raises(services.DeclarationError):
        services.deklarasi_sign(asesor=own_asesor, signer=admin_lsp, secret=PASSWORD, consent=True)
    assert not Deklarasi.objects.exists()


def test_asesor_without_profile_is_told_to_contact_the_admin(client, asesor_lain):
    client.force_login(asesor_lain)
    response = client.get(URL)
    assert response.status_code == 200 and "Profil asesor belum terdaftar" in response.content.decode()


def test_staff_see_who_has_and_has_not_declared_this_year(client, manajer, asesor, own_asesor, other_asesor):
    """X-6: the overview marks each asesor signed or not for the current year."""
    services.deklarasi_sign(asesor=own_asesor, signer=asesor, secret=PASSWORD, consent=True)
    client.force_login(manajer)
    html = client.get("/sdm/asesor/").content.decode()
    own_row = html[html.index("Asesor Sendiri") :]
    own_row = own_row[: own_row.index("</tr>")]
    other_row = html[html.index("Asesor Lain") :]
    other_row = other_row[: other_row.index("</tr>")]
    assert "Sudah" in own_row and "Belum" in other_row
    assert "1 dari 2 asesor aktif" in client.get("/sdm/").content.decode()
