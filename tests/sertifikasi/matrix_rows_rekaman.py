"""Permission-matrix rows of the session recordings (views_rekaman; X-9, SE-A3.Kb).

The batch is the `asesor` persona's, with the `asesi` persona's application in it. Who sees
the recordings: the batch's assessor, sertifikasi staff (use_sertifikasi_staff, the komite
too) and the Auditor Internal; everyone else gets 404, the batch's candidate included. The
auditor only reads: adding (the two JSON steps of a direct upload) answers 403. An empty
POST to those steps is not JSON: 400 for who may add. The recording of the file row is a
link, so its file view redirects to it (302) whatever the storage."""

from django.urls import reverse

from tests.matrix import SIGNED_IN, Row, in_world

from .world import STAFF, demo_scheme, persona_asesor, persona_batch, persona_verified, sign_apl02

SHA = "0123456789abcdef" * 4


def _statuses(ok, *, auditor):
    statuses = {"anon": 302, **{p: 404 for p in SIGNED_IN}}
    statuses.update({p: ok for p in STAFF | {"asesor"}}, auditor=auditor)
    return statuses


def _jadwal(c):
    """The `asesor` persona's batch two weeks ahead, the `asesi` persona's application in it;
    once per context."""
    from .conftest import join_batch

    if "rekaman_jadwal" in c:
        return c["rekaman_jadwal"]
    skema = demo_scheme(c)
    asesor = persona_asesor(c, skema, met="MET.000.777777.2024")
    jadwal = persona_batch(c, skema, asesor, days=14)
    join_batch(c, sign_apl02(persona_verified(c, skema)), jadwal)
    c["rekaman_jadwal"] = jadwal
    return jadwal


def _url(name):
    return lambda c: reverse(f"sertifikasi:{name}", args=[_jadwal(c).pk])


def _file(c):
    from sertifikasi import services

    jadwal = _jadwal(c)
    rekaman = services.rekaman_link_add(
        jadwal=jadwal,
        judul="Rekaman matriks",
        tautan="https://video.lsp.example/matriks.mp4",
        sha256=SHA,
        actor=c["asesor"],
    )
    return reverse("sertifikasi:rekaman-file", args=[jadwal.pk, rekaman.pk])


# One batch for every row (Row.world).
ROWS = in_world(
    _jadwal,
    {
        "sertifikasi:rekaman": Row(_statuses(200, auditor=200), url=_url("rekaman")),
        "sertifikasi:rekaman-mulai": Row(
            _statuses(400, auditor=403), method="post", url=_url("rekaman-mulai")
        ),
        "sertifikasi:rekaman-selesai": Row(
            _statuses(400, auditor=403), method="post", url=_url("rekaman-selesai")
        ),
        "sertifikasi:rekaman-file": Row(_statuses(302, auditor=302), url=_file),
    },
)
