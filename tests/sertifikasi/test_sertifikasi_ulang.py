"""Re-certification (FLOW.md state 18, X-3's link): the holder of an issued certificate that
is not revoked starts a new application for the same scheme with tujuan Sertifikasi ulang,
linked to the certificate, and lands on its form; refused with the reason when an
application for the scheme is open (linked), the certificate is revoked or already renewed,
the scheme is closed; only the holder sees the page (others 404).

Most certificates here are of the older register, as its import records them (no record,
`sumber` impor; the import's service belongs to the register's step); one test takes the
certificate the decision issues (tests/sertifikasi/decision.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from muk.models import Skema
from sertifikasi import services
from sertifikasi.models import Permohonan, Sertifikat
from sertifikasi.services import ulang

from .decision import certificate_of, sk_signed

pytestmark = [pytest.mark.django_db]

S = Permohonan.Status


def imported(holder, skema, *, nomor="LSP/IMPOR/0001", days_left=100, **over) -> Sertifikat:
    """An issued certificate of `holder` for `skema` from the older register, ending in
    `days_left` days."""
    today = timezone.localdate()
    fields = {
        "pemegang": holder,
        "nama": holder.nama_lengkap,
        "nik": "3273015505950001",
        "skema": skema,
        "skema_kode": skema.kode,
        "skema_judul": skema.judul,
        "nomor": nomor,
        "tanggal_terbit": today + dt.timedelta(days=days_left) - dt.timedelta(days=3 * 365),
        "berlaku_sampai": today + dt.timedelta(days=days_left),
        "terbit": True,
        "sumber": Sertifikat.Sumber.IMPOR,
        **over,
    }
    return Sertifikat.objects.create(**fields)


def page(sertifikat):
    return reverse("sertifikasi:sertifikasi-ulang", args=[sertifikat.pk])


def test_holder_starts_a_recertification_and_lands_on_its_form(demo, client):
    """FLOW state 18: a draft for the same scheme, tujuan Sertifikasi ulang, linked to the
    certificate; the applicant lands on the form, and the application's page says which
    certificate it renews."""
    cert = imported(demo["asesi"], demo["skema"])
    client.force_login(demo["asesi"])
    shown = client.get(page(cert)).content.decode()
    assert "Mulai permohonan sertifikasi ulang" in shown and cert.nomor in shown
    response = client.post(page(cert))
    p = Permohonan.objects.get(asesi=demo["asesi"], skema=demo["skema"])
    assert response.status_code == 302 and response["Location"] == reverse(
        "sertifikasi:permohonan-ubah", args=[p.pk]
    )
    assert (p.status, p.tujuan, p.sertifikat_lama_id) == (
        S.DRAFT,
        Permohonan.Tujuan.SERTIFIKASI_ULANG,
        cert.pk,
    )
    assert p.nama == demo["asesi"].nama_lengkap  # prefilled as any new application
    detail = client.get(p.get_absolute_url()).content.decode()
    assert f'Sertifikasi ulang atas sertifikat <span class="mono">{cert.nomor}</span>' in detail


def test_the_certificate_the_decision_issued_can_be_renewed(demo, client):
    """FLOW states 13 -> 18: the holder of a certificate signed with the SK keputusan (their
    application kompeten, closed) starts its re-certification."""
    _, p_k, _ = sk_signed(demo)
    cert = certificate_of(p_k)
    assert cert.terbit and cert.pemegang_id == demo["asesi"].pk
    client.force_login(demo["asesi"])
    assert client.post(page(cert)).status_code == 302
    renewal = Permohonan.objects.exclude(pk=p_k.pk).get(asesi=demo["asesi"], skema=p_k.skema)
    assert renewal.sertifikat_lama_id == cert.pk and renewal.tujuan == Permohonan.Tujuan.SERTIFIKASI_ULANG


def test_only_the_holder_opens_the_page(demo, client):
    """Another applicant, staff and the assessor get 404 for someone's certificate (GET and
    POST, nothing made); anonymous goes to the login page; an unissued one is 404 even to
    its holder."""
    cert = imported(demo["asesi"], demo["skema"])
    for user in (demo["asesi2"], demo["manajer"], demo["admin"], demo["asesor"]):
        client.force_login(user)
        assert client.get(page(cert)).status_code == 404
        assert client.post(page(cert)).status_code == 404
    assert not Permohonan.objects.exists()
    client.logout()
    assert client.get(page(cert)).status_code == 302
    draft = imported(demo["asesi"], demo["skema"], nomor="LSP/IMPOR/0002", terbit=False)
    client.force_login(demo["asesi"])
    assert client.get(page(draft)).status_code == 404


def test_refused_while_an_application_for_the_scheme_is_open_with_a_link_to_it(demo, client):
    """SE-A4.8a edge: one open application per scheme; the page says so and links to it."""
    cert = imported(demo["asesi"], demo["skema"])
    open_ = services.permohonan_create(asesi=demo["asesi"], skema=demo["skema"], actor=demo["asesi"])
    client.force_login(demo["asesi"])
    shown = client.get(page(cert)).content.decode()
    assert "Anda masih memiliki permohonan untuk skema" in shown
    assert f'href="{open_.get_absolute_url()}"' in shown
    assert "Mulai permohonan sertifikasi ulang" not in shown
    response = client.post(page(cert), follow=True)
    assert response.redirect_chain == [(page(cert), 302)]
    assert "Anda masih memiliki permohonan untuk skema" in response.content.decode()
    assert list(Permohonan.objects.values_list("pk", flat=True)) == [open_.pk]


def test_refused_for_a_revoked_certificate(demo, client):
    """X-1: revocation is final; the holder is told to apply for a new certification."""
    cert = imported(
        demo["asesi"], demo["skema"], status=Sertifikat.Status.DICABUT, alasan_status="Pemalsuan bukti."
    )
    client.force_login(demo["asesi"])
    shown = client.get(page(cert)).content.decode()
    assert "telah dicabut" in shown and "Mulai permohonan sertifikasi ulang" not in shown
    client.post(page(cert))
    assert not Permohonan.objects.exists()
    with pytest.raises(services.JourneyError):
        ulang.sertifikasi_ulang_start(sertifikat=cert, actor=demo["asesi"])


def test_refused_when_the_scheme_is_closed_for_applications(demo, client):
    """The scheme no longer active: the reason of services.skema_open_refusal."""
    cert = imported(demo["asesi"], demo["skema"])
    Skema.objects.filter(pk=demo["skema"].pk).update(aktif=False)
    client.force_login(demo["asesi"])
    response = client.post(page(cert), follow=True)
    assert "Skema ini sedang tidak menerima permohonan" in response.content.decode()
    assert "tidak aktif" in response.content.decode()
    assert not Permohonan.objects.exists()


def test_refused_once_renewed_and_for_someone_else(demo):
    """A re-certification that ended kompeten renewed the certificate: no second one. The
    service refuses anyone but the holder."""
    cert = imported(demo["asesi"], demo["skema"])
    with pytest.raises(services.JourneyError) as refused:
        ulang.sertifikasi_ulang_start(sertifikat=cert, actor=demo["asesi2"])
    assert "Hanya pemegang sertifikat" in str(refused.value)
    Permohonan.objects.create(
        asesi=demo["asesi"], skema=demo["skema"], status=S.KOMPETEN, sertifikat_lama=cert, nama="Sari"
    )
    with pytest.raises(services.JourneyError) as refused:
        ulang.sertifikasi_ulang_start(sertifikat=cert, actor=demo["asesi"])
    assert "sudah diperpanjang" in str(refused.value)


def test_a_suspended_or_expired_certificate_may_be_renewed(demo):
    """Only revocation closes the way: a suspended certificate, or one past its end, is
    renewed by a re-certification."""
    expired = imported(demo["asesi"], demo["skema"], days_left=-10)
    p = ulang.sertifikasi_ulang_start(sertifikat=expired, actor=demo["asesi"])
    assert p.sertifikat_lama_id == expired.pk
    suspended = imported(
        demo["asesi2"],
        demo["skema"],
        nomor="LSP/IMPOR/0003",
        status=Sertifikat.Status.DIBEKUKAN,
        alasan_status="Menunggu klarifikasi.",
    )
    assert ulang.sertifikasi_ulang_refusal(suspended, demo["asesi2"]) is None
