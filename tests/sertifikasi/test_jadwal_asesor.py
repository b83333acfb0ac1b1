"""Assessors of a batch through HTTP (SE-A4.2, X-6, issue 11 items 4 and 5): every assessor
who cannot be chosen is shown with the reason (MET expired on the day, not registered for
the scheme, no declaration this year, a declared conflict with a candidate, an overlapping
batch) and refused when posted anyway; a valid choice issues the numbered SPT asesor for the
chosen signer."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from administrasi.models import Dokumen
from sertifikasi import services
from sertifikasi.models import JadwalAsesor, Konflik

from .conftest import apl02_signed, make_jadwal
from .world import asesor_profile


def asesor(demo, nama, met, *, berlaku=dt.date(2030, 1, 1), skema=True):
    """An assessor profile without an account, made by the admin through the sdm services,
    for the demo scheme unless not `skema` (no declaration)."""
    return asesor_profile(
        None, demo["skema"] if skema else None, admin=demo["admin"], met=met, nama=nama, berlaku=berlaku
    )


def reason_of(html: str, pk: int) -> str:
    """The reason shown under assessor `pk`'s disabled checkbox ("" when choosable)."""
    box = re.search(rf'<input type="checkbox" name="asesor" value="{pk}"[^>]*>', html).group(0)
    if "disabled" not in box:
        return ""
    return re.search(rf'id="asesor-{pk}-alasan">(.*?)</p>', html, re.S).group(1)


def test_each_refused_assessor_shows_its_reason_and_is_refused_on_post(demo, client):
    """SE-A4.2 X-6 (issue 11 item 4): MET expired before the batch, not registered for the
    scheme, no declaration this year, a declared conflict with a candidate, booked in an
    overlapping batch; posting one anyway assigns nobody and names the reason."""
    day = timezone.localdate() + dt.timedelta(days=14)
    expired = asesor(demo, "Asesor Kedaluwarsa", "MET.000.100001.2024", berlaku=day - dt.timedelta(days=1))
    unregistered = asesor(demo, "Asesor Skema Lain", "MET.000.100002.2024", skema=False)
    undeclared = asesor(demo, "Asesor Tanpa Deklarasi", "MET.000.100003.2024")
    dewi = demo["asesor_profil"]

    p = apl02_signed(demo)
    batch = make_jadwal(demo, nama="Batch Konflik", days=14)
    services.jadwal_add_peserta(jadwal=batch, permohonan_ids=[p.pk], actor=demo["manajer"])
    Konflik.objects.create(asesor=dewi, asesi=p.asesi, alasan="Kerabat", dinyatakan_oleh=demo["asesor"])

    client.force_login(demo["manajer"])
    url = reverse("sertifikasi:jadwal-asesor", args=[batch.pk])
    html = client.get(url).content.decode()
    assert "Registrasi MET Asesor Kedaluwarsa berakhir" in reason_of(html, expired.pk)
    assert "tidak terdaftar sebagai asesor skema" in reason_of(html, unregistered.pk)
    year = day.year
    assert (
        f"belum menandatangani pernyataan imparsialitas dan benturan kepentingan tahun {year}"
        in reason_of(html, undeclared.pk)
    )
    assert "menyatakan benturan kepentingan dengan asesi" in reason_of(html, dewi.pk)
    assert "Pernyataan imparsialitas" in html and "sudah ditandatangani" in html

    for refused, text in [
        (dewi, "benturan kepentingan"),
        (expired, "Registrasi MET"),
        (undeclared, "pernyataan imparsialitas"),
    ]:
        response = client.post(url, {"asesor": [refused.pk]})
        assert response.status_code == 200
        assert text in str(response.context["form"].errors["asesor"])
    assert not JadwalAsesor.objects.filter(jadwal=batch).exists()
    batch.refresh_from_db()
    assert batch.spt_id is None and batch.status == "draft"

    # Overlap: Dewi holds a batch on day 21, so another batch that day refuses her.
    held = make_jadwal(demo, nama="Batch Dipegang", days=21, penandatangan_spt=demo["manajer"])
    response = client.post(reverse("sertifikasi:jadwal-asesor", args=[held.pk]), {"asesor": [dewi.pk]})
    assert response.status_code == 302 and response["Location"] == held.get_absolute_url()
    held.refresh_from_db()
    spt = held.spt
    assert spt.jenis.kode == "SPT-ASESOR" and spt.nomor and spt.status == Dokumen.Status.DRAFT
    assert [t.penandatangan for t in spt.tanda_tangan.all()] == [demo["manajer"]]
    assert held.status == "ditetapkan"
    message = str(list(response.wsgi_request._messages)[0])
    assert (
        f"SPT asesor nomor {spt.nomor} versi 1 diterbitkan dan menunggu tanda tangan Agus Pratama" in message
    )

    clash = make_jadwal(demo, nama="Batch Bentrok", days=21)
    html = client.get(reverse("sertifikasi:jadwal-asesor", args=[clash.pk])).content.decode()
    assert "jadwal lain yang waktunya bersinggungan: Batch Dipegang" in reason_of(html, dewi.pk)
    response = client.post(reverse("sertifikasi:jadwal-asesor", args=[clash.pk]), {"asesor": [dewi.pk]})
    assert "bersinggungan" in str(response.context["form"].errors["asesor"])
    assert not JadwalAsesor.objects.filter(jadwal=clash).exists()

    # Staff without manage_jadwal: 403.
    client.force_login(demo["admin"])
    assert client.get(url).status_code == 403
