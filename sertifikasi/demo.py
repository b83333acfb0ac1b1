"""Demo applications in each state of the journey (issue 11 item 9), made through the same
services as the pages, so every screen has something to show after `make run`:

- Budi Santoso (asesi2@): a draft
- Dewi Kartika (asesi9@): submitted, waiting for the Admin LSP's verification
- Andi Wijaya (asesi3@): returned by the Admin LSP with notes
- Putri Maharani (asesi4@): verified, filling in the self-assessment (APL.02)
- Rizky Ramadhan (asesi5@): APL.02 signed, waiting for a batch
- Nur Aisyah (asesi6@): in the demo batch, APL.02 waiting for the assessor's review
- Sari Wulandari (asesi@): APL.02 reviewed, plan signed, FR.AK.01 waiting for her signature
- Yohanes Kristanto (asesi7@): FR.AK.01 signed by both: ready for the assessment
- I Made Suarjana (asesi8@): not accepted (with the reason)

Idempotent: an applicant who has an application of the demo scheme is left alone.
"""

import datetime as dt
import io

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from akun.audit import acting_as
from akun.models import Role, User
from muk.models import KUK, PersyaratanDasar, Skema
from sdm.models import Asesor
from tuk.models import Tuk

from . import services
from .models import Jadwal, Permohonan
from .services import Tandatangan

BATCH_NAME = "[Demo] Uji kompetensi Junior Web Developer"
SKEMA_KODE = "SKM/LSP-DEMO/JWD/01/2025"
TUK_KODE = "TUK-SWK-001"

# email, name, NIK, birth place, birth date, sex, the state to reach
APPLICANTS = [
    ("asesi2@demo.lsp.id", "Budi Santoso", "3171010211900002", "Jakarta", dt.date(1990, 11, 2), "L", "draft"),
    (
        "asesi9@demo.lsp.id",
        "Dewi Kartika",
        "3201016206990009",
        "Bogor",
        dt.date(1999, 6, 22),
        "P",
        "diajukan",
    ),
    (
        "asesi3@demo.lsp.id",
        "Andi Wijaya",
        "3578012103980003",
        "Surabaya",
        dt.date(1998, 3, 21),
        "L",
        "dikembalikan",
    ),
    (
        "asesi4@demo.lsp.id",
        "Putri Maharani",
        "3374014907000004",
        "Semarang",
        dt.date(2000, 7, 9),
        "P",
        "asesmen_mandiri",
    ),
    (
        "asesi5@demo.lsp.id",
        "Rizky Ramadhan",
        "1271013012960005",
        "Medan",
        dt.date(1996, 12, 30),
        "L",
        "menunggu_jadwal",
    ),
    (
        "asesi6@demo.lsp.id",
        "Nur Aisyah",
        "7371015101010006",
        "Makassar",
        dt.date(2001, 1, 11),
        "P",
        "dijadwalkan",
    ),
    (
        "asesi@demo.lsp.id",
        "Sari Wulandari",
        "3273015505950001",
        "Bandung",
        dt.date(1995, 5, 15),
        "P",
        "ak01_asesi",
    ),
    (
        "asesi7@demo.lsp.id",
        "Yohanes Kristanto",
        "3404010508930007",
        "Yogyakarta",
        dt.date(1993, 8, 5),
        "L",
        "siap_asesmen",
    ),
    (
        "asesi8@demo.lsp.id",
        "I Made Suarjana",
        "5171011704920008",
        "Denpasar",
        dt.date(1992, 4, 17),
        "L",
        "ditolak",
    ),
]


