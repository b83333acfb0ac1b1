"""Builders shared by the verifikasi_tuk permission-matrix rows (and any test that works with
the matrix context `c` of tests/test_permission_matrix.py: one user per persona, all with
tests.conftest.PASSWORD).

    tuk = persona_tuk(c)                   # a TUK Sewaktu whose Pengelola is c["pengelola_tuk"]
    p = persona_request(c, upto="evidenced")  # its request taken to a step

The request's verifier is c["asesor"]'s Personel (an assessor profile made once by the
admin_lsp persona, tests.sertifikasi.world.persona_asesor); its scheme is the demo scheme
(tests.sertifikasi.world.demo_scheme); its SPT is signed by c["ketua"]; the request is made by
the pengelola_tuk persona and assigned by the manajer persona. Each builder is idempotent
within a test (a second call returns what the first made), so a row may call it twice.

Who sees a request (permissions.visible_permintaan): staff (admin_lsp, manajer, ketua,
superuser), the TUK's pengelola (pengelola_tuk) and its verifier (asesor); asesor_lain 404;
personas without the module 403 (`visible_statuses`).
"""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.matrix import SIGNED_IN

# use_verifikasi_tuk (admin_lsp, manajer, ketua, pengelola_tuk) or the asesor role opens it.
OPENERS = {"asesor", "asesor_lain", "admin_lsp", "manajer", "ketua", "pengelola_tuk", "superuser"}
STAFF = {"admin_lsp", "manajer", "ketua", "superuser"}  # see every request
TUK_KODE = "TUK-VT-MATRIKS"
VIDEO = "https://meet.example.id/verifikasi-tuk-matriks"
REKAMAN = "https://drive.example.id/rekaman/verifikasi-tuk-matriks.mp4"
REKAMAN_SHA256 = "b" * 64
STEPS = ("diajukan", "ditugaskan", "spt_signed", "evidenced", "sesuai", "tindak_lanjut", "ditetapkan")


def visible_statuses(*, staff=200, pengelola=200, asesor=200, anon=302, **overrides) -> dict:
    """Statuses per persona for a page of the persona request: anonymous `anon` (login
    page), staff `staff`, the TUK's pengelola `pengelola`, its verifier `asesor`, asesor_lain
    404 (not visible), personas without the module 403; `overrides` by persona name."""
    statuses = {"anon": anon}
    for persona in SIGNED_IN:
        if persona in STAFF:
            statuses[persona] = staff
        elif persona == "pengelola_tuk":
            statuses[persona] = pengelola
        elif persona == "asesor":
            statuses[persona] = asesor
        elif persona == "asesor_lain":
            statuses[persona] = 404
        else:
            statuses[persona] = 403
    statuses.update(overrides)
    return statuses


def ttd(secret=PASSWORD):
    from administrasi.services import Tandatangan

    return Tandatangan(secret=secret, consent=True, ip="127.0.0.1", user_agent="pytest")


def png_upload(name="ruang.png", color=(200, 30, 30)):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def session_time(days=1, hour=9):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def persona_skema(c):
    """The demo scheme (with the demo TUK), made once."""
    from muk.demo import KODE
    from muk.models import Skema
    from tests.sertifikasi.world import demo_scheme

    return Skema.objects.filter(kode=KODE).first() or demo_scheme(c)


def persona_verifikator(c):
    """c["asesor"]'s Personel (an assessor profile for the demo scheme, made once)."""
    from tests.sertifikasi.world import persona_asesor

    skema = persona_skema(c)
    return persona_asesor(c, skema, met="MET.000.888888.2024", berlaku=dt.date(2030, 1, 1)).personel


def persona_tuk(c):
    """A TUK Sewaktu whose Pengelola TUK is c["pengelola_tuk"], made once by admin_lsp."""
    from tuk import services as tuk_services
    from tuk.models import Tuk

    found = Tuk.objects.filter(kode=TUK_KODE).first()
    if found:
        return found
    return tuk_services.tuk_create(
        actor=c["admin_lsp"],
        kode=TUK_KODE,
        nama="TUK Sewaktu Matriks Verifikasi",
        jenis="sewaktu",
        alamat="Jl. Pemuda No. 7, Rawamangun",
        kota="Kota Jakarta Timur",
        provinsi="DKI Jakarta",
        kode_pos="13220",
        penanggung_jawab="Rina Marlina",
        penanggung_jawab_telepon="081277779999",
        penanggung_jawab_email="rina@matriks.lsp.id",
        pengelola=c["pengelola_tuk"],
        bandwidth_mbps=Decimal("50"),
        kamera_tersedia=True,
        ruang_sesuai=True,
    )


