"""HTTP tests of the SK penetapan TUK pages (issue 12; SE-A4.9, SE-A3.Kb, SE-A4.5): the Ketua
issues and signs the SK, every refusal, the list of SKs, and an SK recorded from outside the
system with its PDF.

The tests about the SK of a request start from the same request, its checklist answered and
its evidence uploaded (conftest's `evidenced`), made once for the module (`_evidenced`, in
the module's savepoint of the demo; each test runs in a savepoint of it and leaves nothing
behind), and send its berita acara with the recommendation they are about."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.hostile_files import valid_pdf
from tuk.models import Tuk
from verifikasi_tuk import services
from verifikasi_tuk.models import Penetapan, Permintaan

from .conftest import DEMO_PASSWORD, evidenced, png_upload, shared_vt, sk_issued, submitted

REFUSED_NOT_FIT = "SK penetapan tidak dapat diterbitkan: hasil verifikasi TUK ini tidak sesuai."


@pytest.fixture(scope="module")
def _evidenced(vt_shared):
    """evidenced(vt) once for the module: its primary key."""
    return vt_shared.build(lambda vt: evidenced(vt).pk)


vt = shared_vt()  # the module's vt (conftest's, made once), read afresh


@pytest.fixture
def checked(vt, _evidenced):
    """The module's request, its checklist answered sesuai and its evidence uploaded, read
    afresh: conftest's `at_sesuai` is submitted(vt, checked)."""
    return Permintaan.objects.get(pk=_evidenced)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _sign(days=30, **extra):
    return {
        "berlaku_sampai": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
        "secret": DEMO_PASSWORD,
        "consent": "on",
        **extra,
    }


def test_ketua_issues_the_sk_and_the_tuk_becomes_verified(vt, checked):
    """SE-A4.9, SE-A3.Kb: the page shows the TUK, scheme, BA and recommendation, and an end
    date capped by the TUK's type; the Ketua signs: the TUK is verified for the scheme until
    that date, the BA and the SK are final."""
    p = submitted(vt, checked)
    url = reverse("verifikasi_tuk:sk-issue", args=[p.pk])
    ketua = _client(vt["ketua"])
    page = ketua.get(url)
    assert page.status_code == 200
    latest = services.berlaku_maksimal(p.tuk).isoformat()
    assert f'value="{latest}"' in page.text and f'max="{latest}"' in page.text
    assert "diverifikasi untuk setiap penggunaan" in page.text
    assert vt["skema"].kode in page.text and p.berita_acara.get_absolute_url() in page.text
    assert p.get_rekomendasi_display() in page.text

    r = ketua.post(url, _sign(days=30))
    assert r.status_code == 302 and r["Location"] == reverse("verifikasi_tuk:permintaan-detail", args=[p.pk])
    p.refresh_from_db()
    assert p.status == Permintaan.Status.DITETAPKAN
    penetapan = Penetapan.objects.get(permintaan=p)
    berlaku = timezone.localdate() + dt.timedelta(days=30)
    assert penetapan.berlaku_sampai == berlaku and penetapan.dokumen.status == "final"
    assert p.berita_acara.status == "final"
    tuk = Tuk.objects.get(pk=vt["tuk"].pk)
    assert tuk.status == Tuk.Status.TERVERIFIKASI
    assert tuk.is_verified_on(berlaku, skema_id=vt["skema"].pk)


def test_sk_refused_for_a_not_fit_result(vt, checked):
    """SE-A4.9: a request whose result is Tidak sesuai shows the refusal on GET and POST; no SK."""
    p = submitted(vt, checked, rekomendasi="tidak_layak", temuan="Ruang terlalu sempit.")
    url = reverse("verifikasi_tuk:sk-issue", args=[p.pk])
    ketua = _client(vt["ketua"])
    page = ketua.get(url)
    assert page.status_code == 200 and REFUSED_NOT_FIT in page.text
    assert "Tandatangani SK penetapan" not in page.text
    r = ketua.post(url, _sign())
    assert r.status_code == 200 and REFUSED_NOT_FIT in r.text
    assert not Penetapan.objects.filter(permintaan=p).exists()
    p.refresh_from_db()
    assert p.status == Permintaan.Status.TIDAK_SESUAI


def test_sk_refused_while_a_condition_is_open(vt, checked):
    """SE-A4.9: no SK before every condition is accepted."""
    p = submitted(vt, checked, rekomendasi="bersyarat", syarat=["Pasang APAR di ruang asesmen."])
    r = _client(vt["ketua"]).post(reverse("verifikasi_tuk:sk-issue", args=[p.pk]), _sign())
    assert r.status_code == 200
    assert "masih ada syarat yang belum diterima verifikator" in r.text
    assert not Penetapan.objects.filter(permintaan=p).exists()


