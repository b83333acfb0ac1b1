"""The certificate (SERTIFIKAT) has its own one-page layout: holder, scheme, units, validity,
signature and the QR code to its verification page, sealed like every record (X-11)."""

import re

import pytest

from administrasi.models import Dokumen
from lsp_portal.seal import verify_seal

from .test_records import pdf_text

pytestmark = pytest.mark.embedded

UNITS = [
    ("J.620100.004.02", "Menggunakan Struktur Data"),
    ("J.620100.011.01", "Melakukan Instalasi Software Tools Pemrograman"),
    ("J.620100.017.02", "Mengimplementasikan Pemrograman Terstruktur"),
    ("J.620100.005.02", "Mengimplementasikan User Interface"),
    ("J.620100.016.01", "Menulis Kode dengan Prinsip sesuai Guidelines dan Best Practices"),
    ("J.620100.019.02", "Menggunakan Library atau Komponen Pre-Existing"),
    ("J.620100.023.02", "Membuat Dokumen Kode Program"),
    ("J.620100.025.02", "Melakukan Debugging"),
]


@pytest.fixture
def certificate(issue, sign, ketua, asesi):
    dokumen = issue(
        "SERTIFIKAT",
        subject=asesi,
        data={
            "pemegang": {
                "nama": "Siti Rahmawati",
                "nomor_registrasi": "62010 2433 0001 2026",
                "skema": "Junior Web Developer (Pengembang Web Pratama)",
                "nomor_skema": "SKM/LSP-DEMO/JWD/01/2025",
                "kualifikasi": "Okupasi",
                "berlaku_sampai": "26 November 2029",
            },
            "unit_kompetensi": [{"kode_unit": k, "judul_unit": j} for k, j in UNITS],
        },
    )
    sign(dokumen, ketua)
    return Dokumen.objects.get(pk=dokumen.pk)


def test_a_certificate_is_one_sealed_page_with_holder_scheme_units_and_validity(certificate, ketua):
    """X-11: the certificate PDF is one page, sealed, and names what it certifies."""
    content = certificate.pdf.read()
    assert verify_seal(content).ok
    text = pdf_text(content)
    assert text.count("\f") == 1  # pdftotext ends every page with a form feed: one page
    assert "SERTIFIKAT KOMPETENSI" in text and certificate.nomor in text
    assert "Siti Rahmawati" in text and "62010 2433 0001 2026" in text
    assert "Junior Web Developer (Pengembang Web Pratama)" in text
    for kode, judul in UNITS:
        assert kode in text and judul in text
    assert "26 November 2029" in text
    assert ketua.nama_lengkap in text


def test_a_certificate_prints_the_verification_code_and_where_to_type_it(certificate, settings):
    """X-11 (issue 10 item 22): beside the QR code, the code a person types at the
    verification start page; checked whatever way the text is laid out or wrapped."""
    words = " ".join(pdf_text(certificate.pdf.read()).split())
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){3}", certificate.kode_verifikasi)
    # Each piece is one unbreakable line; pdftotext -layout may put the next column between.
    assert "kode verifikasi" in words and certificate.kode_verifikasi in words
    assert f"{settings.SITE_URL}/verifikasi/" in words
