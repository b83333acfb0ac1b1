"""The decision's pages over HTTP (FLOW.md states 11–14, SE-A4.8, X-6, X-9): the pleno list,
forming a pleno (members, chair, time, link, the Ketua; conflicts beside the members), the
pleno's page (FR.AK.02 per unit, the records, who decided what, the undecided, a remote
batch without a recording flagged), a member's decision, issuing the SK keputusan with the
certificates, the Ketua's one signing act (tasks eager), a Komite member's conflict; the
journey showing it (the batch page, the application page before and after the SK, the
dashboard); who gets 403/404; the pleno page's queries constant from 2 to 3 candidates.

The world: test_pleno.py's `ready` (decision.ready_batch once per module) and its builders.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from administrasi.models import Dokumen, TandaTanganMassal
from lsp_portal.models import Notifikasi
from sertifikasi import services
from sertifikasi.models import Jadwal, Keputusan, KonflikPleno, Permohonan, Pleno, Sertifikat
from sertifikasi.services import pleno as rules

from .conftest import DEMO_PASSWORD
from .decision import ALASAN_BK, ALASAN_K
from .test_ak import ak02_final, ak05_signed
from .test_pleno import (  # noqa: F401 (batch_fixture, ready_fixture: the fixtures `ready` needs)
    batch_fixture,
    candidate_in,
    decide,
    decided,
    form,
    issued,
    komite2,
    other_batch,
    ready_fixture,
    sign_all,
)

pytestmark = [pytest.mark.django_db]

S = Permohonan.Status
SIGN = {"secret": DEMO_PASSWORD, "consent": "on"}
TYPED = "Alasan panjang yang saya ketik dengan hati-hati."
CONFLICT = "Anda telah menyatakan benturan kepentingan dengan asesi ini (pernah melatih asesi)."


def url(name, *objs):
    return reverse(f"sertifikasi:{name}", args=[o.pk for o in objs])


def get(client, user, path):
    client.force_login(user)
    return client.get(path)


def post(client, user, path, data=None):
    client.force_login(user)
    return client.post(path, data or {})


def shown(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def pleno_data(demo, **over):
    waktu = timezone.localtime() + dt.timedelta(days=1)
    return {
        "anggota": [demo["komite"].pk],
        "ketua_rapat": demo["komite"].pk,
        "waktu_0": waktu.strftime("%Y-%m-%d"),
        "waktu_1": "09:30",
        "tautan": "https://meet.example.id/pleno-desember",
        "penandatangan": demo["ketua"].pk,
        **over,
    }


# --- the list (FLOW 11) -----------------------------------------------------------------------------


def test_flow11_list_shows_ready_batch_with_bentuk_pleno_for_the_manajer(demo, ready, client):
    jadwal, _, _ = ready
    page = shown(get(client, demo["manajer"], url("pleno-list")))
    assert jadwal.nama in page and url("pleno-baru", jadwal) in page and "Bentuk pleno" in page
    # Other staff see the batch, without the button (no organize_pleno).
    page = shown(get(client, demo["admin"], url("pleno-list")))
    assert jadwal.nama in page and url("pleno-baru", jadwal) not in page
    assert get(client, demo["asesi"], url("pleno-list")).status_code == 403
    assert get(client, demo["asesor"], url("pleno-list")).status_code == 403


def test_flow11_list_shows_plenos_with_their_status(demo, ready, client):
    pleno = form(demo, ready[0])
    page = shown(get(client, demo["komite"], url("pleno-list")))
    assert pleno.get_absolute_url() in page and "Menunggu keputusan komite" in page
    page = shown(get(client, demo["manajer"], url("pleno-list")))
    assert "Tidak ada jadwal yang menunggu rapat pleno." in page and url("pleno-baru", ready[0]) not in page


# --- forming the pleno (FLOW 11, X-6) --------------------------------------------------------------


def test_flow11_form_pleno_over_http_shows_conflicts_beside_members(demo, ready, client):
    """FLOW 11, X-6: the form lists the Komite members; a member's declared conflict with a
    candidate is shown beside them; the pleno is formed and its members told."""
    jadwal, _, p_bk = ready
    other = komite2(demo)
    services.konflik_pleno_declare(permohonan=p_bk, jenis="pelatih", alasan="Murid kursus saya.", actor=other)
    page = shown(get(client, demo["manajer"], url("pleno-baru", jadwal)))
    assert demo["komite"].nama_lengkap in page and "Rina Komite" in page
    assert "Rina Komite: benturan kepentingan (pernah melatih asesi)" in page
    response = post(
        client,
        demo["manajer"],
        url("pleno-baru", jadwal),
        pleno_data(demo, anggota=[demo["komite"].pk, other.pk]),
    )
    pleno = Pleno.objects.get(jadwal=jadwal)
    assert response.status_code == 302 and response["Location"] == pleno.get_absolute_url()
    assert pleno.tautan == "https://meet.example.id/pleno-desember"
    assert timezone.localtime(pleno.waktu).strftime("%H:%M") == "09:30"
    assert {a.user for a in pleno.keanggotaan.all()} == {demo["komite"], other}
    assert Notifikasi.objects.filter(penerima=other, url=pleno.get_absolute_url()).exists()


@pytest.mark.parametrize(
    "over, message",
    [
        ({"tautan": "http://meet.example.id/pleno-desember"}, "Tautan rapat daring harus diawali https://."),
        ({"ketua_rapat": "komite2"}, "Ketua rapat harus salah satu anggota."),
        ({"anggota": []}, "Pilih sekurang-kurangnya satu anggota komite teknis."),
    ],
)
def test_flow11_form_pleno_refusal_keeps_what_was_typed(demo, ready, client, over, message):
    """A refused form shows the reason on its field in Indonesian and keeps what was typed;
    nothing is saved."""
    jadwal, _, _ = ready
    other = komite2(demo)
    data = pleno_data(demo, **{k: (other.pk if v == "komite2" else v) for k, v in over.items()})
    response = post(client, demo["manajer"], url("pleno-baru", jadwal), data)
    assert response.status_code == 200
    page = shown(response)
    assert message in page
    assert data["waktu_0"] in page and 'value="09:30"' in page
    assert f'value="{data["tautan"]}"' in page
    assert not Pleno.objects.exists()


def test_flow11_form_pleno_not_ready_shows_why(demo, client):
    p = candidate_in(demo, other_batch(demo), 0)
    response = get(client, demo["manajer"], url("pleno-baru", p.jadwal))
    page = shown(response)
    assert response.status_code == 200
    assert "Rapat pleno belum dapat dibentuk." in page and f"belum selesai diases: {p.nama}" in page
    assert 'name="anggota"' not in page
    response = post(client, demo["manajer"], url("pleno-baru", p.jadwal), pleno_data(demo))
    assert response.status_code == 200 and not Pleno.objects.exists()


def test_flow11_form_pleno_who_may(demo, ready, client):
    """Staff without organize_pleno 403; a candidate 404 (the batch is not theirs); a batch
    with a pleno leads to it."""
    jadwal, _, _ = ready
    assert get(client, demo["admin"], url("pleno-baru", jadwal)).status_code == 403
    assert get(client, demo["komite"], url("pleno-baru", jadwal)).status_code == 403
    assert get(client, demo["asesor"], url("pleno-baru", jadwal)).status_code == 403
    assert get(client, demo["asesi"], url("pleno-baru", jadwal)).status_code == 404
    pleno = form(demo, jadwal)
    response = get(client, demo["manajer"], url("pleno-baru", jadwal))
    assert response.status_code == 302 and response["Location"] == pleno.get_absolute_url()


# --- the pleno's page (FLOW 12, X-9) --------------------------------------------------------------


def test_flow12_pleno_page_shows_recommendations_records_decisions_and_undecided(demo, ready, client):
    """FLOW 12: per candidate the FR.AK.02 recommendation per unit and the links to the
    records; who decided what with the reasons; the undecided; the member's actions."""
    jadwal, p_k, p_bk = ready
    pleno = form(demo, jadwal)
    decide(demo, pleno, p_k, "K", ALASAN_K)
    page = shown(get(client, demo["komite"], pleno.get_absolute_url()))
    bk_unit = rules.bk_units(p_bk)[0]
    assert f"pada unit {bk_unit}" in page and "pada semua unit" in page
    for link in (
        url("ak02-tandatangan", p_k),
        url("asesmen", p_bk),
        url("ak05", jadwal),
        url("rekaman", jadwal),
        p_k.get_absolute_url(),
    ):
        assert link in page
    assert ALASAN_K in page and f"Diputuskan oleh {demo['komite'].nama_lengkap}" in page
    assert "Belum diputuskan (1)" in page
    assert url("keputusan", pleno, p_bk) in page and "Putuskan" in page
    assert url("keputusan", pleno, p_k) in page and "Ubah keputusan" in page
    assert "Rekaman sesi tidak ada (X-9)" not in page  # face to face
    # The Manajer reads it; SK not yet (a candidate undecided).
    page = shown(get(client, demo["manajer"], pleno.get_absolute_url()))
    assert ALASAN_K in page and url("keputusan", pleno, p_bk) not in page
    assert "SK keputusan dapat diterbitkan setelah semua asesi diputuskan." in page


