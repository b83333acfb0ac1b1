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

One remote batch (REMOTE_BATCH_NAME) is taken through the real services to the end, so the
register, the certificate page, the pleno and every record of the assessment have something
to show (issue 13 item 10): Rahmat Hidayat (asesi10@) kompeten with his certificate in the
public register, Indah Permatasari (asesi11@) belum kompeten with the pleno's reason. The
batch starts minutes after the seed (a batch is created only in the future) and its session
is run in its opening window at once; the plan keeps one instrument per unit (IA.01, IA.05,
IA.07 in turn) to keep the seed short. The demo accounts of the other journeys stay free.

Idempotent: an applicant who has an application of the demo scheme is left alone.
"""

import datetime as dt
import io

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from administrasi import services as records
from administrasi.models import Dokumen
from administrasi.services.signing import sign_attempts_reset
from akun.audit import acting_as
from akun.models import Role, User
from muk.models import KUK, JenisIA, Metode, OpsiJawaban, PersyaratanDasar, Skema
from sdm.models import Asesor
from tuk.models import Tuk

from . import services
from .models import Jadwal, Lembar, Permohonan
from .services import Tandatangan, ak
from .services import lembar as lembar_services
from .services import pleno as pleno_services

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


REMOTE_BATCH_NAME = "[Demo] Uji kompetensi jarak jauh Junior Web Developer (selesai)"
REMOTE_VIDEO = "https://meet.example/demo-jwd-jarak-jauh"
# email, name, NIK, birth place, birth date, sex, the pleno's decision
REMOTE_APPLICANTS = [
    (
        "asesi10@demo.lsp.id",
        "Rahmat Hidayat",
        "6471011403940010",
        "Balikpapan",
        dt.date(1994, 3, 14),
        "L",
        "K",
    ),
    (
        "asesi11@demo.lsp.id",
        "Indah Permatasari",
        "6171014809970011",
        "Pontianak",
        dt.date(1997, 9, 8),
        "P",
        "BK",
    ),
]
ALASAN_K = "Bukti observasi, tes tertulis, dan tanya jawab memadai untuk semua unit (FR.AK.02)."
ALASAN_BK = (
    "Unit pertama dinyatakan belum kompeten oleh asesor (FR.AK.02): langkah pengujian program tidak "
    "didemonstrasikan. Asesi dapat mengikuti asesmen ulang unit tersebut."
)
# The plan's one instrument per unit, in turn (a unit without that kind takes its IA.01), and
# the FR.MAPA.01 method that goes with each.
PLAN_TURN = [JenisIA.IA01, JenisIA.IA05, JenisIA.IA07]
METODE_OF = {
    JenisIA.IA01: Metode.OBSERVASI,
    JenisIA.IA05: Metode.PERTANYAAN_TERTULIS,
    JenisIA.IA07: Metode.TANYA_JAWAB,
}


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


def _ttd(password: str) -> Tandatangan:
    return Tandatangan(secret=password, consent=True, ip="127.0.0.1", user_agent="seed_demo")


def _reach(p: Permohonan, state: str, *, who: dict, password: str, jadwal: Jadwal | None) -> Permohonan:
    """Take the draft `p` through the services to `state`."""
    ttd = _ttd(password)
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
def seed_journey_demo(*, password: str, selesai: bool = True) -> int:
    """Create the demo batch and each demo application that does not exist yet (a later run
    adds only applicants new to APPLICANTS). Needs the demo accounts, the sample scheme with
    its validated MUK, the verified demo TUK and the demo assessor with this year's
    declaration (eksekutif.demo.seed_demo makes them first). Returns how many applications
    were made (0 on a later run). Without `selesai`, the remote batch taken to its
    certificates is left out."""
    skema = Skema.objects.filter(kode=SKEMA_KODE).first()
    tuk = Tuk.objects.filter(kode=TUK_KODE).first()
    who = {
        k: User.objects.filter(email=f"{k}@demo.lsp.id").first()
        for k in ("admin", "manajer", "ketua", "asesor", "komite")
    }
    asesor = Asesor.objects.filter(personel__user=who["asesor"]).first()
    if skema is None or tuk is None or asesor is None or None in who.values():
        return 0
    jadwal = Jadwal.objects.filter(nama=BATCH_NAME).first()
    with acting_as(who["manajer"]):
        if jadwal is None:
            jadwal = _demo_batch(skema, tuk, who, asesor, password)
    made = 0
    for i, (email, nama, nik, tempat, lahir, jk, state) in enumerate(APPLICANTS):
        asesi = _account(email, nama, password)
        if Permohonan.objects.filter(asesi=asesi, skema=skema).exists():
            continue
        p = _draft(asesi, skema, i, nama=nama, nik=nik, tempat=tempat, lahir=lahir, jk=jk, mode="tatap_muka")
        _reach(p, state, who=who, password=password, jadwal=jadwal)
        made += 1
    if selesai:
        made += _seed_remote_batch(skema, tuk, who, asesor, password)
    for user in who.values():  # the seed's signatures are no one's attempts (see _signing)
        sign_attempts_reset(user)
    return made


def _draft(asesi: User, skema: Skema, i: int, *, nama, nik, tempat, lahir, jk, mode: str) -> Permohonan:
    """A new application of `asesi` with FR.APL.01 filled (the i-th demo applicant's details)."""
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
            "alamat": f"Jl. Contoh No. {i + 1}, {tempat}",
            "kode_pos": "40115",
            "nomor_hp": f"08130000{i + 1:04d}",
            "email": asesi.email,
            "pendidikan": "s1" if i % 2 else "sma",
            "pekerjaan_institusi": "PT Kode Nusantara" if i % 3 else "",
            "pekerjaan_jabatan": "Pemrogram" if i % 3 else "",
            "mode": mode,
            "tujuan": "sertifikasi",
        },
    )
    assert not errors, errors  # demo data is valid by construction
    return p


