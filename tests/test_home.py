"""The dashboard (akun:home, issue 10 item 18): the page each person lands on after login
shows what waits on them, from every app's worklist provider (lsp_portal.worklist), each with
a count and a link; the profile keeps its own page."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from administrasi import services as records
from lsp_portal import worklist
from sdm import services as sdm_services
from tuk import services as tuk_services

from .conftest import PASSWORD
from .sdm.conftest import cert_data, make_asesor, make_personel
from .tuk.conftest import tuk_data

pytestmark = pytest.mark.embedded

HOME = "/akun/"
TODAY = dt.date(2026, 5, 4)
SOON = TODAY + dt.timedelta(days=30)


@pytest.fixture(autouse=True)
def _fixed_day():
    """The reminders and the yearly declaration depend on the day: a fixed one."""
    moment = dt.datetime.combine(TODAY, dt.time(9), tzinfo=ZoneInfo("Asia/Jakarta"))
    with time_machine.travel(moment, tick=False):
        yield


def dashboard(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response


def items(response, section=worklist.TASKS):
    """{label: (count, url)} of one section of the dashboard as rendered."""
    key = "tasks" if section == worklist.TASKS else "reminders"
    return {i.label: (i.count, i.url) for i in response.context[key]}


def link_in(html, url, label):
    """A link to `url` whose text is `label` (the words say where it goes)."""
    return re.search(rf'<a [^>]*href="{re.escape(url)}"[^>]*>{re.escape(label)}</a>', html) is not None


def spt(signer, judul="SPT uji", *, actor):
    """A draft SPT waiting on `signer` (as the Ketua's party)."""
    return records.dokumen_issue(
        kode="SPT-ASESOR",
        subject=actor,
        judul=judul,
        data={"nama_asesor": "Dewi"},
        signers={"ketua": signer},
        actor=actor,
    )


def fr_ak01(asesi, asesor, *, actor):
    """FR.AK.01: the asesi signs first, then the asesor."""
    return records.dokumen_issue(
        kode="FR.AK.01",
        subject=asesi,
        judul="Persetujuan asesmen",
        data={},
        signers={"asesi": asesi, "asesor": asesor},
        actor=actor,
    )


# --- landing and profile --------------------------------------------------------------------


def test_login_lands_on_the_dashboard(client, asesi):
    """Item 18: LOGIN_REDIRECT_URL is the dashboard, not the profile."""
    response = client.post(reverse("account_login"), {"login": asesi.email, "password": PASSWORD})
    assertRedirects(response, HOME, fetch_redirect_response=False)
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Dasbor saya</h1>" in page


def test_profile_keeps_its_own_page(client, asesi):
    """Item 18: data, roles and security settings stay on /akun/profil/, linked from the
    dashboard and the menu."""
    html = dashboard(client, asesi).content.decode()
    assert link_in(html, "/akun/profil/", "Akun saya: data diri, peran, dan keamanan")
    profile = client.get("/akun/profil/")
    assert profile.status_code == 200
    text = profile.content.decode()
    assert asesi.email in text and "Asesi" in text and "Autentikasi dua faktor (TOTP)" in text
    assert [i["label"] for i in profile.context["nav_items"] if i["current"]] == ["Akun saya"]


def test_dashboard_is_the_current_menu_entry_only_on_its_own_page(client, ketua):
    """The dashboard (/akun/) is not marked current on every /akun/... page."""
    nav = dashboard(client, ketua).context["nav_items"]
    assert [i["label"] for i in nav if i["current"]] == ["Dasbor saya"]
    nav = client.get("/akun/email/").context["nav_items"]
    assert "Dasbor saya" not in [i["label"] for i in nav if i["current"]]


def test_profile_edit_returns_to_the_profile(client, asesi):
    client.force_login(asesi)
    response = client.post("/akun/profil/ubah/", {"nama_lengkap": "Asesi Baru", "nomor_hp": "081234567890"})
    assertRedirects(response, "/akun/profil/", fetch_redirect_response=False)


# --- the asesi ------------------------------------------------------------------------------


def test_asesi_without_an_application_sees_how_to_apply(client, asesi):
    """Item 18: nothing open → a short explanation and a link to the schemes one may apply for."""
    response = dashboard(client, asesi)
    html = response.content.decode()
    assert response.context["how_to_apply"]
    assert "Cara mengajukan sertifikasi" in html
    assert link_in(html, reverse("portal:ruang-lingkup"), "Lihat skema sertifikasi yang dapat diajukan")
    assert "Tidak ada yang menunggu tindakan Anda saat ini." in html


def test_asesi_with_something_open_is_not_told_how_to_apply(client, asesi, asesor, ketua):
    """Item 18: once something waits on the asesi (here a record to sign), the page shows it
    instead of the how-to-apply steps."""
    dokumen = fr_ak01(asesi, asesor, actor=ketua)
    response = dashboard(client, asesi)
    assert items(response) == {
        "Dokumen yang menunggu tanda tangan Anda": (1, f"/administrasi/arsip/{dokumen.pk}/tandatangani/")
    }
    assert not response.context["how_to_apply"]
    assert "Cara mengajukan sertifikasi" not in response.content.decode()


def test_staff_with_nothing_waiting_are_not_told_how_to_apply(client, staf_ti):
    html = dashboard(client, staf_ti).content.decode()
    assert "Tidak ada yang menunggu tindakan Anda saat ini." in html
    assert "Cara mengajukan sertifikasi" not in html


# --- records to sign (administrasi) --------------------------------------------------------


def test_signer_sees_the_records_waiting_for_their_signature_with_a_link_to_them(client, ketua, admin_lsp):
    """Item 18: two records waiting → count 2, linking to the batch-signing list, which lists
    exactly those."""
    waiting = [spt(ketua, f"SPT {n}", actor=admin_lsp) for n in (1, 2)]
    spt(admin_lsp, "SPT untuk orang lain", actor=admin_lsp)  # not the Ketua's
    response = dashboard(client, ketua)
    url = "/administrasi/tanda-tangan/"
    assert items(response)["Dokumen yang menunggu tanda tangan Anda"] == (2, url)
    assert link_in(response.content.decode(), url, "Dokumen yang menunggu tanda tangan Anda")
    listed = [d.pk for d in client.get(url).context["page"]]
    assert sorted(listed) == sorted(d.pk for d in waiting)


def test_a_single_record_links_straight_to_its_signing_page(client, ketua, admin_lsp):
    dokumen = spt(ketua, actor=admin_lsp)
    response = dashboard(client, ketua)
    sign_url = f"/administrasi/arsip/{dokumen.pk}/tandatangani/"
    assert items(response)["Dokumen yang menunggu tanda tangan Anda"] == (1, sign_url)
    assert client.get(sign_url).context["my_turn"] is not None


def test_a_record_waits_on_the_next_signer_only(client, asesi, asesor, ketua):
    """SE-A4.5 order of signing: FR.AK.01 waits on the asesi first; the asesor sees it only
    once the asesi has signed, and nobody once it is final."""
    dokumen = fr_ak01(asesi, asesor, actor=ketua)
    assert items(dashboard(client, asesor)) == {}
    records.dokumen_sign(dokumen=dokumen, signer=asesi, secret=PASSWORD, consent=True)
    assert items(dashboard(client, asesi)) == {}
    assert items(dashboard(client, asesor))["Dokumen yang menunggu tanda tangan Anda"][0] == 1
    records.dokumen_sign(dokumen=dokumen, signer=asesor, secret=PASSWORD, consent=True)
    assert items(dashboard(client, asesor)) == {}


def test_a_voided_draft_no_longer_waits(client, ketua, admin_lsp):
    dokumen = spt(ketua, actor=admin_lsp)
    records.dokumen_void(dokumen=dokumen, alasan="Salah ketik.", actor=admin_lsp)
    assert items(dashboard(client, ketua)) == {}


# --- MUK to validate ------------------------------------------------------------------------


def submitted_muk(kode, *, ketua, manajer):
    """A MUK version of a one-unit scheme, drafted and submitted by the Manajer."""
    from muk import services as muk

    from .muk.conftest import fill_unit, skema_data, unit_rows, upload

    skema = muk.skema_create(actor=ketua, **skema_data(kode=kode, judul=f"Skema {kode}"))
    muk.skema_import_structure(skema=skema, upload=upload(unit_rows(elements=1, kuk=1)), actor=ketua)
    versi = muk.muk_versi_create(skema=skema, actor=manajer)
    fill_unit(versi, skema.units.get(), manajer)
    return muk.muk_versi_submit(versi=versi, actor=manajer)


def test_validators_see_the_muk_versions_waiting_for_validation(client, komite, ketua, manajer, asesor):
    """Item 18: holders of validate_muk (Komite Teknis, Ketua) see each submitted version
    with a link to its review; its drafter and staff without the right do not."""
    versi = submitted_muk("SKM/DASBOR/001", ketua=ketua, manajer=manajer)
    label = "MUK SKM/DASBOR/001 versi 1 menunggu validasi Anda (FR.VA)"
    review = f"/muk/skema/{versi.skema_id}/muk/1/validasi/"
    for validator in (komite, ketua):
        response = dashboard(client, validator)
        assert items(response)[label] == (1, review)
        assert link_in(response.content.decode(), review, label)
    assert client.get(review).status_code == 200
    for other in (manajer, asesor):
        assert label not in items(dashboard(client, other))


# --- the asesor's declaration (X-6) ---------------------------------------------------------

DECLARE = "Pernyataan imparsialitas 2026 yang perlu Anda tandatangani"


def test_asesor_is_asked_for_this_years_declaration_until_signed(client, asesor, admin_lsp):
    """Item 18, X-6: an active asesor without this year's declaration sees it to sign, with a
    link to the declaration page; once signed it is gone."""
    own = make_asesor(admin_lsp, user=asesor, nama="Asesor Sendiri", met="MET.000.000100.2024")
    assert items(dashboard(client, asesor))[DECLARE] == (1, "/sdm/deklarasi/")
    sdm_services.deklarasi_sign(asesor=own, signer=asesor, secret=PASSWORD, consent=True)
    assert DECLARE not in items(dashboard(client, asesor))


def test_a_voided_declaration_is_asked_for_again_on_the_dashboard(client, asesor, admin_lsp):
    """Item 20's rule on the dashboard too: a voided declaration is not in force."""
    own = make_asesor(admin_lsp, user=asesor, nama="Asesor Sendiri", met="MET.000.000100.2024")
    deklarasi = sdm_services.deklarasi_sign(asesor=own, signer=asesor, secret=PASSWORD, consent=True)
    records.dokumen_void(dokumen=deklarasi.dokumen, alasan="Nama skema keliru.", actor=admin_lsp)
    assert items(dashboard(client, asesor))[DECLARE] == (1, "/sdm/deklarasi/")


def test_asesor_without_a_profile_is_not_asked_to_declare(client, asesor):
    assert DECLARE not in items(dashboard(client, asesor))


# --- reminders (X-3) -------------------------------------------------------------------------


def test_sdm_staff_see_documents_ending_with_a_link_to_the_sdm_home(client, admin_lsp, asesi):
    """Item 18, X-3: certificates of personnel ending within 90 days, counted, linking to the
    SDM home that lists them; the asesi (who may not open it) sees none."""
    for n in (1, 2):
        person = make_personel(admin_lsp, nama=f"Personel {n}", nik=f"NIK{n}")
        sdm_services.sertifikat_create(
            personel=person, actor=admin_lsp, **cert_data(nomor=f"C-{n}", berlaku_sampai=SOON)
        )
    response = dashboard(client, admin_lsp)
    label = "Sertifikat kompetensi personel yang akan atau sudah berakhir"
    assert items(response, worklist.REMINDERS)[label] == (2, "/sdm/")
    assert link_in(response.content.decode(), "/sdm/", label)
    assert items(dashboard(client, asesi), worklist.REMINDERS) == {}


def test_asesor_sees_their_own_met_ending_with_a_link_to_their_profile(
    client, asesor, asesor_lain, admin_lsp
):
    """Item 18, X-3: the asesor's own MET registration ending soon links to their own profile
    (which they may open); another asesor's is not theirs to see."""
    make_asesor(
        admin_lsp, user=asesor, nama="Asesor Sendiri", met="MET.000.000100.2024", met_berlaku_sampai=SOON
    )
    label = "Sertifikat atau registrasi MET Anda yang akan atau sudah berakhir"
    response = dashboard(client, asesor)
    assert items(response, worklist.REMINDERS) == {label: (1, "/sdm/saya/")}
    assert client.get("/sdm/saya/", follow=True).status_code == 200
    assert items(dashboard(client, asesor_lain), worklist.REMINDERS) == {}


def verified_tuk(actor, *, kode, pengelola=None, until=SOON):
    tuk = tuk_services.tuk_create(actor=actor, **tuk_data(kode=kode, nama=f"TUK {kode}", pengelola=pengelola))
    return tuk_services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=until, actor=actor)


