"""Permission-matrix rows (tests/test_permission_matrix.py) for the letters register (SE-A4.5)
and batch signing (X-11)."""

from django.urls import reverse

from ..conftest import PASSWORD
from ..matrix import LOGIN_REQUIRED, PUBLIC, SIGNED_IN, Row, grid, in_world, only

LETTER_STAFF = {"admin_lsp", "manajer", "ketua"}  # akun.use_administrasi
LETTER_ISSUERS = {"admin_lsp", "ketua"}  # akun.issue_letters


def _batch(c):
    """A batch signing by the Ketua through the service (its task not run: still queued)."""
    from administrasi import services

    return services.dokumen_sign_batch(
        dokumen_ids=[c["dokumen"].pk], signer=c["ketua"], secret=PASSWORD, consent=True
    )


SOP_OPEN = {"admin_lsp", "manajer", "ketua", "auditor"}  # manage_sop, view_audit, Ketua
SOP_WRITERS = {"admin_lsp", "manajer", "ketua"}  # akun.manage_sop


def _sops(c):
    """SE-A1.1–A1.4: the appeal SOP in force (signed by the Ketua, its PDF made), the remote
    assessment SOP as a draft, and the TUK verification SOP waiting for the Ketua."""
    from django.test import TestCase
    from django.utils import timezone

    from administrasi import services
    from administrasi import sop as svc
    from administrasi.models import Sop

    if Sop.objects.exists():
        return
    today, admin, ketua = timezone.localdate(), c["admin_lsp"], c["ketua"]
    banding = svc.sop_submit(
        sop=svc.sop_draft_start(jenis=Sop.Jenis.BANDING, actor=admin),
        berlaku_mulai=today,
        penandatangan=ketua,
        actor=admin,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.dokumen_sign(dokumen=banding.dokumen, signer=ketua, secret=PASSWORD, consent=True)
    svc.sop_draft_start(jenis=Sop.Jenis.ASESMEN_JJ, actor=admin)
    svc.sop_submit(
        sop=svc.sop_draft_start(jenis=Sop.Jenis.VERIFIKASI_TUK_JJ, actor=admin),
        berlaku_mulai=today,
        penandatangan=ketua,
        actor=admin,
    )


def _sop_url(name, jenis):
    def url(c):
        from administrasi.models import Sop

        return reverse(name, args=[Sop.objects.get(jenis=jenis).pk])

    return url


ROWS = {
    "administrasi:surat-list": Row(only(LETTER_STAFF)),
    # GET = the issuing form; a POST without the right is 403 before any validation.
    "administrasi:surat-sk-komite-teknis": Row(only(LETTER_ISSUERS)),
    # Batch signing: everyone signed in has a list of their own (empty for most).
    "administrasi:tanda-tangan-list": Row(LOGIN_REQUIRED),
    # "Sign all waiting" with nothing waiting: back to the list with a message.
    "administrasi:tanda-tangan-confirm": Row(grid(302, 302), method="post", data={"aksi": "semua"}),
    # A batch holds its signer's evidence: the Ketua's alone, 404 to everyone else.
    "administrasi:tanda-tangan-batch": Row(
        {"anon": 302, **{p: 200 if p == "ketua" else 404 for p in SIGNED_IN}},
        url=lambda c: reverse("administrasi:tanda-tangan-batch", args=[_batch(c).pk]),
    ),
    # SOP repository (SE-A1.1–A1.4): its readers open it; its writers write; others 403.
    **in_world(
        _sops,
        {
            "administrasi:sop-list": Row(only(SOP_OPEN)),
            "administrasi:sop-jenis": Row(
                only(SOP_OPEN), url=lambda c: reverse("administrasi:sop-jenis", args=["banding"])
            ),
            # A kind with no version yet: the writers get a draft and go to its edit page.
            "administrasi:sop-start": Row(
                only(SOP_WRITERS, ok=302),
                method="post",
                url=lambda c: reverse("administrasi:sop-start", args=["melayani-sjj"]),
            ),
            "administrasi:sop-detail": Row(
                only(SOP_OPEN), url=_sop_url("administrasi:sop-detail", "asesmen-jj")
            ),
            "administrasi:sop-edit": Row(
                only(SOP_WRITERS), url=_sop_url("administrasi:sop-edit", "asesmen-jj")
            ),
            "administrasi:sop-submit": Row(
                only(SOP_WRITERS), url=_sop_url("administrasi:sop-submit", "asesmen-jj")
            ),
            # Waiting for the Ketua: its writers and the Ketua may return it; the auditor only
            # reads (sent back to the version's page).
            "administrasi:sop-withdraw": Row(
                {**only(SOP_OPEN), "auditor": 302},
                url=_sop_url("administrasi:sop-withdraw", "verifikasi-tuk-jj"),
            ),
            # The public: the SOP in force (SE-A1.4) and a version that is or was in force.
            "portal:sop-banding-pengaduan": Row(PUBLIC),
            "portal:sop-banding-pengaduan-pdf": Row(PUBLIC),
            "portal:sop-versi-pdf": Row(PUBLIC, url=_sop_url("portal:sop-versi-pdf", "banding")),
        },
    ),
}
