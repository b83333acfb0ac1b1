"""Candidates of a batch through HTTP (issue 11 item 4): who waits for this scheme and mode,
who cannot join and why, the quota (all or nothing), and taking a candidate out with a
reason."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akun.models import Role, User
from sertifikasi import services
from sertifikasi.models import Permohonan

from .conftest import (
    DEMO_PASSWORD,
    IDENTITAS_L,
    IDENTITAS_P,
    apl02_signed,
    make_jadwal,
    scheduled,
    submitted,
    ttd,
)

S = Permohonan.Status
# A man born 12-03-1988 in Kota Bandung.
IDENTITAS_3 = {
    **IDENTITAS_P,
    "nama": "Cahya Putra",
    "nik": "3273011203880003",
    "tanggal_lahir": dt.date(1988, 3, 12),
    "jenis_kelamin": "L",
    "email": "asesi3@uji.lsp.id",
}


def third_applicant():
    user = User.objects.create_user("asesi3@uji.lsp.id", DEMO_PASSWORD, nama_lengkap="Cahya Putra")
    user.groups.add(Role.objects.get(code=Role.Code.ASESI).group)
    return user


def errors(response) -> str:
    return str(response.context["form"].errors.get("peserta", ""))


def test_quota_and_unverified_candidate_add_nobody_then_remove_with_reason(demo, client):
    """Issue 11 item 4: more candidates than the quota adds nobody; a candidate whose
    application is not verified is refused by name and the valid one with it is not added
    either (all or nothing); a valid one is added to the batch's assessor; taking them out
    needs a reason and sends them back to waiting for a batch."""
    p1 = apl02_signed(demo)
    p2 = apl02_signed(demo, asesi=demo["asesi2"], data=IDENTITAS_L)
    p3 = submitted(demo, asesi=third_applicant(), data=IDENTITAS_3)
    jadwal = make_jadwal(demo, kuota=1)
    jadwal = services.jadwal_set_asesor(
        jadwal=jadwal, asesor_ids=[demo["asesor_profil"].pk], actor=demo["manajer"]
    )
    url = reverse("sertifikasi:jadwal-peserta", args=[jadwal.pk])

    client.force_login(demo["manajer"])
    html = client.get(url).content.decode()
    assert f'name="peserta" value="{p1.pk}"' in html and f'name="peserta" value="{p2.pk}"' in html
    assert f'name="peserta" value="{p3.pk}"' not in html
    assert "Permohonan Cahya Putra belum diverifikasi Admin LSP." in html
    assert "sisa 1" in html

    response = client.post(url, {"peserta": [p1.pk, p2.pk]})
    assert response.status_code == 200
    assert "Melebihi kuota: jadwal ini berkuota 1" in errors(response)
    response = client.post(url, {"peserta": [p1.pk, p3.pk]})
    assert "Permohonan Cahya Putra belum diverifikasi Admin LSP." in errors(response)
    for p in (p1, p2, p3):
        p.refresh_from_db()
        assert p.jadwal_id is None
    assert (p1.status, p2.status, p3.status) == (S.MENUNGGU_JADWAL, S.MENUNGGU_JADWAL, S.DIAJUKAN)

    response = client.post(url, {"peserta": [p1.pk]})
    assert response.status_code == 302 and response["Location"] == jadwal.get_absolute_url()
    p1.refresh_from_db()
    assert (
        p1.status == S.DIJADWALKAN and p1.jadwal_id == jadwal.pk and p1.asesor_id == demo["asesor_profil"].pk
    )
    assert "sisa 0" in client.get(url).content.decode()

    keluarkan = reverse("sertifikasi:jadwal-keluarkan", args=[jadwal.pk, p1.pk])
    assert client.get(keluarkan).status_code == 200
    response = client.post(keluarkan, {"alasan": "  "})
    assert response.status_code == 200 and "Tulis alasan" in str(response.context["form"].errors["alasan"])
    p1.refresh_from_db()
    assert p1.status == S.DIJADWALKAN
    response = client.post(keluarkan, {"alasan": "Asesi sakit pada tanggal asesmen."})
    assert response.status_code == 302
    p1.refresh_from_db()
    assert p1.status == S.MENUNGGU_JADWAL and p1.jadwal_id is None and p1.asesor_id is None
    # Not a candidate of this batch (any more): 404.
    assert client.get(keluarkan).status_code == 404

    # The batch's assessor sees the batch but does not change it.
    client.force_login(demo["asesor"])
    assert client.get(url).status_code == 403
    assert client.get(reverse("sertifikasi:jadwal-ubah", args=[jadwal.pk])).status_code == 403


def test_candidate_whose_apl02_recommends_not_to_proceed_is_refused(demo, client):
    """Issue 11 item 4: an APL.02 recommendation not to proceed (status dihentikan) keeps the
    candidate out of any batch: shown with the reason, refused when posted."""
    p = scheduled(demo)
    p = services.apl02_review(
        permohonan=p,
        rekomendasi="tidak_dapat",
        catatan="Bukti belum relevan.",
        actor=demo["asesor"],
        ttd=ttd(),
    )
    assert p.status == S.DIHENTIKAN
    other = make_jadwal(demo, nama="Batch Berikutnya", days=30)
    url = reverse("sertifikasi:jadwal-peserta", args=[other.pk])
    client.force_login(demo["manajer"])
    html = client.get(url).content.decode()
    reason = "APL.02 Sari Wulandari direkomendasikan asesmen tidak dapat dilanjutkan."
    assert reason in html and f'name="peserta" value="{p.pk}"' not in html
    response = client.post(url, {"peserta": [p.pk]})
    assert response.status_code == 200 and reason in errors(response)
    p.refresh_from_db()
    assert p.status == S.DIHENTIKAN and not other.peserta.exists()


def test_candidates_page_constant_queries(demo, client):
    """The candidates page reads the same number of queries for 2 and 6 waiting candidates
    and 2 and 6 who cannot join (rows written directly: no PDFs needed here)."""
    jadwal = make_jadwal(demo)
    url = reverse("sertifikasi:jadwal-peserta", args=[jadwal.pk])
    client.force_login(demo["manajer"])

    def grow(start, n):
        for i in range(start, start + n):
            for status in (S.MENUNGGU_JADWAL, S.ASESMEN_MANDIRI):
                user = User.objects.create_user(
                    f"calon{status}{i}@uji.lsp.id", "x", nama_lengkap=f"Calon {i}"
                )
                Permohonan.objects.create(
                    asesi=user, skema=demo["skema"], status=status, nama=f"Calon {status} {i}"
                )

    grow(0, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(2, 4)
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert len(large) == len(small)
    assert "Calon menunggu_jadwal 5" in html and "Calon asesmen_mandiri 5 belum menandatangani" in html
