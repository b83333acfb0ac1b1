"""Issue 11 item 9: `seed_demo` leaves an application in each state of the journey, made
through the services (so every screen has something to show), and a second run makes nothing."""

from administrasi.models import Dokumen
from eksekutif.demo import seed_demo
from sertifikasi.demo import APPLICANTS, BATCH_NAME, seed_journey_demo
from sertifikasi.models import Jadwal, Permohonan

S = Permohonan.Status


def test_demo_has_each_state_and_is_idempotent(db):
    """SE-A4.7: draft, submitted, returned, verified, waiting, scheduled, AK.01 to sign, AK.01 signed, not accepted."""
    seed_demo()
    by_email = {p.asesi.email: p for p in Permohonan.objects.select_related("asesi", "ak01")}
    states = {email: by_email[email].status for email, *_ in APPLICANTS}
    assert states == {
        "asesi2@demo.lsp.id": S.DRAFT,
        "asesi9@demo.lsp.id": S.DIAJUKAN,
        "asesi3@demo.lsp.id": S.DIKEMBALIKAN,
        "asesi4@demo.lsp.id": S.ASESMEN_MANDIRI,
        "asesi5@demo.lsp.id": S.MENUNGGU_JADWAL,
        "asesi6@demo.lsp.id": S.DIJADWALKAN,
        "asesi@demo.lsp.id": S.PRA_ASESMEN,
        "asesi7@demo.lsp.id": S.SIAP_ASESMEN,
        "asesi8@demo.lsp.id": S.DITOLAK,
    }
    assert by_email["asesi@demo.lsp.id"].ak01.status == Dokumen.Status.DRAFT  # waiting for Sari
    assert by_email["asesi7@demo.lsp.id"].ak01.status == Dokumen.Status.FINAL
    jadwal = Jadwal.objects.get(nama=BATCH_NAME)
    assert jadwal.spt.status == Dokumen.Status.FINAL
    assert jadwal.peserta.count() == 3
    count = Permohonan.objects.count()
    assert seed_journey_demo(password="Demo#LSP2026") == 0
    seed_demo()
    assert Permohonan.objects.count() == count
