import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sdm import services
from sdm.models import Personel
from tests.hostile_files import valid_pdf

LONG_AGO = dt.date(2020, 1, 1)
PDF = valid_pdf()  # a whole PDF: the upload check parses it


def png_bytes(size=(40, 20)) -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, "navy").save(out, format="PNG")
    return out.getvalue()


def pdf_upload(name="sertifikat.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name="sertifikat.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def personel_data(**overrides):
    data = {
        "user": None,
        "nama": "Personel Uji",
        "fungsi": Personel.Fungsi.ADMIN,
        "jabatan": "Staf",
        "nik": "",
        "telepon": "",
        "email": "",
        "aktif_dari": LONG_AGO,
        "aktif_sampai": None,
    }
    data.update(overrides)
    return data


def make_personel(actor=None, **overrides) -> Personel:
    return services.personel_create(actor=actor, **personel_data(**overrides))


def make_asesor(actor=None, *, user=None, nama="Asesor Uji", met="MET.000.000001.2024", skema=None, **fields):
    """A Personel in the function Asesor with its profile, through the services."""
    personel = make_personel(actor, user=user, nama=nama, fungsi=Personel.Fungsi.ASESOR, jabatan="Asesor")
    data = {
        "nomor_met": met,
        "met_terbit": dt.date(2024, 1, 1),
        "met_berlaku_sampai": dt.date(2030, 1, 1),
        "nomor_sk_penetapan": "",
    }
    data.update(fields)
    return services.asesor_save(personel=personel, actor=actor, skema=skema, **data)


def cert_data(**overrides):
    data = {
        "jenis": "bidang",
        "nomor": "CERT-001",
        "bidang": "Junior Web Developer",
        "penerbit": "BNSP",
        "tanggal_terbit": dt.date(2024, 1, 1),
        "berlaku_sampai": dt.date(2027, 1, 1),
    }
    data.update(overrides)
    return data


@pytest.fixture
def own_asesor(asesor, admin_lsp):
    """The `asesor` persona's own profile (linked to their account)."""
    return make_asesor(admin_lsp, user=asesor, nama="Asesor Sendiri", met="MET.000.000100.2024")


@pytest.fixture
def other_asesor(asesor_lain, admin_lsp):
    return make_asesor(admin_lsp, user=asesor_lain, nama="Asesor Lain", met="MET.000.000200.2024")
