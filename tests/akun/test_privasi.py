"""The versioned privacy notice and consent to it (UU PDP 27/2022; X-10)."""

import pytest
from django.urls import reverse

from akun import privasi
from akun.models import AuditEntry, KebijakanPrivasi, PersetujuanPrivasi
from lsp_portal.errors import ServiceError

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

TERBITKAN = "/akun/privasi/terbitkan/"


def test_version_one_exists_after_migrate_in_indonesian(db):
    """X-10: a fresh installation has a notice at once, saying what is collected, why, who
    sees it, how long it is kept, and the rights under UU PDP."""
    kebijakan = privasi.kebijakan_terkini()
    assert kebijakan.versi == 1
    for words in (
        "NIK",
        "rekaman sesi",
        "citra wajah",
        "SE.007/BNSP/V/2023",
        "BNSP",
        "Asesor yang ditugaskan",
        "satu masa berlaku sertifikat",
        "Nomor 27 Tahun 2022",
        "salinan data",
        "menarik persetujuan",
        "masa simpan wajib",
    ):
        assert words in kebijakan.teks, words


def test_default_version_is_not_made_twice(db):
    """The post_migrate hook leaves the published versions alone on a later migrate."""
    privasi.ensure_default_policy()
    assert KebijakanPrivasi.objects.count() == 1


def test_consent_records_time_ip_and_user_agent(asesi):
    """X-10: the consent keeps its evidence."""
    kebijakan = privasi.kebijakan_terkini()
    persetujuan = privasi.persetujuan_beri(
        user=asesi, kebijakan=kebijakan, ip="203.0.113.7", user_agent="Firefox uji"
    )
    assert (persetujuan.user, persetujuan.kebijakan) == (asesi, kebijakan)
    assert persetujuan.ip == "203.0.113.7"
    assert persetujuan.user_agent == "Firefox uji"
    assert persetujuan.disetujui_pada is not None


def test_consent_twice_to_the_same_version_keeps_the_first(asesi):
    """Idempotent: the repeat returns the first consent, unchanged, and adds no row."""
    kebijakan = privasi.kebijakan_terkini()
    first = privasi.persetujuan_beri(user=asesi, kebijakan=kebijakan, ip="203.0.113.7", user_agent="A")
    again = privasi.persetujuan_beri(user=asesi, kebijakan=kebijakan, ip="198.51.100.9", user_agent="B")
    assert again.pk == first.pk
    assert (again.ip, again.user_agent, again.disetujui_pada) == ("203.0.113.7", "A", first.disetujui_pada)
    assert PersetujuanPrivasi.objects.filter(user=asesi).count() == 1


def test_consent_to_a_version_no_longer_in_force_is_refused(asesi, ketua):
    """X-10: after a new version, consent to the old one is refused; the person reads the new one."""
    lama = privasi.kebijakan_terkini()
    privasi.kebijakan_terbitkan(judul="Kebijakan baru", teks="Teks baru.", actor=ketua)
    with pytest.raises(ServiceError) as refused:
        privasi.persetujuan_beri(user=asesi, kebijakan=lama, ip=None, user_agent="")
    assert str(refused.value) == "Kebijakan privasi telah diperbarui; baca versi terbaru lalu setujui."
    assert not PersetujuanPrivasi.objects.filter(user=asesi).exists()


def test_sudah_setuju_follows_the_version_in_force(asesi, ketua):
    """Consent to version 1 no longer counts once version 2 is published."""
    assert not privasi.sudah_setuju(asesi)
    v1 = privasi.kebijakan_terkini()
    privasi.persetujuan_beri(user=asesi, kebijakan=v1, ip=None, user_agent="")
    assert privasi.sudah_setuju(asesi)
    privasi.kebijakan_terbitkan(judul="Kebijakan baru", teks="Teks baru.", actor=ketua)
    assert not privasi.sudah_setuju(asesi)
    assert privasi.sudah_setuju(asesi, v1)


def test_consent_is_in_the_audit_trail_with_its_person(asesi):
    """X-4: the consent row is audited, attributed to the person who gave it."""
    persetujuan = privasi.persetujuan_beri(
        user=asesi, kebijakan=privasi.kebijakan_terkini(), ip="203.0.113.7", user_agent="A"
    )
    entry = AuditEntry.objects.get(
        content_type__model="persetujuanprivasi",
        object_pk=str(persetujuan.pk),
        action=AuditEntry.Action.CREATE,
    )
    assert entry.actor == asesi


