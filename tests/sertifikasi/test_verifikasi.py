"""Verification of an application by the Admin LSP through HTTP (SE-A4.8a, X-10): accept,
return with notes per item and the resubmission, reject with a reason; every refusal keeps
what was typed and changes nothing; who may open the page; the likely duplicate."""

import pytest
from django.urls import reverse

from administrasi.models import Dokumen
from lsp_portal import worklist
from lsp_portal.models import Notifikasi
from muk.models import PersyaratanDasar
from sertifikasi import services
from sertifikasi.models import Permohonan, PutaranVerifikasi

from .conftest import DEMO_PASSWORD, IDENTITAS_P, LAHIR_L, NIK_L, NIK_P, pdf_upload, submitted, ttd

S = Permohonan.Status


def url(p):
    return reverse("sertifikasi:verifikasi", args=[p.pk])


def form_data(p, *, hasil, fail=None, catatan="", secret=DEMO_PASSWORD, consent=True):
    """The page's POST: every item memenuhi except the keys of `fail` ({kunci: note})."""
    fail = fail or {}
    data = {"hasil": hasil, "catatan": catatan, "ttd-secret": secret}
    if consent:
        data["ttd-consent"] = "on"
    for item in services.verification_items(p):
        slug = item["kunci"].replace(":", "-")
        data[f"m-{slug}"] = "tidak" if item["kunci"] in fail else "ya"
        data[f"n-{slug}"] = fail.get(item["kunci"], "")
    return data


def requirement_key(p) -> str:
    return next(i["kunci"] for i in services.verification_items(p) if i["kunci"].startswith("persyaratan:"))


def nothing_changed(p):
    p.refresh_from_db()
    assert p.status == S.DIAJUKAN
    assert not PutaranVerifikasi.objects.filter(permohonan=p).exists()
    assert not Dokumen.objects.filter(jenis__kode="FR.APL.01-REK").exists()


def test_admin_accepts_application(demo, client):
    """SE-A4.8a: accepted -> asesmen mandiri; the admin signs FR.APL.01-REK (round 1, final);
    the applicant is notified; the verifier sees the full NIK (X-10); the dashboard item."""
    p = submitted(demo)
    admin = demo["admin"]
    [item] = [
        i for i in worklist.items_for(admin)[worklist.TASKS] if i.label == "Permohonan menunggu verifikasi"
    ]
    assert (item.count, item.url) == (1, url(p))
    client.force_login(admin)
    page = client.get(url(p))
    assert page.status_code == 200
    html = page.content.decode()
    assert NIK_P in html
    for item in services.verification_items(p):
        assert item["label"] in html
        if item["bukti"]:
            assert reverse("sertifikasi:bukti-unduh", args=[p.pk, item["bukti"].pk]) in html
    response = client.post(url(p), form_data(p, hasil="diterima"))
    assert response.status_code == 302
    assert response.url == p.get_absolute_url()
    p.refresh_from_db()
    assert p.status == S.ASESMEN_MANDIRI
    putaran = PutaranVerifikasi.objects.get(permohonan=p)
    assert (putaran.nomor, putaran.hasil, putaran.oleh) == (1, "diterima", admin)
    assert all(b["memenuhi"] for b in putaran.butir)
    rek = putaran.dokumen
    assert rek.jenis.kode == "FR.APL.01-REK" and rek.status == Dokumen.Status.FINAL
    assert [(t.penandatangan, t.sudah) for t in rek.tanda_tangan.all()] == [(admin, True)]
    assert Notifikasi.objects.filter(penerima=p.asesi, judul__startswith="Permohonan diterima").exists()
    assert not [
        i for i in worklist.items_for(admin)[worklist.TASKS] if i.label == "Permohonan menunggu verifikasi"
    ]
    # Verified meanwhile (a second click, a stale notification): back to the application.
    again = client.get(url(p))
    assert again.status_code == 302 and again.url == p.get_absolute_url()


