"""FR.APL.02 speed by query count (issue 11, Speed): saving 100 answers costs what saving 10
does, and the pages cost the same for a 3-unit and a 13-unit scheme. The time of a whole
13-unit, 100-KUK save is measured in bench/apl02_save.py, never here."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from muk.models import KUK, Elemen
from sertifikasi import services

from .conftest import IDENTITAS_L, IDENTITAS_P, all_ok, bare_skema, ttd


def make_skema(kode: str, *, units: int, kuk: int, actor):
    """A scheme of `units` units, three elements each, `kuk` KUK spread over the elements
    (through the muk services, as an import would make it)."""
    from muk import importer
    from muk import services as muk_services

    skema = bare_skema(actor, kode, f"Skema uji {units} unit")
    elements = units * 3
    per = [kuk // elements + (1 if i < kuk % elements else 0) for i in range(elements)]
    data = []
    for u in range(units):
        unit = importer.UnitData(kode=f"J.620100.{100 + u:03d}.01", judul=f"Unit uji {u + 1}", kelompok="")
        for n in range(1, 4):
            count = per[u * 3 + n - 1]
            unit.elemen[n] = importer.ElemenData(
                nomor=n,
                judul=f"Elemen {n} unit {u + 1}",
                kuk=[
                    importer.KukData(f"{n}.{i}", i, f"Kriteria {n}.{i} unit {u + 1} dipenuhi.")
                    for i in range(1, count + 1)
                ],
            )
        data.append(unit)
    muk_services.skema_replace_structure(skema=skema, units=data, actor=actor)
    assert KUK.objects.filter(elemen__unit__skema=skema).count() == kuk
    return skema


def verified_on(skema, asesi, admin, identitas):
    """An application of `asesi` for `skema`, submitted and accepted (asesmen mandiri)."""
    p = services.permohonan_create(asesi=asesi, skema=skema, actor=asesi)
    assert services.permohonan_save(permohonan=p, data=identitas, actor=asesi) == {}
    p = services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=ttd())
    services.permohonan_verify(
        permohonan=p, hasil="diterima", butir=all_ok(p), catatan="", actor=admin, ttd=ttd()
    )
    p.refresh_from_db()
    return p


def save_queries(client, p, n: int) -> int:
    """Queries of one autosave POST of the first `n` KUK and their elements' evidence."""
    kuk = list(
        KUK.objects.filter(elemen__unit__skema_id=p.skema_id).order_by("pk").select_related("elemen")[:n]
    )
    data = {f"kuk-{k.pk}": "K" for k in kuk}
    for e in {k.elemen_id for k in kuk}:
        data[f"bukti-{e}"] = "Contoh hasil kerja"
        data[f"berkas-{e}"] = [""]
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("sertifikasi:apl02", args=[p.pk]), data, headers={"X-Autosave": "1"})
    assert response.status_code == 200, response.content
    assert len(response.json()["saved"]) == len(data)
    return len(ctx.captured_queries)


def page_queries(client, name, p) -> int:
    path = reverse(f"sertifikasi:{name}", args=[p.pk])
    client.get(path)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_apl02_save_and_pages_cost_the_same_queries_whatever_the_size(demo):
    """Issue 11 Speed, SE-A4.8b: 100 answers save in as many queries as 10; the APL.02 page
    and its signing summary cost the same for a 3-unit and a 13-unit scheme."""
    besar = make_skema("SKM/UJI/13", units=13, kuk=100, actor=demo["manajer"])
    kecil = make_skema("SKM/UJI/3", units=3, kuk=20, actor=demo["manajer"])
    p_besar = verified_on(besar, demo["asesi"], demo["admin"], IDENTITAS_P)
    p_besar2 = verified_on(besar, demo["asesi2"], demo["admin"], IDENTITAS_L)
    p_kecil = verified_on(kecil, demo["asesi"], demo["admin"], IDENTITAS_P)
    assert Elemen.objects.filter(unit__skema=besar).count() == 39

    asesi, asesi2 = Client(), Client()
    asesi.force_login(demo["asesi"])
    asesi2.force_login(demo["asesi2"])

    assert page_queries(asesi, "apl02", p_kecil) == page_queries(asesi, "apl02", p_besar)
    assert page_queries(asesi, "apl02-ajukan", p_kecil) == page_queries(asesi, "apl02-ajukan", p_besar)

    ten = save_queries(asesi, p_besar, 10)
    hundred = save_queries(asesi2, p_besar2, 100)
    assert ten == hundred
    assert p_besar2.jawaban_kuk.count() == 100 and p_besar2.bukti_elemen.count() == 39
    # Saving the whole form again (nothing new) costs no more either.
    assert save_queries(asesi2, p_besar2, 100) <= hundred
