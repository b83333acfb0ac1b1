"""Permission-matrix rows of the batch pages (views_jadwal; SE-A4.4, SE-E3).

Staff with use_sertifikasi_staff (admin_lsp, manajer, komite, ketua) and assessors open the
pages; everyone else 403. The batch is the `asesor` persona's: `asesor_lain` (an assessor of
no batch) gets 404 for it. manage_jadwal (manajer, ketua) changes a batch: other staff and the
batch's assessor 403. Only the batch's assessor confirms its SPT."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.matrix import SIGNED_IN, Row

STAFF = {"admin_lsp", "manajer", "komite", "ketua", "superuser"}
MANAGERS = {"manajer", "ketua", "superuser"}


def _statuses(allowed, *, asesor, asesor_lain, ok=200):
    statuses = {"anon": 302, **{p: ok if p in allowed else 403 for p in SIGNED_IN}}
    statuses.update(asesor=asesor, asesor_lain=asesor_lain)
    return statuses


def _ttd():
    from sertifikasi.services import Tandatangan

    return Tandatangan(secret=PASSWORD, consent=True, ip="127.0.0.1", user_agent="matrix")


def _world(c):
    """The demo scheme with its validated MUK (drafted and validated by the demo manajer and
    komite accounts, made here) and the demo verified TUK. Not seed_demo(): its letters
    demo is signed by the first Ketua, which here is the ketua persona with another password."""
    from akun.models import User
    from muk.demo import seed_sample_scheme
    from tests.conftest import make_user
    from tuk.demo import seed_tuk_demo
    from tuk.models import Tuk

    from .conftest import DEMO_PASSWORD

    for email, role in [
        ("manajer@demo.lsp.id", "manajer_sertifikasi"),
        ("komite@demo.lsp.id", "komite_teknis"),
    ]:
        if not User.objects.filter(email=email).exists():
            make_user(email, role, password=DEMO_PASSWORD)
    skema = seed_sample_scheme(actor=User.objects.get(email="manajer@demo.lsp.id"))
    seed_tuk_demo(actor=c["admin_lsp"])
    return skema, Tuk.objects.get(kode="TUK-SWK-001")


def _jadwal(c, *, candidate=False):
    """The demo scheme and TUK (_world); a batch by the manajer persona whose assessor is
    the `asesor` persona (profile for the scheme, this year's declaration), its SPT signed
    by the ketua persona; with `candidate`, the `asesi` persona's application taken through
    APL.02 into it. Returns (jadwal, permohonan)."""
    from administrasi import services as records
    from sdm import services as sdm
    from sertifikasi import services
    from tests.sdm.matrix_rows import _asesor

    from .conftest import all_ok, answer_all, fill_apl01

    skema, tuk = _world(c)
    asesor = _asesor(c)
    sdm.asesor_save(personel=asesor.personel, skema=[skema], actor=c["admin_lsp"])
    sdm.deklarasi_sign(asesor=asesor, signer=c["asesor"], secret=PASSWORD, consent=True)
    mulai = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=14), dt.time(8)))
    jadwal = services.jadwal_create(
        actor=c["manajer"],
        nama="Batch Matriks",
        skema=skema,
        mode="tatap_muka",
        tuk=tuk,
        mulai=mulai,
        selesai=mulai + dt.timedelta(hours=8),
        kuota=5,
        tautan_video="",
        uji_coba=False,
        penandatangan_spt=c["ketua"],
    )
    jadwal = services.jadwal_set_asesor(jadwal=jadwal, asesor_ids=[asesor.pk], actor=c["manajer"])
    records.dokumen_sign(dokumen=jadwal.spt, signer=c["ketua"], secret=PASSWORD, consent=True)
    p = None
    if candidate:
        asesi = c["asesi"]
        p = services.permohonan_create(asesi=asesi, skema=skema, actor=asesi)
        fill_apl01(p, asesi)
        p = services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=_ttd())
        services.permohonan_verify(
            permohonan=p, hasil="diterima", butir=all_ok(p), catatan="", actor=c["admin_lsp"], ttd=_ttd()
        )
        p.refresh_from_db()
        answer_all(p, asesi)
        p = services.apl02_submit(permohonan=p, actor=asesi, ttd=_ttd())
        services.jadwal_add_peserta(jadwal=jadwal, permohonan_ids=[p.pk], actor=c["manajer"])
    return jadwal, p


def _url(name):
    return lambda c: reverse(name, args=[_jadwal(c)[0].pk])


def _keluarkan(c):
    jadwal, p = _jadwal(c, candidate=True)
    return reverse("sertifikasi:jadwal-keluarkan", args=[jadwal.pk, p.pk])


EDIT = _statuses(MANAGERS, asesor=403, asesor_lain=404)

ROWS = {
    "sertifikasi:jadwal-list": Row(_statuses(STAFF, asesor=200, asesor_lain=200)),
    "sertifikasi:jadwal-baru": Row(_statuses(MANAGERS, asesor=403, asesor_lain=403)),
    "sertifikasi:jadwal": Row(_statuses(STAFF, asesor=200, asesor_lain=404), url=_url("sertifikasi:jadwal")),
    "sertifikasi:jadwal-ubah": Row(EDIT, url=_url("sertifikasi:jadwal-ubah")),
    "sertifikasi:jadwal-asesor": Row(EDIT, url=_url("sertifikasi:jadwal-asesor")),
    "sertifikasi:jadwal-peserta": Row(EDIT, url=_url("sertifikasi:jadwal-peserta")),
    "sertifikasi:jadwal-keluarkan": Row(EDIT, url=_keluarkan),
    # POST: the batch's assessor confirms (302 back to the batch); staff who see it 403.
    "sertifikasi:spt-konfirmasi": Row(
        _statuses(set(), asesor=302, asesor_lain=404), method="post", url=_url("sertifikasi:spt-konfirmasi")
    ),
}
