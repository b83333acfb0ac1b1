"""The staff list of applications (issue 11 item 2; SE-A4.8a, X-10) and what the journey
puts on people's dashboards (sertifikasi/worklist.py). Volume rows are bulk-created: the
list reads them, it does not care how they were made."""

import datetime as dt

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from akun.models import User
from lsp_portal import worklist
from sertifikasi import services
from sertifikasi.models import Permohonan

from .conftest import NIK_L, NIK_P, review_apl02, save_plan, scheduled, ttd

S = Permohonan.Status
LIST = reverse("sertifikasi:permohonan-list")
NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


def grow(skema, start, end, *, status=S.DIAJUKAN):
    """Applications number start..end-1, each of its own account and NIK, the higher the
    number the later submitted."""
    users = User.objects.bulk_create(
        [
            User(email=f"pemohon{n}@uji.lsp.id", nama_lengkap=f"Pemohon {n}", password="!")
            for n in range(start, end)
        ]
    )
    return Permohonan.objects.bulk_create(
        [
            Permohonan(
                asesi=user,
                skema=skema,
                status=status,
                nama=user.nama_lengkap,
                email=user.email,
                nik=f"3273015505{n:06d}",
                putaran=1,
                diajukan_pada=NOW + dt.timedelta(minutes=n),
            )
            for n, user in zip(range(start, end), users, strict=True)
        ]
    )


def queries(client, path, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params or {}).status_code == 200
    return len(captured)


def test_list_reads_the_same_queries_at_10_and_1000_applications(demo, client):
    """Issue 11 speed: the staff list costs the same queries at 10 and 1,000 applications,
    the duplicate marker included (one annotated query, no N+1), on the default view and
    on a search."""
    skema = demo["skema"]
    grow(skema, 0, 10)
    client.force_login(demo["admin"])
    small = (queries(client, LIST), queries(client, LIST, {"status": "", "cari": "pemohon"}))
    grow(skema, 10, 1000)
    # Another account's draft with applicant 999's NIK: a likely duplicate.
    Permohonan.objects.filter(nik="3273015505000998").update(nik="3273015505000999", status=S.DRAFT)
    large = (queries(client, LIST), queries(client, LIST, {"status": "", "cari": "pemohon"}))
    assert small == large
    response = client.get(LIST)
    assert response.context["page"].paginator.count == 999
    assert [p.nama for p in response.context["page"]][:2] == ["Pemohon 999", "Pemohon 997"]
    assert "Halaman 1 dari 40" in response.content.decode()
    assert [p.kemungkinan_duplikat for p in response.context["page"]][:2] == [True, False]


def _row(skema, asesi, *, status, nik, mode="tatap_muka", minutes=0, nama=None):
    return Permohonan.objects.create(
        asesi=asesi,
        skema=skema,
        status=status,
        mode=mode,
        nama=nama or asesi.nama_lengkap,
        email=asesi.email,
        nik=nik,
        putaran=0 if status == S.DRAFT else 1,
        diajukan_pada=None if status == S.DRAFT else NOW + dt.timedelta(minutes=minutes),
    )


