import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import services
from portal.models import today_in_jakarta
from tests.hostile_files import valid_pdf

PROFIL_DATA = {
    "nama": "LSP Uji Nusantara",
    "singkatan": "LSP-UN",
    "alamat": "Jl. Kenanga No. 5",
    "kota": "Bandung",
    "telepon": "022 555 0199",
    "email": "sekretariat@lsp-uji.or.id",
    "situs": "https://lsp-uji.or.id",
    "visi": "Menjadi LSP tepercaya.",
    "misi": "1. Melayani sertifikasi yang adil.\n2. Menjaga mutu asesor.",
}


def png_bytes(size=(40, 20), color="navy", image_format="PNG") -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, color).save(out, format=image_format)
    return out.getvalue()


def png_upload(name="bagan.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def pdf_upload(name="sk.pdf", content=None):
    content = valid_pdf() if content is None else content  # a whole PDF: the upload check parses it
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def days(n):
    return today_in_jakarta() + datetime.timedelta(days=n)


@pytest.fixture
def profil(admin_lsp):
    return services.profil_update(data=PROFIL_DATA, struktur_organisasi=png_upload(), actor=admin_lsp)


@pytest.fixture
def make_lisensi(admin_lsp):
    def make(terbit=-400, kedaluwarsa=1000, nomor="KEP.0042/BNSP/I/2025", **kwargs):
        return services.lisensi_update(
            data={
                "nomor_sk": nomor,
                "tanggal_terbit": days(terbit),
                "tanggal_kedaluwarsa": days(kedaluwarsa),
            },
            actor=admin_lsp,
            **kwargs,
        )

    return make


@pytest.fixture
def make_berita(admin_lsp):
    def make(judul="Pengumuman jadwal", *, terbit=True, ringkasan="Ringkasan berita.", isi="Isi berita."):
        berita = services.berita_create(judul=judul, ringkasan=ringkasan, isi=isi, actor=admin_lsp)
        if terbit:
            berita = services.berita_publish(berita=berita, actor=admin_lsp)
        return berita

    return make
