"""The applicant's dashboard (akun:home) says what their applications ask of them (SE-A4.7:
the asesi always sees their step)."""

from django.urls import reverse

from sertifikasi import services
from sertifikasi.models import Permohonan

from .conftest import verified


def _items(client):
    response = client.get(reverse("akun:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_applicant_sees_their_next_step(demo, client):
    client.force_login(demo["asesi"])
    assert "Permohonan belum diajukan" not in _items(client)
    p = services.permohonan_create(asesi=demo["asesi"], skema=demo["skema"], actor=demo["asesi"])
    html = _items(client)
    assert "Permohonan belum diajukan" in html
    assert reverse("sertifikasi:permohonan-ubah", args=[p.pk]) in html
    Permohonan.objects.filter(pk=p.pk).delete()
    p = verified(demo)
    html = _items(client)
    assert "Isi dan tandatangani asesmen mandiri (FR.APL.02)" in html
    assert reverse("sertifikasi:apl02", args=[p.pk]) in html
    client.force_login(demo["asesi2"])
    html = _items(client)
    assert "Isi dan tandatangani asesmen mandiri (FR.APL.02)" not in html  # someone else's step
    assert reverse("sertifikasi:apl02", args=[p.pk]) not in html