# --- the remote batch taken to its certificates (issue 13 item 10) -------------------------------


def _signing(user: User) -> User:
    """`user`, about to sign as the seed: their attempt window starts afresh. The limit (10
    signatures per 5 minutes) guards a person's signing form against guessing; the seed signs
    dozens of records for the demo assessor within seconds."""
    sign_attempts_reset(user)
    return user


def _reduced_plan(p: Permohonan) -> dict:
    """One instrument per unit, IA.01, IA.05 and IA.07 in turn (IA.01 where the unit has not
    the kind), with its method; within the MUK's cells for the candidate's potential."""
    _, options = services.plan_options(p)
    pilihan = {}
    for i, (unit, _metode, cells) in enumerate(options):
        kinds = cells[2]
        jenis = PLAN_TURN[i % len(PLAN_TURN)]
        jenis = jenis if jenis in kinds else JenisIA.IA01
        pilihan[unit.pk] = {"metode": [METODE_OF[jenis]], "instrumen": [jenis]}
    return pilihan


def _assessor_sheet(lembar: Lembar, asesor: User, password: str, *, bk: bool) -> None:
    """The assessor fills an IA.01 (each KUK Ya, or the first one Tidak for a BK) or an IA.07
    (the summary of each oral answer, memuaskan), and sends it signed."""
    items = lembar_services.butir_list(lembar)
    if lembar.instrumen.jenis == JenisIA.IA01:
        isian = {b.pk: {"penilaian": "ya", "catatan": ""} for b in items}
        if bk:
            isian[items[0].pk] = {
                "penilaian": "tidak",
                "catatan": "Pengujian program tidak didemonstrasikan.",
            }
        lembar_services.lembar_save(
            lembar=lembar,
            actor=asesor,
            isian=isian,
            rekomendasi="BK" if bk else "K",
            catatan="Ulangi demonstrasi pengujian program." if bk else "Demonstrasi lancar dan runtut.",
        )
    else:
        summary = "Asesi menjelaskan dengan tepat dan memberi contoh dari pekerjaannya."
        lembar_services.lembar_save(
            lembar=lembar,
            actor=asesor,
            isian={b.pk: {"jawaban": summary, "penilaian": "memuaskan"} for b in items},
        )
    lembar_services.lembar_kirim(lembar=lembar, actor=_signing(asesor), ttd=_ttd(password))


def _timed_test(lembar: Lembar, asesor: User, password: str, *, wrong: int) -> None:
    """The candidate takes the timed FR.IA.05 (every key but `wrong` items), finishes and
    signs the answer sheet; the assessor signs its record after them."""
    p = lembar.permohonan
    lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi, ip="127.0.0.1")
    order = lembar.urutan["butir"]
    keys = dict(OpsiJawaban.objects.filter(butir_id__in=order, benar=True).values_list("butir_id", "pk"))
    others = dict(
        OpsiJawaban.objects.filter(butir_id__in=order[:wrong], benar=False)
        .order_by("-pk")
        .values_list("butir_id", "pk")
    )
    services.ujian_jawab_semua(lembar=lembar, jawaban={**keys, **others}, actor=p.asesi)
    services.ujian_selesai(lembar=lembar, actor=p.asesi, ip="127.0.0.1")
    lembar = services.ujian_tandatangan(lembar=lembar, actor=_signing(p.asesi), ttd=_ttd(password))
    records.dokumen_sign(
        dokumen=lembar.dokumen,
        signer=_signing(asesor),
        secret=password,
        consent=True,
        ip="127.0.0.1",
        user_agent="seed_demo",
    )


