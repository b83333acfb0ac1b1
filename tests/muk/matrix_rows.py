"""Permission-matrix rows for the MUK pages (SE-A4.4, SE-A4.6); the scheme pages' rows stay
in tests/test_permission_matrix.py.

The version is drafted by the Manajer Sertifikasi; asesor and admin (use_muk only) see
validated versions, so a draft answers them 404; the review pages need validate_muk.
"""

from decimal import Decimal

from django.urls import reverse

from ..conftest import PASSWORD
from ..matrix import SIGNED_IN, Row, only

MUK_VIEW = {"asesor", "asesor_lain", "admin_lsp", "manajer", "komite", "ketua"}  # akun.use_muk
MUK_MANAGE = {"manajer", "ketua"}  # akun.manage_skema
MUK_VALIDATE = {"komite", "ketua"}  # akun.validate_muk
MUK_AUTHORS = {"manajer", "komite", "ketua", "superuser"}  # manage_skema or validate_muk
# A draft: authors and validators 200; other use_muk staff 404 (not leaked); the rest 403.
DRAFT_VISIBLE = {
    "anon": 302,
    **{p: 200 if p in MUK_AUTHORS else 404 if p in MUK_VIEW else 403 for p in SIGNED_IN},
}


def _muk(c, status="draft"):
    """A one-unit scheme's MUK v1 drafted by the Manajer (MAPA.01/02, an IA.01 checklist of
    one item); submitted, and validated by the Komite, as `status` asks. Returns a dict."""
    from muk import importer, services
    from muk.models import KUK

    skema = services.skema_create(
        actor=c["ketua"],
        kode="SKM/MATRIKS/MUK",
        judul="Skema Matriks MUK",
        jenis="okupasi",
        acuan="SKKNI No. 282 Tahun 2016",
        masa_berlaku_tahun=3,
        biaya_tatap_muka=Decimal("1000000"),
        biaya_jarak_jauh=Decimal("900000"),
    )
    row = {
        "kode_unit": "J.620100.004.02",
        "judul_unit": "Menggunakan Struktur Data",
        "nomor_elemen": 1,
        "judul_elemen": "Mengidentifikasi konsep data",
        "nomor_kuk": "1.1",
        "teks_kuk": "Konsep data diidentifikasi.",
    }
    services.skema_replace_structure(
        skema=skema, units=importer.build_structure([(2, row)]), actor=c["ketua"]
    )
    unit = skema.units.get()
    manajer = c["manajer"]
    versi = services.muk_versi_create(skema=skema, actor=manajer)
    services.mapa01_save(
        versi=versi,
        unit=unit,
        data={
            "pendekatan": "individu",
            "tujuan": "sertifikasi",
            "lingkungan": "simulasi",
            "konteks": "Jarak jauh.",
            "potensi_asesi": 2,
            "kandidat": "Siswa SMK.",
            "bukti": "Demonstrasi.",
        },
        metode={"observasi": "L"},
        actor=manajer,
    )
    services.mapa02_save(versi=versi, unit=unit, cells={("IA.01", 2)}, actor=manajer)
    instrumen = services.instrumen_create(
        versi=versi, unit=unit, jenis="IA.01", judul="Ceklis", actor=manajer
    )
    butir = services.butir_create(instrumen=instrumen, teks="Aktivitas", kuk=KUK.objects.get(), actor=manajer)
    if status in ("diajukan", "tervalidasi"):
        versi = services.muk_versi_submit(versi=versi, actor=manajer)
    if status == "tervalidasi":
        versi = services.muk_versi_validate(
            versi=versi,
            validator=c["komite"],
            temuan={
                "valid": "ya",
                "reliabel": "ya",
                "fleksibel": "ya",
                "adil": "ya",
                "temuan": "Sesuai.",
                "rekomendasi": "Layak.",
            },
            secret=PASSWORD,
            consent=True,
        )
    return {"skema": skema.pk, "nomor": versi.nomor, "unit": unit.pk, "ipk": instrumen.pk, "bpk": butir.pk}


def _struktur(c):
    """A scheme with one unit of one element and one KUK, no MUK (the structure editor's
    objects). Returns a dict of their ids."""
    from muk import services

    skema = services.skema_create(
        actor=c["ketua"],
        kode="SKM/MATRIKS/UNIT",
        judul="Skema Matriks Unit",
        jenis="okupasi",
        acuan="SKKNI No. 282 Tahun 2016",
        masa_berlaku_tahun=3,
        biaya_tatap_muka=Decimal("1000000"),
        biaya_jarak_jauh=Decimal("900000"),
    )
    unit = services.unit_create(skema=skema, kode="J.620100.004.02", judul="Struktur Data", actor=c["ketua"])
    elemen = services.elemen_create(unit=unit, judul="Mengidentifikasi konsep data", actor=c["ketua"])
    kuk = services.kuk_create(elemen=elemen, teks="Konsep data diidentifikasi.", actor=c["ketua"])
    return {"skema": skema.pk, "upk": unit.pk, "epk": elemen.pk, "kpk": kuk.pk}


def _unit_url(name, *keys):
    def build(c):
        ids = _struktur(c)
        return reverse(f"muk:{name}", args=[ids["skema"], *[ids[k] for k in keys]])

    return build