def test_x9_pleno_page_flags_a_remote_batch_without_recording(demo, ready, client):
    """X-9 edge: a remote batch without any session recording is flagged at the pleno; a
    recording added clears the flag."""
    jadwal, _, _ = ready
    Jadwal.objects.filter(pk=jadwal.pk).update(mode="jarak_jauh", tautan_video="https://meet.example.id/sesi")
    pleno = form(demo, jadwal)
    page = shown(get(client, demo["komite"], pleno.get_absolute_url()))
    assert "Rekaman sesi tidak ada (X-9)" in page and 'id="rekaman-hilang"' in page
    services.rekaman_link_add(
        jadwal=jadwal,
        judul="Rekaman sesi",
        tautan="https://video.example.id/a.mp4",
        sha256="b" * 64,
        actor=demo["asesor"],
    )
    assert "Rekaman sesi tidak ada (X-9)" not in shown(get(client, demo["komite"], pleno.get_absolute_url()))


def test_x6_pleno_page_tells_a_conflicted_member_why(demo, ready, client):
    jadwal, p_k, p_bk = ready
    other = komite2(demo)
    pleno = form(demo, jadwal, anggota=[demo["komite"], other])
    services.konflik_pleno_declare(permohonan=p_bk, jenis="pelatih", alasan="Murid kursus saya.", actor=other)
    page = shown(get(client, other, pleno.get_absolute_url()))
    assert (
        "Anda tidak memutuskan asesi ini: Anda telah menyatakan benturan kepentingan dengan asesi ini "
        "(pernah melatih asesi)." in page
    )
    assert url("keputusan", pleno, p_bk) not in page and url("keputusan", pleno, p_k) in page