def test_publishing_numbers_the_next_version_and_keeps_the_old(ketua):
    baru = privasi.kebijakan_terbitkan(
        judul="  Versi dua ", teks="Paragraf satu.\n\nParagraf dua.", actor=ketua
    )
    assert (baru.versi, baru.judul, baru.diterbitkan_oleh) == (2, "Versi dua", ketua)
    assert privasi.kebijakan_terkini() == baru
    assert KebijakanPrivasi.objects.filter(versi=1).exists()


def test_service_refuses_empty_text(ketua):
    with pytest.raises(ServiceError) as refused:
        privasi.kebijakan_terbitkan(judul="Judul", teks="  \n ", actor=ketua)
    assert refused.value.field == "teks"


def test_service_refuses_a_publisher_without_the_right(manajer):
    """Only akun.manage_portal publishes (the Manajer does not hold it)."""
    with pytest.raises(ServiceError):
        privasi.kebijakan_terbitkan(judul="X", teks="Y", actor=manajer)
    assert privasi.kebijakan_terkini().versi == 1


# --- pages ---------------------------------------------------------------------------------


def test_public_page_shows_the_version_in_force_without_login(client):
    """X-10: anyone reads the notice before signing up."""
    response = client.get("/privasi/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pemberitahuan Privasi dan Pelindungan Data Pribadi" in body
    assert "Versi 1" in body
    assert "Nomor Induk Kependudukan" in body


def test_every_page_links_the_notice_in_its_footer(client):
    body = client.get("/").content.decode()
    assert f'<a href="{reverse("privasi:terkini")}">Kebijakan Privasi</a>' in body


def test_earlier_version_stays_readable_and_says_it_is_old(client, ketua):
    privasi.kebijakan_terbitkan(judul="Kebijakan versi dua", teks="Isi versi dua.", actor=ketua)
    current = client.get("/privasi/").content.decode()
    assert "Isi versi dua." in current
    assert 'href="/privasi/1/"' in current  # the list of earlier versions
    old = client.get("/privasi/1/").content.decode()
    assert "Nomor Induk Kependudukan" in old
    assert "Ini versi lama" in old


def test_unknown_version_is_404(client):
    assert client.get("/privasi/99/").status_code == 404


def test_public_page_gives_the_lsp_contact_from_the_portal_profile(client, admin_lsp):
    from portal.demo import seed_portal_demo
    from portal.selectors import profil_get

    seed_portal_demo(actor=admin_lsp)
    assert profil_get().email in client.get("/privasi/").content.decode()


def test_signed_in_user_sees_that_they_agreed(login, asesi):
    privasi.persetujuan_beri(user=asesi, kebijakan=privasi.kebijakan_terkini(), ip=None, user_agent="")
    assert "Anda telah menyetujui versi ini" in login(asesi).get("/privasi/").content.decode()


def test_staff_publishes_a_new_version_from_the_page(login, admin_lsp):
    """X-10: akun.manage_portal (Admin LSP) publishes version n+1; it is in force at once."""
    client = login(admin_lsp)
    form = client.get(TERBITKAN)
    assert form.status_code == 200
    assert "Terbitkan kebijakan privasi versi 2" in form.content.decode()
    response = client.post(
        TERBITKAN, {"judul": "Kebijakan Privasi 2027", "teks": "Teks baru.\n\nParagraf dua."}
    )
    assert response.status_code == 302
    assert response["Location"] == "/privasi/"
    terkini = privasi.kebijakan_terkini()
    assert (terkini.versi, terkini.judul, terkini.diterbitkan_oleh) == (
        2,
        "Kebijakan Privasi 2027",
        admin_lsp,
    )
    assert "<p>Paragraf dua.</p>" in client.get("/privasi/").content.decode()


@pytest.mark.parametrize("persona", ["asesi", "asesor", "manajer", "auditor", "outsider"])
def test_others_cannot_publish(request, login, persona):
    """Without akun.manage_portal: 403 on the page and on the POST; nothing published."""
    client = login(request.getfixturevalue(persona))
    assert client.get(TERBITKAN).status_code == 403
    assert client.post(TERBITKAN, {"judul": "X", "teks": "Y"}).status_code == 403
    assert privasi.kebijakan_terkini().versi == 1


def test_anonymous_is_sent_to_login_to_publish(client):
    response = client.post(TERBITKAN, {"judul": "X", "teks": "Y"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert privasi.kebijakan_terkini().versi == 1


def test_empty_text_is_refused_on_the_form(login, ketua):
    response = login(ketua).post(TERBITKAN, {"judul": "Judul", "teks": "   "})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["teks"]
    assert privasi.kebijakan_terkini().versi == 1
