"""The applicant's FR.APL.01 pages over HTTP (issue 11 items 1 and 8): choosing a scheme, the
form with its field messages and autosave, evidence uploads, submitting with the privacy
notice, and the page of an application for each role (SE-A4.7, SE-A4.8a, SE-E3, X-10)."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from administrasi.models import Dokumen
from akun import privasi
from akun.models import PersetujuanPrivasi
from muk.models import PersyaratanDasar
from sertifikasi import services
from sertifikasi.models import Bukti, Permohonan
from sertifikasi.views_permohonan import PERNYATAAN
from tests.hostile_files import html_named_pdf, image_bomb, valid_pdf

from .conftest import (
    DEMO_PASSWORD,
    IDENTITAS_L,
    IDENTITAS_P,
    NIK_L,
    NIK_P,
    all_ok,
    bare_skema,
    fill_apl01,
    png_bytes,
    scheduled,
    submitted,
    ttd,
)

S = Permohonan.Status


def _form_data(**over):
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in IDENTITAS_P.items()}
    data.update(over)
    return data


def _create(client, demo, user=None):
    client.force_login(user or demo["asesi"])
    response = client.post(reverse("sertifikasi:permohonan-baru"), {"skema": demo["skema"].pk})
    p = Permohonan.objects.filter(asesi=user or demo["asesi"]).latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("sertifikasi:permohonan-ubah", args=[p.pk])
    return p


def _upload_all(client, p):
    for r in PersyaratanDasar.objects.filter(skema_id=p.skema_id):
        upload = SimpleUploadedFile(f"bukti-{r.pk}.pdf", valid_pdf(), content_type="application/pdf")
        client.post(reverse("sertifikasi:bukti-unggah", args=[p.pk, r.pk]), {"berkas": upload})


def _submit_post(versi, **over):
    return {"privasi": "on", "privasi_versi": versi, "secret": DEMO_PASSWORD, "consent": "on", **over}


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- choosing a scheme -----------------------------------------------------------------------------


def test_choose_scheme_starts_a_draft_and_refuses_inactive_incomplete_and_second_open_one(client, demo):
    """SE-A4.8a: active schemes only, as cards; a second open application for the same scheme
    is refused with a link to the first; an inactive scheme, and a scheme with a unit lacking
    elements (named), are refused."""
    from muk import importer
    from muk import services as muk_services
    from muk.demo import structure_rows

    other = bare_skema(
        demo["ketua"], "SKM/NONAKTIF/01", "Skema Nonaktif", acuan="SKKNI No. 1 Tahun 2020", aktif=False
    )
    client.force_login(demo["asesi"])
    page = client.get(reverse("sertifikasi:permohonan-baru"))
    assert page.status_code == 200
    html = page.content.decode()
    assert demo["skema"].kode in html and "Jarak jauh disetujui BNSP" in html
    assert reverse("portal:skema-detail", args=[demo["skema"].pk]) in html
    assert other.kode not in html

    p = _create(client, demo)
    assert p.status == S.DRAFT and p.skema_id == demo["skema"].pk

    again = client.post(reverse("sertifikasi:permohonan-baru"), {"skema": demo["skema"].pk})
    assert again.status_code == 200
    html = again.content.decode()
    assert "Anda sudah memiliki permohonan untuk skema" in html
    assert f'href="{p.get_absolute_url()}"' in html
    assert Permohonan.objects.filter(asesi=demo["asesi"]).count() == 1

    inactive = client.post(reverse("sertifikasi:permohonan-baru"), {"skema": other.pk})
    assert "tidak aktif sehingga tidak dapat dimohon" in inactive.content.decode()
    assert not Permohonan.objects.filter(skema=other).exists()

    incomplete = bare_skema(demo["ketua"], "SKM/TAKLENGKAP/01", "Skema Belum Lengkap")
    rows = [*structure_rows()[:1], (99, {"kode_unit": "J.620100.099.01", "judul_unit": "Unit Tanpa Elemen"})]
    muk_services.skema_replace_structure(
        skema=incomplete, units=importer.build_structure(rows), actor=demo["ketua"]
    )
    refused = client.post(reverse("sertifikasi:permohonan-baru"), {"skema": incomplete.pk}).content.decode()
    assert "J.620100.099.01" in refused and "Permohonan skema SKM/TAKLENGKAP/01 belum dapat dibuat" in refused
    assert not Permohonan.objects.filter(skema=incomplete).exists()

    # The applicant's home lists it with its status and next step.
    home = client.get(reverse("sertifikasi:home")).content.decode()
    assert "Draf" in home and "Lengkapi permohonan" in home
    assert reverse("sertifikasi:permohonan-ubah", args=[p.pk]) in home


# --- the form ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nik", "over", "message"),
    [
        ("327301550595", {}, "NIK harus 16 angka (Anda mengetik 12)."),
        ("9973015505950001", {}, "Dua angka pertama NIK (99) bukan kode provinsi."),
        ("3273015505950000", {}, "nomor urut) tidak boleh 0000"),
        (NIK_P, {"jenis_kelamin": "L"}, "NIK ini milik perempuan"),
    ],
    ids=["length", "province", "serial", "sex"],
)
def test_save_keeps_a_refused_nik_as_typed_and_saves_the_rest(client, demo, nik, over, message):
    """SE-A4.8a: each NIK rule broken shows its message on the NIK field, the typed value
    stays in the input, and every valid field is saved (nothing already saved is lost)."""
    p = _create(client, demo)
    url = reverse("sertifikasi:permohonan-ubah", args=[p.pk])
    response = client.post(url, _form_data(nik=nik, **over))
    assert response.status_code == 200
    html = response.content.decode()
    error_box = re.search(r'id="id_nik_error"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert message in error_box.replace("&#x27;", "'")
    assert re.search(rf'name="nik" value="{nik}"', html)
    assert 'aria-invalid="true"' in html
    assert any("1 isian belum tersimpan" in m for m in _messages(response))
    p.refresh_from_db()
    assert p.nik == ""
    assert (p.nama, p.tempat_lahir, p.kode_pos, p.pekerjaan_jabatan) == (
        "Sari Wulandari",
        "Bandung",
        "40115",
        "Pemrogram",
    )
    assert p.jenis_kelamin == over.get("jenis_kelamin", "P")


def test_autosave_answers_json_and_remote_mode_is_refused_for_an_unapproved_scheme(client, demo):
    """SE-E3: jarak jauh is shown disabled (with the reason) for a scheme without BNSP remote
    approval, and refused when posted anyway; autosave (X-Autosave: 1) answers JSON with what
    was saved and the refused fields' messages."""
    from muk import services as muk_services

    muk_services.skema_update(skema=demo["skema"], actor=demo["ketua"], jarak_jauh_disetujui=False)
    p = _create(client, demo)
    url = reverse("sertifikasi:permohonan-ubah", args=[p.pk])
    form = client.get(url).content.decode()
    assert re.search(r'<input type="radio" name="mode" value="jarak_jauh"[^>]*disabled', form)
    assert "belum disetujui BNSP untuk asesmen jarak jauh" in form
    assert f'data-autosave-url="{url}"' in form and "js/autosave.js" in form

    response = client.post(
        url,
        _form_data(mode="jarak_jauh", kode_pos="12", pekerjaan_jabatan="Analis"),
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body["errors"]) == {"mode", "kode_pos"}
    assert "belum disetujui BNSP untuk asesmen jarak jauh" in body["errors"]["mode"]
    assert {"tempat_lahir", "nik", "pekerjaan_jabatan"} <= set(body["saved"]) and "mode" not in body["saved"]
    assert re.fullmatch(r"\d\d\.\d\d", body["waktu"])
    p.refresh_from_db()
    assert (p.mode, p.kode_pos, p.nik, p.pekerjaan_jabatan) == ("tatap_muka", "", NIK_P, "Analis")

    # A second autosave with nothing new saves nothing and reports no error.
    again = json.loads(client.post(url, _form_data(kode_pos="40115"), headers={"X-Autosave": "1"}).content)
    assert again["errors"] == {} and "kode_pos" in again["saved"]


