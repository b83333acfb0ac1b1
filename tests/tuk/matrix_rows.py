"""Permission-matrix rows for the TUK register (SE-A4.3, SE-A4.4). `tuk:home` (the list)
keeps its row in tests/test_permission_matrix.py."""

from django.urls import reverse

from tests.matrix import PUBLIC, Row, only

TUK_VIEW = {"admin_lsp", "manajer", "ketua", "pengelola_tuk"}  # akun.use_tuk
TUK_MANAGE = {"admin_lsp", "ketua"}  # akun.manage_tuk
# Readiness and facilities: managers; the Pengelola TUK persona is linked to *another* TUK,
# so this one answers 404 for them; use_tuk without a linked TUK (manajer) or no right → 403.
KESIAPAN = {**only(TUK_MANAGE), "pengelola_tuk": 404}


def _tuk(c):
    """A TUK with one facility, made through the services by the Ketua, and a second TUK
    whose Pengelola TUK is the pengelola_tuk persona."""
    from tuk import services

    base = {
        "jenis": "sewaktu",
        "alamat": "Jl. Matriks No. 1",
        "kota": "Kota Bogor",
        "provinsi": "Jawa Barat",
        "penanggung_jawab": "Penanggung Jawab",
        "penanggung_jawab_telepon": "081234567890",
    }
    tuk = services.tuk_create(actor=c["ketua"], kode="TUK-MATRIKS-001", nama="TUK Matriks", **base)
    services.fasilitas_add(tuk=tuk, nama="Laptop", jumlah=2, kondisi="baik", actor=c["ketua"])
    services.tuk_create(
        actor=c["ketua"], kode="TUK-MATRIKS-002", nama="TUK Pengelola", pengelola=c["pengelola_tuk"], **base
    )
    return tuk


def _url(name):
    return lambda c: reverse(name, args=[_tuk(c).pk])


def _fasilitas_url(name):
    def url(c):
        tuk = _tuk(c)
        return reverse(name, args=[tuk.pk, tuk.fasilitas.get().pk])

    return url


def _public_detail_url(c):
    """A TUK verified until a date (the service the SK penetapan calls sets it), public."""
    import datetime as dt

    from django.utils import timezone

    from tuk import services

    tuk = _tuk(c)
    services.tuk_set_status(
        tuk=tuk,
        status="terverifikasi",
        berlaku_sampai=timezone.localdate() + dt.timedelta(days=30),
        actor=c["ketua"],
    )
    return reverse("tuk_public:detail", args=[tuk.pk])


ROWS = {
    # the public pages (issue 12): no login, every persona
    "tuk_public:list": Row(PUBLIC),
    "tuk_public:detail": Row(PUBLIC, url=_public_detail_url),
    "tuk:tuk-create": Row(only(TUK_MANAGE)),
    "tuk:tuk-detail": Row(only(TUK_VIEW), url=_url("tuk:tuk-detail")),
    "tuk:tuk-edit": Row(only(TUK_MANAGE), url=_url("tuk:tuk-edit")),
    "tuk:tuk-status": Row(only(TUK_MANAGE), url=_url("tuk:tuk-status")),  # GET = the form
    "tuk:kesiapan-edit": Row(KESIAPAN, url=_url("tuk:kesiapan-edit")),
    "tuk:fasilitas-add": Row(KESIAPAN, url=_url("tuk:fasilitas-add")),
    "tuk:fasilitas-edit": Row(KESIAPAN, url=_fasilitas_url("tuk:fasilitas-edit")),
    "tuk:fasilitas-delete": Row(KESIAPAN, url=_fasilitas_url("tuk:fasilitas-delete")),  # GET = confirm
}
