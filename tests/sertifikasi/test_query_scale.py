"""Issue 11 speed: the applicant's pages and the batch pages cost the same number of queries
with 10 and with 1,000 applications in the LSP (the others bulk-created: the pages read
them, they do not care how they were made); the batch pages with 10 and with 1,000
candidates in the batch."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sertifikasi.models import Permohonan

from .conftest import make_jadwal, scheduled
from .test_staff_list import grow

S = Permohonan.Status


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_applicant_pages_cost_the_same_at_10_and_1000_applications(demo, client):
    p = scheduled(demo)
    pages = [
        reverse("sertifikasi:home"),
        p.get_absolute_url(),
        reverse("sertifikasi:apl02", args=[p.pk]),
        reverse("akun:home"),
    ]
    grow(demo["skema"], 0, 10)
    client.force_login(demo["asesi"])
    small = [queries(client, url) for url in pages]
    grow(demo["skema"], 10, 1000)
    assert [queries(client, url) for url in pages] == small


def join(rows, jadwal, asesor):
    Permohonan.objects.filter(pk__in=[r.pk for r in rows]).update(jadwal=jadwal, asesor=asesor)


def test_batch_pages_cost_the_same_with_10_and_1000_candidates(demo, client):
    p = scheduled(demo)
    jadwal = p.jadwal
    other = make_jadwal(demo, days=20, nama="Batch besar", kuota=1000)
    client.force_login(demo["manajer"])
    pages = [
        reverse("sertifikasi:jadwal-list"),
        jadwal.get_absolute_url(),
        reverse("sertifikasi:permohonan-list"),
    ]
    join(grow(demo["skema"], 0, 10, status=S.DIJADWALKAN), other, p.asesor)
    small = [queries(client, url) for url in pages] + [queries(client, other.get_absolute_url())]
    join(grow(demo["skema"], 10, 1000, status=S.DIJADWALKAN), other, p.asesor)
    large = [queries(client, url) for url in pages] + [queries(client, other.get_absolute_url())]
    assert large == small
