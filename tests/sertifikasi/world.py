"""Builders shared by the sertifikasi tests and their permission-matrix rows.

`asesor_profile` makes an sdm assessor profile (tests/sdm's matrix rows use it too). The rest
builds the rows' world inside tests/test_permission_matrix.py's `ctx` (`c`: one user per
persona, all with tests.conftest.PASSWORD), through the services: the demo scheme and TUK
without the rest of seed_demo (whose demo letter would take the Ketua persona as its
signer), the `asesor` persona's profile, the `asesi` persona's application taken to a step,
and a batch of the `asesor` persona. Who gets what on the journey's pages: `journey_statuses`.
"""

import datetime as dt

from django.utils import timezone

from tests.conftest import PASSWORD
from tests.matrix import SIGNED_IN

STAFF = {"admin_lsp", "manajer", "komite", "ketua", "superuser"}  # use_sertifikasi_staff
NO_JOURNEY_ROLE = {"dewan", "pengelola_tuk", "staf_ti", "auditor", "outsider"}
OTHERS = {"asesi_lain", "asesor_lain"}
DEMO_TUK = "TUK-SWK-001"  # seed_tuk_demo's TUK Sewaktu (demo_scheme verifies it for the scheme)


def journey_statuses(*, asesi: int, staff: int, asesor: int = 404) -> dict:
    """Statuses per persona for a page of the `asesi` persona's application: anonymous 302
    (the login page); the applicant `asesi`, the sertifikasi staff `staff`, the `asesor`
    persona `asesor` (404 unless it is the candidate's assessor); another applicant or
    assessor 404 (not visible); people with no journey role 403 (the module gate)."""
    statuses = {"anon": 302}
    for persona in SIGNED_IN:
        if persona == "asesi":
            statuses[persona] = asesi
        elif persona == "asesor":
            statuses[persona] = asesor
        elif persona in STAFF:
            statuses[persona] = staff
        elif persona in OTHERS:
            statuses[persona] = 404
        else:
            assert persona in NO_JOURNEY_ROLE, persona
            statuses[persona] = 403
    return statuses


def asesor_profile(user, skema=None, *, admin, met, nama="Asesor Matriks", berlaku=None, deklarasi=None):
    """An sdm assessor profile made by `admin` through the sdm services: `user`'s (None: a
    person without an account), active since 2020, MET `met` issued 1 January 2024 and valid
    until `berlaku` (default 1 January 2030), registered for `skema` (None: no scheme). With
    `deklarasi` (the user's password) the user signs this year's declaration."""
    from sdm import services as sdm

    personel = sdm.personel_create(
        actor=admin,
        user=user,
        nama=nama,
        fungsi="asesor",
        jabatan="Asesor",
        nik="",
        telepon="",
        email="",
        aktif_dari=dt.date(2020, 1, 1),
        aktif_sampai=None,
    )
    asesor = sdm.asesor_save(
        personel=personel,
        actor=admin,
        nomor_met=met,
        met_terbit=dt.date(2024, 1, 1),
        met_berlaku_sampai=berlaku or dt.date(2030, 1, 1),
        nomor_sk_penetapan="",
        skema=[skema] if skema else None,
    )
    if deklarasi:
        sdm.deklarasi_sign(asesor=asesor, signer=user, secret=deklarasi, consent=True)
    return asesor


def demo_scheme(c):
    """The demo scheme with its validated MUK, and the demo TUK established for it by an SK
    penetapan (recorded as issued outside the verification app: its demo needs the demo
    accounts). The MUK's demo drafter and validator accounts are made with their roles and
    the demo password."""
    from akun.models import User
    from muk.demo import DEMO_PASSWORD, DRAFTER, VALIDATOR, seed_sample_scheme
    from tests.conftest import make_user
    from tuk import services as tuk_services
    from tuk.demo import seed_tuk_demo
    from tuk.models import Tuk

    for email, role in ((DRAFTER, "manajer_sertifikasi"), (VALIDATOR, "komite_teknis")):
        if not User.objects.filter(email=email).exists():
            make_user(email, role, password=DEMO_PASSWORD)
    skema = seed_sample_scheme(actor=c["manajer"])
    seed_tuk_demo(actor=c["admin_lsp"])
    tuk = Tuk.objects.get(kode=DEMO_TUK)
    if not tuk.skema_ditetapkan.filter(skema=skema).exists():
        tuk_services.penetapan_apply(
            tuk=tuk,
            skema_ids=[skema.pk],
            berlaku_sampai=timezone.localdate() + dt.timedelta(days=90),
            sk_nomor="SK/TUK/MATRIKS/001",
            actor=c["ketua"],
        )
    return skema


def persona_asesor(c, skema, *, met, berlaku=None):
    """The `asesor` persona's profile for `skema` with this year's declaration, made once by
    the admin_lsp persona; its MET valid for a year from today unless `berlaku`."""
    from sdm.models import Asesor

    found = Asesor.objects.filter(personel__user=c["asesor"]).first()
    if found:
        return found
    return asesor_profile(
        c["asesor"],
        skema,
        admin=c["admin_lsp"],
        met=met,
        berlaku=berlaku or timezone.localdate() + dt.timedelta(days=365),
        deklarasi=PASSWORD,
    )


def persona_verified(c, skema, identitas=None):
    """The `asesi` persona's application for `skema`, FR.APL.01 filled with `identitas`
    (conftest's IDENTITAS_P if None) and submitted, verified by the admin_lsp persona: in
    asesmen mandiri."""
    from sertifikasi import services

    from .conftest import all_ok, fill_apl01, ttd

    asesi = c["asesi"]
    p = services.permohonan_create(asesi=asesi, skema=skema, actor=asesi)
    fill_apl01(p, asesi, identitas)
    p = services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=ttd(PASSWORD))
    services.permohonan_verify(
        permohonan=p, hasil="diterima", butir=all_ok(p), catatan="", actor=c["admin_lsp"], ttd=ttd(PASSWORD)
    )
    p.refresh_from_db()
    return p


def sign_apl02(p):
    """Step: the applicant (a persona) answers every KUK K and signs APL.02 of `p` (verified)."""
    from sertifikasi import services

    from .conftest import answer_all, ttd

    answer_all(p, p.asesi)
    return services.apl02_submit(permohonan=p, actor=p.asesi, ttd=ttd(PASSWORD))


def persona_batch(c, skema, asesor, *, nama="Batch Matriks", days=1):
    """A batch of `skema` at the demo TUK `days` from today (tomorrow: inside this year's
    declaration except on 31 December), quota 5, made by the manajer persona with `asesor` as
    its one assessor and its SPT signed by the ketua persona."""
    from administrasi import services as records
    from sertifikasi import services
    from tuk.models import Tuk

    from .conftest import make_jadwal

    tuk = Tuk.objects.get(kode=DEMO_TUK)
    world = {"manajer": c["manajer"], "ketua": c["ketua"], "skema": skema, "tuk": tuk}
    jadwal = make_jadwal(world, days=days, nama=nama, kuota=5)
    jadwal = services.jadwal_set_asesor(jadwal=jadwal, asesor_ids=[asesor.pk], actor=c["manajer"])
    records.dokumen_sign(dokumen=jadwal.spt, signer=c["ketua"], secret=PASSWORD, consent=True)
    return jadwal
