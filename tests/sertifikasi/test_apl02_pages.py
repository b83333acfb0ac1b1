"""FR.APL.02 pages through HTTP (SE-A4.8b): the applicant fills, autosaves, uploads and signs
the self-assessment; the refusals; the assessor's review and what the applicant sees."""

import json

from django.test import Client
from django.urls import reverse

from administrasi.models import Dokumen
from lsp_portal.models import Notifikasi
from muk.models import KUK, Elemen
from sertifikasi import services
from sertifikasi.models import BuktiElemen, JawabanKuk, Permohonan

from .conftest import (
    DEMO_PASSWORD,
    answer_all,
    bare_skema,
    join_batch,
    pdf_upload,
    scheduled,
    staffed_jadwal,
    ttd,
    verified,
)
from .world import asesor_profile

S = Permohonan.Status
SIGN = {"secret": DEMO_PASSWORD, "consent": "on", "gambar": ""}


def url(name, p):
    return reverse(f"sertifikasi:{name}", args=[p.pk])


def kuk_of(p):
    return list(
        KUK.objects.filter(elemen__unit__skema_id=p.skema_id).order_by("pk").values_list("pk", flat=True)
    )


def elemen_of(p):
    return list(Elemen.objects.filter(unit__skema_id=p.skema_id).order_by("pk").values_list("pk", flat=True))


def full_form(p, value="K", teks="Sertifikat pelatihan 2024", files=()):
    """Every field of the self-assessment form, as the page sends it."""
    data = {f"kuk-{k}": value for k in kuk_of(p)}
    for e in elemen_of(p):
        data[f"bukti-{e}"] = teks
        data[f"berkas-{e}"] = ["", *[str(f) for f in files]]
    return data


