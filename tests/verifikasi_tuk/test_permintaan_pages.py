"""HTTP tests of the request pages (issue 12; SE-A4.9, X-6, SE-B1.l, SE-A3.Kb): the home
list with what waits on the user, the request form, the detail, the verifier's assignment,
the cancellation, evidence downloads and the declaration of conflicts. Each refusal is shown
in Indonesian and saves nothing; others' requests answer 404."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user

from .conftest import (
    REKAMAN_SHA256,
    VIDEO,
    assigned,
    evidenced,
    png_upload,
    requested,
    spt_signed,
    with_conditions,
)


def url(name, p, *args):
    return reverse(f"verifikasi_tuk:{name}", args=[p.pk, *args])


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def as_user(client):
    def do(user):
        client.force_login(user)
        return client

    return do


def other_tuk(vt, n=2, *, pengelola=None):
    """Another TUK Sewaktu (kode TUK-VT-LAIN-<n>), run by `pengelola` if given."""
    from tuk import services as tuk_services

    return tuk_services.tuk_create(
        actor=vt["admin"],
        kode=f"TUK-VT-LAIN-{n:02d}",
        nama=f"TUK Lain {n:02d}",
        jenis="sewaktu",
        alamat="Jl. Lain",
        kota="Kota Bandung",
        provinsi="Jawa Barat",
        kode_pos="40111",
        penanggung_jawab="Penanggung Jawab",
        penanggung_jawab_telepon="081211112222",
        penanggung_jawab_email="",
        pengelola=pengelola,
        bandwidth_mbps=Decimal("50"),
        kamera_tersedia=True,
        ruang_sesuai=True,
    )


@pytest.fixture
def pengelola_lain(vt):
    """A Pengelola TUK of another TUK."""
    user = make_user("pengelola.lain@uji.lsp.id", "pengelola_tuk")
    other_tuk(vt, 99, pengelola=user)
    return user


def future_local(days=2, hour=10):
    return f"{timezone.localdate() + dt.timedelta(days=days):%Y-%m-%d}T{hour:02d}:00"


# --- home -----------------------------------------------------------------------------------


def test_home_lists_visible_requests_and_next_steps(vt, as_user, pengelola_lain):
    """SE-A4.9: the Manajer sees the request with "Tugaskan verifikator" first; the TUK's
    manager sees their own request; a manager of another TUK does not see it."""
    p = requested(vt)
    html = page(as_user(vt["manajer"]), reverse("verifikasi_tuk:home"))
    assert "Perlu tindakan Anda" in html and "Tugaskan verifikator" in html
    assert p.get_absolute_url() in html and vt["skema"].kode in html
    assert reverse("verifikasi_tuk:penetapan-list") in html

    html = page(as_user(vt["tuk"].pengelola), reverse("verifikasi_tuk:home"))
    assert p.get_absolute_url() in html
    assert reverse("verifikasi_tuk:permintaan-create") in html

    html = page(as_user(pengelola_lain), reverse("verifikasi_tuk:home"))
    assert p.get_absolute_url() not in html


def test_home_verifier_sees_checklist_step(vt, as_user):
    """The verifier's next step once the SPT is signed: fill the checklist."""
    p = spt_signed(vt)
    html = page(as_user(vt["asesor"]), reverse("verifikasi_tuk:home"))
    assert "Isi ceklis verifikasi" in html and p.get_absolute_url() in html
    assert reverse("verifikasi_tuk:konflik") in html  # the asesor has a personnel row


def test_home_query_count_constant(vt, as_user):
    """The home page's queries do not grow from 1 to 30 requests (with open conditions)."""
    client = as_user(vt["manajer"])
    with_conditions(vt)
    client.get(reverse("verifikasi_tuk:home"))  # warm the caches (permissions, sessions)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("verifikasi_tuk:home")).status_code == 200
    for n in range(29):
        requested(vt, tuk=other_tuk(vt, n + 1, pengelola=vt["tuk"].pengelola))
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(reverse("verifikasi_tuk:home"))
    assert response.status_code == 200 and "TUK Lain 29" in response.content.decode()
    assert len(thirty) == len(one), [q["sql"] for q in thirty.captured_queries]