def _ak02(p: Permohonan, asesor: User, password: str, *, bk: bool) -> Permohonan:
    """FR.AK.02: every unit K with its sheet as evidence (BK on the first unit for `bk`, with
    the follow-up), signed by the assessor then the candidate; then the candidate's FR.AK.03."""
    evidence = ak.ak02_evidence(p)
    hasil = {}
    for i, unit in enumerate(ak.ak02_units(p)):
        bukti = [key for key, _ in ak.evidence_choices(evidence, unit.pk)][:1]
        no = bk and i == 0
        hasil[unit.pk] = {
            "rekomendasi": "BK" if no else "K",
            "bukti": bukti,
            "tindak_lanjut": "Ulangi demonstrasi pengujian program." if no else "",
        }
    services.ak02_save(permohonan=p, hasil=hasil, actor=asesor)
    komentar = "Asesi perlu mengulang unit pertama." if bk else "Asesi kompeten pada semua unit."
    services.ak02_sign_asesor(permohonan=p, komentar=komentar, actor=_signing(asesor), ttd=_ttd(password))
    p = services.ak02_sign_asesi(permohonan=p, actor=_signing(p.asesi), ttd=_ttd(password))
    services.ak03_submit(
        permohonan=p,
        jawaban={key: ("ya", "") for key, _ in ak.AK03_PERTANYAAN},
        catatan="Sesi daring berjalan lancar.",
        actor=p.asesi,
        ttd=_ttd(password),
    )
    return p


