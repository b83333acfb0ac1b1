"""Demo content of the public portal for the embedded setup (`make run`).

Idempotent: each piece is created only when missing, so the LSP's own edits are never
overwritten. Meant to be called from eksekutif.demo.seed_demo().
"""

import datetime
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from . import selectors, services
from .models import Berita, today_in_jakarta

DEMO_NEWS = [
    (
        "Asesmen jarak jauh skema Junior Web Developer dibuka",
        "Pendaftaran asesmen jarak jauh untuk skema Junior Web Developer dibuka sampai akhir bulan ini.",
        "Skema Junior Web Developer kini dapat diases jarak jauh melalui video.\n\n"
        "Siapkan laptop dengan kamera dan mikrofon, koneksi internet yang stabil, dan KTP asli. "
        "Pemeriksaan perangkat dilakukan sebelum hari asesmen.",
    ),
    (
        "Jadwal uji kompetensi bulan depan",
        "Jadwal uji kompetensi tatap muka di TUK Sewaktu Lab Komputer 1 telah ditetapkan.",
        "Asesmen tatap muka dilaksanakan di TUK Sewaktu Lab Komputer 1.\n\n"
        "Peserta yang permohonannya telah diterima akan menerima pemberitahuan jadwal melalui email.",
    ),
    (
        "Sertifikat elektronik kini dapat diverifikasi dengan kode QR",
        "Setiap sertifikat yang terbit memuat kode QR menuju halaman verifikasi keaslian.",
        "Pindai kode QR pada sertifikat untuk melihat status dan masa berlakunya.",
    ),
    (
        "Libur layanan sekretariat",
        "Sekretariat LSP tidak melayani tatap muka pada hari libur nasional dan cuti bersama.",
        "Permohonan tetap dapat diajukan melalui portal selama libur.",
    ),
]


def _org_chart_png() -> bytes:
    """A small organisation chart, drawn here so the demo needs no image file."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 18)
    except OSError:
        font = ImageFont.load_default()
    image = Image.new("RGB", (900, 420), "white")
    draw = ImageDraw.Draw(image)
    boxes = {
        "Dewan Pengarah": (330, 20),
        "Ketua LSP": (330, 120),
        "Komite Skema": (40, 220),
        "Manajer Sertifikasi": (330, 220),
        "Manajer Mutu": (620, 220),
        "Asesor Kompetensi": (190, 330),
        "Sekretariat": (480, 330),
    }
    edges = [
        ("Dewan Pengarah", "Ketua LSP"),
        ("Ketua LSP", "Komite Skema"),
        ("Ketua LSP", "Manajer Sertifikasi"),
        ("Ketua LSP", "Manajer Mutu"),
        ("Manajer Sertifikasi", "Asesor Kompetensi"),
        ("Manajer Sertifikasi", "Sekretariat"),
    ]
    for top, bottom in edges:  # elbow connectors: down, across, down
        (x1, y1), (x2, y2) = boxes[top], boxes[bottom]
        mid = (y1 + 60 + y2) // 2
        draw.line(
            [(x1 + 120, y1 + 60), (x1 + 120, mid), (x2 + 120, mid), (x2 + 120, y2)], fill="#0b5394", width=3
        )
    for label, (x, y) in boxes.items():
        draw.rounded_rectangle((x, y, x + 240, y + 60), radius=10, fill="#e8f0f8", outline="#0b5394", width=3)
        draw.text((x + 120, y + 30), label, fill="#1b1f24", font=font, anchor="mm")
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@transaction.atomic
def seed_portal_demo(*, actor=None) -> None:
    if selectors.profil_get() is None:
        services.profil_update(
            data={
                "nama": "LSP Contoh Nusantara",
                "singkatan": "LSP-CN",
                "alamat": "Jl. Merdeka No. 10\nKel. Gambir, Kec. Gambir",
                "kota": "Jakarta Pusat",
                "telepon": "021 555 0101",
                "email": "sekretariat@lsp-contoh.or.id",
                "situs": "https://lsp-contoh.or.id",
                "visi": "Menjadi lembaga sertifikasi profesi yang tepercaya dalam memastikan kompetensi "
                "tenaga kerja Indonesia.",
                "misi": "1. Menyelenggarakan sertifikasi kompetensi yang adil, valid, dan terpercaya.\n"
                "2. Melayani sertifikasi tatap muka dan jarak jauh tanpa kertas.\n"
                "3. Menjaga mutu asesor dan tempat uji kompetensi.",
            },
            struktur_organisasi=SimpleUploadedFile("struktur.png", _org_chart_png(), "image/png"),
            actor=actor,
        )
    if selectors.lisensi_get() is None:
        today = today_in_jakarta()
        services.lisensi_update(
            data={
                "nomor_sk": "KEP.1234/BNSP/XII/2024",
                "tanggal_terbit": today - datetime.timedelta(days=400),
                "tanggal_kedaluwarsa": today
                - datetime.timedelta(days=400)
                + datetime.timedelta(days=5 * 365),
            },
            actor=actor,
        )
    if not Berita.objects.exists():
        for judul, ringkasan, isi in reversed(DEMO_NEWS):
            berita = services.berita_create(judul=judul, ringkasan=ringkasan, isi=isi, actor=actor)
            services.berita_publish(berita=berita, actor=actor)