def test_pleno_objects_are_not_found_by_candidates_and_assessors(demo, ready, client):
    """The SK lists every candidate's result: a candidate or an assessor gets 404 on a pleno
    and its pages; people without a journey role 403."""
    jadwal, p_k, _ = ready
    pleno = form(demo, jadwal)
    for name, args in (
        ("pleno", [pleno]),
        ("keputusan", [pleno, p_k]),
        ("pleno-sk", [pleno]),
        ("pleno-tandatangan", [pleno]),
    ):
        path = url(name, *args)
        assert get(client, demo["asesi"], path).status_code == 404, path
        assert get(client, demo["asesor"], path).status_code == 404, path
        assert get(client, demo["dewan"], path).status_code == 403, path
        client.logout()
        assert client.get(path).status_code == 302, path


# --- a member's decision (FLOW 12, SE-A4.8, X-6) ----------------------------------------------------


def test_se_a4_8_member_decides_over_http(demo, ready, client):
    jadwal, _, p_bk = ready
    pleno = form(demo, jadwal)
    page = shown(get(client, demo["komite"], url("keputusan", pleno, p_bk)))
    assert 'name="hasil"' in page and 'name="alasan"' in page
    assert "asesi tidak dapat dinyatakan kompeten tanpa asesmen lanjutan" in page
    response = post(
        client, demo["komite"], url("keputusan", pleno, p_bk), {"hasil": "BK", "alasan": ALASAN_BK}
    )
    assert response.status_code == 302 and response["Location"] == pleno.get_absolute_url()
    k = Keputusan.objects.get(permohonan=p_bk)
    assert (k.hasil, k.alasan, k.diputuskan_oleh) == ("BK", ALASAN_BK, demo["komite"])
    # Opened again: the form holds the decision, to change until the SK.
    page = shown(get(client, demo["komite"], url("keputusan", pleno, p_bk)))
    assert ALASAN_BK in page and re.search(r'value="BK"[^>]*checked', page)


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"hasil": "K", "alasan": "Alasan panjang yang saya ketik dengan hati-hati."},
            "asesi tidak dapat dinyatakan kompeten",
        ),
        ({"hasil": "BK", "alasan": ""}, "Tulis alasan keputusan."),
        (
            {"alasan": "Alasan panjang yang saya ketik dengan hati-hati."},
            "Pilih keputusan: Kompeten (K) atau Belum kompeten (BK).",
        ),
    ],
)
def test_se_a4_8_refused_decision_keeps_the_typed_reasons(demo, ready, client, data, message):
    """SE-A4.8: K while FR.AK.02 has a BK unit, no reasons, no K/BK: refused in Indonesian,
    the typed reasons shown again, nothing saved."""
    jadwal, _, p_bk = ready
    pleno = form(demo, jadwal)
    response = post(client, demo["komite"], url("keputusan", pleno, p_bk), data)
    assert response.status_code == 200
    page = shown(response)
    assert message in page
    if data.get("alasan"):
        assert data["alasan"] in page
    assert not Keputusan.objects.exists()


