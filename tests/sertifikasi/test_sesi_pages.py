"""The batch's session pages through HTTP (issue 13, step 1; SE-A4.8e, SE-A4.10, X-8): who
sees what (a candidate their own line only; another batch's assessor and another candidate
404), joining on to the video link, the refusals shown with their words, the extension, the
log with its confirmation, the identity check and its snapshot, the berita acara, and the
session page's query count as candidates and log lines grow.

The module's world, made once per module like the demo itself (each test runs in a savepoint
of it and leaves nothing behind), three batches of the demo assessor on days of their own:
`two` (below), another applicant in a remote batch (test_sesi.remote_other: `remote`) and one
more `agreed` in a tatap muka batch whose FR.IA.11 is not signed yet (`siap`)."""

import datetime as dt
import hashlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sertifikasi.models import CekIdentitas, Kehadiran, LogSesi, Permohonan, Sesi
from sertifikasi.services.asesmen import sesi_of
from tests.conftest import make_user

from .conftest import (
    DEMO_PASSWORD,
    IDENTITAS_L,
    agreed,
    apl02_signed,
    build_world,
    join_batch,
    png_upload,
    staffed_jadwal,
)
from .test_sesi import VIDEO, agreed_in, at, check, other_applicant, remote_other, review
from .test_staff_list import grow

S = Permohonan.Status
SIGN = {"secret": DEMO_PASSWORD, "consent": "on"}


def url(name, *args):
    return reverse(f"sertifikasi:{name}", args=args)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def text(response) -> str:
    return response.content.decode()


def _world(demo):
    p = agreed(demo)
    other = join_batch(demo, apl02_signed(demo, asesi=demo["asesi2"], data=IDENTITAS_L), p.jadwal)
    review(demo, p.jadwal)
    remote = remote_other(demo, 0)
    siap = agreed_in(demo, staffed_jadwal(demo, days=16), **other_applicant(1))
    return {"two": (p.pk, other.pk), "remote": remote.pk, "siap": siap.pk}


@pytest.fixture(scope="module", name="_world")
def world_fixture(_demo_seeded, django_db_blocker):
    """The module's world (see the module's docstring), as primary keys."""
    return build_world(django_db_blocker, _world)


@pytest.fixture
def two(demo, _world):
    """The demo candidate (siap asesmen, tatap muka batch) and Budi Santoso (APL.02 signed) in
    the same batch; FR.IA.11 signed."""
    p, other = _world["two"]
    return Permohonan.objects.get(pk=p), Permohonan.objects.get(pk=other)


@pytest.fixture
def remote(demo, _world) -> Permohonan:
    """An applicant in siap_asesmen, FR.AK.01 final, in a remote batch (FR.IA.11 not signed)."""
    return Permohonan.objects.get(pk=_world["remote"])


@pytest.fixture
def siap(demo, _world) -> Permohonan:
    """An applicant in siap_asesmen, FR.AK.01 final, alone in a tatap muka batch (FR.IA.11 not
    signed)."""
    return Permohonan.objects.get(pk=_world["siap"])


# --- who sees what -----------------------------------------------------------------------------


def test_candidate_sees_the_batch_and_their_own_line_only(demo, client, two):
    """SE-A4.10: a candidate opens their batch's session page: the window and their own
    attendance; neither the other candidate, the log nor the identity checks."""
    p, other = two
    services_line = LogSesi.objects.create(
        sesi=sesi_of(p.jadwal), jenis="catatan", teks="Catatan rahasia asesor", oleh=demo["asesor"]
    )
    client.force_login(p.asesi)
    page = text(client.get(url("sesi", p.jadwal.pk)))
    assert "Kehadiran Anda" in page and "Kehadiran Anda belum tercatat." in page
    assert other.nama not in page and services_line.teks not in page and "Log sesi" not in page
    client.force_login(demo["asesor"])
    page = text(client.get(url("sesi", p.jadwal.pk)))
    assert other.nama in page and services_line.teks in page and "Periksa identitas" in page