def test_worklist_lists_next_steps(vt):
    """The dashboard provider: the Manajer's request to assign, nothing for an outsider."""
    from verifikasi_tuk.worklist import verification_steps

    p = spt_signed(vt)
    items = verification_steps(vt["asesor"])
    assert [(i.label, i.url) for i in items] == [
        ("Verifikasi TUK: isi ceklis verifikasi", p.get_absolute_url())
    ]
    assert verification_steps(vt["asesi"]) == []


# --- create -----------------------------------------------------------------------------------


def test_create_by_pengelola(vt, as_user):
    """The TUK's manager asks to verify their TUK (preselected by ?tuk=) for a scheme."""
    from verifikasi_tuk.models import Permintaan

    client = as_user(vt["tuk"].pengelola)
    html = page(client, reverse("verifikasi_tuk:permintaan-create") + f"?tuk={vt['tuk'].pk}")
    assert f'value="{vt["tuk"].pk}" selected' in html
    assert vt["skema"].kode in html
    response = client.post(
        reverse("verifikasi_tuk:permintaan-create"),
        {"tuk": vt["tuk"].pk, "jenis": "baru", "skema": [vt["skema"].pk], "alasan": "TUK baru."},
    )
    p = Permintaan.objects.get(tuk=vt["tuk"])
    assert response.status_code == 302 and response.url == p.get_absolute_url()
    assert p.skema_ids == [vt["skema"].pk] and p.diajukan_oleh == vt["tuk"].pengelola


def test_create_refusals(vt, as_user):
    """No scheme, another's TUK, a second open request: refused on the form, nothing saved."""
    from verifikasi_tuk.models import Permintaan

    client = as_user(vt["tuk"].pengelola)
    path = reverse("verifikasi_tuk:permintaan-create")
    response = client.post(path, {"tuk": vt["tuk"].pk, "jenis": "baru", "alasan": ""})
    assert response.status_code == 200
    assert "Pilih paling sedikit satu skema" in response.content.decode()
    foreign = other_tuk(vt)
    response = client.post(path, {"tuk": foreign.pk, "jenis": "baru", "skema": [vt["skema"].pk]})
    assert response.status_code == 200 and not Permintaan.objects.filter(tuk=foreign).exists()
    requested(vt)
    response = client.post(path, {"tuk": vt["tuk"].pk, "jenis": "baru", "skema": [vt["skema"].pk]})
    assert "sudah memiliki permintaan verifikasi yang sedang berjalan" in response.content.decode()
    assert Permintaan.objects.filter(tuk=vt["tuk"]).count() == 1


def test_create_forbidden_without_a_tuk(vt, as_user):
    """The Manajer (no manage_tuk) and an assessor may not ask for a verification."""
    assert as_user(vt["manajer"]).get(reverse("verifikasi_tuk:permintaan-create")).status_code == 403
    assert as_user(vt["asesor"]).get(reverse("verifikasi_tuk:permintaan-create")).status_code == 403


# --- detail -----------------------------------------------------------------------------------


def test_detail_shows_the_whole_story(vt, as_user):
    """Status, TUK, scheme, verifier, session link, SPT, checklist, evidence with download
    links, recording with SHA-256, berita acara, conditions, history (SE-A4.9)."""
    p = with_conditions(vt)
    html = page(as_user(vt["tuk"].pengelola), url("permintaan-detail", p))
    assert vt["tuk"].nama in html and vt["skema"].kode in html
    assert vt["verifikator"].nama in html and VIDEO in html
    assert reverse("administrasi:dokumen-detail", args=[p.spt_id]) in html
    assert reverse("administrasi:dokumen-detail", args=[p.berita_acara_id]) in html
    assert REKAMAN_SHA256 in html
    for b in p.bukti.all():
        assert url("bukti-file", p, b.pk) in html
    assert "Pasang APAR di ruang asesmen." in html
    syarat = p.syarat.get()
    assert url("syarat-answer", p, syarat.pk) in html  # the TUK's manager answers
    assert url("syarat-review", p, syarat.pk) not in html
    assert "Menunggu tindak lanjut syarat" in html and "Riwayat status" in html
    assert url("permintaan-cancel", p) not in html  # not theirs to cancel


