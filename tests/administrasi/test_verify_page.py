"""The public verification page the QR code on every PDF opens (X-11).

Anonymous client only: whoever holds a paper or a PDF checks it without an account.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from administrasi import services
from administrasi.models import Dokumen, UpayaHapus

from ..conftest import PASSWORD
from .conftest import MONTHS

pytestmark = pytest.mark.embedded


def verify_url(dokumen):
    return reverse("verifikasi:dokumen", args=[dokumen.token])


def upload(client, dokumen, content, name="dokumen.pdf"):
    return client.post(
        verify_url(dokumen), {"berkas": SimpleUploadedFile(name, content, content_type="application/pdf")}
    )


def stored_pdf(dokumen):
    with dokumen.pdf.open("rb") as fh:
        return fh.read()


# --- what the page shows ------------------------------------------------------------------


def test_page_needs_no_login(client, final_record):
    """X-11: the QR code opens the page for anyone, no account needed."""
    response = client.get(verify_url(final_record))
    assert response.status_code == 200
    assert "Verifikasi dokumen" in response.content.decode()


def test_page_shows_kind_number_issue_date_issuer_and_hash(client, final_record, settings):
    """X-11: kind, number, issue date (Indonesian), issuer and the PDF's SHA-256."""
    html = client.get(verify_url(final_record)).content.decode()
    issued = timezone.localtime(final_record.diterbitkan_pada)
    assert final_record.jenis.kode in html and final_record.jenis.nama in html
    assert final_record.nomor in html
    assert f"{issued.day} {MONTHS[issued.month - 1]} {issued.year}" in html
    assert f"<dt>Penerbit</dt><dd>{settings.LSP_NAME}</dd>" in html
    assert final_record.pdf_sha256 and final_record.pdf_sha256 in html


def test_final_record_is_shown_as_valid(client, final_record):
    """X-11: a final record's status is valid."""
    html = client.get(verify_url(final_record)).content.decode()
    assert "Sah (berlaku)" in html
    assert "Dibatalkan" not in html and "Digantikan" not in html


def test_superseded_record_links_to_the_newest_version(client, final_record, admin_lsp, ketua):
    """X-11, SE-A4.5: after corrections v1's page says so and links to the newest (v3 here)."""
    v2 = services.dokumen_correct(dokumen=final_record, data={"a": 1}, alasan="salah ketik", actor=admin_lsp)
    services.dokumen_sign(dokumen=v2, signer=ketua, secret=PASSWORD, consent=True)
    v3 = services.dokumen_correct(dokumen=v2, data={"a": 2}, alasan="salah lagi", actor=admin_lsp)
    html = client.get(verify_url(final_record)).content.decode()
    assert "Digantikan versi 3" in html
    assert f'href="{verify_url(v3)}"' in html
    assert "Sah (berlaku)" not in html


def test_void_record_is_shown_as_void(client, final_record, admin_lsp, ketua):
    """X-11: a voided record stays verifiable, marked void."""
    request = services.dokumen_void(dokumen=final_record, alasan="diterbitkan ganda", actor=admin_lsp)
    services.dokumen_sign(dokumen=request, signer=ketua, secret=PASSWORD, consent=True)  # the Ketua approves
    html = client.get(verify_url(final_record)).content.decode()
    assert "Dibatalkan" in html and "Sah (berlaku)" not in html
    assert final_record.nomor in html  # a void record keeps its number on the page