def test_pengelola_tuk_sees_their_own_tuk_verification_ending(client, pengelola_tuk, admin_lsp):
    """Item 18, X-3: a Pengelola TUK sees the verification of the TUK they look after, linking
    to it; the register's managers see every one, linking to the register."""
    own = verified_tuk(admin_lsp, kode="TUK-SENDIRI", pengelola=pengelola_tuk)
    verified_tuk(admin_lsp, kode="TUK-LAIN")
    verified_tuk(admin_lsp, kode="TUK-JAUH", until=TODAY + dt.timedelta(days=200))
    label = "Verifikasi TUK yang akan atau sudah berakhir"
    assert items(dashboard(client, pengelola_tuk), worklist.REMINDERS) == {label: (1, f"/tuk/{own.pk}/")}
    assert items(dashboard(client, admin_lsp), worklist.REMINDERS)[label] == (2, "/tuk/")


# --- the registry -----------------------------------------------------------------------------


def test_a_provider_an_app_registers_shows_on_the_dashboard(client, asesi, monkeypatch):
    """Item 18: the journey apps add their items through the kernel registry; an item with
    a count of zero is left out, and so is the how-to-apply text once anything is open."""
    monkeypatch.setattr(worklist, "_registry", list(worklist._registry))

    def permohonan(user):
        return [
            worklist.WorkItem("Permohonan Anda sedang diperiksa", 1, "/sertifikasi/"),
            worklist.WorkItem("Jadwal asesmen Anda", 0, "/sertifikasi/jadwal/"),
        ]

    worklist.register(permohonan, order=5)
    worklist.register(permohonan, order=5)  # a second ready() adds nothing
    response = dashboard(client, asesi)
    assert items(response) == {"Permohonan Anda sedang diperiksa": (1, "/sertifikasi/")}
    assert not response.context["how_to_apply"]


