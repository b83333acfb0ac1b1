"""HTTP tests of the conditions pages (issue 12; SE-A4.9, SE-A4.5): the TUK uploads proof and
sends it, the verifier returns it with a note or accepts it, and every refusal.

Every test starts from the same request with one condition open (conftest's
`with_conditions`), made once for the module (`_conditioned`, in the module's savepoint of
the demo; each test runs in a savepoint of it and leaves nothing behind)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from verifikasi_tuk.models import BuktiVerifikasi, Permintaan, Syarat

from .conftest import png_upload, shared_vt, with_conditions


@pytest.fixture(scope="module")
def _conditioned(vt_shared):
    """with_conditions(vt) once for the module: its primary key."""
    return vt_shared.build(lambda vt: with_conditions(vt).pk)


vt = shared_vt()  # the module's vt (conftest's, made once), read afresh


@pytest.fixture
def conditioned(vt, _conditioned):
    """The module's request waiting for the follow-up of its condition, read afresh."""
    return Permintaan.objects.get(pk=_conditioned)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _urls(p, syarat):
    return (
        reverse("verifikasi_tuk:syarat-answer", args=[p.pk, syarat.pk]),
        reverse("verifikasi_tuk:syarat-review", args=[p.pk, syarat.pk]),
    )


def _other_pengelola(vt):
    """A Pengelola TUK of another TUK."""
    from tests.conftest import make_user
    from tuk import services as tuk_services

    user = make_user("pengelola.lain@uji.lsp.id", "pengelola_tuk")
    tuk_services.tuk_create(
        actor=vt["admin"],
        kode="TUK-VT-LAIN-01",
        nama="TUK Sewaktu Lain",
        jenis="sewaktu",
        alamat="Jl. Lain No. 1",
        kota="Kota Bandung",
        provinsi="Jawa Barat",
        kode_pos="40111",
        penanggung_jawab="Budi",
        penanggung_jawab_telepon="081200001111",
        penanggung_jawab_email="budi@uji.lsp.id",
        pengelola=user,
        bandwidth_mbps=Decimal("50"),
        kamera_tersedia=True,
        ruang_sesuai=True,
    )
    return user


def test_condition_loop_upload_send_return_again_accept(vt, conditioned):
    """SE-A4.9: the TUK uploads a proof and sends it; the verifier returns it with a note; the
    TUK sees the note, uploads again and sends; the verifier accepts: the request is Sesuai."""
    p = conditioned
    syarat = p.syarat.get()
    answer, review = _urls(p, syarat)
    tuk_user, verifier = _client(vt["tuk"].pengelola), _client(vt["asesor"])
    detail = reverse("verifikasi_tuk:permintaan-detail", args=[p.pk])

    page = tuk_user.get(answer)
    assert page.status_code == 200
    assert "Pasang APAR di ruang asesmen." in page.text and "Unggah bukti" in page.text

    r = tuk_user.post(answer, {"aksi": "unggah", "judul": "APAR terpasang", "berkas": png_upload("apar.png")})
    assert r.status_code == 302 and r["Location"] == answer
    assert syarat.bukti.count() == 1
    r = tuk_user.post(answer, {"aksi": "kirim", "tanggapan": "APAR sudah dipasang."})
    assert r.status_code == 302 and r["Location"] == detail
    syarat.refresh_from_db()
    assert syarat.status == Syarat.Status.DIAJUKAN and syarat.tanggapan == "APAR sudah dipasang."

    assert "Periksa bukti" in verifier.get(answer).text
    r = verifier.post(review, {"keputusan": "kembalikan", "catatan": "Foto APAR buram, unggah ulang."})
    assert r.status_code == 302 and r["Location"] == detail
    syarat.refresh_from_db()
    assert syarat.status == Syarat.Status.TERBUKA

    page = tuk_user.get(answer)
    assert "Foto APAR buram, unggah ulang." in page.text
    r = tuk_user.post(answer, {"aksi": "unggah", "judul": "APAR jelas", "berkas": png_upload("apar2.png")})
    assert r.status_code == 302
    assert tuk_user.post(answer, {"aksi": "kirim", "tanggapan": "Foto baru."}).status_code == 302
    r = verifier.post(review, {"keputusan": "terima", "catatan": ""})
    assert r.status_code == 302 and r["Location"] == detail
    syarat.refresh_from_db()
    p.refresh_from_db()
    assert syarat.status == Syarat.Status.DITERIMA and syarat.bukti.count() == 2
    assert p.status == Permintaan.Status.SESUAI


def test_send_without_proof_is_refused(vt, conditioned):
    """SE-A4.9: sending with no proof uploaded is refused with a message; nothing changes."""
    p = conditioned
    syarat = p.syarat.get()
    answer, _ = _urls(p, syarat)
    r = _client(vt["tuk"].pengelola).post(answer, {"aksi": "kirim", "tanggapan": "Sudah."})
    assert r.status_code == 200
    assert "Unggah paling sedikit satu bukti pemenuhan syarat." in r.text
    syarat.refresh_from_db()
    assert syarat.status == Syarat.Status.TERBUKA and syarat.tanggapan == ""


