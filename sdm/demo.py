"""Demo people of the LSP for the embedded setup (`make run`): one Personel per function,
linked to the demo accounts, the asesor's MET registration and scheme, certificates (one
ending in about 60 days, so a reminder shows), the IT staff's web-developer certificate, a
vendor's maintenance contract, and the asesor's signed declaration for this year.

Idempotent: each row is found again by its natural key (account, name, number, year), so a
second run creates nothing and the LSP's own edits are never overwritten. Called from
eksekutif.demo.seed_demo().
"""

import datetime as dt

from django.db import transaction

from akun.models import User
from lsp_portal import schemes

from . import services
from .models import Asesor, Deklarasi, KontrakPemeliharaan, Personel, SertifikatKompetensi, today

F = Personel.Fungsi
SINCE = dt.date(2024, 1, 2)

# email (or None: no account), name, function, position, phone
PEOPLE = [
    ("dewan@demo.lsp.id", "Ir. Bambang Hartono", F.DEWAN_PENGARAH, "Ketua Dewan Pengarah", "081200000008"),
    ("ketua@demo.lsp.id", "Prof. Siti Rahayu", F.KETUA, "Ketua LSP", "081200000007"),
    ("manajer@demo.lsp.id", "Agus Pratama", F.MANAJER_SERTIFIKASI, "Manajer Sertifikasi", "081200000005"),
    ("komite@demo.lsp.id", "Hendra Wijaya", F.KOMITE_TEKNIS, "Ketua Komite Teknis", "081200000006"),
    ("admin@demo.lsp.id", "Rina Kusuma", F.ADMIN, "Staf Administrasi Sertifikasi", "081200000004"),
    ("ti@demo.lsp.id", "Fajar Nugroho", F.PEMELIHARA_SI, "Staf TI (pemelihara sistem)", "081200000010"),
    (None, "Lina Marlina", F.OPERATOR_SI, "Operator Sistem Informasi", "081200000012"),
    (None, "Andi Saputra", F.PEMELIHARA_SI, "Kontak vendor PT Awan Data Nusantara", "081200000013"),
    ("asesor@demo.lsp.id", "Dewi Lestari", F.ASESOR, "Asesor Kompetensi", "081200000003"),
]

MET = "MET.000.004321.2024"  # the number the demo SPT already shows


def _person(email, nama, fungsi, jabatan, telepon, *, actor) -> Personel:
    user = User.objects.filter(email=email).first() if email else None
    found = Personel.objects.filter(user=user).first() if user else Personel.objects.filter(nama=nama).first()
    if found:
        return found
    return services.personel_create(
        actor=actor,
        user=user,
        nama=nama,
        fungsi=fungsi,
        jabatan=jabatan,
        nik="",
        telepon=telepon,
        email=email or "",
        aktif_dari=SINCE,
        aktif_sampai=None,
    )


def _certificate(personel, *, actor, nomor, **fields):
    if not SertifikatKompetensi.objects.filter(personel=personel, nomor=nomor).exists():
        services.sertifikat_create(personel=personel, actor=actor, nomor=nomor, penerbit="BNSP", **fields)


@transaction.atomic
def seed_sdm_demo(*, actor=None, password: str | None = None) -> None:
    """Create the demo people and documents once. With `password` (the demo accounts'),
    asesor@ signs this year's impartiality declaration through the records engine."""
    day = today()
    people = {row[1]: _person(*row, actor=actor) for row in PEOPLE}

    asesor_person = people["Dewi Lestari"]
    asesor = Asesor.objects.filter(personel=asesor_person).first()
    if asesor is None:
        # The demo scheme by its code, as a value through the kernel: sdm does not import muk.
        demo_skema = schemes.by_kode("SKM/LSP-DEMO/JWD/01/2025")
        asesor = services.asesor_save(
            personel=asesor_person,
            actor=actor,
            nomor_met=MET,
            met_terbit=dt.date(2024, 3, 1),
            met_berlaku_sampai=dt.date(day.year + 2, 3, 1),
            nomor_sk_penetapan="012/SK-AS/LSP/III/2024",
            skema=[demo_skema.id] if demo_skema else [],
        )
    _certificate(
        asesor_person,
        actor=actor,
        nomor="81099 2421 3 0009876 2024",
        jenis=SertifikatKompetensi.Jenis.METODOLOGI,
        bidang="Metodologi Asesmen Kompetensi",
        tanggal_terbit=dt.date(2024, 3, 1),
        berlaku_sampai=dt.date(day.year + 2, 3, 1),
    )
    # ends in about 60 days, so the dashboards show it and the 90-day reminder is due.
    _certificate(
        asesor_person,
        actor=actor,
        nomor="62010 2421 3 0001234 2023",
        jenis=SertifikatKompetensi.Jenis.BIDANG,
        bidang="Junior Web Developer",
        tanggal_terbit=day + dt.timedelta(days=60) - dt.timedelta(days=3 * 365),
        berlaku_sampai=day + dt.timedelta(days=60),
    )
    # SE-A2.1: the in-house maintainer's web-developer certificate.
    _certificate(
        people["Fajar Nugroho"],
        actor=actor,
        nomor="62010 2421 3 0004567 2024",
        jenis=SertifikatKompetensi.Jenis.WEB_DEVELOPER,
        bidang="Junior Web Developer",
        tanggal_terbit=dt.date(2024, 6, 10),
        berlaku_sampai=dt.date(2027, 6, 10),
    )
    vendor = people["Andi Saputra"]
    if not KontrakPemeliharaan.objects.filter(personel=vendor).exists():
        services.kontrak_create(
            personel=vendor,
            actor=actor,
            nama_vendor="PT Awan Data Nusantara",
            nomor_kontrak="045/KTR-PS/LSP/I/2025",
            tanggal_mulai=dt.date(2025, 1, 1),
            tanggal_selesai=dt.date(day.year + 1, 12, 31),
            memuat_klausul_pemeliharaan=True,
        )

    if password and not Deklarasi.objects.filter(asesor=asesor, tahun=day.year).exists():
        services.deklarasi_sign(
            asesor=asesor,
            signer=asesor_person.user,
            secret=password,
            consent=True,
            ip="127.0.0.1",
            user_agent="seed_demo",
        )
