"""The structure editor in Debian's chromium (SE-A4.6): it works with JavaScript switched off,
and its pages (and the scheme pages marking incomplete units) carry the CSP, break none of
it and pass axe-core without a serious or critical issue."""

import re

import pytest
from django.conf import settings
from django.test import Client

from muk import services

from ..test_browser_crawl import check_page, new_page, signed_in_context
from .conftest import skema_data, unit_rows, upload

# Not `embedded`: these pages and scripts do not depend on the database backend, so once per
# `make test` (tests/test_browser.py and test_browser_records.py drive the embedded setup).
pytestmark = [pytest.mark.browser]


@pytest.fixture
def skema(transactional_db, ketua):
    """Two units, the second without elements or KUK."""
    skema = services.skema_create(actor=ketua, **skema_data())
    rows = unit_rows("J.620100.004.02") + [
        ("J.620100.005.02", "Unit Belum Rinci", "K2", None, None, None, None)
    ]
    services.skema_import_structure(skema=skema, upload=upload(rows), actor=ketua)
    return skema


def test_units_move_and_kuk_are_added_without_javascript(browser, live_server, manajer, skema):
    """SE-A4.6: plain forms: the Turun button and the KUK form work with scripts off."""
    client = Client()
    client.force_login(manajer)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/muk/skema/{skema.pk}/unit/")
    page.get_by_role("button", name="Turun unit J.620100.004.02").click()
    page.wait_for_url(re.compile(rf"/muk/skema/{skema.pk}/unit/#unit-"))
    assert list(skema.units.values_list("kode", flat=True)) == ["J.620100.005.02", "J.620100.004.02"]
    bare = skema.units.get(kode="J.620100.005.02")
    page.goto(f"{live_server.url}/muk/skema/{skema.pk}/unit/{bare.pk}/elemen/baru/")
    page.get_by_label("Judul elemen").fill("Menyiapkan lingkungan")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_role("link", name="Tambah KUK elemen 1").click()
    page.get_by_label("Kriteria unjuk kerja").fill("Lingkungan kerja disiapkan.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(re.compile(rf"/muk/skema/{skema.pk}/unit/{bare.pk}/#elemen-"))
    assert "Lengkap" in page.inner_text("main")
    bare.refresh_from_db()
    assert bare.lengkap
    context.close()


def test_editor_and_scheme_pages_pass_csp_and_axe(browser, live_server, manajer, skema):
    """SE-A4.6, issue 10 items 8 and 19, for the pages this item adds or changes."""
    complete = skema.units.get(kode="J.620100.004.02")
    bare = skema.units.get(kode="J.620100.005.02")
    elemen = complete.elemen.get(nomor=1)
    kuk = elemen.kuk.get(nomor="1.1")
    base = f"{live_server.url}/muk/skema/{skema.pk}"
    paths = [
        f"{base}/",
        f"{base}/unit/",
        f"{base}/unit/baru/",
        f"{base}/unit/{complete.pk}/",
        f"{base}/unit/{bare.pk}/",
        f"{base}/unit/{complete.pk}/ubah/",
        f"{base}/unit/{complete.pk}/elemen/{elemen.pk}/kuk/{kuk.pk}/ubah/",
        f"{base}/unit/{complete.pk}/elemen/{elemen.pk}/hapus/",
        f"{base}/muk/baru/",
        f"{live_server.url}/ruang-lingkup/{skema.pk}/",
    ]
    context = signed_in_context(browser, live_server, manajer.email)
    page = new_page(context)
    problems = []
    for path in paths:
        assert check_page(page, path, problems), path
    context.close()
    assert problems == [], "\n".join(problems)