def test_filters_search_masking_and_duplicates(demo, client):
    """SE-A4.8a, X-10: waiting applications by default, newest first; filters by status,
    scheme and mode; search by name or e-mail in part and by NIK only whole and only for
    who may see NIKs; NIK masked for staff without the verification right; another account
    with the same NIK (a draft) marked; non-staff 403, anonymous to the login page."""
    skema = demo["skema"]
    sari = _row(skema, demo["asesi"], status=S.DIAJUKAN, nik=NIK_P, minutes=1, nama="Sari Wulandari")
    kembar = _row(skema, demo["asesi2"], status=S.DRAFT, nik=NIK_P, nama="Budi Santoso")
    other = User.objects.create_user("andi@uji.lsp.id", "x", nama_lengkap="Andi Wijaya")
    andi = _row(skema, other, status=S.DIAJUKAN, nik=NIK_L, mode="jarak_jauh", minutes=5)
    waiting = User.objects.create_user("wati@uji.lsp.id", "x", nama_lengkap="Wati")
    wati = _row(skema, waiting, status=S.MENUNGGU_JADWAL, nik="3273015505000123", minutes=9)

    def pks(user, params=None):
        client.force_login(user)
        response = client.get(LIST, params or {})
        assert response.status_code == 200
        return [p.pk for p in response.context["page"]], response.content.decode()

    admin = demo["admin"]
    found, html = pks(admin)
    assert found == [andi.pk, sari.pk]
    assert NIK_P in html and "Kemungkinan duplikat" in html
    assert html.count('badge warn">Kemungkinan duplikat') == 1  # Sari's; Andi has no twin
    assert reverse("sertifikasi:verifikasi", args=[sari.pk]) in html
    assert pks(admin, {"status": ""})[0] == [wati.pk, andi.pk, sari.pk, kembar.pk]
    assert pks(admin, {"status": S.MENUNGGU_JADWAL})[0] == [wati.pk]
    assert pks(admin, {"mode": "jarak_jauh"})[0] == [andi.pk]
    assert pks(admin, {"skema": skema.pk, "status": ""})[0] == [wati.pk, andi.pk, sari.pk, kembar.pk]
    assert pks(admin, {"cari": "wulan"})[0] == [sari.pk]
    assert pks(admin, {"cari": "ANDI@uji"})[0] == [andi.pk]
    assert pks(admin, {"cari": NIK_P, "status": ""})[0] == [sari.pk, kembar.pk]
    assert pks(admin, {"cari": NIK_P[:8], "status": ""})[0] == []  # no partial NIK search

    komite = demo["komite"]
    found, html = pks(komite)
    assert found == [andi.pk, sari.pk]
    assert NIK_P not in html and "************0001" in html
    assert reverse("sertifikasi:verifikasi", args=[sari.pk]) not in html
    assert pks(komite, {"cari": NIK_P})[0] == []

    for persona in ("asesi", "asesor"):
        client.force_login(demo[persona])
        assert client.get(LIST).status_code == 403
    client.logout()
    assert client.get(LIST).status_code == 302


def test_dashboard_items_for_staff(demo, client):
    """Worklist: 'Permohonan menunggu verifikasi' for verify_permohonan holders (never their
    own), linking to the list when several; 'Asesi menunggu jadwal' for manage_jadwal
    holders; nothing for the komite. The home's staff section links to the list."""
    skema = demo["skema"]
    grow(skema, 0, 3)
    _row(skema, demo["admin"], status=S.DIAJUKAN, nik=NIK_L)
    _row(skema, demo["asesi"], status=S.MENUNGGU_JADWAL, nik=NIK_P)

    def items(user):
        return {i.label: (i.count, i.url) for i in worklist.items_for(user)[worklist.TASKS]}

    assert items(demo["admin"])["Permohonan menunggu verifikasi"] == (3, LIST)
    assert "Asesi menunggu jadwal" not in items(demo["admin"])
    assert items(demo["manajer"])["Permohonan menunggu verifikasi"] == (4, LIST)
    assert items(demo["manajer"])["Asesi menunggu jadwal"] == (1, f"{LIST}?status=menunggu_jadwal")
    assert not {"Permohonan menunggu verifikasi", "Asesi menunggu jadwal"} & set(items(demo["komite"]))
    html = render_to_string("sertifikasi/_home_staff.html")
    assert LIST in html and f"{LIST}?status=menunggu_jadwal" in html


def test_dashboard_items_for_assessor_and_applicant(demo):
    """SE-A4.8b–c worklist: the assigned assessor has 'APL.02 menunggu reviu' linking to the
    review; once FR.AK.01 is proposed, whoever signs next has 'FR.AK.01 menunggu tanda
    tangan': the applicant first, then the assessor."""

    def items(user):
        return {i.label: (i.count, i.url) for i in worklist.items_for(user)[worklist.TASKS]}

    asesor, asesi = demo["asesor"], demo["asesi"]
    p = scheduled(demo)
    assert items(asesor)["APL.02 menunggu reviu"] == (1, reverse("sertifikasi:apl02-reviu", args=[p.pk]))
    assert "APL.02 menunggu reviu" not in items(demo["admin"])
    p = review_apl02(demo, p)
    assert "APL.02 menunggu reviu" not in items(asesor)
    p = save_plan(demo, p)
    services.ak01_propose(permohonan=p, actor=asesor)
    sign_url = reverse("sertifikasi:ak01-tandatangan", args=[p.pk])
    assert items(asesi)["FR.AK.01 menunggu tanda tangan"] == (1, sign_url)
    assert "FR.AK.01 menunggu tanda tangan" not in items(asesor)
    p.refresh_from_db()
    services.ak01_sign(permohonan=p, actor=asesi, ttd=ttd())
    assert items(asesor)["FR.AK.01 menunggu tanda tangan"] == (1, sign_url)
    assert "FR.AK.01 menunggu tanda tangan" not in items(asesi)