def test_detail_buttons_per_permission(vt, as_user):
    """The Manajer assigns and cancels; the verifier fills the checklist; staff package the
    dossier for BNSP (SE-B1.l, SE-A3.Kb), the TUK's manager does not."""
    p = requested(vt)
    html = page(as_user(vt["manajer"]), url("permintaan-detail", p))
    assert url("permintaan-assign", p) in html and url("permintaan-cancel", p) in html
    p = spt_signed(vt, assigned(vt, p))
    html = page(as_user(vt["asesor"]), url("permintaan-detail", p))
    assert url("ceklis", p) in html and url("permintaan-assign", p) not in html
    html = page(as_user(vt["admin"]), url("permintaan-detail", p))
    assert "Paket dosier untuk BNSP" in html
    assert reverse("administrasi:dosier-request", args=[p.spt_id]) in html
    assert "Paket dosier untuk BNSP" not in page(as_user(vt["tuk"].pengelola), url("permintaan-detail", p))


def test_dossier_of_the_request(vt, as_user, django_capture_on_commit_callbacks):
    """SE-B1.l, SE-A3.Kb: the button asks the records engine for the dossier of the request
    (SPT, BA ... have the request as subject)."""
    from administrasi.models import EksporDosier

    with django_capture_on_commit_callbacks(execute=True):  # the records' PDFs rendered
        p = with_conditions(vt)
    response = as_user(vt["admin"]).post(reverse("administrasi:dosier-request", args=[p.spt_id]))
    assert response.status_code == 302
    ekspor = EksporDosier.objects.order_by("-pk").first()
    assert ekspor.subject == p


def test_detail_404_for_others(vt, as_user, pengelola_lain):
    """A manager of another TUK and an assessor who is not the verifier get 404."""
    p = assigned(vt)
    assert as_user(pengelola_lain).get(url("permintaan-detail", p)).status_code == 404
    asesor_lain = make_user("asesor.lain@uji.lsp.id", "asesor")
    assert as_user(asesor_lain).get(url("permintaan-detail", p)).status_code == 404
    assert as_user(vt["asesi"]).get(url("permintaan-detail", p)).status_code == 403


def test_detail_query_count_constant(vt, as_user):
    """The detail's queries do not grow with the evidence and the conditions."""
    from verifikasi_tuk import services

    p = evidenced(vt)
    client = as_user(vt["manajer"])
    client.get(url("permintaan-detail", p))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("permintaan-detail", p)).status_code == 200
    for n in range(4):
        services.bukti_add(
            permintaan=p,
            upload=png_upload(f"ruang{n}.png"),
            jenis="foto",
            judul=f"Foto {n}",
            actor=vt["asesor"],
        )
    with CaptureQueriesContext(connection) as more:
        response = client.get(url("permintaan-detail", p))
    assert response.status_code == 200 and "Foto 3" in response.content.decode()
    assert len(more) == len(few), [q["sql"] for q in more.captured_queries]


# --- assign -----------------------------------------------------------------------------------


def assign_data(vt, **overrides):
    data = {
        "verifikator": vt["verifikator"].pk,
        "tanggal": future_local(),
        "tautan_video": VIDEO,
        "signer": vt["ketua"].pk,
    }
    data.update(overrides)
    return data


def test_assign(vt, as_user):
    """The Manajer assigns the verifier: SPT issued for the Ketua, session time in WIB."""
    p = requested(vt)
    client = as_user(vt["manajer"])
    assert "datetime-local" in page(client, url("permintaan-assign", p))
    response = client.post(url("permintaan-assign", p), assign_data(vt, tanggal=future_local(3, 14)))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "ditugaskan" and p.verifikator == vt["verifikator"] and p.spt_id
    local = timezone.localtime(p.tanggal_verifikasi)
    assert (local.date(), local.hour) == (timezone.localdate() + dt.timedelta(days=3), 14)


def test_assign_refuses_conflicted_verifier(vt, as_user):
    """X-6: a conflict declared by the verifier shows next to the name and the service
    refuses the assignment with the message; nothing changes."""
    from verifikasi_tuk import services

    services.konflik_declare(
        personel=vt["verifikator"], tuk=vt["tuk"], alasan="Kerabat pengelola TUK.", actor=vt["asesor"]
    )
    p = requested(vt)
    client = as_user(vt["manajer"])
    html = page(client, url("permintaan-assign", p))
    assert "tidak dapat ditugaskan" in html and "Kerabat pengelola TUK." in html
    response = client.post(url("permintaan-assign", p), assign_data(vt))
    assert response.status_code == 200
    assert "menyatakan benturan kepentingan dengan TUK" in response.content.decode()
    p.refresh_from_db()
    assert p.status == "diajukan" and p.verifikator_id is None and p.spt_id is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tanggal", "2020-01-01T09:00", "Pilih waktu sesi verifikasi yang akan datang."),
        ("tautan_video", "http://meet.example.id/x", "Tautan konferensi video harus diawali https://."),
        ("tanggal", "", "Isi tanggal dan jam sesi."),
    ],
)
def test_assign_refusals(vt, as_user, field, value, message):
    """A past time, an http link, no time: refused on the form, nothing saved."""
    p = requested(vt)
    response = as_user(vt["manajer"]).post(url("permintaan-assign", p), assign_data(vt, **{field: value}))
    assert response.status_code == 200 and message in response.content.decode()
    p.refresh_from_db()
    assert p.status == "diajukan" and p.spt_id is None