def test_x6_conflicted_member_sees_why_and_cannot_decide(demo, ready, client):
    """X-6: a member who declared they trained the candidate sees why on the decision page,
    gets no form; a POST is refused with the reason and saves nothing."""
    jadwal, _, p_bk = ready
    other = komite2(demo)
    pleno = form(demo, jadwal, anggota=[demo["komite"], other])
    services.konflik_pleno_declare(permohonan=p_bk, jenis="pelatih", alasan="Murid kursus saya.", actor=other)
    page = shown(get(client, other, url("keputusan", pleno, p_bk)))
    assert "Anda tidak dapat memutuskan asesi ini." in page and "(pernah melatih asesi)" in page
    assert 'name="alasan"' not in page
    response = post(client, other, url("keputusan", pleno, p_bk), {"hasil": "BK", "alasan": "Alasan saya."})
    assert response.status_code == 200
    assert "Anda telah menyatakan benturan kepentingan dengan asesi ini (pernah melatih asesi)." in shown(
        response
    )
    assert "Alasan saya." in shown(response)
    assert not Keputusan.objects.exists()


def test_x6_an_assessor_of_the_batch_on_the_pleno_cannot_decide_over_http(demo, ready, client):
    from .test_pleno import make_komite

    jadwal, p_k, _ = ready
    make_komite(demo["asesor"])
    pleno = form(demo, jadwal, anggota=[demo["komite"], demo["asesor"]])
    page = shown(get(client, demo["asesor"], url("keputusan", pleno, p_k)))
    assert "Anda asesor pada jadwal asesi ini" in page and 'name="alasan"' not in page
    response = post(client, demo["asesor"], url("keputusan", pleno, p_k), {"hasil": "K", "alasan": ALASAN_K})
    assert response.status_code == 200 and not Keputusan.objects.exists()


def test_decision_page_for_non_members_is_forbidden(demo, ready, client):
    jadwal, p_k, _ = ready
    pleno = form(demo, jadwal)
    assert get(client, demo["manajer"], url("keputusan", pleno, p_k)).status_code == 403
    assert get(client, komite2(demo), url("keputusan", pleno, p_k)).status_code == 403
    response = post(client, demo["manajer"], url("keputusan", pleno, p_k), {"hasil": "K", "alasan": ALASAN_K})
    assert response.status_code == 403 and not Keputusan.objects.exists()


def test_flow12_decision_page_read_only_after_the_sk(demo, ready, client):
    pleno = issued(demo, ready)
    _, p_k, _ = ready
    page = shown(get(client, demo["komite"], url("keputusan", pleno, p_k)))
    assert "keputusan tidak dapat diubah lagi" in page and 'name="alasan"' not in page
    response = post(
        client, demo["komite"], url("keputusan", pleno, p_k), {"hasil": "BK", "alasan": "Berubah."}
    )
    assert response.status_code == 200 and "keputusan sudah ditutup" in shown(response)
    assert Keputusan.objects.get(permohonan=p_k).hasil == "K"


