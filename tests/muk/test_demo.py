"""The sample scheme (SAMPLE_SCHEME.md) seeds exactly as written, once."""

import pytest

from akun.models import AuditEntry
from muk.demo import KODE, seed_sample_scheme
from muk.models import KUK, Elemen, PersyaratanDasar, Skema, UnitKompetensi

pytestmark = pytest.mark.embedded

# SAMPLE_SCHEME.md §2–3: elements and KUK per unit, in the order of the units table.
SAMPLE_UNITS = [
    ("J.620100.004.02", 2, 4),
    ("J.620100.011.01", 3, 6),
    ("J.620100.017.02", 6, 17),
    ("J.620100.005.02", 2, 9),
    ("J.620100.016.01", 2, 5),
    ("J.620100.019.02", 3, 8),
]


def test_seed_sample_scheme_matches_the_documents_counts(db):
    """SE-A4.6: six units in the sample's order, 18 elements, 49 KUK, header as written."""
    skema = seed_sample_scheme()
    units = list(skema.units.order_by("urutan"))
    assert [
        (u.kode, u.elemen.count(), KUK.objects.filter(elemen__unit=u).count()) for u in units
    ] == SAMPLE_UNITS
    assert (skema.kode, skema.jenis, skema.acuan, skema.masa_berlaku_tahun) == (
        "SKM/LSP-DEMO/JWD/01/2025",
        Skema.Jenis.OKUPASI,
        "SKKNI No. 282 Tahun 2016",
        3,
    )
    assert skema.jarak_jauh_disetujui and skema.nomor_surat_bnsp and skema.tanggal_surat_bnsp
    assert skema.biaya_tatap_muka > skema.biaya_jarak_jauh > 0
    assert [u.kelompok.split(":")[0] for u in units] == ["Kelompok 1"] * 3 + ["Kelompok 2"] * 3


def test_seed_sample_scheme_keeps_the_standards_wording(db):
    """SE-A4.6: KUK text as the sample gives it."""
    seed_sample_scheme()
    kuk = KUK.objects.get(elemen__unit__kode="J.620100.019.02", nomor="1.3")
    assert kuk.teks == (
        "Lisensi, hak cipta dan hak paten tidak dilanggar dalam pemanfaatan komponen reuse tersebut."
    )
    assert (
        Elemen.objects.get(unit__kode="J.620100.017.02", nomor=5).judul == "Membuat program untuk akses file"
    )


def test_seed_sample_scheme_loads_basic_and_administrative_requirements(db):
    """SE-A4.1: basic requirements (alternatives) and the five administrative documents."""
    skema = seed_sample_scheme()
    kinds = list(skema.persyaratan.order_by("urutan").values_list("jenis", flat=True))
    assert kinds.count(PersyaratanDasar.Jenis.ADMINISTRATIF) == 5
    assert len(kinds) == 9


def test_seed_sample_scheme_twice_creates_nothing_new(db):
    """SE-A4.6: idempotent; the second run finds the scheme and writes nothing."""
    first = seed_sample_scheme()
    counts = [m.objects.count() for m in (Skema, UnitKompetensi, Elemen, KUK, PersyaratanDasar)]
    audit = AuditEntry.objects.count()
    second = seed_sample_scheme()
    assert second.pk == first.pk and Skema.objects.filter(kode=KODE).count() == 1
    assert [m.objects.count() for m in (Skema, UnitKompetensi, Elemen, KUK, PersyaratanDasar)] == counts
    assert counts == [1, 6, 18, 49, 9]
    assert AuditEntry.objects.count() == audit


@pytest.fixture
def demo_people(db):
    """The two demo accounts the sample MUK needs (as eksekutif.demo makes them)."""
    from ..conftest import make_user

    return (
        make_user("manajer@demo.lsp.id", "manajer_sertifikasi", password="Demo#LSP2026"),
        make_user("komite@demo.lsp.id", "komite_teknis", password="Demo#LSP2026"),
    )


def test_seed_makes_a_validated_muk_v1_for_every_unit(demo_people):
    """SE-A4.6: the sample scheme's MUK v1: MAPA.01/02 per unit, an IA.01 checklist per unit,
    the sample's IA.05 and IA.07 questions; drafted by the Manajer, FR.VA signed by the Komite."""
    from muk.models import ButirInstrumen, Instrumen, Mapa01, Mapa02, MukVersi
    from muk.selectors import completeness_problems, muk_usable

    manajer, komite = demo_people
    skema = seed_sample_scheme(actor=manajer)
    versi = MukVersi.objects.get(skema=skema)
    assert (versi.nomor, versi.status, versi.disusun_oleh, versi.divalidasi_oleh) == (
        1,
        "tervalidasi",
        manajer,
        komite,
    )
    assert muk_usable(skema) == versi and completeness_problems(versi) == []
    assert versi.dokumen_va.status == "final" and versi.dokumen_va.tanda_tangan.get().penandatangan == komite
    assert Mapa01.objects.filter(versi=versi).count() == 6 and Mapa02.objects.filter(versi=versi).exists()
    kinds = sorted(Instrumen.objects.filter(versi=versi).values_list("jenis", flat=True))
    assert kinds.count("IA.01") == 6 and kinds.count("IA.05") == 6 and kinds.count("IA.07") == 4
    questions = ButirInstrumen.objects.filter(instrumen__versi=versi, instrumen__jenis="IA.05")
    assert questions.count() == 10
    assert all(q.opsi.filter(benar=True).count() == 1 for q in questions)


def test_seed_with_the_muk_twice_creates_nothing_new(demo_people):
    """SE-A4.6: idempotent, MUK included."""
    from muk.models import ButirInstrumen, MukVersi

    manajer, _ = demo_people
    seed_sample_scheme(actor=manajer)
    counts = (MukVersi.objects.count(), ButirInstrumen.objects.count(), AuditEntry.objects.count())
    seed_sample_scheme(actor=manajer)
    assert (MukVersi.objects.count(), ButirInstrumen.objects.count(), AuditEntry.objects.count()) == counts
