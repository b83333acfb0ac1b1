"""The appeal's pages through HTTP (FLOW.md §3, SE-A4.8j, SE-A4.13, X-6): the BK candidate's
"Ajukan banding", FR.AK.04 filed and acknowledged with its number; every refusal an Indonesian
message with what was entered kept; another candidate 404; the staff's path from the
registration to the SK signed by the Ketua; the list's queries constant; the deadline
reminders once per threshold.

The decided candidate (asesi2 belum kompeten, SK keputusan signed) is built once per module
(test_banding's `_decided`); each test runs in a savepoint of it."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from banding import tasks
from banding.models import AnggotaPanel, Banding
from lsp_portal.models import Notifikasi
from sertifikasi.models import Permohonan
from tests import hostile_files as hostile
from tests.hostile_files import valid_pdf

from .conftest import DEMO_PASSWORD
from .test_banding import (  # the module's own decided candidate (`_decided`) and `w`
    ALASAN,
    ALASAN_KEPUTUSAN,
    decided_fixture,  # noqa: F401
    file,
    sent,
    set_decision_sent,
    under_review,
    world_fixture,  # noqa: F401
)

pytestmark = [pytest.mark.django_db]
S = Banding.Status


def _post_ak04(client, w, **over):
    data = {
        "dijelaskan": "ya",
        "didiskusikan": "ya",
        "didampingi": "tidak",
        "alasan": ALASAN,
        "secret": DEMO_PASSWORD,
        "consent": "on",
        "bukti": [SimpleUploadedFile("bukti-praktik.pdf", valid_pdf(), content_type="application/pdf")],
        **over,
    }
    from tests.conftest import clear_own_cache

    clear_own_cache()
    return client.post(reverse("banding:ajukan", args=[w.keputusan.pk]), data)


def _page(response) -> str:
    return response.content.decode()


def test_se_a4_8j_bk_candidate_files_appeal_from_decision_and_reads_it(client, w):
    """The decided application offers "Ajukan banding" while the window is open; FR.AK.04
    is filed, acknowledged with its number and a link to the record; the link is gone once
    an appeal is open."""
    client.force_login(w.asesi)
    ajukan = reverse("banding:ajukan", args=[w.keputusan.pk])
    assert ajukan in _page(client.get(w.keputusan.permohonan.get_absolute_url()))
    response = _post_ak04(client, w)
    assert response.status_code == 302, response.context["form"].errors
    banding = Banding.objects.get(keputusan=w.keputusan)
    assert response.status_code == 302 and response["Location"] == banding.get_absolute_url()
    page = _page(client.get(banding.get_absolute_url()))
    assert banding.nomor in page and banding.ak04.get_absolute_url() in page
    # SE-A1.4: the SOP version in force when filed, linked from the appeal (its PDF).
    assert banding.sop is not None and reverse("portal:sop-versi-pdf", args=[banding.sop_id]) in page
    assert f"{banding.sop.nomor} versi {banding.sop.versi}" in page
    assert "Diajukan" in page and banding.batas_keputusan.strftime("%Y") in page
    assert "bukti-praktik.pdf" in page
    assert ajukan not in _page(client.get(w.keputusan.permohonan.get_absolute_url()))


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"secret": "salah-sandi"}, "sandi"),
        ({"consent": ""}, "persetujuan"),
        ({"alasan": ""}, "Tulis alasan banding Anda."),
        ({"dijelaskan": ""}, "Pilih Ya atau Tidak."),
        (
            {"bukti": [SimpleUploadedFile("bukti.pdf", b"<html><script>x</script></html>")]},
            "Bukti banding",
        ),
        ({"bukti": [SimpleUploadedFile("bukti.pdf", hostile.javascript_pdf())]}, "berisi JavaScript."),
        ({"bukti": [SimpleUploadedFile("bukti.pdf", hostile.truncated_pdf())]}, "rusak atau tidak lengkap"),
    ],
    ids=["password", "consent", "reason", "question", "html-named-pdf", "pdf-javascript", "truncated-pdf"],
)
def test_se_a4_8j_refused_filing_says_why_and_keeps_what_was_entered(client, w, over, message):
    client.force_login(w.asesi)
    response = _post_ak04(client, w, **over)
    page = _page(response)
    assert response.status_code == 200 and message.lower() in page.lower()
    if over.get("alasan", ALASAN):
        assert ALASAN in page
    assert not Banding.objects.filter(keputusan=w.keputusan).exists()


def test_se_a4_8j_after_the_window_the_page_says_so_and_no_link(client, w):
    set_decision_sent(w, days_ago=30)
    client.force_login(w.asesi)
    page = _page(client.get(reverse("banding:ajukan", args=[w.keputusan.pk])))
    assert "Batas waktu banding telah lewat" in page and 'name="alasan"' not in page
    permohonan_page = _page(client.get(w.keputusan.permohonan.get_absolute_url()))
    assert reverse("banding:ajukan", args=[w.keputusan.pk]) not in permohonan_page
    assert "Batas waktu banding telah lewat" in _page(_post_ak04(client, w))


def test_se_a4_8j_second_filing_while_one_is_open_is_refused_on_the_page(client, w):
    """SE-A4.8j edge over HTTP: the same form sent again (a second tab, a double click) while the
    first appeal is open: the page says which appeal is still being handled; nothing new."""
    client.force_login(w.asesi)
    assert _post_ak04(client, w).status_code == 302
    first = Banding.objects.get(keputusan=w.keputusan)
    response = _post_ak04(client, w)
    assert response.status_code == 200
    assert f"Banding {first.nomor} atas keputusan ini masih diproses" in _page(response)
    assert Banding.objects.filter(keputusan=w.keputusan).count() == 1


def test_se_a4_13_another_candidate_gets_404(client, w):
    banding = file(w)
    client.force_login(w.demo["asesi"])
    assert client.get(banding.get_absolute_url()).status_code == 404
    assert client.get(reverse("banding:ajukan", args=[w.keputusan.pk])).status_code == 404
    bukti = banding.bukti.get()
    assert client.get(reverse("banding:bukti", args=[banding.pk, bukti.pk])).status_code == 404


def test_se_a4_8j_x_6_staff_path_to_a_signed_sk(client, w):
    """Admin registers; the Manajer's panel with an involved member is refused naming them
    (choices kept), then formed; a member records the hearing and decides; the Ketua signs
    the SK on the records engine's page; the candidate reads the result and the SK."""
    banding = file(w)
    client.force_login(w.demo["admin"])
    assert "Terlambat" not in _page(client.get(reverse("banding:daftar")))
    assert client.post(reverse("banding:registrasi", args=[banding.pk])).status_code == 302
    client.force_login(w.demo["manajer"])
    panel_url = reverse("banding:panel", args=[banding.pk])
    involved = w.demo["komite"]  # decided the pleno appealed
    data = {
        "anggota": [u.pk for u in w.panel[:2]] + [involved.pk],
        "ketua_tim": w.panel[0].pk,
        "penandatangan": w.demo["ketua"].pk,
    }
    page = _page(client.post(panel_url, data))
    assert "tidak boleh terlibat" in page and (involved.nama_lengkap or involved.email) in page
    assert re.search(rf'<input[^>]*value="{involved.pk}"[^>]*checked', page)  # the choices kept
    assert not AnggotaPanel.objects.filter(banding=banding).exists()
    data["anggota"] = [u.pk for u in w.panel]
    assert client.post(panel_url, data).status_code == 302
    client.force_login(w.panel[1])
    assert banding.nomor in _page(client.get(reverse("banding:daftar")))
    sidang = {"waktu": "2026-01-10T10:00", "tautan": "http://tidak-aman.example", "catatan": "Asesi hadir."}
    page = _page(client.post(reverse("banding:sidang", args=[banding.pk]), sidang))
    assert "https://" in page and "Asesi hadir." in page
    sidang["tautan"] = "https://meet.example.id/banding"
    assert client.post(reverse("banding:sidang", args=[banding.pk]), sidang).status_code == 302
    page = _page(
        client.post(reverse("banding:putuskan", args=[banding.pk]), {"hasil": "ditolak", "alasan": ""})
    )
    assert "Tulis alasan keputusan banding." in page
    client.post(
        reverse("banding:putuskan", args=[banding.pk]), {"hasil": "ditolak", "alasan": ALASAN_KEPUTUSAN}
    )
    banding.refresh_from_db()
    assert banding.status == S.DIPUTUSKAN
    client.force_login(w.asesi)
    assert ALASAN_KEPUTUSAN not in _page(client.get(banding.get_absolute_url()))
    client.force_login(w.demo["ketua"])
    sign_url = reverse("administrasi:dokumen-sign", args=[banding.sk_id])
    assert sign_url in _page(client.get(banding.get_absolute_url()))
    from tests.conftest import clear_own_cache

    clear_own_cache()
    client.post(sign_url, {"secret": DEMO_PASSWORD, "consent": "on"})
    banding.refresh_from_db()
    assert banding.status == S.DISAMPAIKAN
    client.force_login(w.asesi)
    page = _page(client.get(banding.get_absolute_url()))
    assert ALASAN_KEPUTUSAN in page and banding.sk.nomor in page and "Keputusan disampaikan" in page