# --- the SK keputusan (FLOW 12–13) ----------------------------------------------------------------


def test_flow12_issuing_the_sk_over_http(demo, ready, client):
    """GET: what will be issued, or who is undecided; POST: refused while undecided (named),
    then the SK and the K candidate's certificate; a second POST refused."""
    jadwal, p_k, p_bk = ready
    pleno = form(demo, jadwal)
    decide(demo, pleno, p_k, "K", ALASAN_K)
    page = shown(get(client, demo["manajer"], url("pleno-sk", pleno)))
    assert "SK keputusan belum dapat diterbitkan." in page and p_bk.nama in page
    response = post(client, demo["manajer"], url("pleno-sk", pleno))
    assert response.status_code == 302
    assert messages_of(client.get(response["Location"])) == [f"Belum diputuskan: {p_bk.nama}."]
    assert Pleno.objects.get(pk=pleno.pk).sk_id is None

    decide(demo, pleno, p_bk, "BK", ALASAN_BK)
    page = shown(get(client, demo["manajer"], url("pleno-sk", pleno)))
    assert "1 sertifikat untuk asesi yang kompeten" in page and ALASAN_BK in page
    response = post(client, demo["manajer"], url("pleno-sk", pleno))
    assert response.status_code == 302 and response["Location"] == pleno.get_absolute_url()
    pleno.refresh_from_db()
    assert pleno.status == Pleno.Status.SK_DITERBITKAN
    assert Sertifikat.objects.get(jadwal=jadwal).permohonan_id == p_k.pk
    page = shown(client.get(pleno.get_absolute_url()))
    assert "SK keputusan dan sertifikat diterbitkan" in page and Sertifikat.objects.get().nomor in page

    response = post(client, demo["manajer"], url("pleno-sk", pleno))
    assert messages_of(client.get(response["Location"])) == [
        "SK keputusan rapat pleno ini sudah diterbitkan."
    ]
    assert Dokumen.objects.filter(jenis__kode="SK-KEPUTUSAN").count() == 1


def test_flow12_issuing_the_sk_needs_organize_pleno(demo, ready, client):
    pleno = decided(demo, ready)
    assert get(client, demo["komite"], url("pleno-sk", pleno)).status_code == 403
    assert post(client, demo["komite"], url("pleno-sk", pleno)).status_code == 403
    assert post(client, demo["admin"], url("pleno-sk", pleno)).status_code == 403
    assert Pleno.objects.get(pk=pleno.pk).sk_id is None


# --- the Ketua's one signing act (FLOW 13, SE-A4.5) ------------------------------------------------


def test_flow13_the_ketua_signs_sk_and_certificates_in_one_act(
    demo, ready, client, django_capture_on_commit_callbacks
):
    """One re-authentication signs the SK then the certificate (the batch signing run by
    Celery, eager here as `make run` does); the page leads to the batch's progress; the
    decisions take effect and the candidates are told."""
    jadwal, p_k, p_bk = ready
    pleno = issued(demo, ready)
    page = shown(get(client, demo["ketua"], url("pleno-tandatangan", pleno)))
    certificate = Sertifikat.objects.get(jadwal=jadwal)
    assert "Dokumen yang Anda tandatangani (2)" in page and certificate.nomor in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("pleno-tandatangan", pleno), SIGN)
    batch = TandaTanganMassal.objects.get(penandatangan=demo["ketua"])
    assert response.status_code == 302
    assert response["Location"] == reverse("administrasi:tanda-tangan-batch", args=[batch.pk])
    assert client.get(response["Location"]).status_code == 200
    pleno.refresh_from_db()
    assert pleno.status == Pleno.Status.DITETAPKAN
    assert Dokumen.objects.get(pk=pleno.sk_id).status == Dokumen.Status.FINAL
    assert Sertifikat.objects.get(pk=certificate.pk).terbit
    assert Permohonan.objects.get(pk=p_k.pk).status == S.KOMPETEN
    assert Permohonan.objects.get(pk=p_bk.pk).status == S.BELUM_KOMPETEN
    told = Notifikasi.objects.get(penerima=p_bk.asesi, kunci=f"keputusan-{p_bk.pk}")
    assert ALASAN_BK in told.pesan and rules.BANDING_URL in told.pesan
    # Signed: the page no longer asks for a signature.
    page = shown(client.get(url("pleno-tandatangan", pleno)))
    assert "tidak menunggu tanda tangan Anda: sudah ditetapkan" in page and 'name="secret"' not in page