# --- evidence -----------------------------------------------------------------------------------------


def test_upload_checks_content_and_size_and_download_is_scoped(client, demo, settings):
    """SE-A4.4 uploads: a PDF is stored under a generated name (a hostile name never reaches
    storage) and downloaded by whoever sees the application; a web page named .pdf, a file
    over the size limit and an image bomb are refused with a message, keeping the file in
    force; another application's file is 404."""
    p = _create(client, demo)
    ktp = PersyaratanDasar.objects.get(skema=demo["skema"], teks="Fotokopi KTP")
    url = reverse("sertifikasi:bukti-unggah", args=[p.pk, ktp.pk])
    back = reverse("sertifikasi:permohonan-ubah", args=[p.pk]) + f"#persyaratan-{ktp.pk}"

    hostile = "../../etc/\u202egpj.pdf"
    response = client.post(
        url, {"berkas": SimpleUploadedFile(hostile, valid_pdf(), content_type="application/pdf")}
    )
    assert response.status_code == 302 and response["Location"] == back
    bukti = Bukti.objects.get(permohonan=p, persyaratan=ktp, aktif=True)
    assert re.fullmatch(rf"sertifikasi/bukti/{p.pk}/[0-9a-f]{{32}}\.pdf", bukti.berkas.name)
    assert "/" not in bukti.nama_asli and "\u202e" not in bukti.nama_asli

    form = client.get(reverse("sertifikasi:permohonan-ubah", args=[p.pk])).content.decode()
    assert services.bukti_rule().help_text in form
    assert 'accept="application/pdf,image/png,image/jpeg"' in form
    assert reverse("sertifikasi:bukti-unduh", args=[p.pk, bukti.pk]) in form

    download = client.get(reverse("sertifikasi:bukti-unduh", args=[p.pk, bukti.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == valid_pdf()

    refused = {
        "harus berupa PDF atau gambar (PNG, JPEG)": SimpleUploadedFile(
            "ijazah.pdf", html_named_pdf(), content_type="application/pdf"
        ),
        "resolusi gambar terlalu besar": SimpleUploadedFile(
            "foto.png", image_bomb(8_000), content_type="image/png"
        ),
    }
    for expected, upload in refused.items():
        response = client.post(url, {"berkas": upload}, follow=True)
        text = " ".join(_messages(response))
        assert "Berkas tidak disimpan" in text and expected in text, text
    settings.SERTIFIKASI_UPLOAD_MAX_MB = 0.0005  # 524 bytes; the PDF has 659
    response = client.post(
        url, {"berkas": SimpleUploadedFile("k.pdf", valid_pdf(), content_type="application/pdf")}, follow=True
    )
    assert "terlalu besar (maksimal" in " ".join(_messages(response))
    assert "maksimal" in response.content.decode()  # the limit shown on the form
    assert list(Bukti.objects.filter(permohonan=p).values_list("pk", flat=True)) == [bukti.pk]
    assert Bukti.objects.get(pk=bukti.pk).aktif

    # A PNG named .pdf is judged by its content: stored as the PNG it is.
    settings.SERTIFIKASI_UPLOAD_MAX_MB = 5
    client.post(url, {"berkas": SimpleUploadedFile("foto.pdf", png_bytes(), content_type="application/pdf")})
    assert Bukti.objects.get(permohonan=p, persyaratan=ktp, aktif=True).jenis == "png"

    # Another applicant's file, through this application or theirs: 404.
    other = submitted(demo, asesi=demo["asesi2"], data=IDENTITAS_L)
    other_bukti = Bukti.objects.filter(permohonan=other).first()
    assert client.get(reverse("sertifikasi:bukti-unduh", args=[p.pk, other_bukti.pk])).status_code == 404
    assert client.get(reverse("sertifikasi:bukti-unduh", args=[other.pk, other_bukti.pk])).status_code == 404


# --- submitting -----------------------------------------------------------------------------------------


def test_submit_refused_while_an_item_is_missing(client, demo):
    """SE-A4.8a: what is missing is listed with links to fix it, the button is disabled, and
    a POST anyway submits nothing."""
    p = _create(client, demo)
    client.post(reverse("sertifikasi:permohonan-ubah", args=[p.pk]), _form_data())
    url = reverse("sertifikasi:permohonan-ajukan", args=[p.pk])
    page = client.get(url)
    html = page.content.decode()
    ktp = PersyaratanDasar.objects.get(skema=demo["skema"], teks="Fotokopi KTP")
    assert "Belum dapat diajukan" in html and "Unggah bukti: Fotokopi KTP" in html
    assert reverse("sertifikasi:permohonan-ubah", args=[p.pk]) + f"#persyaratan-{ktp.pk}" in html
    assert re.search(r'<button type="submit" class="apl01-submit" disabled', html)
    response = client.post(url, _submit_post(privasi.kebijakan_terkini().versi))
    assert "Permohonan belum lengkap" in " ".join(_messages(response))
    p.refresh_from_db()
    assert p.status == S.DRAFT and p.apl01_id is None


def test_submit_with_a_stale_privacy_version_is_refused_then_the_current_one_submits(client, demo):
    """X-10 (UU PDP): the consent names the version shown; a newer version published meanwhile
    refuses the submission with the message; agreeing to the current one submits: status
    diajukan, FR.APL.01 final with the declaration shown, consent kept with its version."""
    p = _create(client, demo)
    client.post(reverse("sertifikasi:permohonan-ubah", args=[p.pk]), _form_data())
    _upload_all(client, p)
    url = reverse("sertifikasi:permohonan-ajukan", args=[p.pk])
    shown = privasi.kebijakan_terkini()
    page = client.get(url).content.decode()
    assert f"Saya telah membaca dan menyetujui Kebijakan Privasi versi {shown.versi}" in page
    assert f'name="privasi_versi" value="{shown.versi}"' in page and reverse("privasi:terkini") in page
    assert NIK_P in page and PERNYATAAN in page

    baru = privasi.kebijakan_terbitkan(judul="Kebijakan Privasi 2027", teks="Teks baru.", actor=demo["admin"])
    stale = client.post(url, _submit_post(shown.versi))
    assert privasi.STALE_VERSION in stale.content.decode()
    assert f"Kebijakan Privasi versi {baru.versi}" in stale.content.decode()
    p.refresh_from_db()
    assert p.status == S.DRAFT and not PersetujuanPrivasi.objects.filter(user=demo["asesi"]).exists()

    wrong = client.post(url, _submit_post(baru.versi, secret="salah"))
    assert "Kata sandi atau kode autentikator salah" in wrong.content.decode()
    assert Permohonan.objects.get(pk=p.pk).status == S.DRAFT

    done = client.post(url, _submit_post(baru.versi))
    assert done.status_code == 302 and done["Location"] == p.get_absolute_url()
    p.refresh_from_db()
    assert p.status == S.DIAJUKAN and p.privasi_versi == baru.versi and p.privasi_disetujui_pada
    assert PersetujuanPrivasi.objects.filter(user=demo["asesi"], kebijakan=baru).exists()
    apl01 = Dokumen.objects.get(pk=p.apl01_id)
    assert apl01.status == Dokumen.Status.FINAL and apl01.jenis.kode == "FR.APL.01"
    assert apl01.data["pernyataan"] == PERNYATAAN
    # Submitted: the form and the submit page send the applicant to the application's page.
    assert client.get(reverse("sertifikasi:permohonan-ubah", args=[p.pk]))["Location"] == p.get_absolute_url()
    assert client.get(url)["Location"] == p.get_absolute_url()


def test_same_nik_from_a_second_account_is_refused_at_submit_and_shown_to_staff(client, demo):
    """SE-A4.8a: the same NIK cannot hold two open applications for the scheme: the second
    account's submission is refused with the message on the NIK; staff see the likely
    duplicate, the applicant does not."""
    first = submitted(demo)
    p = _create(client, demo, user=demo["asesi2"])
    client.post(reverse("sertifikasi:permohonan-ubah", args=[p.pk]), _form_data(email="asesi2@demo.lsp.id"))
    _upload_all(client, p)
    response = client.post(
        reverse("sertifikasi:permohonan-ajukan", args=[p.pk]), _submit_post(privasi.kebijakan_terkini().versi)
    )
    html = response.content.decode()
    row = re.search(r'id="ringkasan-nik".*?</dd>', html, re.S).group(0)
    assert "NIK ini sudah memiliki permohonan yang masih berjalan untuk skema yang sama." in row
    p.refresh_from_db()
    assert p.status == S.DRAFT and p.apl01_id is None

    client.force_login(demo["admin"])
    staff_page = client.get(first.get_absolute_url()).content.decode()
    assert "Kemungkinan akun ganda" in staff_page and p.get_absolute_url() in staff_page
    client.force_login(demo["asesi"])
    assert "Kemungkinan akun ganda" not in client.get(first.get_absolute_url()).content.decode()


# --- after a return ---------------------------------------------------------------------------------------


def test_returned_application_changes_only_the_returned_items(client, demo):
    """SE-A4.8a: after a return the returned items are highlighted with the admin's note and
    only they change; a POST changing a section that was not returned changes nothing there,
    and evidence of a requirement that was not returned is not replaced."""
    p = submitted(demo)
    butir = all_ok(p)
    butir["data_pekerjaan"] = (False, "Jabatan tidak sesuai surat keterangan kerja.")
    services.permohonan_verify(
        permohonan=p, hasil="dikembalikan", butir=butir, catatan="", actor=demo["admin"], ttd=ttd()
    )
    client.force_login(demo["asesi"])
    url = reverse("sertifikasi:permohonan-ubah", args=[p.pk])
    html = client.get(url).content.decode()
    assert "Jabatan tidak sesuai surat keterangan kerja." in html
    assert 'name="pekerjaan_jabatan"' in html and 'name="nama"' not in html and 'name="nik"' not in html
    assert "Bagian ini tidak dikembalikan" in html

    response = client.post(url, _form_data(nama="Orang Lain", nik=NIK_L, pekerjaan_jabatan="Analis Sistem"))
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.nama, p.nik, p.pekerjaan_jabatan) == ("Sari Wulandari", NIK_P, "Analis Sistem")

    ktp = PersyaratanDasar.objects.get(skema=demo["skema"], teks="Fotokopi KTP")
    before = Bukti.objects.get(permohonan=p, persyaratan=ktp, aktif=True)
    upload = SimpleUploadedFile("ktp.pdf", valid_pdf("lain"), content_type="application/pdf")
    response = client.post(
        reverse("sertifikasi:bukti-unggah", args=[p.pk, ktp.pk]), {"berkas": upload}, follow=True
    )
    assert "tidak dikembalikan untuk diperbaiki" in " ".join(_messages(response))
    assert Bukti.objects.get(permohonan=p, persyaratan=ktp, aktif=True).pk == before.pk

    detail = client.get(p.get_absolute_url()).content.decode()
    assert "Putaran 1: Dikembalikan untuk diperbaiki" in detail and "Perbaiki permohonan" in detail


# --- the page of an application -------------------------------------------------------------------------


def test_detail_page_per_role_masks_nik_lists_records_and_hides_others(client, demo):
    """X-10, SE-A4.8: the full NIK for the applicant and the verifying admin, masked for the
    assessor and the komite; the records of the application listed with links; the stepper
    marks the current step; the next step per role; another applicant gets 404."""
    p = scheduled(demo)
    url = p.get_absolute_url()
    masked = "************" + NIK_P[-4:]
    seen = {}
    for who in ("asesi", "admin", "asesor", "komite"):
        client.force_login(demo[who])
        response = client.get(url)
        assert response.status_code == 200, who
        seen[who] = response.content.decode()
    for who in ("asesi", "admin"):
        assert NIK_P in seen[who] and masked not in seen[who], who
    for who in ("asesor", "komite"):
        assert NIK_P not in seen[who] and masked in seen[who] and "disamarkan" in seen[who], who

    html = seen["asesi"]
    for kode in ("FR.APL.01", "FR.APL.01-REK", "FR.APL.02"):
        assert f'<span class="mono">{kode}</span>' in html, kode
    for d in Dokumen.objects.filter(pk__in=[p.apl01_id, p.apl02_id]):
        assert d.get_absolute_url() in html
    current = re.search(r'<li class="step step-current" aria-current="step">.*?</li>', html, re.S).group(0)
    assert "Reviu APL.02" in current and "langkah sekarang" in current
    assert html.count('aria-current="step"') == 1
    assert "Asesor sedang meninjau asesmen mandiri Anda" in html and "Putaran 1: Diterima" in html
    assert p.jadwal.nama in html and demo["asesor_profil"].personel.nama in html

    review = reverse("sertifikasi:apl02-reviu", args=[p.pk])
    assert review in seen["asesor"] and review not in html and review not in seen["komite"]
    assert "Kemungkinan akun ganda" not in seen["asesor"]

    client.force_login(demo["asesi2"])
    for name in ("permohonan", "permohonan-ubah", "permohonan-ajukan"):
        assert client.get(reverse(f"sertifikasi:{name}", args=[p.pk])).status_code == 404, name
    client.force_login(demo["admin"])
    assert client.get(reverse("sertifikasi:permohonan-ubah", args=[p.pk])).status_code == 403


def _count(client, url) -> int:
    client.get(url)  # warm caches (content types, permissions) outside the count
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_detail_and_home_query_counts_do_not_grow(client, demo):
    """Issue 11 speed: the application's page (rounds, records, files) and the applicant's
    home (applications) take as many queries with five as with one."""
    from muk import importer
    from muk import services as muk_services
    from muk.demo import structure_rows

    p = submitted(demo)
    butir = all_ok(p)
    butir["data_pekerjaan"] = (False, "Perbaiki.")

    def return_once():
        services.permohonan_verify(
            permohonan=p, hasil="dikembalikan", butir=butir, catatan="", actor=demo["admin"], ttd=ttd()
        )

    return_once()
    detail = p.get_absolute_url()
    home = reverse("sertifikasi:home")
    client.force_login(demo["asesi"])
    small = {"detail": _count(client, detail), "home": _count(client, home)}
    client.force_login(demo["admin"])
    small["staff"] = _count(client, detail)

    for _ in range(4):
        services.permohonan_submit(permohonan=p, actor=demo["asesi"], privasi_setuju=True, ttd=ttd())
        return_once()
    for n in range(4):
        skema = bare_skema(demo["ketua"], f"SKM/UJI/{n}", f"Skema Uji {n}")
        muk_services.skema_replace_structure(
            skema=skema, units=importer.build_structure(structure_rows()[:1]), actor=demo["ketua"]
        )
        fill = services.permohonan_create(asesi=demo["asesi"], skema=skema, actor=demo["asesi"])
        fill_apl01(fill, demo["asesi"])
    assert p.putaran_verifikasi.count() == 5
    assert Dokumen.objects.filter(subject_id=str(p.pk), jenis__kode__startswith="FR.APL.01").count() == 10
    assert Permohonan.objects.filter(asesi=demo["asesi"]).count() == 5

    client.force_login(demo["asesi"])
    large = {"detail": _count(client, detail), "home": _count(client, home)}
    client.force_login(demo["admin"])
    large["staff"] = _count(client, detail)
    assert large == small
