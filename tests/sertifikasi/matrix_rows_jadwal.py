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
    APL.02 into it. Returns (jadwal, permohonan); once per context."""
    from .conftest import join_batch

    key = "jadwal_calon" if candidate else "jadwal"
    if key in c:
        return c[key]
    skema = demo_scheme(c)
    asesor = persona_asesor(c, skema, met="MET.000.999999.2024", berlaku=dt.date(2030, 1, 1))
    jadwal = persona_batch(c, skema, asesor, days=14)
    p = None
    if candidate:
        p = join_batch(c, sign_apl02(persona_verified(c, skema)), jadwal)
    c[key] = jadwal, p
    return jadwal, p


def _batch(c):
    return _jadwal(c)


def _batch_with_candidate(c):
    return _jadwal(c, candidate=True)


def _url(name):
    return lambda c: reverse(name, args=[_jadwal(c)[0].pk])


def _row(expect, name, **kwargs):
    """A row of the batch's pages: one batch for the run of them (Row.world)."""
    return Row(expect, url=_url(name), world=_batch, **kwargs)


def _keluarkan(c):
    jadwal, p = _jadwal(c, candidate=True)
    return reverse("sertifikasi:jadwal-keluarkan", args=[jadwal.pk, p.pk])


EDIT = _statuses(MANAGERS, asesor=403, asesor_lain=404)

ROWS = {
    "sertifikasi:jadwal-list": Row(_statuses(STAFF, asesor=200, asesor_lain=200)),
    "sertifikasi:jadwal-baru": Row(_statuses(MANAGERS, asesor=403, asesor_lain=403)),
    "sertifikasi:jadwal": _row(_statuses(STAFF, asesor=200, asesor_lain=404), "sertifikasi:jadwal"),
    "sertifikasi:jadwal-ubah": _row(EDIT, "sertifikasi:jadwal-ubah"),
    "sertifikasi:jadwal-asesor": _row(EDIT, "sertifikasi:jadwal-asesor"),
    "sertifikasi:jadwal-peserta": _row(EDIT, "sertifikasi:jadwal-peserta"),
    "sertifikasi:jadwal-keluarkan": Row(EDIT, url=_keluarkan, world=_batch_with_candidate),
    # POST: the batch's assessor confirms (302 back to the batch); staff who see it 403.
    "sertifikasi:spt-konfirmasi": _row(
        _statuses(set(), asesor=302, asesor_lain=404), "sertifikasi:spt-konfirmasi", method="post"
    ),
}
