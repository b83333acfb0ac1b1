"""Complaints (X-5, SE-A4.13) through their pages: anyone files one without an account, the
e-mail is verified by a link, the staff (Admin LSP, Manajer) acknowledge, investigate, respond
(the complainant is e-mailed) and close; the refusals; who sees them; the counts and
durations of appeals and complaints by period (banding.selectors). Plain personas only (no
demo seeding): tests/conftest.py."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from banding import services_pengaduan as svc
from banding.models import Pengaduan
from banding.selectors import ringkasan_banding_pengaduan
from lsp_portal.models import Notifikasi
from lsp_portal.workflow import status_history

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB)
S = Pengaduan.Status
FORM = {
    "nama_pelapor": "Sari Pelapor",
    "email": "sari@contoh.id",
    "telepon": "",
    "subjek": "asesor",
    "rujukan": "Asesor skema Junior Web Developer",
    "uraian": "Asesor datang terlambat satu jam dan tidak menjelaskan proses asesmen.",
}


def _link(message) -> str:
    return re.search(r"https?://\S+(/pengaduan/verifikasi/\S+/)", message.body).group(1)


def _filed(client, capture) -> str:
    """File FORM through the public page (after-commit work run); the verification link's path."""
    with capture(execute=True):
        response = client.post(reverse("pengaduan:form"), FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    return _link(mail.outbox[-1])


def _received(*, now=NOW, **overrides) -> Pengaduan:
    data = {k: v for k, v in FORM.items() if k != "telepon"} | overrides
    _, token = svc.pengaduan_file(**data, now=now)
    return svc.pengaduan_verify(token=token, now=now)


# --- the whole way ---------------------------------------------------------------------------------


def test_anonymous_complaint_is_verified_answered_and_closed(
    client, admin_lsp, manajer, django_capture_on_commit_callbacks
):
    """X-5: filed without an account → link e-mailed → verified (numbered, staff told) →
    acknowledged → investigated → answered (the answer e-mailed) → closed; history kept."""
    link = _filed(client, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["sari@contoh.id"]
    pengaduan = Pengaduan.objects.get()
    assert pengaduan.status == S.MENUNGGU_VERIFIKASI_EMAIL and pengaduan.nomor is None
    assert link.split("/")[-2] not in pengaduan.token_sha256  # only the hash is kept

    client.force_login(admin_lsp)  # not shown to staff before the e-mail is verified
    assert client.get(reverse("banding:pengaduan-detail", args=[pengaduan.pk])).status_code == 404
    client.logout()

    assert "Konfirmasi pengaduan" in client.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(link)
    pengaduan.refresh_from_db()
    assert pengaduan.status == S.DITERIMA
    assert re.fullmatch(r"PGD/\d{4}/0001", pengaduan.nomor)
    assert pengaduan.nomor in page.content.decode() and "14 hari" in page.content.decode()
    assert pengaduan.nomor in mail.outbox[-1].subject
    assert Notifikasi.objects.filter(penerima=manajer, url=pengaduan.get_absolute_url()).exists()

    client.force_login(admin_lsp)
    detail = reverse("banding:pengaduan-detail", args=[pengaduan.pk])
    assert pengaduan.nomor in client.get(reverse("banding:pengaduan-list")).content.decode()
    assert client.post(reverse("banding:pengaduan-acknowledge", args=[pengaduan.pk])).url == detail
    client.post(
        reverse("banding:pengaduan-investigate", args=[pengaduan.pk]), {"catatan": "Minta keterangan asesor."}
    )
    client.force_login(manajer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("banding:pengaduan-respond", args=[pengaduan.pk]),
            {"jawaban": "Asesor telah diberi teguran tertulis."},
        )
    assert mail.outbox[-1].to == ["sari@contoh.id"]
    assert "teguran tertulis" in mail.outbox[-1].body
    client.post(reverse("banding:pengaduan-close", args=[pengaduan.pk]))

    pengaduan.refresh_from_db()
    assert pengaduan.status == S.DITUTUP
    assert pengaduan.ditangani_oleh == admin_lsp and pengaduan.waktu_jawab is not None
    moves = [(h.to_status, h.actor) for h in status_history(pengaduan)]
    assert moves == [
        (S.DITERIMA, None),
        (S.DIKONFIRMASI, admin_lsp),
        (S.DITINDAKLANJUTI, admin_lsp),
        (S.DIJAWAB, manajer),
        (S.DITUTUP, manajer),
    ]
    assert "Riwayat status" in client.get(detail).content.decode()


def test_numbers_run_per_year():
    first = _received()
    second = _received(email="b@contoh.id")
    next_year = _received(now=NOW.replace(year=2027), email="c@contoh.id")
    assert (first.nomor, second.nomor, next_year.nomor) == ("PGD/2026/0001", "PGD/2026/0002", "PGD/2027/0001")


# --- refusals ---------------------------------------------------------------------------------------


def test_invalid_email_is_refused_keeping_what_was_typed(client):
    response = client.post(reverse("pengaduan:form"), FORM | {"email": "bukan-email"})
    body = response.content.decode()
    assert response.status_code == 200 and "Alamat email tidak valid" in body
    assert FORM["uraian"] in body and not Pengaduan.objects.exists() and not mail.outbox


def test_missing_description_is_refused(client):
    response = client.post(reverse("pengaduan:form"), FORM | {"uraian": "   "})
    assert "Tuliskan uraian pengaduan Anda." in response.content.decode()
    assert not Pengaduan.objects.exists()


def test_honeypot_keeps_nothing(client):
    response = client.post(reverse("pengaduan:form"), FORM | {"situs_web": "http://spam.example"})
    assert response.status_code == 302 and not Pengaduan.objects.exists() and not mail.outbox


def test_bad_token_gets_a_clear_message(client):
    response = client.get(reverse("pengaduan:verifikasi", args=["salah"]))
    assert response.status_code == 404 and "tidak dikenal atau sudah dipakai" in response.content.decode()
    assert client.post(reverse("pengaduan:verifikasi", args=["salah"])).status_code == 404


def test_used_token_is_refused(client, django_capture_on_commit_callbacks):
    link = _filed(client, django_capture_on_commit_callbacks)
    client.post(link)
    response = client.post(link)
    assert response.status_code == 404 and "sudah dipakai" in response.content.decode()
    assert Pengaduan.objects.get().status == S.DITERIMA


def test_expired_token_is_refused(client, settings, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        link = _filed(client, django_capture_on_commit_callbacks)
    later = NOW + dt.timedelta(hours=settings.PENGADUAN_TAUTAN_BERLAKU_JAM, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client.post(link)
    assert response.status_code == 410 and "kedaluwarsa" in response.content.decode()
    assert Pengaduan.objects.get().status == S.MENUNGGU_VERIFIKASI_EMAIL


def test_filing_is_rate_limited_per_client_with_an_indonesian_429(client, settings):
    settings.PENGADUAN_LIMIT_PER_JAM = 2
    for _ in range(2):
        assert client.post(reverse("pengaduan:form"), FORM).status_code == 302
    response = client.post(reverse("pengaduan:form"), FORM)
    assert response.status_code == 429 and "Terlalu banyak" in response.content.decode()
    assert Pengaduan.objects.count() == 2
    other = client.post(reverse("pengaduan:form"), FORM, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_response_without_text_is_refused_on_the_form(client, admin_lsp):
    pengaduan = svc.pengaduan_acknowledge(pengaduan=_received(), actor=admin_lsp)
    client.force_login(admin_lsp)
    response = client.post(reverse("banding:pengaduan-respond", args=[pengaduan.pk]), {"jawaban": " "})
    assert "Tuliskan jawaban untuk pelapor." in response.content.decode()
    pengaduan.refresh_from_db()
    assert pengaduan.status == S.DIKONFIRMASI


def test_database_refuses_an_answered_complaint_without_a_response(admin_lsp):
    pengaduan = svc.pengaduan_acknowledge(pengaduan=_received(), actor=admin_lsp)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pengaduan.objects.filter(pk=pengaduan.pk).update(status=S.DIJAWAB)


def test_closing_before_answering_is_refused(client, admin_lsp):
    pengaduan = _received()
    client.force_login(admin_lsp)
    assert client.get(reverse("banding:pengaduan-close", args=[pengaduan.pk])).status_code == 403


# --- who sees them ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["asesi", "asesor", "auditor", "outsider"])
def test_complaints_are_for_the_banding_staff_only(client, request, persona):
    pengaduan = _received()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("banding:pengaduan-list")).status_code == 403
    assert client.get(reverse("banding:pengaduan-detail", args=[pengaduan.pk])).status_code == 403


def test_the_list_filters_by_status_and_marks_overdue(client, manajer):
    late = _received(now=NOW - dt.timedelta(days=30))
    fresh = _received(email="b@contoh.id")
    client.force_login(manajer)
    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("banding:pengaduan-list")).content.decode()
        assert body.count(">Terlambat</span>") == 2  # the legend and the late one
        svc.pengaduan_acknowledge(pengaduan=fresh, actor=manajer)
        only = client.get(reverse("banding:pengaduan-list"), {"status": "dikonfirmasi"}).content.decode()
    assert fresh.nomor in only and late.nomor not in only


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_the_same_queries_for_2_and_20(client, manajer, django_assert_num_queries, count):
    for n in range(count):
        svc.pengaduan_acknowledge(pengaduan=_received(email=f"p{n}@contoh.id"), actor=manajer)
    client.force_login(manajer)
    client.get(reverse("banding:pengaduan-list"))  # warm the session and caches
    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("banding:pengaduan-list")).status_code == 200


# The page's fixed cost (session, user, menu, notifications) and one query for the rows.
QUERIES = 7


# --- the person a complaint is about (X-5: never routed to them) ---------------------------------


def test_the_person_concerned_neither_sees_nor_handles_nor_is_told(client, admin_lsp, manajer):
    """X-5: named as terkait at the acknowledgement, the Manajer gets 404 on the detail, does
    not find it in the list, is refused by every service step and is not among the staff told;
    the Admin LSP carries on."""
    pengaduan = svc.pengaduan_acknowledge(pengaduan=_received(), terkait=manajer, actor=admin_lsp)
    assert pengaduan.terkait == manajer

    client.force_login(manajer)
    assert client.get(reverse("banding:pengaduan-detail", args=[pengaduan.pk])).status_code == 404
    assert client.get(reverse("banding:pengaduan-respond", args=[pengaduan.pk])).status_code == 404
    assert pengaduan.nomor not in client.get(reverse("banding:pengaduan-list")).content.decode()
    for step in (
        lambda: svc.pengaduan_investigate(pengaduan=pengaduan, catatan="Saya periksa.", actor=manajer),
        lambda: svc.pengaduan_respond(pengaduan=pengaduan, jawaban="Tidak benar.", actor=manajer),
        lambda: svc.pengaduan_set_terkait(pengaduan=pengaduan, terkait=None, actor=manajer),
    ):
        with pytest.raises(svc.PengaduanError, match="mengenai Anda"):
            step()
    assert svc.staff_to_notify(pengaduan, [admin_lsp, manajer]) == [admin_lsp]

    client.force_login(admin_lsp)
    assert pengaduan.nomor in client.get(reverse("banding:pengaduan-list")).content.decode()
    pengaduan = svc.pengaduan_respond(pengaduan=pengaduan, jawaban="Asesor ditegur.", actor=admin_lsp)
    with pytest.raises(svc.PengaduanError, match="mengenai Anda"):
        svc.pengaduan_close(pengaduan=pengaduan, actor=manajer)
    assert svc.pengaduan_close(pengaduan=pengaduan, actor=admin_lsp).status == S.DITUTUP


def test_x5_notices_given_before_someone_was_named_are_taken_back(client, admin_lsp, manajer, asesor):
    """X-5: as banding staff the Manajer was told of the new complaint; once named as the person
    it is about (at the acknowledgement, or later), that notice leaves their list, and its
    undelivered e-mail is not sent. Others keep theirs."""
    from lsp_portal.models import Notifikasi

    first = _received()
    url = reverse("banding:pengaduan-detail", args=[first.pk])
    assert Notifikasi.objects.filter(penerima=manajer, url=url).exists()
    svc.pengaduan_acknowledge(pengaduan=first, terkait=manajer, actor=admin_lsp)
    assert not Notifikasi.objects.filter(penerima=manajer, url=url).exists()
    assert Notifikasi.objects.filter(penerima=admin_lsp, url=url).exists()

    later = svc.pengaduan_acknowledge(pengaduan=_received(email="lain@contoh.id"), actor=admin_lsp)
    url = reverse("banding:pengaduan-detail", args=[later.pk])
    assert Notifikasi.objects.filter(penerima=manajer, url=url).exists()
    svc.pengaduan_set_terkait(pengaduan=later, terkait=manajer, actor=admin_lsp)
    assert not Notifikasi.objects.filter(penerima=manajer, url=url).exists()
    client.force_login(manajer)
    assert later.nomor not in client.get(reverse("notifikasi:list")).content.decode()


def test_a_stale_copy_does_not_let_the_person_concerned_act(admin_lsp, manajer):
    """X-5: the service reads the row's current terkait, not the caller's copy."""
    pengaduan = _received()
    stale = Pengaduan.objects.get(pk=pengaduan.pk)
    svc.pengaduan_acknowledge(pengaduan=pengaduan, terkait=manajer, actor=admin_lsp)
    stale.status = S.DIKONFIRMASI
    with pytest.raises(svc.PengaduanError, match="mengenai Anda"):
        svc.pengaduan_respond(pengaduan=stale, jawaban="Tidak benar.", actor=manajer)


def test_naming_oneself_on_acknowledging_hands_it_to_the_others(client, admin_lsp, manajer):
    """X-5: naming oneself is allowed (the rule is about handling): not its handler then, back
    to the list; another staff member may later change who it is about."""
    pengaduan = _received()
    client.force_login(manajer)
    form = client.get(reverse("banding:pengaduan-acknowledge", args=[pengaduan.pk])).content.decode()
    assert "Orang yang diadukan" in form
    response = client.post(
        reverse("banding:pengaduan-acknowledge", args=[pengaduan.pk]), {"terkait": manajer.pk}
    )
    assert response.url == reverse("banding:pengaduan-list")
    pengaduan.refresh_from_db()
    assert (pengaduan.status, pengaduan.terkait, pengaduan.ditangani_oleh) == (S.DIKONFIRMASI, manajer, None)
    assert client.get(reverse("banding:pengaduan-detail", args=[pengaduan.pk])).status_code == 404

    client.force_login(admin_lsp)
    client.post(reverse("banding:pengaduan-terkait", args=[pengaduan.pk]), {"terkait": ""})
    pengaduan.refresh_from_db()
    assert pengaduan.terkait is None
    client.force_login(manajer)
    assert client.get(reverse("banding:pengaduan-detail", args=[pengaduan.pk])).status_code == 200


def test_an_inactive_user_cannot_be_named(client, admin_lsp, asesor):
    asesor.is_active = False
    asesor.save(update_fields=["is_active"])
    pengaduan = svc.pengaduan_acknowledge(pengaduan=_received(), actor=admin_lsp)
    with pytest.raises(svc.PengaduanError, match="masih aktif"):
        svc.pengaduan_set_terkait(pengaduan=pengaduan, terkait=asesor, actor=admin_lsp)
    client.force_login(admin_lsp)
    response = client.post(reverse("banding:pengaduan-terkait", args=[pengaduan.pk]), {"terkait": asesor.pk})
    assert "Pilih pengguna yang masih aktif." in response.content.decode()


# --- counts and durations ---------------------------------------------------------------------------


def test_counts_and_durations_of_complaints_by_period(admin_lsp):
    """Issue 14 item 5: received and answered in the period, average and median days to
    answer, late answers, still open; a complaint outside the period is not counted."""
    for days, email in [(2, "a@contoh.id"), (4, "b@contoh.id"), (20, "c@contoh.id")]:
        p = svc.pengaduan_acknowledge(pengaduan=_received(email=email), actor=admin_lsp)
        svc.pengaduan_respond(
            pengaduan=p, jawaban="Jawaban.", actor=admin_lsp, now=NOW + dt.timedelta(days=days)
        )
    _received(email="open@contoh.id")
    _received(now=NOW - dt.timedelta(days=60), email="old@contoh.id")

    r = ringkasan_banding_pengaduan(dari=dt.date(2026, 3, 1), sampai=dt.date(2026, 3, 31))

    assert r.pengaduan_diterima == 4
    assert (r.pengaduan_dijawab.jumlah, r.pengaduan_dijawab.median_hari) == (3, 4.0)
    assert r.pengaduan_dijawab.rata_rata_hari == pytest.approx(8.7)
    assert r.pengaduan_terlambat == 1  # 20 days > PENGADUAN_BATAS_JAWAB_HARI (14)
    assert r.pengaduan_terbuka == 1
    assert (r.banding_diajukan, r.banding_diputuskan.jumlah, r.banding_diputuskan.median_hari) == (0, 0, None)


def test_the_banding_home_shows_the_counts_to_the_manajer(client, manajer, asesi):
    _received()
    client.force_login(manajer)
    body = client.get(
        reverse("banding:home"), {"dari": "2026-03-01", "sampai": "2026-03-31"}
    ).content.decode()
    assert "Ringkasan 1 Mar 2026" in body and "Median hari" in body
    client.force_login(asesi)
    assert "Median hari" not in client.get(reverse("banding:home")).content.decode()


# --- demo -------------------------------------------------------------------------------------------


def test_demo_adds_two_complaints_once(admin_lsp):
    from banding.demo_pengaduan import seed_pengaduan_demo

    seed_pengaduan_demo(actor=admin_lsp)
    seed_pengaduan_demo(actor=admin_lsp)
    assert sorted(Pengaduan.objects.values_list("status", flat=True)) == [S.DIJAWAB, S.DITERIMA]


# --- the acknowledgement e-mailed to the complainant (X-5) ---------------------------------------


def test_x5_acknowledging_emails_the_complainant_after_the_commit(
    client, admin_lsp, manajer, django_capture_on_commit_callbacks
):
    """X-5: staff acknowledge through the page: once the transaction commits, the complainant
    gets one e-mail with the number, what happens next and the answer's due date, and nothing
    of whom the complaint was routed to; a refused repeat sends nothing."""
    pengaduan = _received()
    mail.outbox.clear()
    client.force_login(admin_lsp)
    url = reverse("banding:pengaduan-acknowledge", args=[pengaduan.pk])
    assert "Pelapor menerima email konfirmasi" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(url, {"terkait": manajer.pk})
    assert mail.outbox == []  # not before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["sari@contoh.id"]
    assert message.subject == f"[LSP] Pengaduan {pengaduan.nomor} sedang ditangani"
    assert pengaduan.nomor in message.body and "16 Maret 2026" in message.body  # 2 March + 14 days
    assert "jawaban tertulis" in message.body and "menindaklanjuti" in message.body
    assert manajer.nama_lengkap not in message.body and admin_lsp.nama_lengkap not in message.body

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"terkait": ""})  # already acknowledged: refused
    assert len(mail.outbox) == 1
    assert Pengaduan.objects.get(pk=pengaduan.pk).status == S.DIKONFIRMASI