def test_flow13_a_wrong_secret_signs_nothing_and_keeps_the_page(
    demo, ready, client, django_capture_on_commit_callbacks
):
    pleno = issued(demo, ready)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, demo["ketua"], url("pleno-tandatangan", pleno), {**SIGN, "secret": "bukan-sandi"}
        )
    assert response.status_code == 200 and 'name="secret"' in shown(response)
    assert response.context["form"].errors
    assert not TandaTanganMassal.objects.exists()
    assert Dokumen.objects.get(pk=pleno.sk_id).status == Dokumen.Status.DRAFT


def test_flow13_signing_page_is_the_named_ketuas_and_waits_for_the_sk(demo, ready, client):
    pleno = decided(demo, ready)
    page = shown(get(client, demo["ketua"], url("pleno-tandatangan", pleno)))
    assert "SK keputusan rapat pleno ini belum diterbitkan." in page and 'name="secret"' not in page
    response = post(client, demo["ketua"], url("pleno-tandatangan", pleno), SIGN)
    assert messages_of(client.get(response["Location"])) == ["SK ini tidak menunggu tanda tangan Anda."]
    services.sk_keputusan_issue(pleno=pleno, actor=demo["manajer"])
    for someone in ("manajer", "komite", "admin"):
        assert get(client, demo[someone], url("pleno-tandatangan", pleno)).status_code == 403
        assert post(client, demo[someone], url("pleno-tandatangan", pleno), SIGN).status_code == 403
    assert not TandaTanganMassal.objects.exists()


# --- a Komite member's conflict (X-6) --------------------------------------------------------------


def test_x6_komite_declares_a_conflict_from_the_candidates_page(demo, ready, client):
    _, _, p_bk = ready
    page = shown(get(client, demo["komite"], p_bk.get_absolute_url()))
    assert url("konflik-pleno", p_bk) in page and "Nyatakan benturan kepentingan (komite)" in page
    page = shown(client.get(url("konflik-pleno", p_bk)))
    assert 'name="jenis"' in page and "Pernah melatih asesi" in page
    response = client.post(url("konflik-pleno", p_bk), {"jenis": "pelatih", "alasan": ""})
    assert response.status_code == 200
    assert "Tulis keterangan hubungan Anda dengan asesi." in shown(response)
    assert re.search(r'value="pelatih"[^>]*checked', shown(response))  # the kind chosen is kept
    assert not KonflikPleno.objects.exists()
    response = client.post(
        url("konflik-pleno", p_bk), {"jenis": "pelatih", "alasan": "Murid kursus saya 2025."}
    )
    assert response.status_code == 302 and response["Location"] == p_bk.get_absolute_url()
    konflik = KonflikPleno.objects.get()
    assert (konflik.anggota, konflik.asesi, konflik.jenis) == (demo["komite"], p_bk.asesi, "pelatih")
    page = shown(client.get(url("konflik-pleno", p_bk)))
    assert "Sudah Anda nyatakan" in page and "Murid kursus saya 2025." in page and 'name="alasan"' not in page


def test_x6_konflik_pleno_is_for_komite_members_only(demo, ready, client):
    _, p_k, _ = ready
    assert get(client, demo["manajer"], url("konflik-pleno", p_k)).status_code == 403
    assert get(client, demo["asesi"], url("konflik-pleno", p_k)).status_code == 403  # their own
    assert get(client, demo["asesi2"], url("konflik-pleno", p_k)).status_code == 404  # someone else's
    assert (
        post(
            client, demo["asesor"], url("konflik-pleno", p_k), {"jenis": "pelatih", "alasan": "x"}
        ).status_code
        == 403
    )
    assert not KonflikPleno.objects.exists()


# --- the journey shows it ---------------------------------------------------------------------------


def test_flow12_candidate_sees_only_waiting_before_the_sk_is_final(demo, ready, client):
    """Before the SK is final the candidate reads that the decision is awaited; never the
    draft decision, its reasons, nor the appeal."""
    _, _, p_bk = ready
    issued(demo, ready)
    page = shown(get(client, p_bk.asesi, p_bk.get_absolute_url()))
    assert "menunggu keputusan komite" in page
    assert ALASAN_BK not in page and rules.BANDING_URL not in page and 'id="keputusan"' not in page


