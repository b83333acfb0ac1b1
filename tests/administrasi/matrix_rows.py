"""Permission-matrix rows (tests/test_permission_matrix.py) for the letters register (SE-A4.5)
and batch signing (X-11)."""

from django.urls import reverse

from ..conftest import PASSWORD
from ..matrix import LOGIN_REQUIRED, SIGNED_IN, Row, grid, only

LETTER_STAFF = {"admin_lsp", "manajer", "ketua"}  # akun.use_administrasi
LETTER_ISSUERS = {"admin_lsp", "ketua"}  # akun.issue_letters


def _batch(c):
    """A batch signing by the Ketua through the service (its task not run: still queued)."""
    from administrasi import services

    return services.dokumen_sign_batch(
        dokumen_ids=[c["dokumen"].pk], signer=c["ketua"], secret=PASSWORD, consent=True
    )


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
}
