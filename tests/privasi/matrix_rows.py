"""Permission-matrix rows (tests/test_permission_matrix.py) for the privacy notice and
"download my data" (UU PDP 27/2022, X-10). akun's other rows live in the main matrix.

The notice is public (version 1 is made after migrate); publishing a new version needs
akun.manage_portal (admin_lsp, ketua); everyone signed in has their own data page (the URL
names nobody's id)."""

from django.urls import reverse

from ..matrix import LOGIN_REQUIRED, PUBLIC, Row, only

PORTAL_STAFF = {"admin_lsp", "ketua"}  # akun.manage_portal (superuser always)

ROWS = {
    "privasi:terkini": Row(PUBLIC),
    "privasi:versi": Row(PUBLIC, url=lambda c: reverse("privasi:versi", args=[1])),
    "akun:privasi-terbitkan": Row(only(PORTAL_STAFF)),
    "akun:data-saya": Row(LOGIN_REQUIRED),
}