def test_unknown_token_is_a_404_in_indonesian(client, final_record):
    """X-11: a code we never issued is a 404 page in Indonesian."""
    response = client.get(reverse("verifikasi:dokumen", args=["bukan-token-kami"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Dokumen tidak ditemukan" in html
    assert final_record.nomor not in html


# --- checking an uploaded PDF ----------------------------------------------------------


def test_the_exact_pdf_is_confirmed_byte_for_byte(client, final_record):
    """X-11: the issued PDF itself is confirmed byte for byte, seal intact."""
    response = upload(client, final_record, stored_pdf(final_record))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Berkas identik byte demi byte dengan dokumen yang diterbitkan, dan segelnya utuh." in html
    assert 'class="message message-success"' in html
    assert "TIDAK SAH" not in html and "tidak berlaku lagi" not in html


def test_the_exact_pdf_of_a_void_record_is_not_shown_as_valid(client, final_record, admin_lsp, ketua):
    """X-11: the genuine file of a voided record is identical, but no longer in force."""
    request = services.dokumen_void(dokumen=final_record, alasan="diterbitkan ganda", actor=admin_lsp)
    services.dokumen_sign(dokumen=request, signer=ketua, secret=PASSWORD, consent=True)  # the Ketua approves
    html = upload(client, final_record, stored_pdf(final_record)).content.decode()
    assert "Namun dokumen ini berstatus dibatalkan sehingga tidak berlaku lagi." in html
    assert 'class="message message-error"' in html and "message-success" not in html


def test_the_exact_pdf_of_a_superseded_version_says_it_was_replaced(client, final_record, admin_lsp, ketua):
    """X-11, SE-A4.5: v1's own file after a correction points the reader to the change."""
    v2 = services.dokumen_correct(dokumen=final_record, data={}, alasan="salah ketik", actor=admin_lsp)
    services.dokumen_sign(dokumen=v2, signer=ketua, secret=PASSWORD, consent=True)
    html = upload(client, final_record, stored_pdf(final_record)).content.decode()
    assert "berstatus digantikan versi baru sehingga tidak berlaku lagi." in html
    assert "message-success" not in html


@pytest.mark.parametrize("where", [0.3, 0.6, 0.97])
def test_a_pdf_with_one_byte_changed_is_not_valid(client, final_record, where):
    """X-11 edge: 1 byte changed anywhere (content, signature, trailer) is detected."""
    content = bytearray(stored_pdf(final_record))
    content[int(len(content) * where)] ^= 0x01
    html = upload(client, final_record, bytes(content)).content.decode()
    assert "Berkas TIDAK SAH" in html
    assert "Berkas identik" not in html
    assert services.sha256_hex(bytes(content)) in html  # the uploaded file's own hash is shown


def test_a_byte_changed_inside_the_sealed_content_says_it_was_altered(client, final_record):
    """X-11 edge: a byte changed in the sealed content is named as an alteration."""
    content = bytearray(stored_pdf(final_record))
    content[len(content) // 4] ^= 0x01  # page content, well before the seal's signature
    html = upload(client, final_record, bytes(content)).content.decode()
    assert "Berkas TIDAK SAH: isinya telah diubah setelah disegel." in html


def test_another_sealed_record_of_ours_is_named(client, final_record, issue, sign, ketua):
    """X-11: a genuine PDF of another record says which record it is."""
    other = issue()
    sign(other, ketua)
    other.refresh_from_db()
    html = upload(client, final_record, stored_pdf(other)).content.decode()
    assert f"Berkas ini bukan dokumen yang Anda buka, melainkan SPT-ASESOR {other.nomor} versi 1." in html
    assert "Berkas identik" not in html


def test_a_pdf_sealed_by_someone_else_is_not_valid(client, final_record):
    """A PDF that merely looks like ours (no seal of this LSP) is refused."""
    from lsp_portal.pdf import render_pdf

    fake = render_pdf("administrasi/pdf/dokumen.html", services.pdf_context(final_record))
    html = upload(client, final_record, fake).content.decode()
    assert "Berkas TIDAK SAH: tidak sama dengan dokumen yang diterbitkan." in html


@pytest.mark.parametrize(
    "content, name, error",
    [
        (b"GIF89a bukan pdf", "dokumen.pdf", "Berkas ini bukan PDF."),
        (b"", "kosong.pdf", "Berkas yang dikirimkan kosong."),
    ],
    ids=["not-a-pdf", "empty"],
)
def test_a_non_pdf_or_empty_upload_is_a_form_error_and_changes_nothing(
    client, final_record, content, name, error
):
    """X-11: a non-PDF or empty upload is an Indonesian form error, no verdict, no change."""
    before = Dokumen.objects.filter(pk=final_record.pk).values().get()
    response = upload(client, final_record, content, name=name)
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert "TIDAK SAH" not in html and "Berkas identik" not in html  # no verdict at all
    assert Dokumen.objects.filter(pk=final_record.pk).values().get() == before
    assert not UpayaHapus.objects.exists()


def test_a_post_without_a_file_asks_for_one_in_indonesian(client, final_record):
    """X-11: submitting without a file asks for one."""
    html = client.post(verify_url(final_record), {"berkas": ""}).content.decode()
    assert "Bidang ini tidak boleh kosong." in html


# --- rate limit ---------------------------------------------------------------------------


def test_too_many_checks_get_a_429_page_in_indonesian(client, final_record, settings):
    """X-11: the public page is rate-limited per client (429, Indonesian)."""
    settings.LSP_VERIFY_LIMIT = 3
    assert [client.get(verify_url(final_record)).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(verify_url(final_record))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak permintaan" in html
    assert final_record.nomor not in html


def test_the_rate_limit_counts_unknown_tokens_too(client, final_record, settings):
    """Guessing tokens is throttled like checking one: the limit comes before the lookup."""
    settings.LSP_VERIFY_LIMIT = 2
    codes = [client.get(reverse("verifikasi:dokumen", args=[f"tebakan-{i}"])).status_code for i in range(3)]
    assert codes == [404, 404, 429]
    assert client.get(verify_url(final_record)).status_code == 429


def test_uploads_count_against_the_rate_limit(client, final_record, settings):
    """X-11: uploads are throttled too."""
    settings.LSP_VERIFY_LIMIT = 1
    assert upload(client, final_record, stored_pdf(final_record)).status_code == 200
    response = upload(client, final_record, stored_pdf(final_record))
    assert response.status_code == 429
    assert "Berkas identik" not in response.content.decode()


# --- the verification code typed from paper (issue 10 item 22) ----------------------------

# A token whose code holds every confusable digit: "01KM 0Z1A 7QRS 10TV".
CODE = "01KM 0Z1A 7QRS 10TV"


def with_code(dokumen, code=CODE):
    """Give `dokumen` a token whose printed code is `code` (test data: the code is fixed)."""
    import base64

    from administrasi.verification_code import token_prefix

    assert len(token_prefix(code)) == 13
    number = 0
    for char in code.replace(" ", ""):
        number = number * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(char)
    token = base64.urlsafe_b64encode(number.to_bytes(10, "big") + bytes(range(14))).decode()
    Dokumen.objects.filter(pk=dokumen.pk).update(token=token)
    dokumen.refresh_from_db()
    assert dokumen.kode_verifikasi == code
    return dokumen


def test_the_start_page_asks_for_the_code(client, db):
    """X-11: /verifikasi/ offers a "Kode verifikasi" field, no login needed."""
    response = client.get(reverse("verifikasi:start"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_kode">Kode verifikasi:</label>' in html
    assert 'method="get"' in html


def test_a_typed_code_opens_its_record(client, final_record):
    """X-11: the code printed beside the QR code, typed as printed, opens the record's page."""
    response = client.get(reverse("verifikasi:start"), {"kode": final_record.kode_verifikasi})
    assert response.status_code == 302
    assert response["Location"] == verify_url(final_record)


@pytest.mark.parametrize(
    "typed",
    ["01km0z1a7qrs10tv", "OIKM-OZLA-7QRS-IOTV", " ol km  oz1a 7qrs lo tv ", "01KM‐0Z1A–7QRS—10TV"],
    ids=["lower-case-no-spaces", "hyphens-O-and-I", "spaces-o-and-l", "unicode-dashes"],
)
def test_a_code_is_accepted_whatever_the_case_spaces_hyphens_and_look_alikes(client, final_record, typed):
    """X-11: case-insensitive; spaces and hyphens ignored; I and L read as 1, O as 0."""
    dokumen = with_code(final_record)
    response = client.get(reverse("verifikasi:start"), {"kode": typed})
    assert response.status_code == 302 and response["Location"] == verify_url(dokumen)


def test_an_unknown_code_is_a_404_in_indonesian(client, final_record):
    """X-11: a well-formed code we never issued says so, and shows nothing of any record."""
    with_code(final_record)
    response = client.get(reverse("verifikasi:start"), {"kode": "01KM 0Z1A 7QRS 10TW"})
    html = response.content.decode()
    assert response.status_code == 404
    assert "Tidak ada dokumen dengan kode verifikasi ini." in html
    assert final_record.nomor not in html


@pytest.mark.parametrize("typed", ["01KM 0Z1A 7QRS", "01KM 0Z1A 7QRS 10TU", "01KM 0Z1A 7QRS 10TV X"])
def test_a_malformed_code_is_a_form_error_in_indonesian(client, db, typed):
    """X-11: too short, a U (not in the alphabet) or too long: the field says how a code looks."""
    response = client.get(reverse("verifikasi:start"), {"kode": typed})
    assert response.status_code == 200
    assert "Kode verifikasi terdiri atas 16 huruf dan angka (tanpa huruf U)" in response.content.decode()


def test_typed_codes_count_against_the_rate_limit(client, final_record, settings):
    """X-11: guessing codes is throttled with the record pages (one limit per client)."""
    settings.LSP_VERIFY_LIMIT = 2
    start = reverse("verifikasi:start")
    codes = [client.get(start, {"kode": f"0000 0000 0000 000{i}"}).status_code for i in range(3)]
    assert codes == [404, 404, 429]
    assert client.get(verify_url(final_record)).status_code == 429


def test_every_record_has_an_80_bit_code_in_four_groups(final_record):
    """X-11: Crockford base32 (no I, L, O, U), 16 characters = 80 bits, grouped by four."""
    import re

    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){3}", final_record.kode_verifikasi)