def _persyaratan_tuk_url(name, *, row=False):
    """A scheme with one technical requirement for a TUK (added by the Ketua)."""

    def build(c):
        from muk import services

        skema = services.skema_create(
            actor=c["ketua"],
            kode="SKM/MATRIKS/TUK",
            judul="Skema Matriks Persyaratan TUK",
            jenis="okupasi",
            acuan="SKKNI No. 282 Tahun 2016",
            masa_berlaku_tahun=3,
            biaya_tatap_muka=Decimal("1000000"),
            biaya_jarak_jauh=Decimal("900000"),
        )
        line = services.persyaratan_tuk_add(skema=skema, nama="Laptop", jumlah=2, actor=c["ketua"])
        return reverse(f"muk:{name}", args=[skema.pk, line.pk] if row else [skema.pk])

    return build


# The move buttons post; a GET after the right check answers 405 (require_POST).
MOVE = only(MUK_MANAGE, ok=405)


def _url(name, *keys, status="draft"):
    def build(c):
        m = _muk(c, status)
        return reverse(f"muk:{name}", args=[m["skema"], *[m[k] for k in keys]])

    return build


ROWS = {
    # the structure editor (SE-A4.6): manage_skema only; delete pages GET a confirmation
    "muk:unit-list": Row(only(MUK_MANAGE), url=_unit_url("unit-list")),
    "muk:unit-create": Row(only(MUK_MANAGE), url=_unit_url("unit-create")),
    "muk:unit-detail": Row(only(MUK_MANAGE), url=_unit_url("unit-detail", "upk")),
    "muk:unit-edit": Row(only(MUK_MANAGE), url=_unit_url("unit-edit", "upk")),
    "muk:unit-delete": Row(only(MUK_MANAGE), url=_unit_url("unit-delete", "upk")),
    "muk:unit-move": Row(MOVE, url=_unit_url("unit-move", "upk")),
    "muk:elemen-create": Row(only(MUK_MANAGE), url=_unit_url("elemen-create", "upk")),
    "muk:elemen-edit": Row(only(MUK_MANAGE), url=_unit_url("elemen-edit", "upk", "epk")),
    "muk:elemen-delete": Row(only(MUK_MANAGE), url=_unit_url("elemen-delete", "upk", "epk")),
    "muk:elemen-move": Row(MOVE, url=_unit_url("elemen-move", "upk", "epk")),
    "muk:kuk-create": Row(only(MUK_MANAGE), url=_unit_url("kuk-create", "upk", "epk")),
    "muk:kuk-edit": Row(only(MUK_MANAGE), url=_unit_url("kuk-edit", "upk", "epk", "kpk")),
    "muk:kuk-delete": Row(only(MUK_MANAGE), url=_unit_url("kuk-delete", "upk", "epk", "kpk")),
    "muk:kuk-move": Row(MOVE, url=_unit_url("kuk-move", "upk", "epk", "kpk")),
    # a scheme's technical requirements for a TUK: use_muk reads, manage_skema edits (GET: confirm)
    "muk:persyaratan-tuk": Row(only(MUK_VIEW), url=_persyaratan_tuk_url("persyaratan-tuk")),
    "muk:persyaratan-tuk-edit": Row(
        only(MUK_MANAGE), url=_persyaratan_tuk_url("persyaratan-tuk-edit", row=True)
    ),
    "muk:persyaratan-tuk-delete": Row(
        only(MUK_MANAGE), url=_persyaratan_tuk_url("persyaratan-tuk-delete", row=True)
    ),
    "muk:versi-list": Row(only(MUK_VIEW), url=_url("versi-list", status="tervalidasi")),
    "muk:versi-create": Row(only(MUK_MANAGE), url=_url("versi-create", status="tervalidasi")),  # GET: confirm
    "muk:versi-detail": Row(DRAFT_VISIBLE, url=_url("versi-detail", "nomor")),
    "muk:versi-submit": Row(only(MUK_MANAGE), url=_url("versi-submit", "nomor")),  # GET: confirm
    "muk:versi-review": Row(only(MUK_VALIDATE), url=_url("versi-review", "nomor", status="diajukan")),
    "muk:versi-return": Row(only(MUK_VALIDATE), url=_url("versi-return", "nomor", status="diajukan")),
    # A filled draft never submitted: the only kind that may be deleted. GET: confirm.
    "muk:versi-delete": Row(only(MUK_MANAGE), url=_url("versi-delete", "nomor")),
    "muk:mapa01-edit": Row(only(MUK_MANAGE), url=_url("mapa01-edit", "nomor", "unit")),
    "muk:mapa02-edit": Row(only(MUK_MANAGE), url=_url("mapa02-edit", "nomor", "unit")),
    "muk:instrumen-create": Row(only(MUK_MANAGE), url=_url("instrumen-create", "nomor", "unit")),
    # A validated version's instrument: every use_muk persona may read it.
    "muk:instrumen-detail": Row(
        only(MUK_VIEW), url=_url("instrumen-detail", "nomor", "ipk", status="tervalidasi")
    ),
    "muk:instrumen-edit": Row(only(MUK_MANAGE), url=_url("instrumen-edit", "nomor", "ipk")),
    "muk:instrumen-delete": Row(
        only(MUK_MANAGE), url=_url("instrumen-delete", "nomor", "ipk")
    ),  # GET: confirm
    "muk:butir-create": Row(only(MUK_MANAGE), url=_url("butir-create", "nomor", "ipk")),
    "muk:butir-edit": Row(only(MUK_MANAGE), url=_url("butir-edit", "nomor", "ipk", "bpk")),
    "muk:butir-delete": Row(
        only(MUK_MANAGE), url=_url("butir-delete", "nomor", "ipk", "bpk")
    ),  # GET: confirm
}
