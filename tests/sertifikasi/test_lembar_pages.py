"""The instrument-sheet pages through HTTP (SE-A4.8d, SE-D1.2d, X-8): the candidate's list of
sheets (who sees it, constant queries), a sheet's autosave and Save without JavaScript (a
refused value stays on the page), sending and signing, the candidate's files (type refused,
others 404), and the third party's public page (once, expiring, neutral, rate-limited).

The world as in test_lembar.py (`begun`, its `in_asesmen` once per module: the start of the
assessment written through the models; `sheet`: an instrument of a kind the demo MUK does not
plan)."""

import datetime as dt
import re

import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from muk.models import JenisIA
from sertifikasi.models import BerkasLembar, Lembar, Rencana, TautanPihakKetiga
from sertifikasi.services import lembar as svc

from .conftest import DEMO_PASSWORD, png_bytes
from .test_ak import second_candidate
from .test_lembar import (  # noqa: F401 (begun_world, begun_fixture: the fixtures `begun` needs)
    begun_fixture,
    begun_world,
    items_of,
    judge_all,
    planned,
    sheet,
)

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


def _url(name, lembar, *extra):
    return reverse(f"sertifikasi:{name}", args=[lembar.permohonan_id, lembar.pk, *extra])


# --- the list of sheets -----------------------------------------------------------------------------


def test_the_candidate_assessor_and_staff_see_the_sheets_others_404(client, demo, begun):
    """SE-A4.8d: grouped by unit with status and who acts next; another candidate 404."""
    p = begun
    assert planned(p, JenisIA.IA05) is not None  # the demo plan has a timed IA.05
    url = reverse("sertifikasi:asesmen", args=[p.pk])
    for user in (p.asesi, demo["asesor"], demo["admin"]):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "FR.IA.01 Ceklis Observasi Aktivitas" in html and "Asesor mengisi ceklis observasi" in html
        ia05 = planned(p, JenisIA.IA05)
        # The timed IA.05 opens for the candidate only; others see its record once there is one.
        assert (reverse("sertifikasi:ujian", args=[p.pk, ia05.pk]) in html) == (user == p.asesi)
    client.force_login(demo["asesi2"])
    assert client.get(url).status_code == 404


def test_before_the_identity_check_the_list_says_so(client, demo, begun):
    p = second_candidate(demo, begun)  # `agreed`, in the module's batch
    client.force_login(p.asesi)
    response = client.get(reverse("sertifikasi:asesmen", args=[p.pk]))
    assert "setelah asesor memeriksa identitas asesi" in response.content.decode()
    assert not Lembar.objects.filter(permohonan=p).exists()


def test_the_list_takes_the_same_queries_for_3_and_12_sheets(client, demo, begun):
    """SE-A4.8d: the number of queries does not grow with the sheets."""
    p = begun
    Lembar.objects.filter(permohonan=p).exclude(
        pk__in=Lembar.objects.filter(permohonan=p).order_by("pk").values("pk")[:3]
    ).delete()
    assert Lembar.objects.filter(permohonan=p).count() == 3
    client.force_login(demo["asesor"])
    url = reverse("sertifikasi:asesmen", args=[p.pk])
    # lembar_prepare would make the deleted planned sheets again: the plan is emptied here so
    # that the counts compare 3 against 12 sheets.
    Rencana.objects.filter(permohonan=p).update(pilihan={})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    kinds = [JenisIA.IA02, JenisIA.IA03, JenisIA.IA04, JenisIA.IA06, JenisIA.IA08, JenisIA.IA09, JenisIA.IA10]
    for jenis in kinds + [JenisIA.IA03, JenisIA.IA07]:
        sheet(p, jenis)
    assert Lembar.objects.filter(permohonan=p).count() == 12
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count('href="/sertifikasi/') >= 12
    assert len(many.captured_queries) == len(few.captured_queries)


# --- one sheet ----------------------------------------------------------------------------------------


