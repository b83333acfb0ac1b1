"""SE-A4.1: the keyed public pages exist after migrate with real default text, and the LSP's
own edits survive a later migrate; the plain-text format never lets HTML through."""

import pytest
from django.core.management.sql import emit_post_migrate_signal

from lsp_portal.text import render_text
from portal.content import DEFAULT_PAGES
from portal.models import HalamanPublik

pytestmark = pytest.mark.embedded


def test_default_pages_exist_after_migrate(db):
    """SE-A4.1: the flow page and the appeal/complaint SOP page are there without any setup."""
    pages = {h.kunci: h for h in HalamanPublik.objects.all()}
    assert set(pages) == {"alur-sertifikasi", "sop-banding-pengaduan"}
    for halaman in pages.values():
        assert halaman.judul and halaman.isi and 0 < len(halaman.meta_deskripsi) <= 160


def test_default_text_has_no_placeholders(db):
    for page in DEFAULT_PAGES.values():
        for marker in ("TODO", "lorem", "XXX", "[", "{"):
            assert marker not in page["isi"], marker


def test_flow_text_covers_face_to_face_and_remote(db):
    isi = HalamanPublik.objects.get(kunci="alur-sertifikasi").isi
    for phrase in ("FR.APL.01", "FR.APL.02", "FR.AK.01", "Asesmen tatap muka", "Asesmen jarak jauh", "pleno"):
        assert phrase in isi, phrase


def test_sop_text_describes_the_process_and_the_formal_document(db):
    isi = HalamanPublik.objects.get(kunci="sop-banding-pengaduan").isi
    for phrase in ("FR.AK.04", "tim banding", "SK keputusan banding", "Pengaduan", "disahkan Ketua LSP"):
        assert phrase in isi, phrase


def test_migrate_again_keeps_the_lsp_edits(db, admin_lsp):
    """Idempotent: a later migrate neither duplicates nor overwrites a page."""
    from portal import services

    halaman = HalamanPublik.objects.get(kunci="alur-sertifikasi")
    services.halaman_update(
        halaman=halaman, judul="Alur kami", isi="Teks kami.", meta_deskripsi="D.", actor=admin_lsp
    )
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what migrate sends
    assert HalamanPublik.objects.count() == 2
    assert HalamanPublik.objects.get(kunci="alur-sertifikasi").judul == "Alur kami"


def test_a_deleted_page_comes_back_on_migrate(db):
    HalamanPublik.objects.filter(kunci="sop-banding-pengaduan").delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert HalamanPublik.objects.get(kunci="sop-banding-pengaduan").judul == "SOP banding dan pengaduan"


@pytest.mark.parametrize(
    "text, html",
    [
        ("Satu.\nDua.\n\nTiga.", "<p>Satu.<br>Dua.</p>\n<p>Tiga.</p>"),
        ("## Judul\nIsi.", "<h2>Judul</h2>\n<p>Isi.</p>"),
        ("- a\n- b\n  lanjutan", "<ul><li>a</li><li>b lanjutan</li></ul>"),
        ("1. a\n2. b", "<ol><li>a</li><li>b</li></ol>"),
        ("3. c\n4. d", '<ol start="3"><li>c</li><li>d</li></ol>'),
        ("**Tebal.** biasa", "<p><strong>Tebal.</strong> biasa</p>"),
        ("<b>x</b> & <script>", "<p>&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;</p>"),
        ('**<img src=x onerror="a">**', "<p><strong>&lt;img src=x onerror=&quot;a&quot;&gt;</strong></p>"),
        ("", ""),
    ],
)
def test_plain_text_format(text, html):
    assert render_text(text) == html
