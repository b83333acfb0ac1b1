"""The pages of the records of the assessment over HTTP (SE-A4.8f–i, SE-D1.2f–i): FR.AK.02
by the assessor (save, autosave, refusals that keep what was typed, signing) and by the
candidate; FR.AK.03 once; FR.AK.05 and FR.AK.06 by the lead assessor; who gets 403/404;
the FR.AK.02 page's queries constant from 3 to 13 units.

The assessment is reached as in test_ak.py (its module docstring says how: the status moved
and the sheets made final through the records engine directly), from its world `begun` (made
once per module: the assessment begun, every sheet final but the last)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from administrasi.models import Dokumen
from muk.models import UnitKompetensi
from sertifikasi import services
from sertifikasi.models import HasilUnit, Permohonan
from sertifikasi.services import ak

from .conftest import DEMO_PASSWORD, bare_skema
from .test_ak import (  # noqa: F401 (begun_world, begun_fixture: the fixtures `begun` needs)
    ak02_final,
    ak02_signed,
    ak05_signed,
    begin,
    begun_fixture,
    begun_world,
    finish_sheets,
    judge_all,
    second_candidate,
)

S = Permohonan.Status
SIGN = {"secret": DEMO_PASSWORD, "consent": "on"}


def url(name, obj):
    return reverse(f"sertifikasi:{name}", args=[obj.pk])


def shown(response) -> str:
    return response.content.decode()


# --- FR.AK.02 by the assessor ---------------------------------------------------------------


def test_ak02_page_saves_and_autosaves_per_unit(demo, client, begun):
    """SE-A4.8f: K/BK, evidence and follow-up per unit, saved by the button and by autosave
    (JSON); a refused autosave answers the field's message and saves nothing."""
    p = begun
    finish_sheets(demo, p)
    units = ak.ak02_units(p)
    key = ak.evidence_choices(ak.ak02_evidence(p), units[0].pk)[0][0]
    client.force_login(demo["asesor"])
    page = client.get(url("ak02", p))
    assert page.status_code == 200
    assert units[0].kode in shown(page) and f'value="{key}"' in shown(page)

    response = client.post(
        url("ak02", p),
        {f"rek-{units[0].pk}": "K", f"bukti-{units[0].pk}": ["", key], f"tl-{units[0].pk}": ""},
    )
    assert response.status_code == 302
    assert HasilUnit.objects.get(permohonan=p, unit=units[0]).bukti == [
        {"jenis": key.split(":")[0], "id": int(key.split(":")[1])}
    ]

    response = client.post(
        url("ak02", p),
        {f"rek-{units[1].pk}": "BK", f"tl-{units[1].pk}": "Ulangi."},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 200
    assert response.json()["saved"] == [f"rek-{units[1].pk}", f"tl-{units[1].pk}"]
    assert HasilUnit.objects.get(permohonan=p, unit=units[1]).tindak_lanjut == "Ulangi."

    response = client.post(
        url("ak02", p), {f"bukti-{units[1].pk}": ["bukti:999999"]}, headers={"X-Autosave": "1"}
    )
    assert response.status_code == 400
    assert f"bukti-{units[1].pk}" in response.json()["errors"]
    assert HasilUnit.objects.get(permohonan=p, unit=units[1]).bukti == []


def test_ak02_refused_while_a_sheet_is_open_keeps_what_was_typed(demo, client, begun):
    """SE-A4.8f: the page names the open sheet; signing is refused and the comment typed
    stays in the form; nothing is issued."""
    p = begun
    left = finish_sheets(demo, p, leave=1)[0]
    judge_all(demo, p)
    client.force_login(demo["asesor"])
    page = shown(client.get(url("ak02", p)))
    assert "Lembar instrumen yang belum final" in page and left.instrumen.get_jenis_display() in page
    response = client.post(url("ak02", p), {"tandatangan": "1", "komentar": "Komentar panjang saya", **SIGN})
    assert response.status_code == 200
    body = shown(response)
    assert "Komentar panjang saya" in body and "belum final" in body
    p.refresh_from_db()
    assert p.ak02_id is None


def test_ak02_signed_by_assessor_then_candidate_over_http(demo, client, begun):
    """SE-A4.8f, SE-D1.2f: the assessor signs on the AK.02 page, the candidate reads and
    signs on the signing page -> menunggu keputusan, on to FR.AK.03."""
    p = begun
    finish_sheets(demo, p)
    judge_all(demo, p)
    client.force_login(demo["asesor"])
    response = client.post(url("ak02", p), {"tandatangan": "1", "komentar": "Baik.", **SIGN})
    assert response.status_code == 302 and response["Location"] == url("ak02-tandatangan", p)
    # Once signed the content is read-only for the assessor: a save is refused.
    unit = ak.ak02_units(p)[0]
    response = client.post(url("ak02", p), {f"rek-{unit.pk}": "BK"}, headers={"X-Autosave": "1"})
    assert response.status_code == 409
    assert HasilUnit.objects.get(permohonan=p, unit=unit).rekomendasi == "K"

    client.force_login(p.asesi)
    page = shown(client.get(url("ak02-tandatangan", p)))
    assert "Tandatangani FR.AK.02" in page and "Komentar asesor:" in page
    response = client.post(url("ak02-tandatangan", p), SIGN)
    assert response.status_code == 302 and response["Location"] == url("ak03", p)
    p.refresh_from_db()
    assert p.status == S.MENUNGGU_KEPUTUSAN and p.ak02.status == Dokumen.Status.FINAL


def test_ak02_out_of_turn_and_wrong_people(demo, client, begun):
    """SE-A4.8f, SE-A4.4: the assessor cannot sign the candidate's turn (refused with the
    reason); the candidate and staff cannot open the assessor's page (403); another
    candidate gets 404; staff may not sign (403)."""
    p = ak02_signed(demo, begun)
    client.force_login(demo["asesor"])
    response = client.post(url("ak02-tandatangan", p), SIGN, follow=True)
    assert "sudah menandatangani" in shown(response)
    assert Permohonan.objects.get(pk=p.pk).status == S.ASESMEN
    for user in (p.asesi, demo["manajer"]):
        client.force_login(user)
        assert client.get(url("ak02", p)).status_code == 403
    client.force_login(demo["manajer"])
    assert client.get(url("ak02-tandatangan", p)).status_code == 200
    assert client.post(url("ak02-tandatangan", p), SIGN).status_code == 403
    client.force_login(demo["asesi2"])
    assert client.get(url("ak02", p)).status_code == 404
    assert client.get(url("ak02-tandatangan", p)).status_code == 404


def test_ak02_candidate_cannot_sign_before_the_assessor(demo, client, begun):
    """SE-A4.8f: nothing to sign yet: refused with the reason, no form."""
    p = begun
    client.force_login(p.asesi)
    page = shown(client.get(url("ak02-tandatangan", p)))
    assert "Asesor belum menandatangani FR.AK.02" in page
    response = client.post(url("ak02-tandatangan", p), SIGN, follow=True)
    assert "Tidak ada rekaman asesmen (FR.AK.02) yang menunggu tanda tangan." in shown(response)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_ak02_page_queries_constant_from_3_to_13_units(demo, client, begun):
    """SE-A4.8f: the AK.02 page costs the same with 3 and with 13 units (and more recordings).
    The demo scheme has 6 units: 3 are moved to another scheme for the small case, then
    back with 7 more units added (bare units: the page reads the scheme's units, it does not
    care how they were made)."""
    p = begun
    finish_sheets(demo, p)
    judge_all(demo, p)
    services.rekaman_link_add(
        jadwal=p.jadwal,
        judul="Sesi 1",
        tautan="https://video.lsp.example/1",
        sha256="a" * 64,
        actor=demo["asesor"],
    )
    units = ak.ak02_units(p)
    parked = bare_skema(demo["manajer"], "SKM/LSP-DEMO/TES/01/2025", "Skema parkir")
    moved = [u.pk for u in units[3:]]
    UnitKompetensi.objects.filter(pk__in=moved).update(skema=parked)
    client.force_login(demo["asesor"])
    path = url("ak02", p)
    assert len(ak.ak02_units(p)) == 3
    small = _queries(client, path)

    UnitKompetensi.objects.filter(pk__in=moved).update(skema=demo["skema"])
    UnitKompetensi.objects.bulk_create(
        UnitKompetensi(
            skema=demo["skema"], urutan=100 + i, kode=f"J.620100.{900 + i:03d}.01", judul=f"Unit {i}"
        )
        for i in range(13 - len(units))
    )
    for i in range(2, 6):
        services.rekaman_link_add(
            jadwal=p.jadwal,
            judul=f"Sesi {i}",
            tautan=f"https://video.lsp.example/{i}",
            sha256="b" * 64,
            permohonan=p.pk,
            actor=demo["asesor"],
        )
    assert len(ak.ak02_units(p)) == 13
    assert _queries(client, path) == small


# --- FR.AK.03 ---------------------------------------------------------------------------------


def test_ak03_page_once_and_refusals(demo, client, begun):
    """SE-A4.8g, SE-D1.2g: no form before FR.AK.02 is final; a missing answer is refused on
    its statement with the other answers kept; sent once (a second POST refused); another
    candidate 404; the assessor reads it (POST 403)."""
    p = begun
    client.force_login(p.asesi)
    page = shown(client.get(url("ak03", p)))
    assert "setelah rekaman asesmen (FR.AK.02)" in page and "Kirim dan tandatangani" not in page
    early = {**{key: "ya" for key, _ in ak.AK03_PERTANYAAN}, **SIGN}
    response = client.post(url("ak03", p), early, follow=True)
    assert "Umpan balik diisi setelah rekaman asesmen (FR.AK.02) ditandatangani" in shown(response)
    p = ak02_final(demo, p)
    answers = {key: "ya" for key, _ in ak.AK03_PERTANYAAN}
    answers.pop("kerahasiaan")
    response = client.post(url("ak03", p), {**answers, "komunikasi_komentar": "Jelas sekali", **SIGN})
    assert response.status_code == 200
    body = shown(response)
    assert "Pilih Ya atau Tidak." in body and 'value="Jelas sekali"' in body
    answers["kerahasiaan"] = "tidak"
    response = client.post(url("ak03", p), {**answers, "kerahasiaan_komentar": "Tidak dijelaskan", **SIGN})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.ak03.data["umpan_balik"][8]["komentar"] == "Tidak dijelaskan"
    response = client.post(url("ak03", p), {**answers, **SIGN}, follow=True)
    assert "sudah Anda kirim" in shown(response)
    assert Dokumen.objects.filter(jenis__kode="FR.AK.03").count() == 1

    client.force_login(demo["asesor"])
    assert "Tidak dijelaskan" in shown(client.get(url("ak03", p)))
    assert client.post(url("ak03", p), {**answers, **SIGN}).status_code == 403
    client.force_login(demo["asesi2"])
    assert client.get(url("ak03", p)).status_code == 404


# --- FR.AK.05 and FR.AK.06 --------------------------------------------------------------------


def test_ak05_page_refuses_a_candidate_without_ak02_then_signs(demo, client, begun):
    """SE-A4.8h, SE-D1.2h: the page names the candidate without a final FR.AK.02 and the
    signing is refused with the report kept; once every FR.AK.02 is final the lead assessor
    signs -> Jadwal.ak05; staff read (POST 403); a candidate gets 404."""
    p = begun
    q = begin(demo, second_candidate(demo, p))
    p = ak02_final(demo, p)
    jadwal = p.jadwal
    client.force_login(demo["asesor"])
    page = shown(client.get(url("ak05", jadwal)))
    assert f"FR.AK.02 belum final untuk: {q.nama}." in page
    report = {"aspek_positif": "Peserta tepat waktu", "penolakan": "Tidak ada", **SIGN}
    response = client.post(url("ak05", jadwal), report)
    assert response.status_code == 200 and "Peserta tepat waktu" in shown(response)
    jadwal.refresh_from_db()
    assert jadwal.ak05_id is None

    ak02_final(demo, q)
    response = client.post(url("ak05", jadwal), report)
    assert response.status_code == 302
    jadwal.refresh_from_db()
    assert jadwal.ak05.status == Dokumen.Status.FINAL
    assert {r["asesi"] for r in jadwal.ak05.data["hasil_asesi"]} == {p.nama, q.nama}

    client.force_login(demo["manajer"])
    assert client.get(url("ak05", jadwal)).status_code == 200
    assert client.post(url("ak05", jadwal), report).status_code == 403
    client.force_login(p.asesi)
    assert client.get(url("ak05", jadwal)).status_code == 404


def test_ak06_page_after_ak05(demo, client, begun):
    """SE-A4.8i, SE-D1.2i: before FR.AK.05 the review is refused; a criterion not met without
    a recommendation is refused on its row with the ticks and texts kept; then signed ->
    Jadwal.ak06."""
    p = ak02_final(demo, begun)
    jadwal = p.jadwal
    client.force_login(demo["asesor"])
    met = {f"c-{key}": [code for code, _ in criteria] for key, _, criteria in ak.ak06_grid()}
    form = {**met, "temuan": "Berjalan baik", **SIGN}
    assert "setelah" in shown(client.get(url("ak06", jadwal)))
    response = client.post(url("ak06", jadwal), form, follow=True)
    assert "setelah FR.AK.05 ditandatangani" in shown(response)
    jadwal.refresh_from_db()
    assert jadwal.ak06_id is None

    ak05_signed(demo, jadwal)
    partial = {**form, "c-keputusan": ["V", "R", "F"], "rek-rencana": "Catatan rencana"}
    response = client.post(url("ak06", jadwal), partial)
    assert response.status_code == 200
    body = shown(response)
    assert "Keputusan asesmen: tulis rekomendasi peningkatan" in body
    assert "Catatan rencana" in body and "Berjalan baik" in body
    response = client.post(url("ak06", jadwal), {**partial, "rek-keputusan": "Libatkan asesor kedua."})
    assert response.status_code == 302
    jadwal.refresh_from_db()
    assert jadwal.ak06.status == Dokumen.Status.FINAL
    assert jadwal.ak06.data["prosedur"][3]["Adil"] == "Tidak"

    client.force_login(demo["manajer"])
    assert client.get(url("ak06", jadwal)).status_code == 200
    assert client.post(url("ak06", jadwal), form).status_code == 403