# --- cost -------------------------------------------------------------------------------------


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def test_the_dashboard_costs_the_same_queries_at_2_and_30_items_waiting(client, ketua, admin_lsp, manajer):
    """Item 18, STYLE §5: the Ketua's dashboard (records to sign, MUK to validate, documents
    and TUK verifications ending) reads with as many queries at 2 as at 30 of each."""

    def grow(start, end):
        for n in range(start, end):
            spt(ketua, f"SPT {n}", actor=admin_lsp)
            person = make_personel(admin_lsp, nama=f"Personel {n}", nik=f"NIK{n:03d}")
            sdm_services.sertifikat_create(
                personel=person, actor=admin_lsp, **cert_data(nomor=f"C-{n}", berlaku_sampai=SOON)
            )
            verified_tuk(admin_lsp, kode=f"TUK-{n:03d}")

    client.force_login(ketua)
    grow(0, 2)
    submitted_muk("SKM/DASBOR/001", ketua=admin_lsp, manajer=manajer)
    client.get(HOME)  # warm the per-process caches (content types, site)
    small = queries(client)
    grow(2, 30)
    submitted_muk("SKM/DASBOR/002", ketua=admin_lsp, manajer=manajer)
    response = client.get(HOME)
    assert items(response)["Dokumen yang menunggu tanda tangan Anda"][0] == 30
    assert items(response, worklist.REMINDERS)["Verifikasi TUK yang akan atau sudah berakhir"][0] == 30
    assert queries(client) == small