def _seed_remote_batch(skema: Skema, tuk: Tuk, who: dict, asesor: Asesor, password: str) -> int:
    """The remote batch with its two candidates taken through every service of the journey
    to the certificates (see the module's docstring). Once: found again by its name. Returns
    how many applications were made."""
    if Jadwal.objects.filter(nama=REMOTE_BATCH_NAME).exists() or who["komite"] is None:
        return 0
    people = [_account(a[0], a[1], password) for a in REMOTE_APPLICANTS]
    if Permohonan.objects.filter(asesi__in=people, skema=skema).exists():
        return 0
    manajer, ketua, komite, asesor_user = who["manajer"], who["ketua"], who["komite"], who["asesor"]
    ttd = _ttd(password)
    # A batch is created only in the future; its session opens SERTIFIKASI_SESI_BUKA_MENIT
    # before the start, so it is run now, in that opening window.
    mulai = (timezone.now() + dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    with acting_as(manajer):
        jadwal = services.jadwal_create(
            actor=manajer,
            nama=REMOTE_BATCH_NAME,
            skema=skema,
            mode="jarak_jauh",
            tuk=tuk,
            mulai=mulai,
            selesai=mulai + dt.timedelta(hours=3),
            kuota=10,
            tautan_video=REMOTE_VIDEO,
            uji_coba=False,
            penandatangan_spt=ketua,
        )
        jadwal = services.jadwal_set_asesor(jadwal=jadwal, asesor_ids=[asesor.pk], actor=manajer)
    records.dokumen_sign(
        dokumen=jadwal.spt, signer=_signing(ketua), secret=password, consent=True, ip="127.0.0.1"
    )
    services.spt_confirm(jadwal=jadwal, actor=asesor_user)

    candidates = []
    for i, (user, (_, nama, nik, tempat, lahir, jk, hasil)) in enumerate(
        zip(people, REMOTE_APPLICANTS, strict=True)
    ):
        p = _draft(
            user, skema, 9 + i, nama=nama, nik=nik, tempat=tempat, lahir=lahir, jk=jk, mode="jarak_jauh"
        )
        _signing(who["admin"])
        candidates.append((_reach(p, "menunggu_jadwal", who=who, password=password, jadwal=None), hasil))
    services.jadwal_add_peserta(jadwal=jadwal, permohonan_ids=[p.pk for p, _ in candidates], actor=manajer)
    for p, _ in candidates:
        p.refresh_from_db()
        p = services.apl02_review(
            permohonan=p, rekomendasi="dapat", catatan="", actor=_signing(asesor_user), ttd=ttd
        )
        services.rencana_save(
            permohonan=p,
            potensi=2,
            pilihan=_reduced_plan(p),
            alasan="Bukti portofolio asesi (FR.APL.02) mendukung; satu instrumen per unit memadai.",
            actor=_signing(asesor_user),
            ttd=ttd,
        )
        p.refresh_from_db()
        services.ak01_propose(permohonan=p, actor=asesor_user)
        p.refresh_from_db()
        p = services.ak01_sign(permohonan=p, actor=p.asesi, ttd=ttd)
        services.ak01_sign(permohonan=p, actor=_signing(asesor_user), ttd=ttd)

    # The session: the instrument review, attendance, the identity check on camera, a recording.
    services.reviu_instrumen_save(
        jadwal=jadwal,
        jawaban={i.pk: dict.fromkeys(services.ASPEK_REVIU, True) for i in services.batch_instruments(jadwal)},
        catatan={},
        actor=_signing(asesor_user),
        ttd=ttd,
    )
    jadwal.refresh_from_db()
    services.sesi_hadir(jadwal=jadwal, actor=asesor_user, ip="127.0.0.1", user_agent="seed_demo")
    for p, _ in candidates:
        services.sesi_hadir(jadwal=jadwal, actor=p.asesi, ip="127.0.0.1", user_agent="seed_demo")
        services.identitas_periksa(
            jadwal=jadwal,
            permohonan=p,
            hasil="sesuai",
            catatan="Wajah dan KTP di kamera sesuai dengan pas foto.",
            actor=asesor_user,
            ip="127.0.0.1",
        )
    services.rekaman_link_add(
        jadwal=jadwal,
        judul="Rekaman konferensi video sesi asesmen",
        tautan="https://arsip.example/demo-jwd-jarak-jauh.mp4",
        sha256="5d41402abc4b2a76b9719d911017c592" * 2,
        actor=asesor_user,
        ip="127.0.0.1",
    )

    # The instruments, FR.AK.02 and FR.AK.03 of each candidate.
    for p, hasil in candidates:
        bk = hasil == "BK"
        first_unit = ak.ak02_units(p)[0].pk
        for lembar in Lembar.objects.filter(permohonan=p).select_related("instrumen", "permohonan__asesi"):
            if lembar.instrumen.jenis == JenisIA.IA05:
                _timed_test(lembar, asesor_user, password, wrong=1 if bk else 0)
            else:
                unit_bk = bk and lembar.instrumen.unit_id == first_unit
                _assessor_sheet(lembar, asesor_user, password, bk=unit_bk)
        _ak02(Permohonan.objects.get(pk=p.pk), asesor_user, password, bk=bk)

    # The lead assessor's berita acara, FR.AK.05 and FR.AK.06.
    services.berita_acara_sign(jadwal=jadwal, actor=_signing(asesor_user), ttd=ttd)
    services.ak05_sign(
        jadwal=jadwal,
        isian={"aspek_positif": "Peserta siap dengan perangkat dan koneksi.", "penolakan": "Tidak ada"},
        actor=_signing(asesor_user),
        ttd=ttd,
    )
    services.ak06_sign(
        jadwal=jadwal,
        centang={key: {code for code, _ in criteria} for key, _, criteria in ak.ak06_grid()},
        rekomendasi={},
        temuan="Asesmen jarak jauh berjalan sesuai rencana; koneksi stabil.",
        komentar="",
        actor=_signing(asesor_user),
        ttd=ttd,
    )

    # The pleno decides; the Ketua signs the SK keputusan and the certificate. Signed record by
    # record (the records engine's single signature) rather than by the one-act batch signing,
    # whose Celery task would run only at the seed's commit: the seed's result is whole within
    # its transaction.
    pleno = services.pleno_form(
        jadwal=jadwal,
        anggota=[komite],
        ketua_rapat=komite,
        waktu=timezone.now(),
        tautan="https://meet.example/demo-pleno",
        penandatangan=ketua,
        actor=manajer,
    )
    for p, hasil in candidates:
        services.keputusan_save(
            pleno=pleno,
            permohonan=p,
            hasil=hasil,
            alasan=ALASAN_K if hasil == "K" else ALASAN_BK,
            actor=komite,
        )
    services.sk_keputusan_issue(pleno=pleno, actor=manajer)
    pleno.refresh_from_db()
    for dokumen in pleno_services.sk_documents(pleno):
        records.dokumen_sign(
            dokumen=Dokumen.objects.get(pk=dokumen),
            signer=_signing(ketua),
            secret=password,
            consent=True,
            ip="127.0.0.1",
            user_agent="seed_demo",
        )
    return len(candidates)