def test_refusals_keep_the_input_and_change_nothing(demo, client):
    """SE-A4.8a bad input: reject without a reason, accept with an item not met, return with
    no item marked, an item not met without a note, a wrong password: each refused with its
    message, the page keeps what was typed, and no round, record or status change is made."""
    p = submitted(demo)
    key = requirement_key(p)
    slug = key.replace(":", "-")
    client.force_login(demo["admin"])

    response = client.post(url(p), form_data(p, hasil="ditolak"))
    assert response.status_code == 200
    assert response.context["form"].errors["catatan"] == ["Tulis alasan permohonan tidak diterima."]
    nothing_changed(p)

    response = client.post(url(p), form_data(p, hasil="diterima", fail={key: "Ijazah buram"}))
    assert response.status_code == 200
    assert (
        "Permohonan hanya dapat diterima bila semua butir memenuhi."
        in response.context["form"].non_field_errors()
    )
    html = response.content.decode()
    assert "Ijazah buram" in html  # the note typed is still there
    assert response.context["form"][f"m-{slug}"].value() == "tidak"
    nothing_changed(p)

    response = client.post(url(p), form_data(p, hasil="dikembalikan"))
    assert response.status_code == 200
    assert (
        "Tandai butir yang perlu diperbaiki pemohon sebelum mengembalikan."
        in response.context["form"].non_field_errors()
    )
    nothing_changed(p)

    data = form_data(p, hasil="dikembalikan", catatan="Perbaiki")
    data[f"m-{slug}"] = "tidak"
    response = client.post(url(p), data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"n-{slug}"] == [
        "Tulis catatan: apa yang perlu diperbaiki pemohon."
    ]
    assert "Perbaiki" in response.content.decode()
    nothing_changed(p)

    response = client.post(
        url(p), form_data(p, hasil="dikembalikan", fail={key: "Ijazah buram"}, secret="salah-sandi")
    )
    assert response.status_code == 200
    assert "Kata sandi atau kode autentikator salah" in " ".join(
        response.context["ttd_form"].non_field_errors()
    )
    assert "Ijazah buram" in response.content.decode()
    nothing_changed(p)

    response = client.post(url(p), form_data(p, hasil="diterima", consent=False))
    assert response.status_code == 200
    assert "Centang pernyataan persetujuan" in " ".join(response.context["ttd_form"].non_field_errors())
    nothing_changed(p)


def test_return_with_notes_then_resubmission_shows_round_one(demo, client):
    """SE-A4.8a: returned with notes on two items; the applicant may change only those,
    resubmits (FR.APL.01 version 2 supersedes version 1); round 2 shows round 1, the notes
    and what changed; the round's rejection closes the application with its reason."""
    p = submitted(demo)
    key = requirement_key(p)
    persyaratan_id = int(key.split(":")[1])
    client.force_login(demo["admin"])
    notes = {"data_pribadi": "Nama tidak sesuai KTP", key: "Ijazah tidak terbaca"}
    response = client.post(
        url(p), form_data(p, hasil="dikembalikan", fail=notes, catatan="Perbaiki dua butir")
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == S.DIKEMBALIKAN
    assert sorted(p.dikembalikan) == sorted(notes)
    assert Notifikasi.objects.filter(penerima=p.asesi, judul__startswith="Permohonan dikembalikan").exists()
    # The applicant's part, by the services: only the returned items change.
    assert set(services.editable_fields(p)) == set(services.SECTION_FIELDS["data_pribadi"])
    assert services.editable_persyaratan(p) == {persyaratan_id}
    asesi = p.asesi
    errors = services.permohonan_save(
        permohonan=p, data={"nama": "Sari Wulandari Putri", "pekerjaan_jabatan": "Direktur"}, actor=asesi
    )
    assert errors == {}
    p.refresh_from_db()
    assert (p.nama, p.pekerjaan_jabatan) == ("Sari Wulandari Putri", IDENTITAS_P["pekerjaan_jabatan"])
    other = [
        i
        for i in services.verification_items(p)
        if i["kunci"].startswith("persyaratan:") and i["kunci"] != key
    ]
    if other:
        with pytest.raises(services.JourneyError):
            services.bukti_upload(
                permohonan=p,
                persyaratan=PersyaratanDasar.objects.get(pk=int(other[0]["kunci"].split(":")[1])),
                upload=pdf_upload(),
                actor=asesi,
            )
    services.bukti_upload(
        permohonan=p,
        persyaratan=PersyaratanDasar.objects.get(pk=persyaratan_id),
        upload=pdf_upload("baru.pdf"),
        actor=asesi,
    )
    v1 = Dokumen.objects.get(pk=p.apl01_id)
    p = services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=ttd())
    assert (p.status, p.putaran) == (S.DIAJUKAN, 2)
    v2 = Dokumen.objects.get(pk=p.apl01_id)
    v1.refresh_from_db()
    assert (v2.versi, v2.sebelumnya_id, v2.status) == (2, v1.pk, Dokumen.Status.FINAL)
    assert v1.status == Dokumen.Status.SUPERSEDED

    page = client.get(url(p))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Putaran 1: Dikembalikan untuk diperbaiki" in html
    assert "Nama tidak sesuai KTP" in html and "Ijazah tidak terbaca" in html
    assert "Dikembalikan pada putaran sebelumnya." in html
    [row] = [r for r in page.context["rows"] if r["kunci"] == "data_pribadi"]
    assert ("Nama lengkap", "Sari Wulandari", "Sari Wulandari Putri") in row["dikembalikan"]["perubahan"]
    [row] = [r for r in page.context["rows"] if r["kunci"] == key]
    assert row["dikembalikan"]["bukti_baru"] is True
    # What met last time starts checked; what was returned is checked again.
    assert page.context["form"]["m-data_pekerjaan"].value() == "ya"
    assert page.context["form"]["m-data_pribadi"].value() is None

    response = client.post(url(p), form_data(p, hasil="ditolak", catatan="Bukan orang yang sama"))
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.alasan_penolakan) == (S.DITOLAK, "Bukan orang yang sama")
    assert list(PutaranVerifikasi.objects.filter(permohonan=p).values_list("nomor", "hasil")) == [
        (1, "dikembalikan"),
        (2, "ditolak"),
    ]


