"""Demo TUK verification for the embedded setup (`make run`) and the browser tests, run
through the real services (SE-A4.9): TUK-SWK-001 verified remotely for the sample scheme
and established by an SK penetapan signed by the Ketua (so the journey's batches can be
scheduled there), and TUK-TK-001 (run by tuk@) recommended "layak dengan syarat", waiting
for the TUK's proof of its condition.

Idempotent: a TUK that already has a request is left as it is."""

import datetime as dt
import hashlib
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from administrasi import services as records
from akun.models import User
from lsp_portal import schemes
from sdm.models import Personel
from tuk.models import Tuk

from . import services
from .models import ItemCeklis, Permintaan

SKEMA_KODE = "SKM/LSP-DEMO/JWD/01/2025"
SEWAKTU_KODE = "TUK-SWK-001"
TEMPAT_KERJA_KODE = "TUK-TK-001"
VIDEO = "https://meet.example.id/verifikasi-tuk-demo"
SYARAT_RUANG = (
    "Sediakan ruang asesmen tertutup yang tenang selama asesmen (bukan ruang rapat bersama), "
    "dibuktikan dengan foto ruang dan jadwal pemakaiannya."
)


def _png(name: str, color: tuple[int, int, int]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _ttd(password: str) -> records.Tandatangan:
    return records.Tandatangan(secret=password, consent=True, ip="127.0.0.1", user_agent="seed_demo")


def _session() -> dt.datetime:
    """Tomorrow 09:00 (the assignment wants a session in the future)."""
    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _verified_session(
    *, tuk: Tuk, skema_id: int, pengaju: User, nilai_internet, ruang_sesuai: bool, password: str
) -> Permintaan:
    """A request for `tuk` taken to an open session with every checklist line answered and
    its evidence uploaded (the verifier is the demo assessor; the SPT signed by the Ketua)."""
    manajer = User.objects.get(email="manajer@demo.lsp.id")
    ketua = User.objects.get(email="ketua@demo.lsp.id")
    asesor = User.objects.get(email="asesor@demo.lsp.id")
    p = services.permintaan_create(
        tuk=tuk,
        jenis=Permintaan.Jenis.BARU,
        skema_ids=[skema_id],
        alasan="Data demo: TUK akan dipakai untuk uji kompetensi skema contoh.",
        actor=pengaju,
    )
    p = services.verifikator_assign(
        permintaan=p,
        verifikator=Personel.objects.get(user=asesor),
        tanggal=_session(),
        tautan_video=VIDEO,
        signer=ketua,
        actor=manajer,
    )
    records.sign(p.spt, signer=ketua, ttd=_ttd(password))
    answers = {}
    for item in p.ceklis.all():
        answer = {"hasil": ItemCeklis.Hasil.SESUAI, "catatan": "Diperlihatkan di kamera saat sesi."}
        if item.kategori == ItemCeklis.Kategori.INTERNET:
            answer["nilai"] = str(nilai_internet)
        elif item.minimal is not None:
            answer["nilai"] = str(item.minimal)
        if item.kategori == ItemCeklis.Kategori.RUANG and not ruang_sesuai:
            answer = {
                "hasil": ItemCeklis.Hasil.TIDAK_SESUAI,
                "catatan": "Ruang rapat dipakai bersama; terdengar percakapan dari ruang sebelah.",
            }
        answers[item.pk] = answer
    services.ceklis_save(permintaan=p, answers=answers, actor=asesor)
    services.bukti_add(
        permintaan=p,
        upload=_png("ruang.png", (180, 190, 200)),
        jenis="foto",
        judul="Ruang asesmen",
        actor=asesor,
    )
    services.bukti_add(
        permintaan=p,
        upload=_png("uji-kecepatan.png", (20, 120, 200)),
        jenis="uji_kecepatan",
        judul=f"Uji kecepatan {nilai_internet} Mbps",
        actor=asesor,
    )
    return p


def _submit(p: Permintaan, *, rekomendasi: str, syarat: list[str], temuan: str, password: str) -> Permintaan:
    asesor = User.objects.get(email="asesor@demo.lsp.id")
    rekaman = f"https://drive.example.id/rekaman/verifikasi-{p.tuk.kode.lower()}.mp4"
    return services.ceklis_submit(
        permintaan=p,
        rekomendasi=rekomendasi,
        temuan=temuan,
        syarat=syarat,
        rekaman_tautan=rekaman,
        rekaman_sha256=hashlib.sha256(rekaman.encode()).hexdigest(),
        ttd=_ttd(password),
        actor=asesor,
    )


@transaction.atomic
def seed_verifikasi_demo(password: str) -> None:
    """Needs the demo accounts, the sample scheme, both demo TUK and the demo assessor's
    personnel row (seed after sdm's demo, before the journey's). `password` is the demo
    accounts' (the Ketua and the verifier sign with it)."""
    skema = schemes.by_kode(SKEMA_KODE)
    sewaktu = Tuk.objects.filter(kode=SEWAKTU_KODE).first()
    if skema is not None and sewaktu is not None and not Permintaan.objects.filter(tuk=sewaktu).exists():
        p = _verified_session(
            tuk=sewaktu,
            skema_id=skema.id,
            pengaju=User.objects.get(email="admin@demo.lsp.id"),
            nilai_internet=sewaktu.bandwidth_mbps or 100,
            ruang_sesuai=True,
            password=password,
        )
        p = _submit(p, rekomendasi=Permintaan.Rekomendasi.LAYAK, syarat=[], temuan="", password=password)
        services.sk_issue(
            permintaan=p,
            berlaku_sampai=services.berlaku_maksimal(sewaktu),
            ttd=_ttd(password),
            actor=User.objects.get(email="ketua@demo.lsp.id"),
        )
    tempat_kerja = Tuk.objects.filter(kode=TEMPAT_KERJA_KODE).first()
    if (
        skema is not None
        and tempat_kerja is not None
        and tempat_kerja.pengelola_id is not None
        and not Permintaan.objects.filter(tuk=tempat_kerja).exists()
    ):
        p = _verified_session(
            tuk=tempat_kerja,
            skema_id=skema.id,
            pengaju=tempat_kerja.pengelola,
            nilai_internet=tempat_kerja.bandwidth_mbps or 20,
            ruang_sesuai=False,
            password=password,
        )
        _submit(
            p,
            rekomendasi=Permintaan.Rekomendasi.BERSYARAT,
            syarat=[SYARAT_RUANG],
            temuan="Peralatan dan internet memadai; ruang asesmen belum tenang.",
            password=password,
        )
