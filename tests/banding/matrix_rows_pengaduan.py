"""Permission-matrix rows of complaints (X-5). The public form, its "sent" page and the
verification link answer everyone alike, signed in or not (a wrong link: 404). The staff's
pages are for the banding staff (use_banding_staff: admin_lsp, manajer, ketua; superuser);
others 403, anonymous to the login page. Each row builds its complaint through the services
(a received one, with a PDF attachment), taken to the step its page acts on."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.matrix import PUBLIC, Row, grid, only

STAFF = {"admin_lsp", "manajer", "ketua"}


def _pengaduan(c, step="diterima"):
    """A verified complaint with a PDF attachment, acknowledged / answered by the admin as
    `step` asks."""
    from banding import services_pengaduan as svc
    from tests.hostile_files import valid_pdf

    _, token = svc.pengaduan_file(
        nama_pelapor="Pelapor Matriks",
        email="pelapor@contoh.id",
        subjek="lsp",
        uraian="Layanan lambat.",
        lampiran=SimpleUploadedFile("bukti.pdf", valid_pdf()),
    )
    pengaduan = svc.pengaduan_verify(token=token)
    if step in ("dikonfirmasi", "dijawab"):
        pengaduan = svc.pengaduan_acknowledge(pengaduan=pengaduan, actor=c["admin_lsp"])
    if step == "dijawab":
        pengaduan = svc.pengaduan_respond(
            pengaduan=pengaduan, jawaban="Sudah diperbaiki.", actor=c["admin_lsp"]
        )
    return pengaduan


def _url(name, step="diterima"):
    return lambda c: reverse(name, args=[_pengaduan(c, step).pk])


ROWS = {
    "pengaduan:form": Row(PUBLIC),
    "pengaduan:terkirim": Row(PUBLIC),
    "pengaduan:verifikasi": Row(
        grid(404, 404), url=lambda c: reverse("pengaduan:verifikasi", args=["salah"])
    ),
    "banding:pengaduan-list": Row(only(STAFF)),
    "banding:pengaduan-detail": Row(only(STAFF), url=_url("banding:pengaduan-detail")),
    "banding:pengaduan-lampiran": Row(only(STAFF), url=_url("banding:pengaduan-lampiran")),  # streamed
    "banding:pengaduan-acknowledge": Row(only(STAFF), url=_url("banding:pengaduan-acknowledge")),
    "banding:pengaduan-investigate": Row(
        only(STAFF), url=_url("banding:pengaduan-investigate", "dikonfirmasi")
    ),
    "banding:pengaduan-respond": Row(only(STAFF), url=_url("banding:pengaduan-respond", "dikonfirmasi")),
    "banding:pengaduan-close": Row(only(STAFF), url=_url("banding:pengaduan-close", "dijawab")),
    "banding:pengaduan-terkait": Row(only(STAFF), url=_url("banding:pengaduan-terkait", "dikonfirmasi")),
}
