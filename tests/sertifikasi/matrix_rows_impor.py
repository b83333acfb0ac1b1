"""Permission-matrix rows of the collective registration pages (issue 11 item 4, SE-A4.4):
staff who verify applications or manage batches (Admin LSP, Manajer Sertifikasi, Ketua)
open them; everyone else signed in gets 403, anonymous users the login page."""

from tests.matrix import Row, only

IMPORT_STAFF = {"admin_lsp", "manajer", "ketua"}

ROWS = {
    "sertifikasi:impor": Row(only(IMPORT_STAFF)),
    "sertifikasi:impor-templat": Row(only(IMPORT_STAFF)),
}
