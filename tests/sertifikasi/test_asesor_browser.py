"""The assessor's side of the assessment in a phone browser (SE-A4.8d, SE-A4.8f, SE-D1.2d,
SE-D1.2f; issue 13 "Done when"): the demo assessor fills FR.IA.01, the observation checklist
(Ya/Tidak per KUK, a note on the KUK not shown, BK with feedback; saved by the autosave
script), sends and signs it, then fills FR.AK.02 per unit (K or BK, the evidence used, the
follow-up of the BK unit) and signs it, in Debian's chromium against the live server.

The world, through the services (each step has its own tests): the demo candidate with
FR.AK.01 signed in a batch of the demo assessor, planned with one FR.IA.01 per unit (a plan
the assessor may narrow, with a reason); the assessment begun through the models
(matrix_rows_ujian.begin_assessment, as the FR.IA.05 browser test: the session's identity
check has its own tests); every other unit's IA.01 sent by the services, so that FR.AK.02
waits only for the sheet filled here."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import clear_own_cache
from tests.test_browser import go_to_login, sign_in

from .test_apl02_browser import WIDTH, fits, shot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]

UMPAN_BALIK = "Pengujian program belum didemonstrasikan; ulangi pada asesmen lanjutan."
CATATAN = "Asesi tidak menjalankan pengujian unit."
TINDAK_LANJUT = "Ulangi demonstrasi pengujian program."


def candidate_with_checklists():
    """(p, the first unit's IA.01 sheet): the demo candidate in asesmen with one IA.01 per unit,
    all but the first already sent by the assessor."""
    from muk.models import JenisIA, Metode
    from sertifikasi import services

    from .conftest import _demo_objects, common_potensi, reviewed, sign_ak01, ttd
    from .matrix_rows_ujian import begin_assessment
    from .test_tatap_muka import assessor_sends, sheets_of

    demo = _demo_objects()
    p = reviewed(demo)
    _, options = services.plan_options(p)
    services.rencana_save(
        permohonan=p,
        potensi=common_potensi(p),
        pilihan={u.pk: {"metode": [Metode.OBSERVASI], "instrumen": [JenisIA.IA01]} for u, _, _ in options},
        alasan="Portofolio asesi mendukung; observasi praktik per unit memadai.",
        actor=demo["asesor"],
        ttd=ttd(),
    )
    p.refresh_from_db()
    p = begin_assessment(sign_ak01(demo, p), demo["asesor"])
    first, *others = sorted(sheets_of(p), key=lambda x: x.instrumen.unit.urutan)
    assert {x.instrumen.jenis for x in sheets_of(p)} == {JenisIA.IA01} and len(others) >= 2
    for lembar in others:
        assessor_sends(demo, lembar)
    clear_own_cache()  # the assessor signed a few records for the world: not the browser's limit
    return p, first


def test_assessor_fills_ia01_and_ak02_on_a_phone(page: Page, live_server, demo_data):
    from administrasi.models import Dokumen
    from sertifikasi.models import HasilUnit, Isian, Lembar, Permohonan
    from sertifikasi.services import ak
    from sertifikasi.services import lembar as svc

    from .test_journey_browser import sign_form

    p, lembar = candidate_with_checklists()
    items = svc.butir_list(lembar)
    unit = lembar.instrumen.unit
    page.set_viewport_size({"width": WIDTH, "height": 800})
    go_to_login(page, live_server)
    sign_in(page, "asesor@demo.lsp.id", demo_data)
    expect(page).not_to_have_url(re.compile(r"/akun/login/"))

    # FR.IA.01: Ya per KUK but the last (Tidak, with a note), BK, feedback; the autosave keeps it.
    page.goto(f"{live_server.url}/sertifikasi/permohonan/{p.pk}/asesmen/{lembar.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("FR.IA.01 Ceklis Observasi Aktivitas (CL)")
    fits(page)
    for butir in items:
        card = page.locator("section.card", has=page.locator(f"#butir-{butir.pk}"))
        card.get_by_label("Tidak" if butir == items[-1] else "Ya", exact=True).check()
    last = page.locator("section.card", has=page.locator(f"#butir-{items[-1].pk}"))
    last.get_by_label("Catatan asesor").fill(CATATAN)
    page.get_by_role("group", name="Rekomendasi").get_by_label("Belum kompeten", exact=True).check()
    page.get_by_label("Umpan balik untuk asesi").fill(UMPAN_BALIK)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Tersimpan otomatis", timeout=10_000)
    shot(page, "ia01-asesor.png")
    page.get_by_role("button", name="Simpan dan lanjut ke pengiriman").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kirim dan tandatangani FR.IA.01 Ceklis Observasi Aktivitas (CL)"
    )
    fits(page)
    sign_form(page, demo_data, "Kirim dan tandatangani")
    expect(page.get_by_text("FR.IA.01 Ceklis Observasi Aktivitas (CL) final.")).to_be_visible()

    lembar = Lembar.objects.select_related("dokumen").get(pk=lembar.pk)
    assert lembar.status == Lembar.Status.FINAL and lembar.rekomendasi == "BK"
    assert dict(Isian.objects.filter(lembar=lembar).values_list("butir_id", "penilaian")) == {
        b.pk: "tidak" if b == items[-1] else "ya" for b in items
    }
    assert lembar.dokumen.status == Dokumen.Status.FINAL
    assert lembar.dokumen.data["rekomendasi"] == "Belum kompeten"
    assert [b["penilaian"] for b in lembar.dokumen.data["butir"]] == ["Ya"] * (len(items) - 1) + ["Tidak"]
    assert CATATAN in str(lembar.dokumen.data["butir"][-1])

    # FR.AK.02: per unit K (BK on the unit just observed, with its follow-up) and its evidence.
    page.goto(f"{live_server.url}/sertifikasi/permohonan/{p.pk}/ak02/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rekaman asesmen kompetensi (FR.AK.02)")
    fits(page)
    units = ak.ak02_units(p)
    for u in units:
        choice = "BK (belum kompeten)" if u == unit else "K (kompeten)"
        page.get_by_role("group", name=f"Rekomendasi unit {u.kode}").get_by_label(choice).check()
        page.get_by_role("group", name=f"Bukti yang digunakan untuk unit {u.kode}").get_by_role(
            "checkbox"
        ).first.check()
    page.get_by_label(f"Tindak lanjut unit {unit.kode}").fill(TINDAK_LANJUT)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Tersimpan otomatis", timeout=10_000)
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("FR.AK.02 tersimpan.")).to_be_visible()
    expect(page.locator("#kendala")).to_have_count(0)  # nothing keeps it from being signed
    page.get_by_label("Komentar/observasi asesor").fill("Umpan balik telah disampaikan kepada asesi.")
    sign_form(page, demo_data, "Tandatangani FR.AK.02")
    expect(page).to_have_url(re.compile(rf"/sertifikasi/permohonan/{p.pk}/ak02/tandatangan/$"))
    expect(page.get_by_text("FR.AK.02 Anda tandatangani.")).to_be_visible()
    fits(page)
    shot(page, "ak02-asesor.png")

    p = Permohonan.objects.select_related("ak02").get(pk=p.pk)
    hasil = {h.unit_id: h for h in HasilUnit.objects.filter(permohonan=p)}
    assert {u.pk: hasil[u.pk].rekomendasi for u in units} == {u.pk: "BK" if u == unit else "K" for u in units}
    assert hasil[unit.pk].tindak_lanjut == TINDAK_LANJUT and all(h.bukti for h in hasil.values())
    rows = list(p.ak02.tanda_tangan.order_by("urutan"))
    assert [(t.pihak, t.sudah) for t in rows] == [("asesor", True), ("asesi", False)]
    assert p.ak02.data["rekomendasi"] == "Belum kompeten (BK)"
    assert p.ak02.data["unit_belum_kompeten"] == [unit.kode]