def test_sk_refused_beyond_the_longest_validity(vt, checked):
    """SE-A4.9: a TUK Sewaktu is verified per use; an end date past the maximum is refused on
    its field, nothing signed, the typed date kept."""
    p = submitted(vt, checked)
    latest = services.berlaku_maksimal(p.tuk)
    too_late = (latest + dt.timedelta(days=1)).isoformat()
    r = _client(vt["ketua"]).post(
        reverse("verifikasi_tuk:sk-issue", args=[p.pk]), _sign(berlaku_sampai=too_late)
    )
    assert r.status_code == 200
    assert f"masa berlaku paling lama sampai {latest:%d-%m-%Y}" in r.text
    assert f'value="{too_late}"' in r.text
    assert not Penetapan.objects.filter(permintaan=p).exists()
    p.refresh_from_db()
    assert p.status == Permintaan.Status.SESUAI


def test_manajer_cannot_issue_the_sk(vt, checked):
    """SE-A4.4: the Manajer sees the request but does not issue SKs (403)."""
    p = submitted(vt, checked)
    url = reverse("verifikasi_tuk:sk-issue", args=[p.pk])
    manajer = _client(vt["manajer"])
    assert manajer.get(url).status_code == 403
    assert manajer.post(url, _sign()).status_code == 403
    assert not Penetapan.objects.filter(permintaan=p).exists()


def _external(vt, nomor, *, tuk=None, days=60, ago=5):
    today = timezone.localdate()
    return services.penetapan_record_external(
        tuk=tuk or vt["tuk"],
        nomor=nomor,
        tanggal=today - dt.timedelta(days=ago),
        skema_ids=[vt["skema"].pk],
        berlaku_sampai=today + dt.timedelta(days=days),
        berkas=SimpleUploadedFile("sk.pdf", valid_pdf(nomor), content_type="application/pdf"),
        actor=vt["admin"],
    )


def _other_tuk(vt):
    """A TUK Mandiri whose Pengelola TUK is a new account (who sees only its SKs)."""
    from decimal import Decimal

    from tests.conftest import make_user
    from tuk import services as tuk_services

    return tuk_services.tuk_create(
        actor=vt["admin"],
        kode="TUK-VT-SK-LAIN",
        nama="TUK Mandiri Daftar SK",
        jenis="mandiri",
        alamat="Jl. Daftar No. 2",
        kota="Kota Bandung",
        provinsi="Jawa Barat",
        kode_pos="40111",
        penanggung_jawab="Budi",
        penanggung_jawab_telepon="081200002222",
        penanggung_jawab_email="budi.sk@uji.lsp.id",
        pengelola=make_user("pengelola.sk@uji.lsp.id", "pengelola_tuk"),
        bandwidth_mbps=Decimal("50"),
        kamera_tersedia=True,
        ruang_sesuai=True,
    )


def test_list_queries_are_constant_for_1_or_20_sks(vt):
    """SE-A3.Kb: the SK list takes the same number of queries for 1 SK as for 20."""
    tuk = _other_tuk(vt)
    url = reverse("verifikasi_tuk:penetapan-list")
    client = _client(tuk.pengelola)
    _external(vt, "SK/DAFTAR/000", tuk=tuk)
    client.get(url)  # warm up (session, permissions)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert page.status_code == 200 and page.text.count("SK/DAFTAR/") == 1
    for n in range(1, 20):
        _external(vt, f"SK/DAFTAR/{n:03d}", tuk=tuk)
    with CaptureQueriesContext(connection) as twenty:
        page = client.get(url)
    assert page.text.count("SK/DAFTAR/") == 20
    assert len(twenty) == len(one), [q["sql"] for q in twenty.captured_queries]


def test_list_shows_sks_newest_first_with_source_and_expiry(vt, checked):
    """SE-A3.Kb: SKs in the system link to their record, those from outside to their PDF;
    expired ones are marked; newest first; staff see the external-SK button."""
    in_system = sk_issued(vt, submitted(vt, checked))
    old = _external(vt, "SK/LUAR/LAMA", ago=30)
    Penetapan.objects.filter(pk=old.pk).update(berlaku_sampai=timezone.localdate() - dt.timedelta(days=1))
    page = _client(vt["admin"]).get(reverse("verifikasi_tuk:penetapan-list"))
    assert page.status_code == 200
    assert reverse("administrasi:dokumen-detail", args=[in_system.dokumen_id]) in page.text
    assert reverse("verifikasi_tuk:penetapan-file", args=[old.pk]) in page.text
    expired = Penetapan.objects.filter(berlaku_sampai__lt=timezone.localdate()).count()
    assert expired >= 1 and page.text.count("Kedaluwarsa</span>") == expired
    assert "Catat SK dari luar sistem" in page.text
    assert page.text.index(in_system.nomor) < page.text.index("SK/LUAR/LAMA")


