"""Batch pages through HTTP (SE-E3, SE-A4.3): who opens the list and a batch, the list's
order, filters and query count, the batch form in Asia/Jakarta time with the refusals of
issue 11 item 4 on their fields, and the candidates' table of the detail page."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from akun.models import User
from muk.models import Skema
from sertifikasi import services
from sertifikasi.models import Jadwal, Permohonan
from tests.conftest import make_user
from tuk.models import Tuk

from .conftest import make_jadwal

S = Permohonan.Status
LIST = reverse("sertifikasi:jadwal-list")
BARU = reverse("sertifikasi:jadwal-baru")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def form_data(demo, *, days=14, **over):
    """The batch form as a browser posts it: date and time inputs (WIB)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return {
        "nama": "Batch JWD uji",
        "skema": demo["skema"].pk,
        "mode": "tatap_muka",
        "tuk": demo["tuk"].pk,
        "mulai_0": day.isoformat(),
        "mulai_1": "08:00",
        "selesai_0": day.isoformat(),
        "selesai_1": "16:00",
        "kuota": "10",
        "tautan_video": "",
        "penandatangan_spt": demo["ketua"].pk,
        **over,
    }


def candidates(demo, jadwal, n, *, start=0, status=S.DIJADWALKAN):
    """`n` applications in `status` (in `jadwal` when given), written directly: only the
    query-count tests use them, which need many rows and no PDFs."""
    rows = []
    for i in range(start, start + n):
        user = User.objects.create_user(f"calon{i}@uji.lsp.id", "x", nama_lengkap=f"Calon {i:02d}")
        rows.append(
            Permohonan.objects.create(
                asesi=user,
                skema=demo["skema"],
                status=status,
                nama=f"Calon {i:02d}",
                jadwal=jadwal,
                asesor=demo["asesor_profil"] if jadwal else None,
            )
        )
    return rows


def test_list_access_order_filters_and_constant_queries(demo, client):
    """SE-A4.4: staff and assessors open the list, an applicant gets 403 (visible_jadwal is
    empty for them); an assessor without a batch sees none. Upcoming batches come first;
    status, scheme and date filters; the same query count at 2 and 20 batches."""
    client.force_login(demo["asesi"])
    assert client.get(LIST).status_code == 403
    lain = make_user("asesor.lain@uji.lsp.id", "asesor")
    client.force_login(lain)
    response = client.get(LIST)
    assert response.status_code == 200 and "Belum ada jadwal." in response.content.decode()

    first = make_jadwal(demo, nama="Batch Satu", days=10)
    services.jadwal_set_asesor(jadwal=first, asesor_ids=[demo["asesor_profil"].pk], actor=demo["manajer"])
    make_jadwal(demo, nama="Batch Dua", days=20, uji_coba=True)
    client.force_login(demo["manajer"])
    small = queries(client, LIST)
    for i in range(18):
        make_jadwal(demo, nama=f"Batch Tambahan {i:02d}", days=30 + i)
    assert queries(client, LIST) == small

    # A batch already held: after every upcoming one.
    past = make_jadwal(demo, nama="Batch Lalu", days=40)
    Jadwal.objects.filter(pk=past.pk).update(
        mulai=timezone.now() - dt.timedelta(days=3), selesai=timezone.now() - dt.timedelta(days=3, hours=-8)
    )
    html = client.get(LIST).content.decode()
    assert (
        html.index("Batch Satu")
        < html.index("Batch Dua")
        < html.index("Batch Tambahan 17")
        < html.index("Batch Lalu")
    )
    assert "Uji coba" in html and "1/10" not in html and "0/10" in html

    html = client.get(LIST, {"status": "ditetapkan"}).content.decode()
    assert "Batch Satu" in html and "Batch Dua" not in html and "1 jadwal." in html
    later = (timezone.localdate() + dt.timedelta(days=45)).isoformat()
    html = client.get(LIST, {"dari": later}).content.decode()
    assert "Batch Tambahan 17" in html and "Batch Satu" not in html
    assert "21 jadwal." in client.get(LIST, {"skema": demo["skema"].pk}).content.decode()

    # The assessor sees only the batch they are assigned to.
    client.force_login(demo["asesor"])
    html = client.get(LIST).content.decode()
    assert "Batch Satu" in html and "Batch Dua" not in html