def test_who_may_verify(demo, client):
    """SE-A4.8a, SE-A4.4: the komite (staff without the right) 403; an assessor and another
    applicant 404 (not visible); the applicant 403 on their own; the admin cannot verify
    their own application (403, and no Verifikasi button in the list), the manager can."""
    p = submitted(demo)
    data = form_data(p, hasil="diterima")
    for persona, status in [("komite", 403), ("asesor", 404), ("asesi2", 404), ("asesi", 403)]:
        client.force_login(demo[persona])
        assert client.get(url(p)).status_code == status, persona
        assert client.post(url(p), data).status_code == status, persona
    p.refresh_from_db()
    assert p.status == S.DIAJUKAN

    admin = demo["admin"]
    identitas = {
        **IDENTITAS_P,
        "nama": "Rina Kusuma",
        "nik": NIK_L,
        "tanggal_lahir": LAHIR_L,
        "jenis_kelamin": "L",
        "email": admin.email,
    }
    own = submitted(demo, asesi=admin, data=identitas)
    client.force_login(admin)
    assert client.get(url(own)).status_code == 403
    assert client.post(url(own), form_data(own, hasil="diterima")).status_code == 403
    listing = client.get(reverse("sertifikasi:permohonan-list"))
    rows = {row.pk: row for row in listing.context["page"]}
    assert rows[own.pk].boleh_verifikasi is False and rows[p.pk].boleh_verifikasi is True
    own.refresh_from_db()
    assert own.status == S.DIAJUKAN
    client.force_login(demo["manajer"])
    assert client.get(url(own)).status_code == 200


def test_duplicate_nik_is_shown_to_the_verifier(demo, client):
    """SE-A4.8a: a second account with the same NIK (a draft is enough) is flagged as a
    likely duplicate on the verification page (with a link) and in the staff list."""
    p = submitted(demo)
    asesi2 = demo["asesi2"]
    draft = services.permohonan_create(asesi=asesi2, skema=demo["skema"], actor=asesi2)
    errors = services.permohonan_save(
        permohonan=draft, data={**IDENTITAS_P, "email": asesi2.email, "nama": "Budi Santoso"}, actor=asesi2
    )
    assert errors == {}
    client.force_login(demo["admin"])
    html = client.get(url(p)).content.decode()
    assert "Kemungkinan duplikat" in html
    assert draft.get_absolute_url() in html and asesi2.email in html
    listing = client.get(reverse("sertifikasi:permohonan-list"), {"status": ""})
    flags = {row.pk: row.kemungkinan_duplikat for row in listing.context["page"]}
    assert flags == {p.pk: True, draft.pk: True}
    assert "Kemungkinan duplikat" in listing.content.decode()
