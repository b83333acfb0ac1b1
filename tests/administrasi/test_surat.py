"""SE-A4.5: the letters register and the SK Komite Teknis.

The register lists every SPT asesor, SPT verifikasi TUK, TUK verification report, SK
penetapan TUK, SK komite teknis and SK keputusan sertifikasi with number, kind, subject,
date, status and signer, searchable and filterable, for the LSP's administration. The SK
Komite Teknis is issued on its own page (members from the Komite Teknis role, one chairing,
a period, considerations), numbered, signed by the Ketua and rendered as a sealed PDF."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from administrasi import services, surat
from administrasi.kinds import ensure_builtin_kinds
from administrasi.models import Dokumen, JenisDokumen

from ..conftest import PASSWORD, make_user
from .test_records import pdf_text

pytestmark = pytest.mark.embedded

REGISTER = "/administrasi/surat/"
ISSUE = "/administrasi/surat/sk-komite-teknis/baru/"
JAKARTA = ZoneInfo("Asia/Jakarta")


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def komite2(db):
    return make_user("komite.dua@uji.lsp.id", "komite_teknis", name="Rudi Hartono")


@pytest.fixture
def letters(issue, asesor, ketua):
    """An SPT asesor, an SK penetapan TUK and an FR.AK.01 (a form, not a letter)."""
    spt = issue("SPT-ASESOR", subject=asesor, judul="Penugasan asesor Junior Web Developer")
    sk = issue("SK-PENETAPAN-TUK", judul="Penetapan TUK Sewaktu Lab Komputer 1")
    form = issue("FR.AK.01", judul="Persetujuan asesmen", signers={"asesi": ketua, "asesor": asesor})
    return spt, sk, form


# --- register -----------------------------------------------------------------------------


def test_register_lists_letters_with_number_kind_subject_date_status_and_signer(
    client, admin_lsp, letters, ketua
):
    """SE-A4.5: a searchable staff register of the letter kinds; each row opens the record."""
    spt, sk, form = letters
    client.force_login(admin_lsp)
    html = client.get(REGISTER).content.decode()
    text = text_of(html)
    for dokumen in (spt, sk):
        assert f'href="/administrasi/arsip/{dokumen.pk}/"' in html
        assert dokumen.nomor in text and dokumen.judul in text
    assert "Surat Perintah Tugas Asesor" in text and "SK Penetapan TUK" in text
    assert "Draf (menunggu tanda tangan)" in text
    assert f"{ketua.nama_lengkap} Ketua/Direktur LSP, menunggu" in text
    assert timezone.localdate(spt.diterbitkan_pada).strftime("%Y") in text
    assert "Persetujuan asesmen" not in text  # a form, not a letter
    assert "2 surat." in text


def test_signed_letter_shows_final_and_when_it_was_signed(client, admin_lsp, issue, sign, ketua):
    dokumen = issue("SK-KEPUTUSAN", judul="Keputusan sertifikasi batch 1")
    sign(dokumen, ketua)
    client.force_login(admin_lsp)
    text = text_of(client.get(REGISTER).content.decode())
    assert "Final" in text and f"{ketua.nama_lengkap} Ketua/Direktur LSP, ditandatangani" in text


def test_register_searches_number_and_subject(client, admin_lsp, letters):
    """SE-A4.5: searchable by number or title."""
    spt, sk, _ = letters
    client.force_login(admin_lsp)
    by_number = text_of(client.get(REGISTER, {"q": spt.nomor}).content.decode())
    assert spt.judul in by_number and sk.judul not in by_number
    by_title = text_of(client.get(REGISTER, {"q": "sewaktu lab"}).content.decode())
    assert sk.judul in by_title and spt.judul not in by_title
    assert "1 surat cocok dengan pencarian." in by_title
    nothing = text_of(client.get(REGISTER, {"q": "tidak ada surat begini"}).content.decode())
    assert "Tidak ada surat yang cocok dengan pencarian." in nothing


def test_register_filters_by_kind_and_year(client, admin_lsp, issue, letters):
    """SE-A4.5: filterable by kind and by year of issue."""
    spt, sk, _ = letters
    with time_machine.travel(dt.datetime(2025, 3, 10, 9, tzinfo=JAKARTA), tick=False):
        old = issue("SPT-ASESOR", judul="Penugasan asesor tahun lalu")
    assert old.nomor == "001/SPT-AS/LSP/III/2025"
    client.force_login(admin_lsp)
    only_sk = text_of(client.get(REGISTER, {"jenis": "SK-PENETAPAN-TUK"}).content.decode())
    assert sk.judul in only_sk and spt.judul not in only_sk and old.judul not in only_sk
    html = client.get(REGISTER, {"tahun": "2025"}).content.decode()
    in_2025 = text_of(html)
    assert old.judul in in_2025 and spt.judul not in in_2025
    this_year = timezone.localdate().year
    assert f'<option value="{this_year}">' in html and '<option value="2025" selected>' in html
    both = text_of(client.get(REGISTER, {"jenis": "SPT-ASESOR", "tahun": str(this_year)}).content.decode())
    assert spt.judul in both and old.judul not in both and sk.judul not in both


def test_unknown_kind_or_year_is_explained_in_indonesian(client, admin_lsp, letters):
    client.force_login(admin_lsp)
    text = text_of(client.get(REGISTER, {"jenis": "FR.AK.01", "tahun": "1999"}).content.decode())
    assert "Jenis surat tidak dikenal." in text
    assert "Belum ada surat yang terbit pada tahun itu." in text


def test_register_queries_do_not_grow_with_letters(client, admin_lsp, issue):
    """SE-A4.5, STYLE §5: 10 and 100 letters cost the same number of queries."""
    client.force_login(admin_lsp)
    counts = []
    made = 0
    for total in (10, 100):
        while made < total:
            made += 1
            issue(("SPT-ASESOR", "SK-KEPUTUSAN", "SPT-VERIFIKASI-TUK")[made % 3], judul=f"Surat {made}")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(REGISTER, {"q": "Surat"})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert "100 surat cocok" in response.content.decode()


def test_register_paginates_with_the_search_kept(client, admin_lsp, issue):
    for n in range(30):
        issue("SK-KEPUTUSAN", judul=f"Keputusan {n}")
    client.force_login(admin_lsp)
    html = client.get(REGISTER, {"jenis": "SK-KEPUTUSAN"}).content.decode()
    assert "Halaman 1 dari 2" in html and "?jenis=SK-KEPUTUSAN&amp;halaman=2" in html
    second = client.get(REGISTER, {"jenis": "SK-KEPUTUSAN", "halaman": "2"}).content.decode()
    assert "Halaman 2 dari 2" in second


@pytest.mark.parametrize("persona", ["asesor", "komite", "outsider", "pengelola_tuk"])
def test_register_is_403_without_the_administration_right(client, persona, request):
    """SE-A4.4: akun.use_administrasi opens the register."""
    client.force_login(request.getfixturevalue(persona))
    assert client.get(REGISTER).status_code == 403


def test_register_sends_anonymous_users_to_login(client, db):
    response = client.get(REGISTER)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_issue_button_only_for_those_who_issue_letters(client, admin_lsp, manajer):
    client.force_login(admin_lsp)
    assert f'href="{ISSUE}"' in client.get(REGISTER).content.decode()
    client.force_login(manajer)  # opens the register, issues no letters
    assert f'href="{ISSUE}"' not in client.get(REGISTER).content.decode()


# --- SK Komite Teknis ---------------------------------------------------------------------


def sk_post(*members, ketua_komite=None, penandatangan, **overrides):
    data = {
        "anggota": [m.pk for m in members],
        "ketua_komite": (ketua_komite or members[0]).pk if (ketua_komite or members) else "",
        "periode_mulai": "2027-01-01",
        "periode_selesai": "2029-12-31",
        "menimbang": "a. bahwa LSP memerlukan komite teknis untuk keputusan sertifikasi;\n"
        "b. bahwa anggota yang ditetapkan memenuhi syarat kompetensi dan ketidakberpihakan;",
        "penandatangan": penandatangan.pk,
    }
    data.update(overrides)
    return data


def nothing_issued():
    """No SK Komite Teknis saved and no number taken."""
    kind = {"jenis__kode": "SK-KOMITE-TEKNIS"}
    return not (
        Dokumen.objects.filter(**kind).exists()
        or services.last_number("SK-KOMITE-TEKNIS", timezone.localdate().year) > 0
    )


def test_issue_page_offers_only_komite_members_and_ketua_signers(
    client, admin_lsp, komite, komite2, ketua, asesor
):
    client.force_login(admin_lsp)
    html = client.get(ISSUE).content.decode()
    assert komite.email in html and komite2.email in html
    assert asesor.email not in html
    assert f'<option value="{ketua.pk}" selected>' in html  # the only Ketua, preselected


def test_sk_without_members_is_refused_in_indonesian(client, admin_lsp, komite, ketua):
    """SE-A4.5: at least one member; the form keeps what was typed."""
    client.force_login(admin_lsp)
    response = client.post(ISSUE, sk_post(penandatangan=ketua, periode_selesai="2028-06-30"))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Pilih sekurang-kurangnya satu anggota komite teknis." in text
    assert 'value="2028-06-30"' in response.content.decode()
    assert nothing_issued()


def test_sk_with_a_user_outside_the_komite_role_is_refused(client, admin_lsp, komite, asesor, ketua):
    """SE-A4.5: members come from the Komite Teknis role only."""
    client.force_login(admin_lsp)
    response = client.post(ISSUE, sk_post(komite, asesor, ketua_komite=komite, penandatangan=ketua))
    assert "Pengguna yang dipilih bukan pemegang peran Komite Teknis." in text_of(response.content.decode())
    assert nothing_issued()


def test_sk_period_ending_before_it_starts_is_refused(client, admin_lsp, komite, ketua):
    client.force_login(admin_lsp)
    for end in ("2026-12-31", "2027-01-01"):
        response = client.post(ISSUE, sk_post(komite, penandatangan=ketua, periode_selesai=end))
        assert "Tanggal akhir periode harus sesudah tanggal mulai." in text_of(response.content.decode())
    assert nothing_issued()


def test_sk_chair_must_be_one_of_the_checked_members(client, admin_lsp, komite, komite2, ketua):
    client.force_login(admin_lsp)
    response = client.post(ISSUE, sk_post(komite, ketua_komite=komite2, penandatangan=ketua))
    assert "Ketua komite harus salah satu anggota yang dicentang." in text_of(response.content.decode())
    assert nothing_issued()


def test_sk_signer_must_hold_the_ketua_role(client, admin_lsp, komite, manajer):
    client.force_login(admin_lsp)
    response = client.post(ISSUE, sk_post(komite, penandatangan=manajer))
    assert "Penandatangan harus pemegang peran Ketua LSP." in text_of(response.content.decode())
    assert nothing_issued()


def test_sk_missing_fields_get_indonesian_messages(client, admin_lsp, komite, ketua):
    client.force_login(admin_lsp)
    response = client.post(ISSUE, {"anggota": [komite.pk]})
    text = text_of(response.content.decode())
    for message in (
        "Pilih ketua komite teknis dari anggota yang dicentang.",
        "Tanggal mulai periode wajib diisi.",
        "Tanggal akhir periode wajib diisi.",
        "Isi sekurang-kurangnya satu pertimbangan (menimbang).",
        "Pilih Ketua LSP yang menandatangani SK.",
    ):
        assert message in text, message
    assert nothing_issued()


def test_good_sk_is_numbered_then_signed_by_the_ketua_into_a_pdf(
    client, admin_lsp, komite, komite2, ketua, django_capture_on_commit_callbacks
):
    """SE-A4.5: SK komite teknis: numbered, signed by the Ketua on the record's sign page,
    rendered as a PDF (A4, Indonesian) with Menimbang, Menetapkan, the members and period."""
    client.force_login(admin_lsp)
    response = client.post(ISSUE, sk_post(komite, komite2, ketua_komite=komite2, penandatangan=ketua))
    dokumen = Dokumen.objects.get(jenis__kode="SK-KOMITE-TEKNIS")
    assert response.status_code == 302 and response["Location"] == f"/administrasi/arsip/{dokumen.pk}/"
    today = timezone.localdate()
    assert dokumen.nomor == f"001/SK-KT/LSP/{services.ROMAN[today.month - 1]}/{today.year}"
    assert dokumen.status == Dokumen.Status.DRAFT
    assert dokumen.judul == "Penetapan Komite Teknis periode 1 Januari 2027 s.d. 31 Desember 2029"
    assert dokumen.data["anggota"] == [
        {"nama": komite2.nama_lengkap, "jabatan": "Ketua", "id_pengguna": komite2.pk},
        {"nama": komite.nama_lengkap, "jabatan": "Anggota", "id_pengguna": komite.pk},
    ]
    assert dokumen.data["menimbang"][0] == "bahwa LSP memerlukan komite teknis untuk keputusan sertifikasi;"
    message = text_of(client.get(response["Location"]).content.decode())
    assert f"SK Komite Teknis nomor {dokumen.nomor} diterbitkan" in message

    client.force_login(ketua)
    detail = client.get(f"/administrasi/arsip/{dokumen.pk}/").content.decode()
    assert f'href="/administrasi/arsip/{dokumen.pk}/tandatangani/"' in detail
    with django_capture_on_commit_callbacks(execute=True):
        signed = client.post(
            f"/administrasi/arsip/{dokumen.pk}/tandatangani/", {"secret": PASSWORD, "consent": "on"}
        )
    assert signed.status_code == 302
    dokumen.refresh_from_db()
    assert dokumen.status == Dokumen.Status.FINAL and dokumen.pdf
    content = dokumen.pdf.read()
    assert content.startswith(b"%PDF-")
    text = re.sub(r"\s+", " ", pdf_text(content))
    assert dokumen.nomor in text
    for value in (
        "Menimbang",
        "MEMUTUSKAN",
        "Menetapkan",
        "KESATU",
        komite.nama_lengkap,
        komite2.nama_lengkap,
        "a. bahwa LSP memerlukan komite teknis",
        "1 Januari 2027 sampai dengan tanggal 31 Desember 2029",
        ketua.nama_lengkap,
        "Ditandatangani elektronik",
    ):
        assert value in text, value
    # The register shows it final, signed by the Ketua.
    client.force_login(admin_lsp)
    register = text_of(client.get(REGISTER, {"jenis": "SK-KOMITE-TEKNIS"}).content.decode())
    assert dokumen.nomor in register and "Final" in register


def test_ketua_issuing_is_preselected_as_signer(client, ketua, komite):
    make_user("ketua.dua@uji.lsp.id", "ketua")
    client.force_login(ketua)
    assert f'<option value="{ketua.pk}" selected>' in client.get(ISSUE).content.decode()


@pytest.mark.parametrize("persona", ["manajer", "komite", "asesor", "outsider"])
def test_issue_page_is_403_without_the_issue_letters_right(client, persona, request):
    """SE-A4.4: akun.issue_letters issues letters; the manajer reads the register only."""
    client.force_login(request.getfixturevalue(persona))
    assert client.get(ISSUE).status_code == 403
    assert client.post(ISSUE, {}).status_code == 403
    assert nothing_issued()


def test_service_refuses_two_chairs_and_a_non_member(komite, komite2, ketua, asesor, admin_lsp):
    """SE-A4.5: the service keeps the rules even when called without the form."""
    common = {
        "periode_mulai": dt.date(2027, 1, 1),
        "periode_selesai": dt.date(2028, 1, 1),
        "menimbang": "bahwa perlu.",
        "penandatangan": ketua,
        "actor": admin_lsp,
    }
    with pytest.raises(services.RecordError, match="tepat satu ketua"):
        surat.sk_komite_teknis_issue(anggota=[(komite, "ketua"), (komite2, "ketua")], **common)
    with pytest.raises(services.RecordError, match="Bukan pemegang peran Komite Teknis: Asesor"):
        surat.sk_komite_teknis_issue(anggota=[(komite, "ketua"), (asesor, "anggota")], **common)
    with pytest.raises(services.RecordError, match="Penandatangan|Ketua LSP"):
        surat.sk_komite_teknis_issue(anggota=[(komite, "ketua")], **{**common, "penandatangan": admin_lsp})
    assert nothing_issued()


def test_sk_komite_teknis_kind_uses_its_own_pdf_template(db):
    """SE-A4.5: the kind carries its own layout; an installation made before it had one
    gets it, but a layout the LSP chose is never replaced."""
    kind = JenisDokumen.objects.get(kode="SK-KOMITE-TEKNIS")
    assert kind.template == "administrasi/pdf/sk_komite_teknis.html"
    JenisDokumen.objects.filter(pk=kind.pk).update(template="administrasi/pdf/dokumen.html")
    ensure_builtin_kinds()
    assert JenisDokumen.objects.get(pk=kind.pk).template == "administrasi/pdf/sk_komite_teknis.html"
    JenisDokumen.objects.filter(pk=kind.pk).update(template="lsp/sk_khusus.html")
    ensure_builtin_kinds()
    assert JenisDokumen.objects.get(pk=kind.pk).template == "lsp/sk_khusus.html"
    assert JenisDokumen.objects.get(kode="BA-ASESMEN").template == "administrasi/pdf/dokumen.html"


def test_demo_sk_is_issued_signed_and_sealed_once(
    komite, komite2, ketua, admin_lsp, django_capture_on_commit_callbacks
):
    """The embedded demo shows a signed SK Komite Teknis; a second run issues nothing."""
    from administrasi.demo_surat import seed_surat_demo

    with django_capture_on_commit_callbacks(execute=True):
        dokumen = seed_surat_demo(actor=admin_lsp, password=PASSWORD)
    assert seed_surat_demo(actor=admin_lsp, password=PASSWORD) is None
    dokumen.refresh_from_db()
    assert dokumen.status == Dokumen.Status.FINAL and dokumen.pdf
    assert [a["jabatan"] for a in dokumen.data["anggota"]] == ["Ketua", "Anggota"]
    assert Dokumen.objects.filter(jenis__kode="SK-KOMITE-TEKNIS").count() == 1