def _list_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("banding:daftar"))  # warm the session and caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("banding:daftar")).status_code == 200
    return len(ctx.captured_queries)


def test_se_a4_13_list_queries_constant_at_2_and_20_appeals(client, w):
    base = {
        "keputusan": w.keputusan,
        "asesi": w.asesi,
        "dijelaskan": True,
        "didiskusikan": True,
        "didampingi": False,
        "alasan_banding": ALASAN,
        "diajukan_pada": timezone.now(),
        "batas_keputusan": timezone.localdate() - dt.timedelta(days=1),
        "status": S.DISAMPAIKAN,
        "hasil": "ditolak",
        "alasan_keputusan": ALASAN_KEPUTUSAN,
    }
    Banding.objects.bulk_create([Banding(nomor=f"T/{n}", **base) for n in range(2)])
    two = _list_queries(client, w.demo["admin"])
    Banding.objects.bulk_create([Banding(nomor=f"T/{n}", **base) for n in range(2, 20)])
    assert _list_queries(client, w.demo["admin"]) == two


def test_se_a4_8j_deadline_reminders_once_per_threshold(w):
    """7 days before batas_keputusan and once overdue: the panel and the Manajer, once each."""
    banding = under_review(w)
    Banding.objects.filter(pk=banding.pk).update(batas_keputusan=timezone.localdate() + dt.timedelta(days=7))
    people = {*w.panel, w.demo["manajer"]}

    def told(kunci_part):
        return set(
            Notifikasi.objects.filter(
                kunci__contains=kunci_part, kunci__endswith=f"-{banding.pk}"
            ).values_list("penerima_id", flat=True)
        )

    tasks.banding_deadline_reminders()
    tasks.banding_deadline_reminders()
    assert told("banding-batas-7") >= {u.pk for u in people}
    n = Notifikasi.objects.count()
    Banding.objects.filter(pk=banding.pk).update(batas_keputusan=timezone.localdate() - dt.timedelta(days=1))
    tasks.banding_deadline_reminders()
    assert told("banding-terlambat") >= {u.pk for u in people}
    tasks.banding_deadline_reminders()
    assert Notifikasi.objects.count() == n + len(told("banding-terlambat"))


