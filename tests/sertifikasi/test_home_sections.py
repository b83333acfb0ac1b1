"""The journey's home (/sertifikasi/) has a section per role the user holds: the assessor's
batches and candidates, the staff's links (with collective registration for those who may)."""

from django.urls import reverse

from .conftest import scheduled


def test_home_shows_the_assessor_their_batch_and_staff_their_links(demo, client):
    p = scheduled(demo)
    client.force_login(demo["asesor"])
    html = client.get(reverse("sertifikasi:home")).content.decode()
    assert "Tugas asesmen saya" in html
    assert p.jadwal.nama in html
    assert reverse("sertifikasi:apl02-reviu", args=[p.pk]) in html  # the candidate to review
    assert "Proses sertifikasi LSP" not in html

    client.force_login(demo["admin"])
    html = client.get(reverse("sertifikasi:home")).content.decode()
    assert "Proses sertifikasi LSP" in html
    assert reverse("sertifikasi:impor") in html
    client.force_login(demo["komite"])
    html = client.get(reverse("sertifikasi:home")).content.decode()
    assert "Proses sertifikasi LSP" in html
    assert reverse("sertifikasi:impor") not in html  # komite neither verifies nor plans batches
