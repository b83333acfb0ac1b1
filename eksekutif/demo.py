"""Demo data for the embedded setup (`make run`) and the browser tests.

Idempotent: running it again finds every row by its natural key and creates nothing new.
"""

from allauth.account.models import EmailAddress
from django.db import transaction

from akun.audit import acting_as
from akun.models import Role, User

DEMO_PASSWORD = "Demo#LSP2026"

# email, full name, phone, role code
DEMO_ACCOUNTS = [
    ("asesi@demo.lsp.id", "Sari Wulandari", "081200000001", Role.Code.ASESI),
    ("asesi2@demo.lsp.id", "Budi Santoso", "081200000002", Role.Code.ASESI),
    ("asesor@demo.lsp.id", "Dewi Lestari", "081200000003", Role.Code.ASESOR),
    ("admin@demo.lsp.id", "Rina Kusuma", "081200000004", Role.Code.ADMIN_LSP),
    ("manajer@demo.lsp.id", "Agus Pratama", "081200000005", Role.Code.MANAJER_SERTIFIKASI),
    ("komite@demo.lsp.id", "Hendra Wijaya", "081200000006", Role.Code.KOMITE_TEKNIS),
    ("ketua@demo.lsp.id", "Prof. Siti Rahayu", "081200000007", Role.Code.KETUA),
    ("dewan@demo.lsp.id", "Ir. Bambang Hartono", "081200000008", Role.Code.DEWAN_PENGARAH),
    ("tuk@demo.lsp.id", "Yusuf Hidayat", "081200000009", Role.Code.PENGELOLA_TUK),
    ("ti@demo.lsp.id", "Fajar Nugroho", "081200000010", Role.Code.STAF_TI),
    ("auditor@demo.lsp.id", "Maya Anggraini", "081200000011", Role.Code.AUDITOR_INTERNAL),
]


@transaction.atomic
def seed_demo(*, journey: bool = True, selesai: bool = True) -> list[tuple[str, str]]:
    """Create the demo accounts (verified e-mail, one role each) and every app's demo data;
    with `journey`, the demo applications in each state of the certification journey (tests
    of the journey start without them), and with `selesai` also the remote batch taken to its
    certificates (~20 s: tests that do not show it leave it out). Returns (email, role)."""
    rows = []
    with acting_as(None):
        for email, name, phone, code in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, nama_lengkap=name, nomor_hp=phone)
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            role = Role.objects.select_related("group").get(code=code)
            if not user.groups.filter(pk=role.group_id).exists():
                user.groups.add(role.group)
            rows.append((email, role.name))
    seed_demo_records()
    from muk.demo import seed_sample_scheme

    seed_sample_scheme(actor=User.objects.get(email="manajer@demo.lsp.id"))
    from portal.demo import seed_portal_demo

    seed_portal_demo(actor=User.objects.get(email="admin@demo.lsp.id"))
    from administrasi.demo_surat import seed_surat_demo

    seed_surat_demo(actor=User.objects.get(email="admin@demo.lsp.id"), password=DEMO_PASSWORD)
    from administrasi.demo_sop import seed_sop_demo

    seed_sop_demo(actor=User.objects.get(email="admin@demo.lsp.id"), password=DEMO_PASSWORD)
    from tuk.demo import seed_tuk_demo

    seed_tuk_demo(actor=User.objects.get(email="admin@demo.lsp.id"))
    from sdm.demo import seed_sdm_demo

    seed_sdm_demo(actor=User.objects.get(email="admin@demo.lsp.id"), password=DEMO_PASSWORD)
    from verifikasi_tuk.demo import seed_verifikasi_demo

    seed_verifikasi_demo(password=DEMO_PASSWORD)
    from banding.demo_pengaduan import seed_pengaduan_demo

    seed_pengaduan_demo(actor=User.objects.get(email="admin@demo.lsp.id"))
    if journey:
        from sertifikasi.demo import APPLICANTS, REMOTE_APPLICANTS, seed_journey_demo

        seed_journey_demo(password=DEMO_PASSWORD, selesai=selesai)
        listed = {email for email, _ in rows}
        rows += [(a[0], f"Asesi (permohonan demo: {a[-1]})") for a in APPLICANTS if a[0] not in listed]
        hasil = {"K": "kompeten, bersertifikat", "BK": "belum kompeten"}
        if selesai:
            rows += [(a[0], f"Asesi (jadwal jarak jauh demo: {hasil[a[-1]]})") for a in REMOTE_APPLICANTS]
            # Issue 14: an appeal decided and one in progress, on the remote batch's BK candidate.
            from banding.demo import seed_banding_demo

            seed_banding_demo(password=DEMO_PASSWORD)
    return rows


DEMO_TAG = "[Demo]"


def seed_demo_records():
    """Two records to show the archive: a signed, sealed SPT, and an FR.AK.01 waiting for
    the asesi's signature. Created once (found again by their title tag)."""
    from administrasi import services
    from administrasi.models import Dokumen

    if Dokumen.objects.filter(judul__startswith=DEMO_TAG).exists():
        return
    ketua = User.objects.get(email="ketua@demo.lsp.id")
    asesor = User.objects.get(email="asesor@demo.lsp.id")
    asesi = User.objects.get(email="asesi@demo.lsp.id")
    spt = services.dokumen_issue(
        kode="SPT-ASESOR",
        subject=asesor,
        judul=f"{DEMO_TAG} Penugasan asesor uji kompetensi",
        data={
            "nama_asesor": asesor.nama_lengkap,
            "no_reg_met": "MET.000.004321.2024",
            "tugas": [
                {
                    "tanggal": "15-12-2026",
                    "skema": "Junior Web Developer",
                    "tuk": "TUK Sewaktu Lab Komputer 1",
                    "mode": "jarak jauh",
                }
            ],
        },
        signers={"ketua": ketua},
        actor=ketua,
    )
    services.dokumen_sign(
        dokumen=spt, signer=ketua, secret=DEMO_PASSWORD, consent=True, ip="127.0.0.1", user_agent="seed_demo"
    )
    services.dokumen_issue(
        kode="FR.AK.01",
        subject=asesi,
        judul=f"{DEMO_TAG} Persetujuan asesmen dan kerahasiaan",
        data={
            "skema": "Junior Web Developer",
            "tuk": "TUK Sewaktu Lab Komputer 1",
            "tanggal_asesmen": "15-12-2026",
            "bukti": ["Hasil observasi demonstrasi", "Jawaban pertanyaan tertulis", "Portofolio"],
            "tautan_video": "https://meet.example/uji-demo",
        },
        signers={"asesi": asesi, "asesor": asesor},
        actor=asesor,
    )