def test_batch_form_refusals_on_their_fields_and_wib_time(demo, client):
    """SE-E3, SE-A4.3: remote for a scheme without BNSP remote approval is refused on the
    mode field unless the batch is a trial (uji coba); a TUK whose verification ends before
    the batch is refused on the TUK field, the form lists each TUK's end date; times are
    Asia/Jakarta. Staff without manage_jadwal get 403."""
    client.force_login(demo["admin"])
    assert client.get(BARU).status_code == 403
    client.force_login(demo["manajer"])
    html = client.get(BARU).content.decode()
    until = demo["tuk"].berlaku_sampai
    assert f"verifikasi berlaku sampai {until.day} " in html

    Skema.objects.filter(pk=demo["skema"].pk).update(jarak_jauh_disetujui=False)
    remote = form_data(demo, mode="jarak_jauh", tautan_video="https://meet.example/jwd")
    response = client.post(BARU, remote)
    assert response.status_code == 200
    assert "belum disetujui BNSP untuk sertifikasi jarak jauh" in str(response.context["form"].errors["mode"])
    assert not Jadwal.objects.exists()

    response = client.post(BARU, {**remote, "uji_coba": "on"})
    jadwal = Jadwal.objects.get()
    assert response.status_code == 302 and response["Location"] == jadwal.get_absolute_url()
    assert jadwal.uji_coba and jadwal.mode == "jarak_jauh" and jadwal.status == Jadwal.Status.DRAFT
    assert timezone.localtime(jadwal.mulai).time() == dt.time(8, 0)
    assert jadwal.mulai.astimezone(dt.UTC).time() == dt.time(1, 0)  # WIB is UTC+7
    html = client.get(jadwal.get_absolute_url()).content.decode()
    assert "Uji coba" in html and "https://meet.example/jwd" in html

    Tuk.objects.filter(pk=demo["tuk"].pk).update(berlaku_sampai=timezone.localdate() + dt.timedelta(days=5))
    response = client.post(BARU, form_data(demo, nama="Batch TUK"))
    assert response.status_code == 200
    assert "tidak terverifikasi pada" in str(response.context["form"].errors["tuk"])
    assert not Jadwal.objects.filter(nama="Batch TUK").exists()


def test_detail_lists_candidates_with_constant_queries(demo, client):
    """The detail page: candidates with status and assessor, the same query count at 2 and 6
    candidates; an assessor of another batch gets 404, an applicant 403."""
    jadwal = make_jadwal(demo)
    jadwal = services.jadwal_set_asesor(
        jadwal=jadwal, asesor_ids=[demo["asesor_profil"].pk], actor=demo["manajer"]
    )
    candidates(demo, jadwal, 2)
    url = jadwal.get_absolute_url()
    client.force_login(demo["manajer"])
    small = queries(client, url)
    candidates(demo, jadwal, 4, start=2)
    assert queries(client, url) == small
    html = client.get(url).content.decode()
    assert "Calon 05" in html and "Terjadwal" in html and "Dewi Lestari" in html
    assert (
        reverse("sertifikasi:jadwal-keluarkan", args=[jadwal.pk, Permohonan.objects.get(nama="Calon 05").pk])
        in html
    )

    client.force_login(make_user("asesor.lain@uji.lsp.id", "asesor"))
    assert client.get(url).status_code == 404
    client.force_login(demo["asesi"])
    assert client.get(url).status_code == 403
    # The batch's assessor sees it, without the managers' actions.
    client.force_login(demo["asesor"])
    html = client.get(url).content.decode()
    assert "Calon 05" in html and "Keluarkan" not in html and "Ubah jadwal" not in html
