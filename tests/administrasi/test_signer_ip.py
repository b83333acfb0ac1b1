"""Issue 10 item 8 (SE-A4.4): a signer's IP address, kept as signing evidence, is shown
only to the LSP's staff (administrasi.permissions.can_see_signer_ip), never to the other
parties of the record."""

import pytest

from administrasi.models import Dokumen

from .test_records import pdf_text

SIGNER_IP = "203.0.113.5"  # the `sign` fixture's address


@pytest.fixture
def cosigned(issue, sign, asesi, asesor):
    """An FR.AK.01 the asesi and the asesor have both signed (final, with its PDF)."""
    dokumen = issue(
        "FR.AK.01",
        subject=asesi,
        signers={"asesi": asesi, "asesor": asesor},
        data={"skema": "Junior Web Developer", "tuk": "TUK Sewaktu", "tanggal_asesmen": "15-12-2026"},
        actor=asesor,
    )
    sign(dokumen, asesi)
    sign(dokumen, asesor)
    return Dokumen.objects.get(pk=dokumen.pk)


@pytest.mark.parametrize("party", ["asesi", "asesor"])
def test_a_co_signer_sees_the_signatures_but_not_the_signers_ip(cosigned, login, party, request):
    """Issue 10 item 8: asesi and asesor see who signed and when, not from where."""
    page = login(request.getfixturevalue(party)).get(cosigned.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<span class="badge ok">ditandatangani</span>') == 2
    assert SIGNER_IP not in html
    assert "IP " not in html


@pytest.mark.parametrize("staff", ["admin_lsp", "ketua"])
def test_the_lsps_staff_see_each_signers_ip(cosigned, login, staff, request):
    """Issue 10 item 8: the records administration sees the full signing evidence."""
    page = login(request.getfixturevalue(staff)).get(cosigned.get_absolute_url())
    assert page.content.decode().count(f"IP {SIGNER_IP}") == 2


def test_the_final_pdf_every_party_holds_prints_no_signer_ip(cosigned):
    """Issue 10 item 8: the PDF goes to every party, so it carries no IP address."""
    assert SIGNER_IP not in pdf_text(cosigned.pdf.read())


def test_only_records_staff_and_auditors_may_see_signer_ips(asesi, asesor, admin_lsp, auditor, staf_ti):
    """Issue 10 item 8: who counts as staff for the signing evidence."""
    from administrasi.permissions import can_see_signer_ip

    assert [can_see_signer_ip(u) for u in (asesi, asesor, staf_ti)] == [False, False, False]
    assert [can_see_signer_ip(u) for u in (admin_lsp, auditor)] == [True, True]
