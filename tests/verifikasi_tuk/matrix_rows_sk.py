"""Permission-matrix rows of the SK penetapan pages (views_sk; SE-A4.4, SE-A4.9, SE-A3.Kb).

The SK page of the persona request (at Sesuai) opens for the Ketua (issue_sk_tuk); others
who see the request 403, asesor_lain 404. The SK list opens for everyone with the module;
recording an SK from outside is for manage_tuk (admin_lsp, ketua). An external SK's PDF is
for those who see the SK: staff and the TUK's pengelola; an assessor 404."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.matrix import SIGNED_IN, Row

from .world import AT, OPENERS, persona_request, persona_skema, persona_tuk, visible_statuses


def _sk_url(c):
    return reverse("verifikasi_tuk:sk-issue", args=[persona_request(c, upto="sesuai").pk])


def _list_url(c):
    persona_request(c, upto="ditetapkan")
    return reverse("verifikasi_tuk:penetapan-list")


def _file_url(c):
    """An SK for the persona TUK recorded from outside the system by admin_lsp, with its PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.hostile_files import valid_pdf
    from verifikasi_tuk import services

    today = timezone.localdate()
    penetapan = services.penetapan_record_external(
        tuk=persona_tuk(c),
        nomor="SK/LUAR/MATRIKS/001",
        tanggal=today - dt.timedelta(days=10),
        skema_ids=[persona_skema(c).pk],
        berlaku_sampai=today + dt.timedelta(days=60),
        berkas=SimpleUploadedFile("sk.pdf", valid_pdf("SK penetapan TUK"), content_type="application/pdf"),
        actor=c["admin_lsp"],
    )
    return reverse("verifikasi_tuk:penetapan-file", args=[penetapan.pk])


def _by(allowed, *, denied_openers=403):
    """200 for `allowed` (and the superuser), `denied_openers` for other openers, 403 for
    personas without the module, 302 for anonymous."""
    statuses = {"anon": 302}
    for persona in SIGNED_IN:
        if persona in allowed or persona == "superuser":
            statuses[persona] = 200
        elif persona in OPENERS:
            statuses[persona] = denied_openers
        else:
            statuses[persona] = 403
    return statuses


ROWS = {
    "verifikasi_tuk:sk-issue": Row(
        visible_statuses(staff=403, pengelola=403, asesor=403, ketua=200, superuser=200),
        url=_sk_url,
        world=AT["sesuai"],
    ),
    "verifikasi_tuk:penetapan-list": Row(_by(OPENERS), url=_list_url, world=AT["ditetapkan"]),
    "verifikasi_tuk:penetapan-external": Row(_by({"admin_lsp", "ketua"})),
    "verifikasi_tuk:penetapan-file": Row(visible_statuses(asesor=404), url=_file_url),
}