def test_flow13_14_candidate_sees_the_result_after_the_sk_is_final(demo, ready, client):
    """FLOW 13: K -> their certificates; FLOW 14: BK -> the reasons and how to appeal
    (FR.AK.04, the appeal procedure's page)."""
    _, p_k, p_bk = ready
    sign_all(demo, issued(demo, ready))
    page = shown(get(client, p_k.asesi, p_k.get_absolute_url()))
    assert "Kompeten (K)" in page and reverse("sertifikasi:sertifikat-saya") in page and ALASAN_K in page
    page = shown(get(client, p_bk.asesi, p_bk.get_absolute_url()))
    assert "Belum kompeten (BK)" in page and ALASAN_BK in page
    assert f'href="{rules.BANDING_URL}"' in page and "FR.AK.04" in page
    assert "berhenti di sini" in page  # the stepper stops at the decision
    # Staff read the result with a link to the pleno.
    page = shown(get(client, demo["admin"], p_bk.get_absolute_url()))
    assert ALASAN_BK in page and Pleno.objects.get().get_absolute_url() in page


def test_flow11_batch_page_links_to_forming_then_to_the_pleno(demo, ready, client):
    jadwal, _, _ = ready
    page = shown(get(client, demo["manajer"], jadwal.get_absolute_url()))
    assert "Bentuk rapat pleno" in page and url("pleno-baru", jadwal) in page
    assert "Bentuk rapat pleno" not in shown(get(client, demo["admin"], jadwal.get_absolute_url()))
    pleno = form(demo, jadwal)
    page = shown(get(client, demo["admin"], jadwal.get_absolute_url()))
    assert pleno.get_absolute_url() in page and "Rapat pleno" in page
    assert pleno.get_absolute_url() not in shown(get(client, demo["asesor"], jadwal.get_absolute_url()))


def test_dashboard_shows_the_decisions_work(demo, ready, client):
    """The Manajer's, the member's and the Ketua's dashboards (akun:home) list what the
    decision asks of them."""
    jadwal, _, _ = ready
    assert "Jadwal siap rapat pleno" in shown(get(client, demo["manajer"], reverse("akun:home")))
    pleno = decided(demo, ready)
    assert "SK keputusan siap diterbitkan" in shown(get(client, demo["manajer"], reverse("akun:home")))
    services.sk_keputusan_issue(pleno=pleno, actor=demo["manajer"])
    page = shown(get(client, demo["ketua"], reverse("akun:home")))
    assert "SK keputusan dan sertifikat menunggu tanda tangan Anda" in page
    assert url("pleno-tandatangan", pleno) in page


def test_dashboard_shows_a_member_the_candidates_to_decide(demo, ready, client):
    pleno = form(demo, ready[0])
    page = shown(get(client, demo["komite"], reverse("akun:home")))
    assert "Asesi menunggu keputusan Anda (rapat pleno)" in page and pleno.get_absolute_url() in page


# --- queries ------------------------------------------------------------------------------------------


def _queries(client, user, path) -> int:
    client.force_login(user)
    client.get(path)  # warm the session and caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_pleno_page_queries_do_not_grow_with_the_candidates(demo, ready, client):
    """The pleno page: the same number of queries for 2 candidates as for 3."""
    jadwal, p_k, p_bk = ready
    small = form(demo, jadwal)
    decide(demo, small, p_k, "K", ALASAN_K)
    decide(demo, small, p_bk, "BK", ALASAN_BK)

    batch = other_batch(demo)
    candidates = [ak02_final(demo, candidate_in(demo, batch, n)) for n in range(3)]
    ak05_signed(demo, batch)
    large = form(demo, batch)
    for p in candidates:
        decide(demo, large, p, "K", ALASAN_K)
    assert len(rules.pleno_candidates(batch)) == 3
    assert _queries(client, demo["komite"], large.get_absolute_url()) == _queries(
        client, demo["komite"], small.get_absolute_url()
    )
    assert _queries(client, demo["manajer"], large.get_absolute_url()) == _queries(
        client, demo["manajer"], small.get_absolute_url()
    )
