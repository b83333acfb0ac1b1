"""Permission-matrix rows for the notification pages (issue 11 item 7, SE-A4.4). Everyone
signed in has a list of their own; a notification opens only for its recipient (the `asesi`
persona here) and is 404 for anyone else; anonymous visitors go to the login page."""

from django.urls import reverse

from tests.matrix import LOGIN_REQUIRED, SIGNED_IN, Row, grid


def _notifikasi(c):
    """A notification for the `asesi` persona, made through notify()."""
    from lsp_portal.notifications import notify

    (row,) = notify(users=c["asesi"], judul="Lengkapi permohonan", pesan="Unggah bukti.", url="/akun/")
    return row


ROWS = {
    "notifikasi:list": Row(LOGIN_REQUIRED),
    # POST: the recipient goes on to the notification's page (302); anyone else 404.
    "notifikasi:open": Row(
        {"anon": 302, **{p: 302 if p == "asesi" else 404 for p in SIGNED_IN}},
        method="post",
        url=lambda c: reverse("notifikasi:open", args=[_notifikasi(c).pk]),
    ),
    "notifikasi:read-all": Row(grid(302, 302), method="post"),
}
