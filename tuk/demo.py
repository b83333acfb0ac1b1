"""Demo TUK for the embedded setup (`make run`) and the browser tests: a TUK Sewaktu ready
for remote assessment (verified by verifikasi_tuk.demo through the real workflow), and a TUK
Tempat Kerja whose Pengelola TUK is the demo account tuk@demo.lsp.id. Addresses are real
streets; the venues are invented."""

from decimal import Decimal

from django.db import transaction

from akun.models import User

from . import services
from .models import Tuk

PENGELOLA_EMAIL = "tuk@demo.lsp.id"

SEWAKTU = {
    "kode": "TUK-SWK-001",
    "nama": "TUK Sewaktu Lab Komputer 1",
    "jenis": Tuk.Jenis.SEWAKTU,
    "alamat": "Gedung Graha Kompetensi Lt. 3, Jl. Jenderal Gatot Subroto Kav. 52, "
    "Kuningan Barat, Kec. Mampang Prapatan",
    "kota": "Kota Jakarta Selatan",
    "provinsi": "DKI Jakarta",
    "kode_pos": "12710",
    "latitude": Decimal("-6.236200"),
    "longitude": Decimal("106.823300"),
    "penanggung_jawab": "Rudi Hartanto",
    "penanggung_jawab_telepon": "081311112222",
    "penanggung_jawab_email": "labkom1@demo.lsp.id",
    "bandwidth_mbps": Decimal("100"),
    "kamera_tersedia": True,
    "ruang_sesuai": True,
    "catatan_kesiapan": "Internet serat optik 100 Mbps dengan cadangan modem 4G; ruang ber-AC kedap suara; "
    "kamera ruang 1080p dan kamera web di setiap meja.",
}
SEWAKTU_FASILITAS = [
    ("Komputer PC (Core i5, RAM 16 GB) dengan editor kode dan peramban", 20, "baik", ""),
    ("Kamera web HD 1080p", 20, "baik", "Satu per meja peserta"),
    ("Kamera ruang untuk pengawasan asesmen", 2, "baik", "Merekam seluruh ruangan"),
    ("Headset dengan mikrofon", 20, "baik", ""),
    ("UPS 1200 VA", 5, "baik", ""),
    ("Proyektor", 1, "perlu_perbaikan", "Lampu redup; cadangan tersedia"),
]

TEMPAT_KERJA = {
    "kode": "TUK-TK-001",
    "nama": "TUK Tempat Kerja PT Sinar Teknologi Nusantara",
    "jenis": Tuk.Jenis.TEMPAT_KERJA,
    "alamat": "Jl. Ir. H. Juanda No. 102, Dago, Kec. Coblong",
    "kota": "Kota Bandung",
    "provinsi": "Jawa Barat",
    "kode_pos": "40132",
    "latitude": Decimal("-6.891500"),
    "longitude": Decimal("107.610700"),
    "penanggung_jawab": "Yusuf Hidayat",
    "penanggung_jawab_telepon": "081200000009",
    "penanggung_jawab_email": PENGELOLA_EMAIL,
    "bandwidth_mbps": Decimal("20"),
    "kamera_tersedia": True,
    "ruang_sesuai": False,
    "catatan_kesiapan": "Ruang rapat dipakai bersama; perlu dijadwalkan di luar jam kerja agar tenang.",
}
TEMPAT_KERJA_FASILITAS = [
    ("Laptop kerja pengembang web", 5, "baik", "Milik perusahaan"),
    ("Kamera web", 2, "perlu_perbaikan", "Satu unit fokusnya tidak stabil"),
]


def _seed_one(fields, fasilitas, *, actor) -> tuple[Tuk, bool]:
    tuk = Tuk.objects.filter(kode=fields["kode"]).first()
    if tuk is not None:
        return tuk, False
    tuk = services.tuk_create(actor=actor, **fields)
    for nama, jumlah, kondisi, keterangan in fasilitas:
        services.fasilitas_add(
            tuk=tuk, nama=nama, jumlah=jumlah, kondisi=kondisi, keterangan=keterangan, actor=actor
        )
    return tuk, True


@transaction.atomic
def seed_tuk_demo(actor=None) -> list[Tuk]:
    """Create the two demo TUK through the services, both as registered (draft): the
    verification app's demo verifies TUK-SWK-001 through its workflow. Idempotent: a TUK
    whose code already exists is left as it is, so a second run creates and changes nothing."""
    sewaktu, _ = _seed_one(SEWAKTU, SEWAKTU_FASILITAS, actor=actor)
    pengelola = User.objects.filter(email=PENGELOLA_EMAIL).first()
    tempat_kerja, _ = _seed_one({**TEMPAT_KERJA, "pengelola": pengelola}, TEMPAT_KERJA_FASILITAS, actor=actor)
    return [sewaktu, tempat_kerja]