def test_se_a4_8j_public_sop_gives_the_deadlines_and_a_pdf(client, settings, w):
    """The public SOP (issue 14 item 1, SE-A1.4): the steps, who decides, the deadlines from
    the settings, how to file, the complaint procedure; and the SOP in force (the demo's,
    approved by the Ketua) with its number, version and date, as its signed PDF."""
    from administrasi.models import Sop
    from administrasi.services import dokumen_render_pdf
    from administrasi.sop import in_force

    sop = in_force(Sop.Jenis.BANDING)
    dokumen_render_pdf(dokumen_id=sop.dokumen_id)  # idempotent: the demo's seeding may not have run it
    page = _page(client.get("/sop-banding-pengaduan/"))
    for phrase in (
        f"paling lambat {settings.BANDING_BATAS_HARI} hari",
        f"paling lambat {settings.BANDING_BATAS_KEPUTUSAN_HARI} hari",
        "Ajukan banding",
        "Siapa memutuskan",
        "Pengaduan",
        "Dokumen SOP yang berlaku",
        sop.nomor,
        "SKKNI Nomor 333 Tahun 2020",
    ):
        assert phrase in page, phrase
    pdf = client.get(reverse("portal:sop-banding-pengaduan-pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert body.startswith(b"%PDF") and "attachment" in pdf["Content-Disposition"]


# --- the follow-up of an upheld appeal (SE-A4.8j) ---------------------------------------------


def _tindak_lanjut(client, banding, permohonan_pk):
    return client.post(reverse("banding:tindak-lanjut", args=[banding.pk]), {"permohonan": permohonan_pk})


def _reassessment(w):
    """The candidate's re-assessment application for the same scheme (a new draft)."""
    from sertifikasi import services as journey

    return journey.permohonan_create(asesi=w.asesi, skema=w.keputusan.permohonan.skema, actor=w.asesi)


@pytest.mark.parametrize("persona", ["admin", "manajer", "ketua"])
def test_se_a4_8j_banding_staff_link_an_upheld_appeal_to_its_follow_up(client, w, persona):
    """SE-A4.8j: once an upheld appeal is sent, banding staff find "Catat tindak lanjut" on its
    page and link the candidate's re-assessment application; the page then shows it."""
    banding = sent(w, "diterima")
    followup = _reassessment(w)
    client.force_login(w.demo[persona])
    url = reverse("banding:tindak-lanjut", args=[banding.pk])
    assert url in _page(client.get(banding.get_absolute_url()))
    assert client.get(url).status_code == 200
    response = _tindak_lanjut(client, banding, followup.pk)
    assert response.status_code == 302 and response["Location"] == banding.get_absolute_url()
    assert Banding.objects.get(pk=banding.pk).tindak_lanjut == followup
    page = _page(client.get(banding.get_absolute_url()))
    assert "Tindak lanjut banding dicatat." in page
    assert reverse("sertifikasi:permohonan", args=[followup.pk]) in page


def _other_scheme_application(w):
    """An application of the same candidate for another scheme (made with the muk services)."""
    from sertifikasi import services as journey
    from tests.sertifikasi.test_apl02_queries import make_skema

    skema = make_skema("SKM/UJI/LAIN/01/2026", units=1, kuk=3, actor=w.demo["manajer"])
    return journey.permohonan_create(asesi=w.asesi, skema=skema, actor=w.asesi)


@pytest.mark.parametrize("other", ["another-person", "another-scheme", "unknown"])
def test_se_a4_8j_follow_up_of_another_person_or_scheme_is_refused_on_the_form(client, w, other):
    """SE-A4.8j edge: the follow-up is the same candidate's application for the same scheme;
    anything else is refused on the form in Indonesian, the number entered kept, nothing linked."""
    banding = sent(w, "diterima")
    if other == "another-person":
        pk = Permohonan.objects.exclude(asesi=w.asesi).filter(skema=w.keputusan.permohonan.skema).first().pk
        message = "Tindak lanjut harus permohonan asesi yang sama pada skema yang sama."
    elif other == "another-scheme":
        pk = _other_scheme_application(w).pk
        message = "Tindak lanjut harus permohonan asesi yang sama pada skema yang sama."
    else:
        pk = Permohonan.objects.order_by("-pk").first().pk + 1000
        message = "Permohonan tidak ditemukan."
    client.force_login(w.demo["admin"])
    response = _tindak_lanjut(client, banding, pk)
    page = _page(response)
    assert response.status_code == 200 and message in page
    assert re.search(rf'name="permohonan"[^>]*value="{pk}"', page)
    assert Banding.objects.get(pk=banding.pk).tindak_lanjut_id is None


def test_se_a4_8j_no_follow_up_for_an_appeal_not_upheld(client, w):
    """SE-A4.8j edge: a rejected appeal has no follow-up: its page offers none and the
    follow-up page answers 403 to banding staff (the matrix's "not at this status"); the
    service's own refusal ("Tindak lanjut hanya dicatat untuk banding yang diterima...") is
    in test_banding."""
    banding = sent(w, "ditolak")
    client.force_login(w.demo["admin"])
    url = reverse("banding:tindak-lanjut", args=[banding.pk])
    assert url not in _page(client.get(banding.get_absolute_url()))
    assert client.get(url).status_code == 403
    assert _tindak_lanjut(client, banding, w.keputusan.permohonan_id).status_code == 403
    assert Banding.objects.get(pk=banding.pk).tindak_lanjut_id is None


def test_se_a4_8j_linking_the_same_follow_up_again_changes_nothing(client, w):
    """SE-A4.8j: a repeat with the same application is a no-op (nothing saved, no audit entry)."""
    from akun.models import AuditEntry

    banding = sent(w, "diterima")
    followup = _reassessment(w)
    client.force_login(w.demo["admin"])
    assert _tindak_lanjut(client, banding, followup.pk).status_code == 302
    saved = Banding.objects.get(pk=banding.pk)
    audited = AuditEntry.objects.count()
    assert _tindak_lanjut(client, banding, followup.pk).status_code == 302
    again = Banding.objects.get(pk=banding.pk)
    assert again.tindak_lanjut == followup and again.updated_at == saved.updated_at
    assert AuditEntry.objects.count() == audited


def test_se_a4_13_follow_up_page_for_others_404_or_403(client, w):
    """SE-A4.13 (the permission matrix's rule): the appellant and the panel see the appeal
    but may not record its follow-up (403); another candidate and a Komite Teknis member not
    on the panel do not see it (404); anonymous to the login page."""
    banding = sent(w, "diterima")
    url = reverse("banding:tindak-lanjut", args=[banding.pk])
    for user, status in (
        (w.asesi, 403),
        (w.panel[0], 403),
        (w.demo["asesi"], 404),
        (w.demo["komite"], 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert _tindak_lanjut(client, banding, w.keputusan.permohonan_id).status_code == status, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert Banding.objects.get(pk=banding.pk).tindak_lanjut_id is None


# --- the way back from an appeal's page -------------------------------------------------------


def test_se_a4_13_panel_member_is_led_back_to_the_list_not_to_banding_home(client, w):
    """SE-A4.13: a Komite Teknis member on the panel may not open /banding/ (403): the appeal's
    page and the list lead them back to the list they may open, not there (can_open, the
    /banding/ view's rule); the appellant and banding staff are led back to /banding/."""
    banding = under_review(w)
    home, daftar = reverse("banding:home"), reverse("banding:daftar")
    client.force_login(w.panel[0])
    assert client.get(home).status_code == 403 and client.get(daftar).status_code == 200
    page = _page(client.get(banding.get_absolute_url()))
    assert f'href="{home}"' not in page and f'href="{daftar}"' in page
    assert f'href="{home}"' not in _page(client.get(daftar))
    for user in (w.asesi, w.demo["admin"]):
        client.force_login(user)
        assert client.get(home).status_code == 200
        assert f'href="{home}"' in _page(client.get(banding.get_absolute_url()))
    assert f'href="{home}"' in _page(client.get(daftar))