def test_another_assessor_and_another_candidate_get_404(demo, client, two):
    """SE-A4.4: another batch's assessor (asesor_lain) and a candidate of no batch: 404 on
    every session page; a candidate of the batch: 404 on another's identity check and on
    any snapshot, 403 on their own identity check and on staff's and assessors' pages."""
    p, other = two
    with at(p.jadwal):
        cek = check(demo, p.jadwal, p, foto=png_upload())
    jadwal = p.jadwal
    pages = [
        url("sesi", jadwal.pk),
        url("reviu-instrumen", jadwal.pk),
        url("sesi-identitas", jadwal.pk, p.pk),
        url("sesi-identitas-foto", jadwal.pk, cek.pk),
        url("sesi-berita-acara", jadwal.pk),
    ]
    for person in (
        make_user("asesor.lain@uji.lsp.id", "asesor"),
        make_user("asesi.lain@uji.lsp.id", "asesi"),
    ):
        client.force_login(person)
        assert [client.get(page).status_code for page in pages] == [404] * len(pages)
        assert client.post(url("sesi-hadir", jadwal.pk)).status_code == 404
    client.force_login(other.asesi)
    assert client.get(url("sesi-identitas", jadwal.pk, p.pk)).status_code == 404
    assert client.get(url("sesi-identitas-foto", jadwal.pk, cek.pk)).status_code == 404
    assert client.get(url("sesi-identitas", jadwal.pk, other.pk)).status_code == 403
    assert client.get(url("reviu-instrumen", jadwal.pk)).status_code == 403
    assert client.get(url("sesi-berita-acara", jadwal.pk)).status_code == 403
    assert client.post(url("sesi-log", jadwal.pk), {"jenis": "catatan", "teks": "x"}).status_code == 403


def test_snapshot_is_streamed_to_the_assessor_and_staff_not_the_candidate(demo, client, remote):
    """X-8: the snapshot is kept with its SHA-256 and streamed inline, sandboxed, to the
    batch's assessor and staff; the candidate it shows gets 404."""
    p = remote
    review(demo, p.jadwal)
    with at(p.jadwal):
        client.force_login(demo["asesor"])  # the session cookie lasts 8 hours: sign in after the travel
        response = client.post(
            url("sesi-identitas", p.jadwal.pk, p.pk),
            {"hasil": "sesuai", "catatan": "", "foto": png_upload("wajah.png")},
        )
    assert response.status_code == 302
    cek = CekIdentitas.objects.get(permohonan=p)
    for person, status in ((demo["asesor"], 200), (demo["manajer"], 200), (p.asesi, 404)):
        client.force_login(person)
        response = client.get(url("sesi-identitas-foto", p.jadwal.pk, cek.pk))
        assert response.status_code == status
    client.force_login(demo["admin"])
    response = client.get(url("sesi-identitas-foto", p.jadwal.pk, cek.pk))
    assert response["Content-Type"] == "image/png" and "sandbox" in response["Content-Security-Policy"]
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == cek.foto_sha256


# --- joining -----------------------------------------------------------------------------------


def test_remote_join_goes_to_the_video_link_and_refusals_are_shown(demo, client, remote):
    """SE-A4.10, SE-A4.8e: before FR.IA.11 and outside the window the page says why; inside,
    the candidate's join records attendance (time, IP, device) and goes to the video link."""
    p = remote
    jadwal = p.jadwal
    with at(jadwal):
        client.force_login(p.asesi)  # the session cookie lasts 8 hours: sign in after each travel
        response = client.post(url("sesi-hadir", jadwal.pk), follow=True)
        assert "asesor kepala belum menandatangani ceklis meninjau instrumen" in messages_of(response)
    review(demo, jadwal)
    with at(jadwal, minutes=-45):
        client.force_login(p.asesi)
        page = text(client.get(url("sesi", jadwal.pk)))
        assert "Sesi asesmen jarak jauh hanya terbuka" in page and "Masuk sesi" not in page
        response = client.post(url("sesi-hadir", jadwal.pk), follow=True)
        assert "Sesi asesmen jarak jauh hanya terbuka" in messages_of(response)
    assert not Kehadiran.objects.exists()
    with at(jadwal):
        client.force_login(p.asesi)
        assert "Masuk sesi (konferensi video)" in text(client.get(url("sesi", jadwal.pk)))
        response = client.post(url("sesi-hadir", jadwal.pk), HTTP_USER_AGENT="Ponsel uji")
    assert response.status_code == 302 and response["Location"] == VIDEO
    kehadiran = Kehadiran.objects.get(user=p.asesi)
    assert kehadiran.ip == "127.0.0.1" and kehadiran.user_agent == "Ponsel uji"
    assert kehadiran.hadir_pada == jadwal.mulai + dt.timedelta(hours=1)