def test_pengelola_sees_only_their_tuks_sks_and_no_record_button(vt):
    """SE-A4.4: a Pengelola TUK lists the SKs of their TUK, without the external-SK button."""
    from tests.conftest import make_user

    _external(vt, "SK/LUAR/PENGELOLA")
    page = _client(vt["tuk"].pengelola).get(reverse("verifikasi_tuk:penetapan-list"))
    assert page.status_code == 200 and "SK/LUAR/PENGELOLA" in page.text
    assert "Catat SK dari luar sistem" not in page.text
    other = _client(make_user("pengelola.lain@uji.lsp.id", "pengelola_tuk"))
    assert "SK/LUAR/PENGELOLA" not in other.get(reverse("verifikasi_tuk:penetapan-list")).text


def test_external_sk_recorded_with_its_pdf(vt):
    """SE-A4.9, SE-A3.Kb: staff record an SK issued outside the system with its PDF; the TUK
    is verified for the scheme; the PDF is streamed to those who see the SK."""
    url = reverse("verifikasi_tuk:penetapan-external")
    admin = _client(vt["admin"])
    form = admin.get(url)
    assert form.status_code == 200 and vt["skema"].kode in form.text
    today = timezone.localdate()
    berlaku = today + dt.timedelta(days=200)
    r = admin.post(
        url,
        {
            "tuk": vt["tuk"].pk,
            "nomor": "SK/LUAR/2025/007",
            "tanggal": (today - dt.timedelta(days=3)).isoformat(),
            "skema": [vt["skema"].pk],
            "berlaku_sampai": berlaku.isoformat(),
            "berkas": SimpleUploadedFile("sk.pdf", valid_pdf("SK luar"), content_type="application/pdf"),
        },
    )
    assert r.status_code == 302 and r["Location"] == reverse("verifikasi_tuk:penetapan-list")
    penetapan = Penetapan.objects.get(nomor="SK/LUAR/2025/007")
    assert penetapan.di_luar_sistem and penetapan.sha256
    tuk = Tuk.objects.get(pk=vt["tuk"].pk)
    assert tuk.is_verified_on(berlaku, skema_id=vt["skema"].pk)

    file_url = reverse("verifikasi_tuk:penetapan-file", args=[penetapan.pk])
    for user in (vt["admin"], vt["tuk"].pengelola):
        response = _client(user).get(file_url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert _client(vt["asesor"]).get(file_url).status_code == 404


def test_external_sk_refused_for_a_png(vt):
    """SE-A4.5: the SK file must be a PDF; a PNG is refused with a message, nothing recorded,
    the TUK not verified."""
    today = timezone.localdate()
    r = _client(vt["admin"]).post(
        reverse("verifikasi_tuk:penetapan-external"),
        {
            "tuk": vt["tuk"].pk,
            "nomor": "SK/LUAR/PNG",
            "tanggal": today.isoformat(),
            "skema": [vt["skema"].pk],
            "berlaku_sampai": (today + dt.timedelta(days=100)).isoformat(),
            "berkas": png_upload("sk.png"),
        },
    )
    assert r.status_code == 200
    assert "Berkas SK bukan berkas PDF." in r.text
    assert not Penetapan.objects.filter(nomor="SK/LUAR/PNG").exists()
    assert not Tuk.objects.get(pk=vt["tuk"].pk).is_verified_on(today, skema_id=vt["skema"].pk)


def test_external_sk_page_only_for_register_staff(vt):
    """SE-A4.4: recording an external SK is for manage_tuk; the Manajer and a Pengelola 403."""
    url = reverse("verifikasi_tuk:penetapan-external")
    assert _client(vt["manajer"]).get(url).status_code == 403
    assert _client(vt["tuk"].pengelola).post(url, {"nomor": "X"}).status_code == 403
    assert _client(vt["ketua"]).get(url).status_code == 200


def test_in_system_sk_has_no_file_here(vt, checked):
    """An SK issued in the system is a record (administrasi); its file URL here is 404."""
    penetapan = sk_issued(vt, submitted(vt, checked))
    r = _client(vt["admin"]).get(reverse("verifikasi_tuk:penetapan-file", args=[penetapan.pk]))
    assert r.status_code == 404


def test_sk_page_for_a_tuk_mandiri_allows_a_periodic_validity(vt):
    """SE-A4.9: a TUK Mandiri is verified periodically: the date's default and maximum are
    services.berlaku_maksimal's (years, not a batch's days), and the page says why."""
    from .conftest import answered, assigned, requested, spt_signed

    tuk = _other_tuk(vt)
    p = submitted(vt, evidenced(vt, answered(vt, spt_signed(vt, assigned(vt, requested(vt, tuk=tuk))))))
    page = _client(vt["ketua"]).get(reverse("verifikasi_tuk:sk-issue", args=[p.pk]))
    latest = services.berlaku_maksimal(tuk)
    assert latest > timezone.localdate() + dt.timedelta(days=365)
    assert f'max="{latest.isoformat()}"' in page.text
    assert "TUK Mandiri diverifikasi ulang secara berkala" in page.text