def _document(name: str) -> SimpleUploadedFile:
    """A small evidence file: a scanned-looking PNG (re-encoded by the upload check)."""
    buffer = io.BytesIO()
    Image.new("RGB", (240, 320), (235, 235, 225)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _account(email: str, name: str, password: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, nama_lengkap=name)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    role = Role.objects.get(code=Role.Code.ASESI)
    if not user.groups.filter(pk=role.group_id).exists():
        user.groups.add(role.group)
    return user


def _reach(p: Permohonan, state: str, *, who: dict, password: str, jadwal: Jadwal | None) -> Permohonan:
    """Take the draft `p` through the services to `state`."""
    ttd = Tandatangan(secret=password, consent=True, ip="127.0.0.1", user_agent="seed_demo")
    asesi = p.asesi
    if state == "draft":
        return p
    for persyaratan in PersyaratanDasar.objects.filter(skema_id=p.skema_id):
        if services.permohonan.persyaratan_wajib(persyaratan) or persyaratan.urutan == 2:
            services.bukti_upload(
                permohonan=p,
                persyaratan=persyaratan,
                upload=_document(f"bukti-{persyaratan.urutan}.png"),
                actor=asesi,
            )
    p = services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=ttd)
    if state == "diajukan":
        return p
    items = {i["kunci"]: (True, "") for i in services.verification_items(p)}
    admin = who["admin"]
    if state == "dikembalikan":
        first_file = next(k for k in items if k.startswith("persyaratan:"))
        items[first_file] = (False, "Pindaian KTP buram; unggah ulang yang terbaca jelas.")
        services.permohonan_verify(
            permohonan=p, hasil="dikembalikan", butir=items, catatan="", actor=admin, ttd=ttd
        )
        return p
    if state == "ditolak":
        services.permohonan_verify(
            permohonan=p,
            hasil="ditolak",
            butir=items,
            catatan="Pemohon belum memenuhi persyaratan dasar pendidikan atau pengalaman kerja skema ini.",
            actor=admin,
            ttd=ttd,
        )
        return p
    services.permohonan_verify(permohonan=p, hasil="diterima", butir=items, catatan="", actor=admin, ttd=ttd)
    p.refresh_from_db()
    kuk = list(KUK.objects.filter(elemen__unit__skema_id=p.skema_id).values_list("pk", flat=True))
    if state == "asesmen_mandiri":
        half = {k: "K" for k in kuk[: len(kuk) // 2]}
        services.apl02_save(permohonan=p, jawaban=half, bukti={}, actor=asesi)
        return p
    services.apl02_save(permohonan=p, jawaban={k: "K" for k in kuk}, bukti={}, actor=asesi)
    p = services.apl02_submit(permohonan=p, actor=asesi, ttd=ttd)
    if state == "menunggu_jadwal":
        return p
    services.jadwal_add_peserta(jadwal=jadwal, permohonan_ids=[p.pk], actor=who["manajer"])
    p.refresh_from_db()
    if state == "dijadwalkan":
        return p
    asesor = who["asesor"]
    p = services.apl02_review(permohonan=p, rekomendasi="dapat", catatan="", actor=asesor, ttd=ttd)
    _, options = services.plan_options(p)
    potensi = min(set.intersection(*(set(cells) for _, _, cells in options)))
    services.rencana_save(
        permohonan=p,
        potensi=potensi,
        pilihan={u.pk: {"metode": m, "instrumen": cells[potensi]} for u, m, cells in options},
        alasan="",
        actor=asesor,
        ttd=ttd,
    )
    p.refresh_from_db()
    services.ak01_propose(permohonan=p, actor=asesor)
    p.refresh_from_db()
    if state == "ak01_asesi":
        return p
    p = services.ak01_sign(permohonan=p, actor=asesi, ttd=ttd)
    return services.ak01_sign(permohonan=p, actor=asesor, ttd=ttd)


def _demo_batch(skema, tuk, who, asesor, password) -> Jadwal:
    """The demo batch in two weeks at the verified demo TUK, with the demo assessor, its SPT
    signed by the Ketua and confirmed by the assessor."""
    from administrasi import services as records

    mulai = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=14), dt.time(8)))
    jadwal = services.jadwal_create(
        actor=who["manajer"],
        nama=BATCH_NAME,
        skema=skema,
        mode="tatap_muka",
        tuk=tuk,
        mulai=mulai,
        selesai=mulai + dt.timedelta(hours=8),
        kuota=10,
        tautan_video="",
        uji_coba=False,
        penandatangan_spt=who["ketua"],
    )
    jadwal = services.jadwal_set_asesor(jadwal=jadwal, asesor_ids=[asesor.pk], actor=who["manajer"])
    records.dokumen_sign(
        dokumen=jadwal.spt, signer=who["ketua"], secret=password, consent=True, ip="127.0.0.1"
    )
    services.spt_confirm(jadwal=jadwal, actor=who["asesor"])
    return jadwal


@transaction.atomic
def seed_journey_demo(*, password: str) -> int:
    """Create the demo batch and each demo application that does not exist yet (a later run
    adds only applicants new to APPLICANTS). Needs the demo accounts, the sample scheme with
    its validated MUK, the verified demo TUK and the demo assessor with this year's
    declaration (eksekutif.demo.seed_demo makes them first). Returns how many applications
    were made (0 on a later run)."""
    skema = Skema.objects.filter(kode=SKEMA_KODE).first()
    tuk = Tuk.objects.filter(kode=TUK_KODE).first()
    who = {
        k: User.objects.filter(email=f"{k}@demo.lsp.id").first()
        for k in ("admin", "manajer", "ketua", "asesor")
    }
    asesor = Asesor.objects.filter(personel__user=who["asesor"]).first()
    if skema is None or tuk is None or asesor is None or None in who.values():
        return 0
    jadwal = Jadwal.objects.filter(nama=BATCH_NAME).first()
    with acting_as(who["manajer"]):
        if jadwal is None:
            jadwal = _demo_batch(skema, tuk, who, asesor, password)
    made = 0
    for email, nama, nik, tempat, lahir, jk, state in APPLICANTS:
        asesi = _account(email, nama, password)
        if Permohonan.objects.filter(asesi=asesi, skema=skema).exists():
            continue
        p = services.permohonan_create(asesi=asesi, skema=skema, actor=asesi)
        errors = services.permohonan_save(
            permohonan=p,
            actor=asesi,
            data={
                "nama": nama,
                "kewarganegaraan": "wni",
                "nik": nik,
                "tempat_lahir": tempat,
                "tanggal_lahir": lahir,
                "jenis_kelamin": jk,
                "alamat": f"Jl. Contoh No. {made + 1}, {tempat}",
                "kode_pos": "40115",
                "nomor_hp": f"08130000{made + 1:04d}",
                "email": email,
                "pendidikan": "s1" if made % 2 else "sma",
                "pekerjaan_institusi": "PT Kode Nusantara" if made % 3 else "",
                "pekerjaan_jabatan": "Pemrogram" if made % 3 else "",
                "mode": "tatap_muka",
                "tujuan": "sertifikasi",
            },
        )
        assert not errors, errors  # demo data is valid by construction
        _reach(p, state, who=who, password=password, jadwal=jadwal)
        made += 1
    return made
