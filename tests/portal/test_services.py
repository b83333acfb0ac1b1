"""SE-A4.1: the portal's services guard their own rules, whoever calls them (not only the
forms): licence dates and status, uploads checked by content, nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from portal import services
from portal.models import Berita, Lisensi, ProfilLSP

from .conftest import PROFIL_DATA, days, png_bytes

pytestmark = pytest.mark.embedded


def lisensi(terbit, kedaluwarsa):
    return Lisensi(nomor_sk="X", tanggal_terbit=terbit, tanggal_kedaluwarsa=kedaluwarsa)


@pytest.mark.parametrize(
    "offset, status",
    [
        (-1, Lisensi.Status.KEDALUWARSA),
        (0, Lisensi.Status.AKAN_BERAKHIR),  # valid through its last day
        (90, Lisensi.Status.AKAN_BERAKHIR),
        (91, Lisensi.Status.BERLAKU),
    ],
)
def test_licence_status_from_the_expiry_date(offset, status):
    """SE-A4.1: berlaku / akan berakhir (≤ 90 days) / kedaluwarsa."""
    today = datetime.date(2026, 3, 1)
    licence = lisensi(datetime.date(2020, 1, 1), today + datetime.timedelta(days=offset))
    assert licence.status_on(today) == status


def test_licence_status_uses_the_date_in_jakarta():
    """The date in Asia/Jakarta, whatever time zone is active."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from portal.models import today_in_jakarta

    with timezone.override("Pacific/Kiritimati"):  # UTC+14: often a day ahead of Jakarta
        assert today_in_jakarta() == datetime.datetime.now(ZoneInfo("Asia/Jakarta")).date()


def test_service_refuses_expiry_before_issue_and_saves_nothing(admin_lsp):
    """SE-A4.1 Edge: the rule holds for every caller, not only the form."""
    with pytest.raises(ValidationError) as error:
        services.lisensi_update(
            data={"nomor_sk": "X", "tanggal_terbit": days(-1), "tanggal_kedaluwarsa": days(-30)},
            actor=admin_lsp,
        )
    assert error.value.message_dict["tanggal_kedaluwarsa"] == [
        "Tanggal berlaku sampai harus setelah tanggal terbit."
    ]
    assert not Lisensi.objects.exists()


def test_database_refuses_expiry_before_issue(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Lisensi.objects.create(pk=1, nomor_sk="X", tanggal_terbit=days(0), tanggal_kedaluwarsa=days(-1))


def test_database_keeps_a_single_profile_row(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfilLSP.objects.create(pk=2, **PROFIL_DATA)


def test_service_refuses_a_disguised_image_and_stores_no_file(admin_lsp):
    fake = SimpleUploadedFile("bagan.png", b"%PDF-1.7 not an image", content_type="image/png")
    with pytest.raises(ValidationError, match="bukan gambar"):
        services.profil_update(data=PROFIL_DATA, struktur_organisasi=fake, actor=admin_lsp)
    assert not ProfilLSP.objects.exists()
    assert not default_storage.exists("portal")


def test_service_refuses_a_truncated_image(admin_lsp):
    broken = SimpleUploadedFile("bagan.png", png_bytes(size=(400, 400))[:200], content_type="image/png")
    with pytest.raises(ValidationError, match="bukan gambar"):
        services.profil_update(data=PROFIL_DATA, struktur_organisasi=broken, actor=admin_lsp)


def test_a_truncated_image_is_refused_after_weasyprint_loosened_pillow(admin_lsp, monkeypatch):
    """SE-A4.4, issue 10 item 9: importing WeasyPrint (any PDF rendered in this process) sets
    Pillow's LOAD_TRUNCATED_IMAGES for the process; the upload check stays strict anyway."""
    import weasyprint  # noqa: F401  (what sets the flag in a process that renders PDFs)
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    broken = SimpleUploadedFile("bagan.png", png_bytes(size=(400, 400))[:200], content_type="image/png")
    with pytest.raises(ValidationError, match="bukan gambar"):
        services.profil_update(data=PROFIL_DATA, struktur_organisasi=broken, actor=admin_lsp)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # the process's own setting is left as it was


def test_service_refuses_invalid_fields(admin_lsp):
    with pytest.raises(ValidationError) as error:
        services.profil_update(data={**PROFIL_DATA, "email": "bukan-email"}, actor=admin_lsp)
    assert "email" in error.value.message_dict
    assert not ProfilLSP.objects.exists()


def test_unknown_fields_are_a_programming_error(admin_lsp):
    with pytest.raises(TypeError):
        services.profil_update(data={**PROFIL_DATA, "is_superuser": True}, actor=admin_lsp)


def test_deleting_news_twice_is_a_no_op(admin_lsp, make_berita):
    berita = make_berita()
    services.berita_delete(berita=berita, actor=admin_lsp)
    services.berita_delete(berita=berita, actor=admin_lsp)
    assert not Berita.objects.filter(pk=berita.pk).exists()