def test_autosave_keeps_each_judgement_and_the_save_button_works_without_js(client, demo, begun):
    """SE-D1.2d: the autosave posts the form (JSON answer); the Save button redirects."""
    p = begun
    lembar = planned(p, JenisIA.IA01)
    one, two, *_ = items_of(lembar)
    client.force_login(demo["asesor"])
    page = client.get(_url("lembar", lembar)).content.decode()
    assert 'data-autosave-url="' in page and f'name="penilaian-{one.pk}"' in page
    response = client.post(
        _url("lembar", lembar), {f"penilaian-{one.pk}": "ya", "umpan_balik": "Rapi"}, **AUTOSAVE
    )
    assert response.status_code == 200 and set(response.json()["saved"]) == {
        f"penilaian-{one.pk}",
        "umpan_balik",
    }
    response = client.post(
        _url("lembar", lembar), {f"penilaian-{two.pk}": "tidak", f"catatan-{two.pk}": "Lupa"}
    )
    assert response.status_code == 302
    lembar.refresh_from_db()
    assert lembar.catatan == "Rapi"
    assert dict(lembar.isian.values_list("butir_id", "penilaian")) == {one.pk: "ya", two.pk: "tidak"}


def test_a_refused_save_keeps_what_was_typed(client, demo, begun):
    """SE-D1.2d: the candidate types into an assessor's sheet field: refused with the reason,
    the typed text shown again, nothing saved; the autosave gets the reason as JSON."""
    p = begun
    lembar = sheet(p, JenisIA.IA06, ("Jelaskan HTTP.",))
    q = items_of(lembar)[0]
    client.force_login(p.asesi)
    response = client.post(
        _url("lembar", lembar), {f"jawaban-{q.pk}": "Jawaban panjang saya", f"penilaian-{q.pk}": "memuaskan"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "bukan bagian Anda" in html and "Jawaban panjang saya" in html
    assert not lembar.isian.exists()
    response = client.post(_url("lembar", lembar), {f"penilaian-{q.pk}": "memuaskan"}, **AUTOSAVE)
    assert response.status_code == 409 and "bukan bagian Anda" in response.json()["errors"]["__all__"]


def test_a_closed_gate_refuses_the_autosave_and_keeps_the_page(client, demo, begun):
    """SE-A4.10: a remote batch outside its window: the autosave is refused with the window's
    message; Save shows the page again with the typed note."""
    from sertifikasi.models import Jadwal

    p = begun
    Jadwal.objects.filter(pk=p.jadwal_id).update(mode="jarak_jauh", tautan_video="https://video.lsp.id/r")
    lembar = planned(p, JenisIA.IA01)
    one = items_of(lembar)[0]
    client.force_login(demo["asesor"])
    response = client.post(_url("lembar", lembar), {f"catatan-{one.pk}": "Catatan penting"}, **AUTOSAVE)
    assert (
        response.status_code == 409 and "Sesi asesmen hanya terbuka" in response.json()["errors"]["__all__"]
    )
    response = client.post(_url("lembar", lembar), {f"catatan-{one.pk}": "Catatan penting"})
    assert "Sesi asesmen hanya terbuka" in response.content.decode()
    assert ">Catatan penting</textarea>" in response.content.decode()
    assert not lembar.isian.exists()
    jadwal = Jadwal.objects.get(pk=p.jadwal_id)
    with time_machine.travel(jadwal.mulai, tick=False):
        client.force_login(demo["asesor"])  # the session of two weeks ago has expired
        response = client.post(_url("lembar", lembar), {f"catatan-{one.pk}": "Catatan penting"}, **AUTOSAVE)
    assert response.status_code == 200 and lembar.isian.get().catatan == "Catatan penting"


def test_staff_read_a_sheet_but_cannot_fill_it(client, demo, begun):
    p = begun
    lembar = planned(p, JenisIA.IA01)
    client.force_login(demo["admin"])
    page = client.get(_url("lembar", lembar)).content.decode()
    assert "data-autosave-url" not in page and "KUNCI" not in page
    assert client.post(_url("lembar", lembar), {"umpan_balik": "x"}).status_code == 403
    client.force_login(demo["asesi2"])
    assert client.get(_url("lembar", lembar)).status_code == 404


def test_the_expected_answer_never_reaches_the_candidate(client, demo, begun):
    p = begun
    lembar = sheet(p, JenisIA.IA06, ("Jelaskan HTTP.",))
    client.force_login(p.asesi)
    assert "KUNCI-RAHASIA" not in client.get(_url("lembar", lembar)).content.decode()
    client.force_login(demo["asesor"])
    assert "KUNCI-RAHASIA" in client.get(_url("lembar", lembar)).content.decode()


def test_the_timed_ia05_opens_its_exam_page(client, demo, begun):
    p = begun
    ia05 = planned(p, JenisIA.IA05)
    assert ia05 is not None  # the demo plan has a timed IA.05
    client.force_login(p.asesi)
    response = client.get(_url("lembar", ia05))
    assert response.status_code == 302 and response.url == reverse("sertifikasi:ujian", args=[p.pk, ia05.pk])


def test_the_candidate_hands_in_written_answers(client, demo, begun):
    p = begun
    lembar = sheet(p, JenisIA.IA06, ("Jelaskan HTTP.", "Jelaskan SQL."))
    one, two = items_of(lembar)
    client.force_login(p.asesi)
    response = client.post(_url("lembar", lembar), {f"jawaban-{one.pk}": "Protokol", "serahkan": "1"})
    assert "Belum dijawab: Soal 2." in response.content.decode() and "Protokol" in response.content.decode()
    response = client.post(
        _url("lembar", lembar),
        {f"jawaban-{one.pk}": "Protokol", f"jawaban-{two.pk}": "Kueri", "serahkan": "1"},
    )
    assert response.status_code == 302
    lembar.refresh_from_db()
    assert lembar.selesai_pada is not None


# --- sending and signing ------------------------------------------------------------------------------------


def test_sending_names_what_is_missing_then_signs_final(client, demo, begun):
    """SE-A4.8d: the sending page lists the unanswered items; signed with the password the
    sheet is final and its record FR.IA.01 is linked."""
    p = begun
    lembar = planned(p, JenisIA.IA01)
    client.force_login(demo["asesor"])
    page = client.get(_url("lembar-kirim", lembar)).content.decode()
    assert "penilaian belum diisi" in page and "Rekomendasi belum dipilih." in page
    response = client.post(_url("lembar-kirim", lembar), {"secret": DEMO_PASSWORD, "consent": "on"})
    assert response.status_code == 200 and "Lembar belum lengkap" in response.content.decode()
    judge_all(lembar, demo["asesor"], "ya", rekomendasi="K")
    response = client.post(_url("lembar-kirim", lembar), {"secret": "salah", "consent": "on"})
    assert response.status_code == 200
    assert Lembar.objects.get(pk=lembar.pk).dokumen_id is None
    response = client.post(_url("lembar-kirim", lembar), {"secret": DEMO_PASSWORD, "consent": "on"})
    assert response.status_code == 302
    lembar = Lembar.objects.get(pk=lembar.pk)
    assert lembar.status == Lembar.Status.FINAL and lembar.dokumen.jenis.kode == "FR.IA.01"
    client.force_login(p.asesi)
    assert (
        client.post(_url("lembar-kirim", lembar), {"secret": DEMO_PASSWORD, "consent": "on"}).status_code
        == 403
    )
    assert "Final" in client.get(_url("lembar-kirim", lembar)).content.decode()


# --- the candidate's files ----------------------------------------------------------------------------


def test_upload_checks_the_file_and_streams_it_to_those_who_see_the_candidate(client, demo, settings, begun):
    """SE-A4.8d, SE-A4.4: a product image is stored and served to the candidate, the
    assessor and staff; a file that is not PDF or image is refused on the sheet with what was
    typed kept; another candidate 404."""
    p = begun
    lembar = sheet(p, JenisIA.IA02, ("Buat halaman login",))
    task = items_of(lembar)[0]
    client.force_login(p.asesi)
    bad = SimpleUploadedFile("produk.pdf", b"<html>bukan pdf</html>", "application/pdf")
    response = client.post(
        _url("lembar-berkas", lembar), {"butir": task.pk, "judul": "Produk saya", "berkas": bad}
    )
    assert response.status_code == 200
    assert "harus berupa PDF atau gambar" in response.content.decode()
    assert not BerkasLembar.objects.exists()
    good = SimpleUploadedFile("login.png", png_bytes(), "image/png")
    response = client.post(
        _url("lembar-berkas", lembar), {"butir": task.pk, "judul": "Login", "berkas": good}
    )
    assert response.status_code == 302
    berkas = BerkasLembar.objects.get()
    assert berkas.butir_id == task.pk and berkas.diunggah_oleh_id == p.asesi_id
    file_url = _url("lembar-berkas-file", lembar, berkas.pk)
    for user in (p.asesi, demo["asesor"], demo["admin"]):
        client.force_login(user)
        response = client.get(file_url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
    client.force_login(demo["asesi2"])
    assert client.get(file_url).status_code == 404
    client.force_login(demo["asesor"])
    good = SimpleUploadedFile("x.png", png_bytes(), "image/png")
    assert client.post(_url("lembar-berkas", lembar), {"judul": "x", "berkas": good}).status_code == 403


# --- FR.IA.10: the third party ------------------------------------------------------------------------


def _token_from_mail() -> str:
    return re.search(r"/pihak-ketiga/([A-Za-z0-9_-]+)/", mail.outbox[-1].body).group(1)


def test_the_third_party_answers_once_without_an_account(
    client, demo, begun, django_capture_on_commit_callbacks
):
    """SE-A4.8d: the assessor sends the link (mailed); the page shows the candidate's name and
    the questions to anyone with the link; answered once (IP and time kept); after that, an
    expired link and a wrong token: one neutral message."""
    p = begun
    lembar = sheet(p, JenisIA.IA10, ("Apakah Anda mengamati pekerjaannya?",))
    q = items_of(lembar)[0]
    client.force_login(demo["asesor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("pihak-ketiga", lembar), {"nama": "Rina", "email": "rina@contoh.co.id", "hubungan": "Atasan"}
        )
    assert response.status_code == 302
    token = _token_from_mail()
    client.logout()
    url = reverse("sertifikasi:pihak-ketiga-jawab", args=[token])
    page = client.get(url).content.decode()
    assert p.nama in page and "Apakah Anda mengamati pekerjaannya?" in page
    response = client.post(url, {f"jawaban-{q.pk}": "Ya, setiap hari"})
    assert response.status_code == 400 and "Centang pernyataan" in response.content.decode()
    assert "Ya, setiap hari" in response.content.decode()
    response = client.post(
        url, {f"jawaban-{q.pk}": "Ya, setiap hari", "pernyataan": "1"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200 and "Terima kasih" in response.content.decode()
    tautan = TautanPihakKetiga.objects.get()
    assert tautan.ip == "10.1.2.3" and tautan.dijawab_pada is not None
    used = client.get(url)
    wrong = client.get(reverse("sertifikasi:pihak-ketiga-jawab", args=["x" * 43]))
    again = client.post(url, {f"jawaban-{q.pk}": "Tidak", "pernyataan": "1"})
    for response in (used, wrong, again):
        assert response.status_code == 404 and svc.TAUTAN_NETRAL in response.content.decode()
    assert TautanPihakKetiga.objects.get().jawaban["butir"][str(q.pk)] == "Ya, setiap hari"


def test_an_expired_link_is_refused_neutrally(client, demo, begun):
    p = begun
    lembar = sheet(p, JenisIA.IA10, ("Apakah Anda mengamati pekerjaannya?",))
    tautan, token = svc.pihak_ketiga_buat(
        lembar=lembar, actor=demo["asesor"], nama="Rina", email="rina@contoh.co.id", hubungan="Atasan"
    )
    url = reverse("sertifikasi:pihak-ketiga-jawab", args=[token])
    assert client.get(url).status_code == 200
    with time_machine.travel(tautan.kedaluwarsa_pada + dt.timedelta(minutes=1), tick=False):
        response = client.get(url)
    assert response.status_code == 404 and svc.TAUTAN_NETRAL in response.content.decode()


def test_the_public_page_is_rate_limited(client, demo, settings):
    settings.SERTIFIKASI_PIHAK_KETIGA_LIMIT = 2
    url = reverse("sertifikasi:pihak-ketiga-jawab", args=["tebak" * 9])
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 429]


def test_only_the_assessor_sends_links_others_read(client, demo, begun):
    p = begun
    lembar = sheet(p, JenisIA.IA10, ("Apakah Anda mengamati pekerjaannya?",))
    data = {"nama": "Rina", "email": "rina@contoh.co.id", "hubungan": "Atasan"}
    for user in (p.asesi, demo["admin"]):
        client.force_login(user)
        assert client.get(_url("pihak-ketiga", lembar)).status_code == 200
        assert client.post(_url("pihak-ketiga", lembar), data).status_code == 403
    client.force_login(demo["asesor"])
    assert client.get(_url("pihak-ketiga", planned(p, JenisIA.IA01))).status_code == 404
    assert not TautanPihakKetiga.objects.exists()
