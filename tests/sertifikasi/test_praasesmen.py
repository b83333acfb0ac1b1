"""Pra-asesmen pages through HTTP (SE-A4.8c, X-6, X-7): the candidate's plan within the
validated MUK (FR.MAPA.01/02), FR.AK.07, the FR.AK.01 proposal and its signatures in order,
the gate of Journey II, a reschedule, and the assessor's conflict declaration."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from administrasi import services as records
from administrasi.models import Dokumen
from lsp_portal.models import Notifikasi
from sertifikasi import services
from sertifikasi.models import Konflik, Permohonan, Rencana

from .conftest import DEMO_PASSWORD, common_potensi, full_plan, planned, reviewed

S = Permohonan.Status
SIGN = {"secret": DEMO_PASSWORD, "consent": "on"}


def url(name, p):
    return reverse(f"sertifikasi:{name}", args=[p.pk])


def plan_post(potensi, pilihan, alasan=""):
    data = {"potensi": potensi, "alasan": alasan, **SIGN}
    for unit_id, chosen in pilihan.items():
        data[f"metode-{unit_id}"] = list(chosen["metode"])
        data[f"instrumen-{unit_id}"] = list(chosen["instrumen"])
    return data


def reduced(pilihan):
    """`pilihan` with one method (or instrument) of one unit left out."""
    out = {k: {"metode": list(v["metode"]), "instrumen": list(v["instrumen"])} for k, v in pilihan.items()}
    for chosen in out.values():
        for kind in ("metode", "instrumen"):
            if len(chosen[kind]) > 1:
                chosen[kind].pop()
                return out
    raise AssertionError("MUK demo: tidak ada unit dengan lebih dari satu metode atau instrumen")


def page_messages(response):
    return [str(m) for m in response.context["messages"]]


def rencana_queries(client, p, potensi):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url("rencana", p), {"potensi": potensi})
    assert response.status_code == 200
    return len(ctx)


def test_plan_refusals_then_reduced_plan_with_reason(demo, client):
    """SE-A4.8c: FR.AK.01 cannot be proposed before a plan; the plan stays within the
    validated MUK (an unknown method refused, a unit with nothing chosen refused, a reduced
    plan needs a reason) and, signed, is the FR.MAPA.01-ASESI record; the applicant reads it
    and cannot change it; the page's queries do not grow with the plan's versions."""
    p = reviewed(demo)
    assert p.status == S.PRA_ASESMEN
    potensi = common_potensi(p)
    pilihan = full_plan(p, potensi)
    first_unit = next(iter(pilihan))
    client.force_login(demo["asesor"])

    response = client.post(url("ak01-usul", p), follow=True)
    assert "Susun dan tandatangani rencana asesmen" in " ".join(page_messages(response))
    p.refresh_from_db()
    assert p.ak01_id is None

    response = client.get(url("rencana", p))
    assert response.status_code == 200 and 'name="potensi"' in response.text
    response = client.get(url("rencana", p), {"potensi": potensi})
    assert f'name="metode-{first_unit}"' in response.text and "checked" in response.text

    outside = {
        **pilihan,
        first_unit: {**pilihan[first_unit], "metode": [*pilihan[first_unit]["metode"], "sihir"]},
    }
    response = client.post(url("rencana", p), plan_post(potensi, outside))
    assert response.status_code == 200
    assert "di luar MUK tervalidasi" in " ".join(page_messages(response))

    nothing = {**pilihan, first_unit: {"metode": [], "instrumen": pilihan[first_unit]["instrumen"]}}
    response = client.post(url("rencana", p), plan_post(potensi, nothing))
    assert "pilih paling sedikit satu metode dan satu instrumen" in " ".join(page_messages(response))

    less = reduced(pilihan)
    response = client.post(url("rencana", p), plan_post(potensi, less))
    assert response.status_code == 200
    assert "Tulis alasan penyesuaian rencana" in " ".join(response.context["form"].errors["alasan"])
    assert not Rencana.objects.filter(permohonan=p).exists()

    response = client.post(
        url("rencana", p), plan_post(potensi, less, alasan="Asesi berpengalaman; portofolio cukup.")
    )
    assert response.status_code == 302
    rencana = Rencana.objects.get(permohonan=p)
    assert rencana.potensi == potensi and rencana.alasan.startswith("Asesi berpengalaman")
    assert rencana.pilihan == {str(k): v for k, v in less.items()}
    p.refresh_from_db()
    dokumen = Dokumen.objects.get(pk=p.rencana_id)
    assert (dokumen.jenis.kode, dokumen.status, dokumen.versi) == (
        "FR.MAPA.01-ASESI",
        Dokumen.Status.FINAL,
        1,
    )
    response = client.get(url("rencana", p))
    assert "Rencana yang ditandatangani" in response.text and "Asesi berpengalaman" in response.text
    one_version = rencana_queries(client, p, potensi)

    response = client.post(url("rencana", p), plan_post(potensi, pilihan))
    assert response.status_code == 302
    p.refresh_from_db()
    assert Dokumen.objects.get(pk=p.rencana_id).versi == 2
    assert rencana_queries(client, p, potensi) == one_version

    client.force_login(demo["asesi"])
    response = client.get(url("rencana", p))
    assert response.status_code == 200
    assert "Rencana yang ditandatangani" in response.text and 'name="secret"' not in response.text
    assert client.post(url("rencana", p), plan_post(potensi, pilihan)).status_code == 403
    assert client.get(url("ak01-usul", p)).status_code == 403


def test_ak07_refusals_then_extra_time(demo, client):
    """X-7: Ya without the adjustment refused; the benchmark unchecked refused; signed, the
    extra time is on the plan and in the FR.AK.01 the assessor will propose."""
    p = planned(demo)
    client.force_login(demo["asesor"])
    response = client.get(url("ak07", p))
    assert response.status_code == 200 and 'name="bahasa"' in response.text

    base = {key: "tidak" for key in services.KARAKTERISTIK}
    data = {
        **base,
        "bahasa": "ya",
        "bahasa_penyesuaian": "",
        "acuan_standar": "on",
        "tambahan_waktu_menit": 30,
        **SIGN,
    }
    response = client.post(url("ak07", p), data)
    assert response.status_code == 200
    assert "Tulis penyesuaian untuk: Keterbatasan bahasa" in response.text
    p.refresh_from_db()
    assert p.ak07_id is None

    data["bahasa_penyesuaian"] = "Pertanyaan dibacakan oleh asesor"
    del data["acuan_standar"]
    response = client.post(url("ak07", p), data)
    assert response.status_code == 200
    assert "standar kompetensi tetap menjadi acuan" in " ".join(
        response.context["form"].errors["acuan_standar"]
    )
    p.refresh_from_db()
    assert p.ak07_id is None

    data["acuan_standar"] = "on"
    response = client.post(url("ak07", p), data)
    assert response.status_code == 302
    p.refresh_from_db()
    dokumen = Dokumen.objects.get(pk=p.ak07_id)
    assert (dokumen.jenis.kode, dokumen.status) == ("FR.AK.07", Dokumen.Status.FINAL)
    assert dokumen.data["tambahan_waktu_menit"] == 30
    assert Rencana.objects.get(permohonan=p).tambahan_waktu_menit == 30

    response = client.get(url("ak01-usul", p))
    assert "Tambahan waktu 30 menit (FR.AK.07)" in response.text

    client.force_login(demo["asesi"])
    response = client.get(url("ak07", p))
    assert response.status_code == 200 and "Pertanyaan dibacakan oleh asesor" in response.text
    assert client.post(url("ak07", p), data).status_code == 403


def test_ak01_signed_in_order_gate_and_reschedule(demo, client):
    """SE-A4.8c: the assessor proposes FR.AK.01; the assessor cannot sign before the
    applicant; the applicant signs once (a repeat refused); the assessor's signature makes
    it final (siap_asesmen) and the assessment gate opens; a reschedule sends the candidate
    back to pra-asesmen, closes the gate, and the new proposal (after the new SPT is signed)
    is FR.AK.01 version 2."""
    p = planned(demo)
    client.force_login(demo["asesor"])
    response = client.get(url("ak01-usul", p))
    assert response.status_code == 200
    assert "Hasil" in response.text and demo["tuk"].nama in response.text
    response = client.post(url("ak01-usul", p))
    assert response.status_code == 302 and response.url == url("ak01-tandatangan", p)
    p.refresh_from_db()
    ak01 = Dokumen.objects.get(pk=p.ak01_id)
    assert (ak01.jenis.kode, ak01.status, ak01.versi) == ("FR.AK.01", Dokumen.Status.DRAFT, 1)
    with pytest.raises(services.JourneyError):
        services.asesmen_require_ak01(p)

    response = client.get(url("ak01-tandatangan", p))
    assert response.status_code == 200
    assert "Menunggu tanda tangan asesi" in response.text and 'name="secret"' not in response.text
    response = client.post(url("ak01-tandatangan", p), SIGN, follow=True)
    assert "Menunggu tanda tangan Asesi" in " ".join(page_messages(response))
    assert not ak01.tanda_tangan.filter(ditandatangani_pada__isnull=False).exists()

    client.force_login(demo["admin"])
    response = client.get(url("ak01-tandatangan", p))
    assert response.status_code == 200 and 'name="secret"' not in response.text
    assert client.post(url("ak01-tandatangan", p), SIGN).status_code == 403

    client.force_login(demo["asesi"])
    response = client.get(url("ak01-tandatangan", p))
    assert response.status_code == 200
    assert 'name="secret"' in response.text and "Bukti yang akan dikumpulkan" in response.text
    response = client.post(url("ak01-tandatangan", p), {**SIGN, "secret": "salah"})
    assert response.status_code == 200
    assert "Kata sandi atau kode autentikator salah" in response.text
    assert not ak01.tanda_tangan.filter(ditandatangani_pada__isnull=False).exists()
    response = client.post(url("ak01-tandatangan", p), SIGN)
    assert response.status_code == 302
    response = client.post(url("ak01-tandatangan", p), SIGN, follow=True)
    assert "Anda sudah menandatangani dokumen ini" in " ".join(page_messages(response))
    assert ak01.tanda_tangan.filter(ditandatangani_pada__isnull=False).count() == 1

    client.force_login(demo["asesor"])
    response = client.post(url("ak01-tandatangan", p), SIGN)
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == S.SIAP_ASESMEN
    assert Dokumen.objects.get(pk=ak01.pk).status == Dokumen.Status.FINAL
    assert services.asesmen_require_ak01(p).pk == p.pk

    jadwal = p.jadwal
    jadwal = services.jadwal_update(
        jadwal=jadwal,
        actor=demo["manajer"],
        mulai=jadwal.mulai + dt.timedelta(days=1),
        selesai=jadwal.selesai + dt.timedelta(days=1),
    )
    p.refresh_from_db()
    assert p.status == S.PRA_ASESMEN
    with pytest.raises(services.JourneyError):
        services.asesmen_require_ak01(p)
    response = client.post(url("ak01-usul", p), follow=True)
    assert "SPT asesor jadwal ini belum ditandatangani" in " ".join(page_messages(response))
    records.dokumen_sign(dokumen=jadwal.spt, signer=demo["ketua"], secret=DEMO_PASSWORD, consent=True)
    response = client.post(url("ak01-usul", p))
    assert response.status_code == 302
    p.refresh_from_db()
    v2 = Dokumen.objects.get(pk=p.ak01_id)
    assert (v2.versi, v2.seri, v2.status) == (2, ak01.seri, Dokumen.Status.DRAFT)


def test_conflict_declared_clears_the_assessor_and_tells_the_managers(demo, client, asesor_lain):
    """X-6: another assessor cannot reach the candidate (404), the applicant may not declare
    (403); a reason is required; declared, the batch's only assessor is taken off the
    candidate, who waits, and the Manajer Sertifikasi is told."""
    p = reviewed(demo)
    client.force_login(asesor_lain)
    for name in ("rencana", "ak07", "ak01-usul", "ak01-tandatangan", "konflik"):
        assert client.get(url(name, p)).status_code == 404, name
    client.force_login(demo["asesi"])
    assert client.get(url("konflik", p)).status_code == 403

    client.force_login(demo["asesor"])
    response = client.get(url("konflik", p))
    assert response.status_code == 200 and 'name="alasan"' in response.text
    response = client.post(url("konflik", p), {"alasan": "  "})
    assert response.status_code == 200
    assert not Konflik.objects.exists()

    response = client.post(url("konflik", p), {"alasan": "Asesi adalah adik ipar saya."}, follow=True)
    assert "menunggu asesor lain" in " ".join(page_messages(response))
    p.refresh_from_db()
    assert p.asesor_id is None
    konflik = Konflik.objects.get()
    assert (konflik.asesor, konflik.asesi) == (demo["asesor_profil"], demo["asesi"])
    assert Notifikasi.objects.filter(
        penerima=demo["manajer"], judul="Benturan kepentingan dinyatakan"
    ).exists()
    # No longer the candidate's assessor: no plan, no second declaration.
    assert client.get(url("konflik", p)).status_code == 403
    assert client.post(url("rencana", p), {"potensi": 1, **SIGN}).status_code == 403