def test_face_to_face_join_stays_on_the_page(demo, client, two):
    """SE-A4.10: a tatap muka batch records attendance on its day and stays on the page."""
    p, _ = two
    with at(p.jadwal):
        client.force_login(demo["asesor"])
        response = client.post(url("sesi-hadir", p.jadwal.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("sesi", p.jadwal.pk)
    assert "Kehadiran Anda tercatat" in messages_of(response)
    assert Kehadiran.objects.get(user=demo["asesor"]).peran == "asesor"


def test_staff_cannot_join(demo, client, two):
    """SE-A4.10: staff watch the page; only candidates and assessors join (403)."""
    p, _ = two
    client.force_login(demo["manajer"])
    assert client.post(url("sesi-hadir", p.jadwal.pk)).status_code == 403


# --- extension ---------------------------------------------------------------------------------


def test_extension_through_the_form(demo, client, two):
    """SE-A4.10: manage_jadwal staff extend with a reason; no reason or a time not after the
    end is shown on its field; the assessor gets 403."""
    p, _ = two
    jadwal = p.jadwal
    path = url("sesi-perpanjang", jadwal.pk)
    client.force_login(demo["asesor"])
    assert client.get(path).status_code == 403
    client.force_login(demo["manajer"])
    assert client.get(path).status_code == 200
    day = jadwal.selesai.astimezone(dt.timezone(dt.timedelta(hours=7)))
    form = {"sampai_0": f"{day:%Y-%m-%d}", "sampai_1": f"{day:%H:%M}", "alasan": "Gangguan"}
    response = client.post(path, form)
    assert "harus setelah akhir sesi saat ini" in text(response)
    later = day + dt.timedelta(minutes=30)
    response = client.post(path, {**form, "sampai_1": f"{later:%H:%M}", "alasan": ""})
    assert "Tulis alasan perpanjangan" in text(response)
    response = client.post(path, {**form, "sampai_1": f"{later:%H:%M}", "alasan": "Listrik padam"})
    assert response.status_code == 302
    sesi = Sesi.objects.get(jadwal=jadwal)
    assert sesi.diperpanjang_sampai == jadwal.selesai + dt.timedelta(minutes=30)
    assert LogSesi.objects.filter(sesi=sesi, jenis="perpanjangan", teks__contains="Listrik padam").exists()


# --- the log -----------------------------------------------------------------------------------


def test_log_incident_ending_an_assessment_needs_confirmation(demo, client, two):
    """SE-A4.10: the form asks for confirmation before an incident ends a candidate's
    assessment; with it, the candidate is stopped with the text as the reason."""
    p, _ = two
    jadwal = p.jadwal
    with at(jadwal):
        check(demo, jadwal, p)
    client.force_login(demo["asesor"])
    data = {"jenis": "insiden", "teks": "Asesi dibantu orang lain", "permohonan": p.pk, "hentikan": "on"}
    response = client.post(url("sesi-log", jadwal.pk), data)
    assert response.status_code == 200 and "Centang konfirmasi untuk menghentikan" in text(response)
    p.refresh_from_db()
    assert p.status == S.ASESMEN and not LogSesi.objects.filter(jenis="insiden").exists()
    response = client.post(url("sesi-log", jadwal.pk), {**data, "konfirmasi": "on"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == S.DIHENTIKAN
    response = client.post(url("sesi-log", jadwal.pk), {"jenis": "catatan", "teks": ""})
    assert "Tulis uraian catatan atau insiden." in text(response)


# --- identity check ----------------------------------------------------------------------------


def test_identity_form_refusals_are_shown(demo, client, two):
    """X-8: a not-an-image snapshot and a missing note are shown on their fields; on another
    day of a tatap muka batch the page says so."""
    p, _ = two
    path = url("sesi-identitas", p.jadwal.pk, p.pk)
    with at(p.jadwal, minutes=-2 * 24 * 60):
        client.force_login(demo["asesor"])
        page = text(client.get(path))
        assert "Asesmen tatap muka berlangsung pada" in page
        response = client.post(path, {"hasil": "sesuai"}, follow=True)
        assert "sesi hanya dapat diikuti pada hari itu" in text(response)
    with at(p.jadwal):
        from .conftest import pdf_upload

        client.force_login(demo["asesor"])

        response = client.post(path, {"hasil": "sesuai", "foto": pdf_upload()})
        assert re.search(r"Cuplikan identitas bukan gambar", text(response))
        response = client.post(path, {"hasil": "tidak_sesuai", "catatan": ""})
        assert "Tulis catatan: apa yang tidak sesuai" in text(response)
        response = client.post(path, {"hasil": "tidak_sesuai", "catatan": "Nama di KTP berbeda"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == S.DIHENTIKAN


# --- FR.IA.11 and the berita acara ------------------------------------------------------------


def test_review_page_signs_and_shows_line_errors(demo, client, siap):
    """SE-A4.8e: the lead answers every line; a missing line is named on its instrument;
    staff read the page without a form (POST 403)."""
    from sertifikasi import services

    p = siap
    jadwal = p.jadwal
    instrumen = services.batch_instruments(jadwal)
    path = url("reviu-instrumen", jadwal.pk)
    client.force_login(demo["manajer"])
    page = text(client.get(path))
    assert services.instrumen_label(instrumen[0]) in page and "Tandatangani FR.IA.11" not in page
    assert client.post(path, SIGN).status_code == 403
    client.force_login(demo["asesor"])
    answers = {f"{k}-{i.pk}": "ya" for i in instrumen for k in services.ASPEK_REVIU}
    missing = dict(answers)
    missing.pop(f"petunjuk_jelas-{instrumen[0].pk}")
    response = client.post(path, {**missing, **SIGN})
    assert response.status_code == 200 and "Petunjuk bagi asesor dan asesi jelas" in text(response)
    response = client.post(path, {**answers, **SIGN})
    assert response.status_code == 302
    jadwal.refresh_from_db()
    assert jadwal.reviu_instrumen.status == "final"


def test_berita_acara_page_signs_and_closes_the_session(demo, client, two):
    """SE-A4.10: the lead signs the berita acara; the candidate's join is then refused with
    the words; staff read it, the candidate 403."""
    p, _ = two
    jadwal = p.jadwal
    with at(jadwal):
        client.force_login(demo["asesor"])
        client.post(url("sesi-hadir", jadwal.pk))
        page = text(client.get(url("sesi-berita-acara", jadwal.pk)))
        assert "Tandatangani berita acara" in page and "Daftar hadir" in page
        response = client.post(url("sesi-berita-acara", jadwal.pk), SIGN)
    assert response.status_code == 302
    sesi = Sesi.objects.get(jadwal=jadwal)
    assert sesi.berita_acara.status == "final" and sesi.ditutup_pada
    client.force_login(demo["manajer"])
    assert "Tandatangani berita acara" not in text(client.get(url("sesi-berita-acara", jadwal.pk)))
    with at(jadwal, minutes=120):
        client.force_login(p.asesi)
        response = client.post(url("sesi-hadir", jadwal.pk), follow=True)
    assert "Sesi sudah ditutup dengan berita acara" in messages_of(response)


# --- query counts ------------------------------------------------------------------------------


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _grow_batch(demo, jadwal, asesor, start, end, log_lines):
    """Candidates start..end-1 in the batch (bulk-created: the page reads them, it does not
    care how they were made), each present with an identity check, and `log_lines` more log
    lines about them."""
    rows = grow(demo["skema"], start, end, status=S.SIAP_ASESMEN)
    Permohonan.objects.filter(pk__in=[r.pk for r in rows]).update(jadwal=jadwal, asesor=asesor)
    sesi = sesi_of(jadwal)
    Kehadiran.objects.bulk_create(
        Kehadiran(sesi=sesi, user=r.asesi, permohonan=r, peran="asesi", hadir_pada=jadwal.mulai) for r in rows
    )
    CekIdentitas.objects.bulk_create(
        CekIdentitas(sesi=sesi, permohonan=r, hasil="sesuai", oleh=demo["asesor"], foto="x/y.png")
        for r in rows
    )
    LogSesi.objects.bulk_create(
        LogSesi(
            sesi=sesi,
            permohonan=rows[n % len(rows)],
            jenis="catatan",
            teks=f"Catatan {n}",
            oleh=demo["asesor"],
        )
        for n in range(log_lines)
    )


def test_session_page_queries_stay_the_same_as_candidates_and_log_grow(demo, client, siap):
    """Issue 11 speed on the session page: the same number of queries for staff, the
    assessor and a candidate with 2 and with 10 candidates, 5 and 50 log lines."""
    p = siap
    jadwal = p.jadwal
    review(demo, jadwal)
    _grow_batch(demo, jadwal, p.asesor, 0, 1, 5)  # 2 candidates, 5 lines
    path = url("sesi", jadwal.pk)
    people = [demo["manajer"], demo["asesor"], p.asesi]

    def counts():
        result = []
        for person in people:
            client.force_login(person)
            result.append(queries(client, path))
        return result

    small = counts()
    _grow_batch(demo, jadwal, p.asesor, 1, 9, 45)  # 10 candidates, 50 lines
    assert Permohonan.objects.filter(jadwal=jadwal).count() == 10
    assert LogSesi.objects.filter(sesi__jadwal=jadwal).count() == 50
    assert counts() == small