def autosave(client, p, data):
    return client.post(url("apl02", p), data, headers={"X-Autosave": "1"})


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_applicant_fills_autosaves_uploads_and_signs_apl02(demo):
    """SE-A4.8b: the page lists every KUK as a K/BK pair, autosave answers JSON, a portfolio
    upload keeps the answers the form holds, signing moves to menunggu_jadwal with a final
    FR.APL.02; afterwards the form is read-only."""
    p = verified(demo)
    client = client_for(demo["asesi"])
    kuk, elemen = kuk_of(p), elemen_of(p)
    persyaratan_file = p.bukti.filter(aktif=True).first()

    page = client.get(url("apl02", p)).content.decode()
    assert f"0 dari {len(kuk)} KUK dijawab" in page
    assert f'name="kuk-{kuk[0]}" value="K"' in page and f'name="kuk-{kuk[0]}" value="BK"' in page
    assert f'name="bukti-{elemen[0]}"' in page
    assert (
        f'name="berkas-{elemen[0]}" value="{persyaratan_file.pk}"' in page
    )  # basic-requirement file to link
    assert f'data-autosave-url="{url("apl02", p)}"' in page

    # Autosave: what the form holds, JSON back.
    response = autosave(
        client,
        p,
        {
            f"kuk-{kuk[0]}": "K",
            f"kuk-{kuk[1]}": "BK",
            f"bukti-{elemen[0]}": "Ijazah D3 informatika",
            f"berkas-{elemen[0]}": ["", str(persyaratan_file.pk)],
        },
    )
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["errors"] == {}
    assert set(body["saved"]) == {
        f"kuk-{kuk[0]}",
        f"kuk-{kuk[1]}",
        f"bukti-{elemen[0]}",
        f"berkas-{elemen[0]}",
    }
    page = client.get(url("apl02", p)).content.decode()
    assert f"2 dari {len(kuk)} KUK dijawab" in page
    assert f'name="kuk-{kuk[1]}" value="BK" checked' in page
    assert "Ijazah D3 informatika</textarea>" in page
    assert f'value="{persyaratan_file.pk}" checked' in page

    # Only the text sent: the linked file stays linked.
    autosave(client, p, {f"bukti-{elemen[0]}": "Ijazah D3 informatika, transkrip"})
    row = BuktiElemen.objects.get(permohonan=p, elemen_id=elemen[0])
    assert row.keterangan == "Ijazah D3 informatika, transkrip"
    assert [b.pk for b in row.bukti.all()] == [persyaratan_file.pk]

    # A portfolio upload from the same form: the answers it holds are saved too.
    response = client.post(
        url("apl02-bukti", p),
        {
            f"kuk-{kuk[2]}": "K",
            "judul": "Sertifikat pelatihan web 2024",
            "berkas": pdf_upload("pelatihan.pdf"),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#portofolio")
    portfolio = p.bukti.get(judul="Sertifikat pelatihan web 2024")
    assert portfolio.persyaratan_id is None
    assert JawabanKuk.objects.filter(permohonan=p, kuk_id=kuk[2], jawaban="K").exists()
    # A refused file (no title) is told on the page; the answers sent with it are kept.
    response = client.post(
        url("apl02-bukti", p), {f"kuk-{kuk[3]}": "BK", "judul": "", "berkas": pdf_upload()}, follow=True
    )
    assert "Tulis keterangan bukti" in response.content.decode()
    assert JawabanKuk.objects.filter(permohonan=p, kuk_id=kuk[3], jawaban="BK").exists()

    # The whole form without JavaScript, then on to signing.
    response = client.post(url("apl02", p), {**full_form(p, files=[portfolio.pk]), "lanjut": "1"})
    assert response.status_code == 302 and response["Location"] == url("apl02-ajukan", p)
    assert JawabanKuk.objects.filter(permohonan=p).count() == len(kuk)
    assert BuktiElemen.bukti.through.objects.filter(buktielemen__permohonan=p).count() == len(elemen)
    page = client.get(url("apl02-ajukan", p)).content.decode()
    assert f"{len(kuk)} dari {len(kuk)} KUK dijawab" in page
    assert "Tandatangani FR.APL.02" in page

    response = client.post(url("apl02-ajukan", p), SIGN)
    assert response.status_code == 302 and response["Location"] == p.get_absolute_url()
    p.refresh_from_db()
    assert p.status == S.MENUNGGU_JADWAL
    assert p.apl02.jenis.kode == "FR.APL.02" and p.apl02.status == Dokumen.Status.FINAL
    assert p.apl02.data["unit"][0]["elemen"][0]["berkas"][0]["judul"] == "Sertifikat pelatihan web 2024"

    # Signed: read-only for the applicant, and no more saving.
    page = client.get(url("apl02", p)).content.decode()
    assert 'name="kuk-' not in page and p.apl02.get_absolute_url() in page
    assert client.post(url("apl02", p), {f"kuk-{kuk[0]}": "BK"}).status_code == 403
    response = autosave(client, p, {f"kuk-{kuk[0]}": "BK"})
    assert response.status_code == 409 and "tidak dapat diubah" in response.json()["errors"]["__all__"]
    assert JawabanKuk.objects.get(permohonan=p, kuk_id=kuk[0]).jawaban == "K"
    assert client.get(url("apl02-ajukan", p)).status_code == 403


def test_signing_refused_while_a_kuk_is_unanswered(demo):
    """SE-A4.8b: signing with KUK unanswered is refused with their count; nothing changes."""
    p = verified(demo)
    client = client_for(demo["asesi"])
    kuk = kuk_of(p)
    data = full_form(p)
    for k in kuk[:3]:
        del data[f"kuk-{k}"]
    client.post(url("apl02", p), data)
    page = client.get(url("apl02-ajukan", p)).content.decode()
    assert f"3 dari {len(kuk)} KUK belum dijawab" in page
    assert "Tandatangani FR.APL.02" not in page  # signing disabled

    response = client.post(url("apl02-ajukan", p), SIGN)
    assert response.status_code == 200
    assert f"3 dari {len(kuk)} KUK belum dijawab" in response.content.decode()
    p.refresh_from_db()
    assert p.status == S.ASESMEN_MANDIRI and p.apl02_id is None


def test_incomplete_unit_of_the_scheme_blocks_signing_by_name(demo):
    """SE-A4.8b (issue 11 item 3): a unit without elements or KUK cannot be assessed; the
    APL.02 page names it and signing is refused with it named."""
    from muk import services as muk_services

    p = verified(demo)
    answer_all(p, demo["asesi"])
    muk_services.unit_create(
        skema=demo["skema"],
        kode="J.620100.025.02",
        judul="Melakukan Debugging",
        actor=demo["manajer"],
    )
    client = client_for(demo["asesi"])
    page = client.get(url("apl02", p)).content.decode()
    assert "J.620100.025.02" in page and "belum dapat ditandatangani" in page
    assert "Unit ini belum memiliki elemen dan KUK" in page

    response = client.post(url("apl02-ajukan", p), SIGN)
    assert response.status_code == 200
    assert "J.620100.025.02" in response.content.decode()
    p.refresh_from_db()
    assert p.status == S.ASESMEN_MANDIRI and p.apl02_id is None


def _other_skema_kuk(actor) -> int:
    """A KUK of another scheme (made through the muk services)."""
    from muk import importer
    from muk import services as muk_services

    skema = bare_skema(actor, "SKM/LAIN/001", "Skema Lain", acuan="SKKNI")
    unit = importer.UnitData(kode="J.620100.001.01", judul="Unit Lain", kelompok="")
    unit.elemen[1] = importer.ElemenData(
        nomor=1, judul="Elemen", kuk=[importer.KukData("1.1", 1, "KUK lain.")]
    )
    muk_services.skema_replace_structure(skema=skema, units=[unit], actor=actor)
    return KUK.objects.get(elemen__unit__skema=skema).pk


def test_foreign_kuk_or_file_is_refused_and_nothing_saved(demo):
    """SE-A4.8b, SE-A4.4: a KUK of another scheme, a file of another application or an
    unreadable field name in the POST: refused, nothing of that request saved."""
    p = verified(demo)
    client = client_for(demo["asesi"])
    foreign_kuk = _other_skema_kuk(demo["manajer"])
    other = services.permohonan_create(asesi=demo["asesi2"], skema=demo["skema"], actor=demo["asesi2"])
    persyaratan = demo["skema"].persyaratan.first()
    foreign_file = services.bukti_upload(
        permohonan=other, persyaratan=persyaratan, upload=pdf_upload(), actor=demo["asesi2"]
    )
    kuk, elemen = kuk_of(p), elemen_of(p)

    response = client.post(url("apl02", p), {f"kuk-{kuk[0]}": "K", f"kuk-{foreign_kuk}": "K"})
    assert response.status_code == 200
    assert "bukan bagian skema permohonan ini" in response.content.decode()
    response = autosave(client, p, {f"kuk-{kuk[0]}": "K", f"kuk-{foreign_kuk}": "K"})
    assert response.status_code == 400
    assert "bukan bagian skema" in json.loads(response.content)["errors"]["__all__"]

    response = autosave(
        client,
        p,
        {f"kuk-{kuk[0]}": "K", f"bukti-{elemen[0]}": "x", f"berkas-{elemen[0]}": ["", str(foreign_file.pk)]},
    )
    assert response.status_code == 400
    assert "Berkas bukti tidak ditemukan" in json.loads(response.content)["errors"]["__all__"]

    response = autosave(client, p, {f"kuk-{kuk[0]}": "K", "kuk-1x": "K"})
    assert response.status_code == 400
    response = autosave(client, p, {f"kuk-{kuk[0]}": "YA"})
    assert response.status_code == 400
    assert not JawabanKuk.objects.filter(permohonan=p).exists()
    assert not BuktiElemen.objects.filter(permohonan=p).exists()


# --- the assessor's review ----------------------------------------------------------------------


def _scheduled_with_evidence(demo):
    """A candidate in a batch whose APL.02 links a portfolio file to the first element."""
    p = verified(demo)
    asesi = demo["asesi"]
    berkas = services.portofolio_upload(
        permohonan=p, judul="Contoh situs web", upload=pdf_upload(), actor=asesi
    )
    services.apl02_save(
        permohonan=p, jawaban={}, bukti={elemen_of(p)[0]: ("Situs toko daring", [berkas.pk])}, actor=asesi
    )
    answer_all(p, asesi)
    services.apl02_submit(permohonan=p, actor=asesi, ttd=ttd())
    return join_batch(demo, p, staffed_jadwal(demo)), berkas


def test_review_tidak_dapat_stops_the_flow_and_tells_the_applicant(demo, asesor_lain):
    """SE-A4.8b, SE-A4.4: the assessor reads answers and evidence; 'tidak dapat' needs a
    reason, then stops the application and the applicant is told and sees it. The applicant
    cannot open the review (403); another assessor gets 404 on the candidate."""
    p, berkas = _scheduled_with_evidence(demo)
    assert p.status == S.DIJADWALKAN
    asesor_profile(asesor_lain, admin=demo["admin"], met="MET.000.888888.2024", nama="Asesor Lain")
    other = client_for(asesor_lain)
    assert other.get(url("apl02-reviu", p)).status_code == 404
    assert other.get(url("apl02", p)).status_code == 404
    assert client_for(demo["asesi"]).get(url("apl02-reviu", p)).status_code == 403
    assert client_for(demo["admin"]).get(url("apl02-reviu", p)).status_code == 403

    asesor = client_for(demo["asesor"])
    page = asesor.get(url("apl02-reviu", p)).content.decode()
    assert "Situs toko daring" in page
    assert reverse("sertifikasi:bukti-unduh", args=[p.pk, berkas.pk]) in page
    assert "Asesmen dapat dilanjutkan" in page and "Asesmen tidak dapat dilanjutkan" in page
    assert p.apl02.get_absolute_url() in page
    # The staff and the assessor read the applicant's APL.02 (read-only).
    page = asesor.get(url("apl02", p)).content.decode()
    assert "Situs toko daring" in page and 'name="kuk-' not in page

    response = asesor.post(url("apl02-reviu", p), {"rekomendasi": "tidak_dapat", "catatan": "  ", **SIGN})
    assert response.status_code == 200
    assert "Tulis alasan asesmen tidak dapat dilanjutkan" in response.content.decode()
    p.refresh_from_db()
    assert p.status == S.DIJADWALKAN and p.apl02_reviu_id is None

    alasan = "Bukti portofolio belum menunjukkan pengalaman membuat antarmuka."
    response = asesor.post(url("apl02-reviu", p), {"rekomendasi": "tidak_dapat", "catatan": alasan, **SIGN})
    assert response.status_code == 302 and response["Location"] == p.get_absolute_url()
    p.refresh_from_db()
    assert p.status == S.DIHENTIKAN
    assert (p.apl02_rekomendasi, p.apl02_catatan) == ("tidak_dapat", alasan)
    assert p.apl02_reviu.jenis.kode == "FR.APL.02-REK" and p.apl02_reviu.status == Dokumen.Status.FINAL
    assert asesor.get(url("apl02-reviu", p)).status_code == 403  # reviewed once

    applicant = client_for(demo["asesi"])
    notifikasi = Notifikasi.objects.get(penerima=demo["asesi"], judul="Hasil reviu asesmen mandiri")
    assert alasan in notifikasi.pesan
    assert "Hasil reviu asesmen mandiri" in applicant.get(reverse("notifikasi:list")).content.decode()
    _assert_applicant_sees_result(applicant, p, "Asesmen tidak dapat dilanjutkan", alasan)


def _assert_applicant_sees_result(client, p, label, catatan=""):
    """The applicant's own page shows the assessor's recommendation (and its reason)."""
    response = client.get(p.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hasil reviu asesmen mandiri" in page
    assert label in page
    assert catatan in page


def test_review_dapat_moves_to_pra_asesmen(demo):
    """SE-A4.8b: 'Asesmen dapat dilanjutkan' (no reason needed) -> pra_asesmen."""
    p = scheduled(demo)
    asesor = client_for(demo["asesor"])
    response = asesor.post(url("apl02-reviu", p), {"rekomendasi": "", **SIGN})
    assert response.status_code == 200 and "Pilih rekomendasi" in response.content.decode()
    response = asesor.post(url("apl02-reviu", p), {"rekomendasi": "dapat", "catatan": "", **SIGN})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == S.PRA_ASESMEN and p.apl02_rekomendasi == "dapat"
    _assert_applicant_sees_result(client_for(demo["asesi"]), p, "Asesmen dapat dilanjutkan")