def persona_request(c, upto="diajukan"):
    """The persona TUK's request, made by the pengelola_tuk persona for the demo scheme and
    taken to `upto` (one of STEPS) through the services:

    diajukan       waiting for a verifier
    ditugaskan     the asesor persona assigned by the manajer, SPT issued for the ketua
    spt_signed     the ketua signed the SPT: the checklist is open
    evidenced      every line answered sesuai, a photo and a speed-test image uploaded
    sesuai         the verifier signed the berita acara "layak"
    tindak_lanjut  ... "layak dengan syarat" with one condition open
    ditetapkan     the ketua signed the SK penetapan (60 days)

    A request already made in this test is taken on from where it is (never backwards)."""
    from verifikasi_tuk import services
    from verifikasi_tuk.models import Permintaan

    assert upto in STEPS, upto
    S = Permintaan.Status
    tuk = persona_tuk(c)
    p = Permintaan.objects.filter(tuk=tuk).order_by("-pk").first()
    if p is None:
        p = services.permintaan_create(
            tuk=tuk,
            jenis="baru",
            skema_ids=[persona_skema(c).pk],
            alasan="TUK baru untuk uji matriks.",
            actor=c["pengelola_tuk"],
        )
    if upto == "diajukan":
        return p
    if p.status == S.DIAJUKAN:
        p = services.verifikator_assign(
            permintaan=p,
            verifikator=persona_verifikator(c),
            tanggal=session_time(),
            tautan_video=VIDEO,
            signer=c["ketua"],
            actor=c["manajer"],
        )
    if upto == "ditugaskan":
        return p
    from administrasi import services as records

    if p.spt.status != p.spt.Status.FINAL:
        records.sign(p.spt, signer=c["ketua"], ttd=ttd())
        p.refresh_from_db()
    if upto == "spt_signed":
        return p
    if p.status == S.DITUGASKAN and not p.bukti.exists():
        answers = {}
        for item in p.ceklis.all():
            answer = {"hasil": "sesuai", "catatan": "Diperiksa di kamera."}
            if item.minimal is not None:
                answer["nilai"] = str(item.minimal)
            answers[item.pk] = answer
        services.ceklis_save(permintaan=p, answers=answers, actor=c["asesor"])
        services.bukti_add(
            permintaan=p, upload=png_upload(), jenis="foto", judul="Ruang asesmen", actor=c["asesor"]
        )
        services.bukti_add(
            permintaan=p,
            upload=png_upload("speedtest.png", (20, 120, 200)),
            jenis="uji_kecepatan",
            judul="Uji kecepatan 55 Mbps",
            actor=c["asesor"],
        )
        p.refresh_from_db()
    if upto == "evidenced":
        return p
    if p.status == S.DITUGASKAN:
        bersyarat = upto == "tindak_lanjut"
        p = services.ceklis_submit(
            permintaan=p,
            rekomendasi="bersyarat" if bersyarat else "layak",
            temuan="Catatan matriks.",
            syarat=["Pasang APAR di ruang asesmen."] if bersyarat else [],
            rekaman_tautan=REKAMAN,
            rekaman_sha256=REKAMAN_SHA256,
            ttd=ttd(),
            actor=c["asesor"],
        )
    if upto in ("sesuai", "tindak_lanjut"):
        return p
    if p.status == S.SESUAI:
        services.sk_issue(
            permintaan=p,
            berlaku_sampai=timezone.localdate() + dt.timedelta(days=60),
            ttd=ttd(),
            actor=c["ketua"],
        )
        p.refresh_from_db()
    return p


def _at_step(upto):
    """The world (tests.matrix.Row.world) of the rows opening the persona request at `upto`:
    made once for the run of them; each row's persona_request(c, upto) then finds it."""

    def world(c):
        persona_request(c, upto=upto)

    world.__name__ = world.__qualname__ = f"at_{upto}"
    return world


AT = {step: _at_step(step) for step in STEPS}