def test_proof_of_the_wrong_type_is_refused_and_not_stored(vt, conditioned):
    """SE-A4.5: a file that is not JPEG, PNG, WebP or PDF is refused with a clear message."""
    p = conditioned
    syarat = p.syarat.get()
    answer, _ = _urls(p, syarat)
    fake = SimpleUploadedFile("apar.png", b"MZ\x90\x00 bukan gambar", content_type="image/png")
    r = _client(vt["tuk"].pengelola).post(answer, {"aksi": "unggah", "judul": "APAR", "berkas": fake})
    assert r.status_code == 200
    assert "Berkas bukti harus berupa PDF atau gambar" in r.text and 'role="alert"' in r.text
    assert not BuktiVerifikasi.objects.filter(syarat=syarat).exists()


def test_return_without_note_is_refused(vt, conditioned):
    """SE-A4.9: the verifier returns proof only with a note of what is missing."""
    p = conditioned
    syarat = p.syarat.get()
    answer, review = _urls(p, syarat)
    tuk_user = _client(vt["tuk"].pengelola)
    tuk_user.post(answer, {"aksi": "unggah", "judul": "APAR", "berkas": png_upload("apar.png")})
    tuk_user.post(answer, {"aksi": "kirim", "tanggapan": ""})
    r = _client(vt["asesor"]).post(review, {"keputusan": "kembalikan", "catatan": "  "})
    assert r.status_code == 200
    assert "Tulis apa yang masih kurang agar TUK dapat memperbaikinya." in r.text
    syarat.refresh_from_db()
    assert syarat.status == Syarat.Status.DIAJUKAN


def test_another_tuks_pengelola_gets_404(vt, conditioned):
    """SE-A4.4: a Pengelola TUK of another TUK neither sees nor answers this TUK's condition."""
    p = conditioned
    syarat = p.syarat.get()
    answer, review = _urls(p, syarat)
    other = _client(_other_pengelola(vt))
    assert other.get(answer).status_code == 404
    assert other.post(answer, {"aksi": "unggah", "berkas": png_upload()}).status_code == 404
    assert other.post(review, {"keputusan": "terima"}).status_code == 404
    assert other.get(reverse("verifikasi_tuk:tindak-lanjut-gagal", args=[p.pk])).status_code == 404
    assert not BuktiVerifikasi.objects.filter(syarat=syarat).exists()


def test_the_verifier_cannot_answer_and_the_pengelola_cannot_review(vt, conditioned):
    """SE-A4.4: the verifier does not upload the TUK's proof (403); the TUK's manager does not
    review it (403), nor conclude that the conditions failed."""
    p = conditioned
    syarat = p.syarat.get()
    answer, review = _urls(p, syarat)
    verifier, tuk_user = _client(vt["asesor"]), _client(vt["tuk"].pengelola)
    page = verifier.get(answer)
    assert page.status_code == 200 and "Unggah bukti" not in page.text
    assert verifier.post(answer, {"aksi": "unggah", "berkas": png_upload()}).status_code == 403
    assert verifier.post(answer, {"aksi": "kirim"}).status_code == 403
    assert not BuktiVerifikasi.objects.filter(syarat=syarat).exists()

    tuk_user.post(answer, {"aksi": "unggah", "judul": "APAR", "berkas": png_upload("apar.png")})
    tuk_user.post(answer, {"aksi": "kirim", "tanggapan": ""})
    assert tuk_user.post(review, {"keputusan": "terima"}).status_code == 403
    assert tuk_user.get(reverse("verifikasi_tuk:tindak-lanjut-gagal", args=[p.pk])).status_code == 403
    syarat.refresh_from_db()
    assert syarat.status == Syarat.Status.DIAJUKAN


def test_review_is_post_only(vt, conditioned):
    """The review changes state: a GET is refused (405)."""
    p = conditioned
    _, review = _urls(p, p.syarat.get())
    assert _client(vt["asesor"]).get(review).status_code == 405


def test_verifier_concludes_conditions_not_met(vt, conditioned):
    """SE-A4.9: the verifier ends the follow-up as Tidak sesuai, with a reason (required)."""
    p = conditioned
    url = reverse("verifikasi_tuk:tindak-lanjut-gagal", args=[p.pk])
    verifier = _client(vt["asesor"])
    assert verifier.get(url).status_code == 200
    r = verifier.post(url, {"alasan": ""})
    assert r.status_code == 200 and "Tulis alasan syarat dinyatakan tidak terpenuhi." in r.text
    p.refresh_from_db()
    assert p.status == Permintaan.Status.TINDAK_LANJUT
    r = verifier.post(url, {"alasan": "Batas waktu tindak lanjut terlewati."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Permintaan.Status.TIDAK_SESUAI
