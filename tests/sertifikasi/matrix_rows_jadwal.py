"""Permission-matrix rows of the batch pages (views_jadwal; SE-A4.4, SE-E3).

Staff with use_sertifikasi_staff (admin_lsp, manajer, komite, ketua) and assessors open the
pages; everyone else 403. The batch is the `asesor` persona's: `asesor_lain` (an assessor of
no batch) gets 404 for it. manage_jadwal (manajer, ketua) changes a batch: other staff and the
batch's assessor 403. Only the batch's assessor confirms its SPT."""

import datetime as dt

from django.urls import reverse

from tests.matrix import SIGNED_IN, Row

from .world import STAFF, demo_scheme, persona_asesor, persona_batch, persona_verified, sign_apl02

MANAGERS = {"manajer", "ketua", "superuser"}


def _statuses(allowed, *, asesor, asesor_lain, ok=200):
    statuses = {"anon": 302, **{p: ok if p in allowed else 403 for p in SIGNED_IN}}
    statuses.update(asesor=asesor, asesor_lain=asesor_lain)
    return statuses


def _jadwal(c, *, candidate=False):
    """The demo scheme and TUK; a batch two weeks ahead by the manajer persona whose assessor
    is the `asesor` persona (profile for the scheme, this year's declaration), its SPT signed
    by the ketua persona; with `candidate`, the `asesi` persona's application taken through
    APL.02 into it. Returns (jadwal, permohonan)."""
    from .conftest import join_batch

    skema = demo_scheme(c)
    asesor = persona_asesor(c, skema, met="MET.000.999999.2024", berlaku=dt.date(2030, 1, 1))
    jadwal = persona_batch(c, skema, asesor, days=14)
    p = None
    if candidate:
        p = join_batch(c, sign_apl02(persona_verified(c, skema)), jadwal)
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
