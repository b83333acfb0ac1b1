"""Issue 12 (SE-A4.3, SE-A4.5): the staff TUK page shows its verification (status, valid
until, SK penetapan with a link to the archive for an SK issued in the system) and the
schemes of its SK penetapan, with "Ajukan verifikasi" for those who may request it."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from administrasi import services as records

from .conftest import apply, future

pytestmark = pytest.mark.embedded


def sk_dokumen(tuk, ketua):
    return records.dokumen_issue(
        kode="SK-PENETAPAN-TUK",
        subject=tuk,
        judul=f"SK penetapan {tuk.nama}",
        data={"tuk": tuk.nama},
        signers={"ketua": ketua},
        actor=ketua,
    )


def scheme_rows(html):
    section = html.split('id="h-skema"', 1)[1].split("</table>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]
    ]


def test_the_page_shows_status_dates_sk_and_schemes(client, ketua, make_tuk, make_skema):
    """The SK issued in the system links to its archive page; each scheme line shows its
    code, title, date and SK; a line past its date is marked expired."""
    tuk = make_tuk()
    a, b = make_skema("SKM/A"), make_skema("SKM/B")
    with time_machine.travel(future(-30).isoformat() + "T09:00+07:00", tick=False):
        apply(tuk, [a], days=10, sk_nomor="SK-LAMA", actor=ketua)  # ended 20 days ago
    sk = sk_dokumen(tuk, ketua)
    apply(tuk, [b], days=300, sk_nomor=sk.nomor, sk=sk, actor=ketua)
    client.force_login(ketua)
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    assert f'<a href="/administrasi/arsip/{sk.pk}/">{sk.nomor}</a>' in html
    assert future(300).strftime("%Y") in html
    rows = scheme_rows(html)
    assert len(rows) == 2
    assert rows[0].startswith("SKM/A Skema SKM/A") and "Kedaluwarsa" in rows[0] and "SK-LAMA" in rows[0]
    assert rows[1].startswith("SKM/B Skema SKM/B") and "Kedaluwarsa" not in rows[1] and sk.nomor in rows[1]
    assert 'class="badge ok">Terverifikasi' in html


def test_an_external_sk_is_named_by_its_number(client, manajer, make_tuk, make_skema, admin_lsp):
    tuk = make_tuk()
    apply(tuk, [make_skema()], sk_nomor="SK/EXT/07/2026", actor=admin_lsp)
    client.force_login(manajer)
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    assert 'SK/EXT/07/2026</span> <span class="help">(SK dari luar sistem)' in html


def test_no_scheme_yet_is_said_plainly(client, manajer, make_tuk):
    tuk = make_tuk()
    client.force_login(manajer)
    assert "Belum ada skema yang ditetapkan untuk TUK ini." in client.get(f"/tuk/{tuk.pk}/").content.decode()


@pytest.mark.parametrize(
    "persona, own, shown",
    [
        ("ketua", False, True),
        ("admin_lsp", False, True),
        ("pengelola_tuk", True, True),
        ("pengelola_tuk", False, False),
        ("manajer", False, False),
    ],
)
def test_ajukan_verifikasi_for_staff_and_the_tuks_own_manager(client, request, make_tuk, persona, own, shown):
    """The request link: staff with manage_tuk and the TUK's own Pengelola TUK; not the
    Manajer (no manage_tuk) nor another TUK's manager."""
    user = request.getfixturevalue(persona)
    tuk = make_tuk(pengelola=user if own else None)
    client.force_login(user)
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    assert (f'href="/verifikasi-tuk/permintaan/baru/?tuk={tuk.pk}"' in html) is shown
    assert ("Ajukan verifikasi" in html) is shown


def test_the_detail_page_costs_the_same_with_1_and_10_schemes(client, ketua, make_tuk, make_skema):
    """STYLE.md §5: constant queries whatever the number of scheme lines."""
    client.force_login(ketua)
    sk = None
    counts = []
    for kode, n in (("TUK-Q1", 1), ("TUK-Q10", 10)):
        tuk = make_tuk(kode=kode)
        sk = sk_dokumen(tuk, ketua)
        apply(tuk, [make_skema(f"SKM/{kode}/{i}") for i in range(n)], sk_nomor=sk.nomor, sk=sk, actor=ketua)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/tuk/{tuk.pk}/").status_code == 200
        counts.append(len(captured))
        assert len(scheme_rows(client.get(f"/tuk/{tuk.pk}/").content.decode())) == n
    assert counts[0] == counts[1]