def test_assign_forbidden_or_hidden(vt, as_user, pengelola_lain):
    """admin_lsp (no assign right) and the TUK's manager 403; another TUK's manager 404;
    an assigned request 403 for the Manajer."""
    p = requested(vt)
    assert as_user(vt["admin"]).get(url("permintaan-assign", p)).status_code == 403
    assert as_user(vt["tuk"].pengelola).get(url("permintaan-assign", p)).status_code == 403
    assert as_user(pengelola_lain).get(url("permintaan-assign", p)).status_code == 404
    assigned(vt, p)
    assert as_user(vt["manajer"]).get(url("permintaan-assign", p)).status_code == 403


# --- cancel -----------------------------------------------------------------------------------


def test_cancel(vt, as_user):
    """Staff cancel an open request with a reason; without one it is refused."""
    p = assigned(vt)
    client = as_user(vt["admin"])
    response = client.post(url("permintaan-cancel", p), {"alasan": ""})
    assert response.status_code == 200 and "Tulis alasan pembatalan." in response.content.decode()
    p.refresh_from_db()
    assert p.status == "ditugaskan"
    response = client.post(url("permintaan-cancel", p), {"alasan": "TUK mundur."})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "dibatalkan"
    assert client.get(url("permintaan-cancel", p)).status_code == 403  # ended


def test_cancel_forbidden_or_hidden(vt, as_user, pengelola_lain):
    p = requested(vt)
    assert as_user(vt["tuk"].pengelola).get(url("permintaan-cancel", p)).status_code == 403
    assert as_user(pengelola_lain).get(url("permintaan-cancel", p)).status_code == 404


# --- evidence download ------------------------------------------------------------------------


def test_bukti_file(vt, as_user, pengelola_lain):
    """Whoever sees the request downloads its evidence; others 404; another request's id 404."""
    p = evidenced(vt)
    b = p.bukti.first()
    response = as_user(vt["tuk"].pengelola).get(url("bukti-file", p, b.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert as_user(pengelola_lain).get(url("bukti-file", p, b.pk)).status_code == 404
    other = requested(vt, tuk=other_tuk(vt), actor=vt["admin"])
    assert as_user(vt["manajer"]).get(url("bukti-file", other, b.pk)).status_code == 404


# --- conflicts --------------------------------------------------------------------------------


def test_konflik_declare_and_list(vt, as_user):
    """X-6: the assessor declares a conflict with a TUK; it is listed; a repeat is refused."""
    from verifikasi_tuk.models import KonflikTuk

    client = as_user(vt["asesor"])
    path = reverse("verifikasi_tuk:konflik")
    response = client.post(path, {"tuk": vt["tuk"].pk, "alasan": "Pemilik TUK adalah kakak saya."})
    assert response.status_code == 302
    assert KonflikTuk.objects.filter(personel=vt["verifikator"], tuk=vt["tuk"]).exists()
    html = page(client, path)
    assert "Pemilik TUK adalah kakak saya." in html
    response = client.post(path, {"tuk": vt["tuk"].pk, "alasan": "Lagi."})
    assert "sudah tercatat" in response.content.decode()
    response = client.post(path, {"tuk": vt["tuk"].pk, "alasan": ""})
    assert response.status_code == 200 and "Tulis hubungan dengan TUK" in response.content.decode()
    assert KonflikTuk.objects.filter(personel=vt["verifikator"]).count() == 1


def test_konflik_forbidden_without_personnel(vt, as_user):
    """A Pengelola TUK has no personnel row: 403."""
    assert as_user(vt["tuk"].pengelola).get(reverse("verifikasi_tuk:konflik")).status_code == 403
