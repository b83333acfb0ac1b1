"""Permission-matrix rows (tests/test_permission_matrix.py) for the letters register (SE-A4.5)."""

from ..matrix import Row, only

LETTER_STAFF = {"admin_lsp", "manajer", "ketua"}  # akun.use_administrasi
LETTER_ISSUERS = {"admin_lsp", "ketua"}  # akun.issue_letters

ROWS = {
    "administrasi:surat-list": Row(only(LETTER_STAFF)),
    # GET = the issuing form; a POST without the right is 403 before any validation.
    "administrasi:surat-sk-komite-teknis": Row(only(LETTER_ISSUERS)),
}
