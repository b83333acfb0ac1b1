"""The SDM demo seeds once: people per function linked to the demo accounts, the asesor's
MET and scheme, a certificate ending in about 60 days, the IT staff's certificate, and the
asesor's signed declaration for this year (SE-A4.2, SE-A2.1, X-3, X-6)."""

import pytest

from akun.models import AuditEntry, User
from eksekutif.demo import DEMO_PASSWORD
from muk.demo import seed_sample_scheme
from sdm import reminders, selectors
from sdm.demo import seed_sdm_demo
from sdm.models import (
    Asesor,
    Deklarasi,
    KontrakPemeliharaan,
    Pengingat,
    Personel,
    SertifikatKompetensi,
    today,
)

pytestmark = pytest.mark.embedded


@pytest.fixture
def demo_accounts(db):
    from eksekutif.demo import DEMO_ACCOUNTS
    from tests.conftest import make_user

    for email, name, _phone, code in DEMO_ACCOUNTS:
        make_user(email, code, name=name, password=DEMO_PASSWORD)
    seed_sample_scheme()
    return User.objects.get(email="admin@demo.lsp.id")


def test_demo_links_people_to_accounts_with_asesor_and_signed_declaration(
    demo_accounts, django_capture_on_commit_callbacks
):
    """SE-A4.2, X-6: every function has someone; asesor@ has MET, the sample scheme and this
    year's declaration signed through the records engine."""
    with django_capture_on_commit_callbacks(execute=True):
        seed_sdm_demo(actor=demo_accounts, password=DEMO_PASSWORD)
    assert set(Personel.objects.values_list("fungsi", flat=True)) == set(Personel.Fungsi.values)
    for email in ("ketua", "manajer", "komite", "admin", "dewan", "ti", "asesor"):
        assert Personel.objects.filter(user__email=f"{email}@demo.lsp.id").exists(), email
    asesor = Asesor.objects.get(personel__user__email="asesor@demo.lsp.id")
    assert asesor.nomor_met == "MET.000.004321.2024"
    assert [s.kode for s in asesor.skema.all()] == ["SKM/LSP-DEMO/JWD/01/2025"]
    deklarasi = Deklarasi.objects.get(asesor=asesor, tahun=today().year)
    assert deklarasi.dokumen.is_final and deklarasi.dokumen.jenis.kode == "DEKLARASI-ASESOR"
    assert selectors.it_status().ok


def test_demo_certificate_ending_in_60_days_shows_as_a_reminder(demo_accounts):
    """X-3: the demo certificate is on the panel, and today's run sends its 90-day reminder."""
    seed_sdm_demo(actor=demo_accounts, password=DEMO_PASSWORD)
    panel = reminders.upcoming()
    soon = [p for p in panel if p.item.key.startswith("sdm.sertifikat:")]
    assert [p.sisa_hari for p in soon] == [60]
    assert reminders.reminders_send() == 1
    assert Pengingat.objects.get().ambang_hari == 90


def test_demo_twice_creates_nothing_new(demo_accounts):
    """Idempotent: the second run finds every row and writes nothing."""
    seed_sdm_demo(actor=demo_accounts, password=DEMO_PASSWORD)
    models = (Personel, Asesor, SertifikatKompetensi, KontrakPemeliharaan, Deklarasi)
    counts = [m.objects.count() for m in models]
    audit = AuditEntry.objects.count()
    seed_sdm_demo(actor=demo_accounts, password=DEMO_PASSWORD)
    assert [m.objects.count() for m in models] == counts == [9, 1, 3, 1, 1]
    assert AuditEntry.objects.count() == audit
