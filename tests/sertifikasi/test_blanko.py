"""The BNSP blanko list (X-2, SE-A4.12): per batch an .xlsx of every candidate the pleno
decided, K and BK, in the columns the LSP sets (a default set until it does); refused while
the batch has no final SK keputusan and for a trial batch (SE-E3); the column editor with its
validation; who may download it.

The world: the demo batch of tests/sertifikasi/decision.py up to `sk_issued` (asesi K with a
certificate, asesi2 BK; the SK keputusan waiting for the Ketua), built once for the module
inside its transaction (each test runs in a savepoint of it, as the demo itself); a test
that needs the SK final signs it as the Ketua (`signed`)."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from administrasi import services as records
from administrasi.models import Dokumen
from sertifikasi import services
from sertifikasi.models import Jadwal, Keputusan, KolomBlanko, Permohonan, Pleno
from sertifikasi.services import blanko
from sertifikasi.services import pleno as pleno_services
from tests.conftest import clear_own_cache

from .conftest import DEMO_PASSWORD, make_jadwal
from .decision import ALASAN_BK, certificate_of, sk_issued

DEFAULT_HEADINGS = [judul for judul, _ in blanko.DEFAULT_KOLOM]


@pytest.fixture(scope="module")
def _issued(_demo_seeded, django_db_blocker):
    """The module's batch with its SK keputusan issued, not signed: (pleno, p_k, p_bk) ids."""
    from .conftest import _demo_objects

    with django_db_blocker.unblock():
        pleno, p_k, p_bk = sk_issued(_demo_objects())
        return pleno.pk, p_k.pk, p_bk.pk


@pytest.fixture
def world(_issued, demo):
    pleno_pk, k_pk, bk_pk = _issued
    return Pleno.objects.get(pk=pleno_pk), Permohonan.objects.get(pk=k_pk), Permohonan.objects.get(pk=bk_pk)


def signed(demo, pleno) -> Pleno:
    """The Ketua signs the SK keputusan and the certificate (the records engine's single
    signature, as decision.sk_signed): the SK is final."""
    for pk in pleno_services.sk_documents(pleno):
        clear_own_cache()
        records.dokumen_sign(
            dokumen=Dokumen.objects.get(pk=pk), signer=demo["ketua"], secret=DEMO_PASSWORD, consent=True
        )
    clear_own_cache()
    return Pleno.objects.select_related("sk").get(pk=pleno.pk)


def download(client, user, jadwal, **kw):
    client.force_login(user)
    return client.get(reverse("sertifikasi:blanko", args=[jadwal.pk]), **kw)


def sheet_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return book, book[blanko.SHEET_TITLE]


def rows_by_name(sheet, name_col: int) -> dict[str, list]:
    return {row[name_col]: list(row) for row in sheet.iter_rows(min_row=2, values_only=True)}


def kolom_post(rows, *, initial=0, **extra) -> dict:
    """The editor's POST: `rows` as dicts (urutan, judul, sumber, DELETE), `initial` of them
    being existing columns."""
    data = {
        "kolom-TOTAL_FORMS": str(len(rows)),
        "kolom-INITIAL_FORMS": str(initial),
        "kolom-MIN_NUM_FORMS": "0",
        "kolom-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key == "DELETE":
                if value:
                    data[f"kolom-{i}-DELETE"] = "on"
            else:
                data[f"kolom-{i}-{key}"] = str(value)
    return data


def more_decided(pleno, demo, n, *, nama="Peserta Tambahan"):
    """`n` more BK candidates in the batch, decided, made directly in the tables (only the
    list's size and contents are under test here, not how they were decided)."""
    for i in range(n):
        p = Permohonan.objects.create(
            asesi=demo["asesi2"],
            skema=pleno.jadwal.skema,
            jadwal=pleno.jadwal,
            asesor=demo["asesor_profil"],
            status=Permohonan.Status.BELUM_KOMPETEN,
            nama=f"{nama} {i + 1}" if n > 1 else nama,
            nik=f"32730155059500{i + 10:02d}",
        )
        Keputusan.objects.create(
            pleno=pleno, permohonan=p, hasil="BK", alasan=ALASAN_BK, diputuskan_oleh=demo["komite"]
        )


# --- the list ---------------------------------------------------------------------------------


def test_blanko_lists_k_and_bk_candidates_in_the_default_columns(world, demo, client):
    """X-2, SE-A4.12: every decided candidate, K and BK, in the default (BNSP-like) columns;
    NIK written in full as text (a staff export for BNSP), the certificate's number for the
    K candidate only, the SK keputusan's number on every row; a second sheet says which batch
    and SK it is."""
    pleno, p_k, p_bk = world
    pleno = signed(demo, pleno)
    book, sheet = sheet_of(download(client, demo["manajer"], pleno.jadwal))
    assert [c.value for c in sheet[1]] == DEFAULT_HEADINGS
    rows = rows_by_name(sheet, DEFAULT_HEADINGS.index("Nama Lengkap"))
    assert set(rows) == {p_k.nama, p_bk.nama}
    col = {h: i for i, h in enumerate(DEFAULT_HEADINGS)}
    k, bk = rows[p_k.nama], rows[p_bk.nama]
    assert k[col["Rekomendasi (K/BK)"]] == "K" and bk[col["Rekomendasi (K/BK)"]] == "BK"
    assert k[col["NIK"]] == p_k.nik and bk[col["NIK"]] == p_bk.nik and len(p_k.nik) == 16
    assert k[col["Nomor Sertifikat"]] == certificate_of(p_k).nomor
    assert bk[col["Nomor Sertifikat"]] in (None, "")
    assert k[col["Nomor SK Keputusan"]] == bk[col["Nomor SK Keputusan"]] == pleno.sk.nomor
    assert k[col["Kode Skema"]] == pleno.jadwal.skema.kode
    assert k[col["Nama Asesor"]] == demo["asesor_profil"].personel.nama
    assert k[col["No. Reg. MET Asesor"]] == demo["asesor_profil"].nomor_met
    assert k[col["Tanggal Lahir"]].date() == p_k.tanggal_lahir
    nik_cell = sheet.cell(row=2, column=col["NIK"] + 1)
    assert nik_cell.number_format == "@" and isinstance(nik_cell.value, str)
    info = {row[0]: row[1] for row in book[blanko.INFO_TITLE].iter_rows(values_only=True)}
    assert info["Jadwal asesmen"] == pleno.jadwal.nama and info["Nomor SK keputusan"] == pleno.sk.nomor
    assert (info["Kompeten (K)"], info["Belum kompeten (BK)"]) == (1, 1)


def test_blanko_follows_the_columns_the_lsp_set(world, demo, client):
    """X-2: the columns BNSP asks for, set on the editor, in their order and headings."""
    pleno, p_k, p_bk = world
    pleno = signed(demo, pleno)
    client.force_login(demo["admin"])
    response = client.post(
        reverse("sertifikasi:blanko-kolom"),
        kolom_post(
            [
                {"urutan": 3, "judul": "HASIL", "sumber": "rekomendasi"},
                {"urutan": 1, "judul": "NIK PESERTA", "sumber": "nik"},
                {"urutan": 2, "judul": "NAMA PESERTA", "sumber": "nama"},
                {"urutan": 4, "judul": "NO. SERTIFIKAT", "sumber": "nomor_sertifikat"},
            ]
        ),
    )
    assert response.status_code == 302
    _, sheet = sheet_of(download(client, demo["admin"], pleno.jadwal))
    assert [c.value for c in sheet[1]] == ["NIK PESERTA", "NAMA PESERTA", "HASIL", "NO. SERTIFIKAT"]
    assert sorted(sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        [
            (p_k.nik, p_k.nama, "K", certificate_of(p_k).nomor),
            (p_bk.nik, p_bk.nama, "BK", None),
        ]
    )


def test_blanko_never_writes_a_cell_that_runs_as_a_formula(world, demo, client):
    """A name typed as a formula is written as text (formula injection)."""
    pleno, _, _ = world
    pleno = signed(demo, pleno)
    more_decided(pleno, demo, 1, nama='=HYPERLINK("http://x")')
    _, sheet = sheet_of(download(client, demo["manajer"], pleno.jadwal))
    names = [
        row[DEFAULT_HEADINGS.index("Nama Lengkap")] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert '\'=HYPERLINK("http://x")' in names


def test_blanko_costs_the_same_queries_at_2_and_12_candidates(world, demo, client):
    """STYLE §5: the list reads with as many queries at 2 as at 12 candidates."""
    pleno, _, _ = world
    pleno = signed(demo, pleno)
    client.force_login(demo["manajer"])
    url = reverse("sertifikasi:blanko", args=[pleno.jadwal_id])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = count()
    more_decided(pleno, demo, 10)
    assert count() == small
    _, sheet = sheet_of(client.get(url))
    assert sheet.max_row == 13


# --- refusals ----------------------------------------------------------------------------------


def test_blanko_refused_while_the_sk_keputusan_waits_for_the_ketua(world, demo, client):
    """X-2 edge: no final SK keputusan -> refused, back on the batch page with the reason
    (not a file, not a 500); the batch page says why instead of offering the link."""
    pleno, _, _ = world
    response = download(client, demo["manajer"], pleno.jadwal, follow=True)
    assert response.redirect_chain == [(pleno.jadwal.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "belum final (belum ditandatangani Ketua LSP" in page
    assert "Unduh blanko BNSP" not in page


def test_blanko_refused_for_a_batch_without_a_pleno(demo, client):
    """X-2 edge: a batch nobody decided yet has no blanko."""
    jadwal = make_jadwal(demo)
    response = download(client, demo["manajer"], jadwal, follow=True)
    assert response.redirect_chain == [(jadwal.get_absolute_url(), 302)]
    assert "rapat pleno belum menerbitkannya" in response.content.decode()


def test_blanko_refused_once_the_sk_keputusan_is_void(world, demo, client):
    """X-2 edge: an SK keputusan voided after signing is no longer final."""
    pleno, _, _ = world
    pleno = signed(demo, pleno)
    # Voiding a record the Ketua signed takes the Ketua's signature on the request.
    request = records.dokumen_void(dokumen=pleno.sk, alasan="Salah susunan anggota.", actor=demo["manajer"])
    clear_own_cache()
    records.dokumen_sign(dokumen=request, signer=demo["ketua"], secret=DEMO_PASSWORD, consent=True)
    assert Dokumen.objects.get(pk=pleno.sk_id).status == Dokumen.Status.VOID
    response = download(client, demo["manajer"], pleno.jadwal, follow=True)
    assert response.redirect_chain == [(pleno.jadwal.get_absolute_url(), 302)]
    assert "belum final" in response.content.decode()


def test_blanko_refused_for_a_trial_batch(world, demo, client):
    """X-2 edge, SE-E3: a trial batch is never reported to BNSP, even with a final SK."""
    pleno, _, _ = world
    pleno = signed(demo, pleno)
    Jadwal.objects.filter(pk=pleno.jadwal_id).update(uji_coba=True)
    response = download(client, demo["manajer"], pleno.jadwal, follow=True)
    assert response.redirect_chain == [(pleno.jadwal.get_absolute_url(), 302)]
    assert "asesmen uji coba: tidak dilaporkan ke BNSP" in response.content.decode()
    with pytest.raises(services.JourneyError):
        blanko.blanko_workbook(jadwal=Jadwal.objects.get(pk=pleno.jadwal_id), actor=demo["manajer"])


def test_blanko_needs_manage_sertifikat(world, demo, client):
    """X-2 (the list carries NIKs): a Komite Teknis member (staff without the right), the
    batch's assessor and a candidate get 403; an unknown batch 404; anonymous to the login."""
    pleno, _, _ = world
    pleno = signed(demo, pleno)
    for user in (demo["komite"], demo["asesor"], demo["asesi"]):
        assert download(client, user, pleno.jadwal).status_code == 403
    client.force_login(demo["manajer"])
    assert client.get(reverse("sertifikasi:blanko", args=[pleno.jadwal_id + 9999])).status_code == 404
    client.logout()
    assert client.get(reverse("sertifikasi:blanko", args=[pleno.jadwal_id])).status_code == 302
    with pytest.raises(services.JourneyError):
        blanko.blanko_workbook(jadwal=pleno.jadwal, actor=demo["komite"])


def test_batch_page_links_the_blanko_for_its_managers_only(world, demo, client):
    """The batch page offers the download once the SK is final, to manage_sertifikat holders;
    its assessor does not see the link."""
    pleno, _, _ = world
    pleno = signed(demo, pleno)
    url = reverse("sertifikasi:blanko", args=[pleno.jadwal_id])
    client.force_login(demo["manajer"])
    page = client.get(pleno.jadwal.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and "Unduh blanko BNSP (.xlsx)" in page
    client.force_login(demo["asesor"])
    page = client.get(pleno.jadwal.get_absolute_url()).content.decode()
    assert url not in page and "blanko" not in page.lower()


# --- the column editor -------------------------------------------------------------------------


def test_editor_starts_from_the_default_columns(demo, client):
    """Nothing set: the editor shows the default columns, says they are the default."""
    client.force_login(demo["manajer"])
    page = client.get(reverse("sertifikasi:blanko-kolom")).content.decode()
    assert "Kolom belum diatur" in page
    assert 'value="Nama Lengkap"' in page and 'value="Nomor SK Keputusan"' in page


def test_editor_renames_reorders_removes_and_adds_columns(demo, client):
    """X-2: rename, reorder, remove (Hapus), add (an empty row); saved in order."""
    blanko.kolom_blanko_save(
        kolom=[
            blanko.Kolom(1, "Nama", "nama"),
            blanko.Kolom(2, "NIK", "nik"),
            blanko.Kolom(3, "Email", "email"),
        ],
        actor=demo["manajer"],
    )
    client.force_login(demo["manajer"])
    response = client.post(
        reverse("sertifikasi:blanko-kolom"),
        kolom_post(
            [
                {"urutan": 2, "judul": "Nama Peserta", "sumber": "nama"},
                {"urutan": 1, "judul": "NIK", "sumber": "nik"},
                {"urutan": 3, "judul": "Email", "sumber": "email", "DELETE": True},
                {"urutan": 3, "judul": "K/BK", "sumber": "rekomendasi"},
                {"urutan": "", "judul": "", "sumber": ""},
            ],
            initial=3,
        ),
    )
    assert response.status_code == 302
    assert list(KolomBlanko.objects.values_list("urutan", "judul", "sumber")) == [
        (1, "NIK", "nik"),
        (2, "Nama Peserta", "nama"),
        (3, "K/BK", "rekomendasi"),
    ]


def editor_refuses(client, demo, rows, message):
    client.force_login(demo["manajer"])
    response = client.post(reverse("sertifikasi:blanko-kolom"), kolom_post(rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not KolomBlanko.objects.exists()


def test_editor_refuses_an_unknown_source(demo, client):
    editor_refuses(
        client,
        demo,
        [{"urutan": 1, "judul": "Nama", "sumber": "nama"}, {"urutan": 2, "judul": "Gaji", "sumber": "gaji"}],
        "Isi kolom tidak dikenal; pilih dari daftar.",
    )


def test_editor_refuses_an_empty_heading(demo, client):
    editor_refuses(
        client,
        demo,
        [{"urutan": 1, "judul": "   ", "sumber": "nama"}],
        "Judul kolom wajib diisi.",
    )


def test_editor_refuses_a_duplicate_order(demo, client):
    editor_refuses(
        client,
        demo,
        [{"urutan": 1, "judul": "Nama", "sumber": "nama"}, {"urutan": 1, "judul": "NIK", "sumber": "nik"}],
        "Urutan 1 dipakai lebih dari satu kolom.",
    )


def test_editor_refuses_removing_every_column(demo, client):
    editor_refuses(
        client,
        demo,
        [{"urutan": 1, "judul": "Nama", "sumber": "nama", "DELETE": True}],
        "Isi sekurang-kurangnya satu kolom.",
    )


def test_the_service_checks_the_same_rules_and_the_right(demo):
    """The service refuses what the form would (every problem named) and a user without
    manage_sertifikat; nothing is saved."""
    with pytest.raises(services.JourneyError) as refused:
        blanko.kolom_blanko_save(
            kolom=[blanko.Kolom(1, "", "nama"), blanko.Kolom(1, "X", "gaji")], actor=demo["manajer"]
        )
    text = str(refused.value)
    assert "Judul kolom pada urutan 1 wajib diisi." in text
    assert "Urutan 1 dipakai lebih dari satu kolom." in text
    assert "Isi kolom X tidak dikenal" in text
    with pytest.raises(services.JourneyError):
        blanko.kolom_blanko_save(kolom=[blanko.Kolom(1, "Nama", "nama")], actor=demo["komite"])
    assert not KolomBlanko.objects.exists()


def test_editor_goes_back_to_the_default_columns(demo, client):
    blanko.kolom_blanko_save(kolom=[blanko.Kolom(1, "Nama", "nama")], actor=demo["manajer"])
    client.force_login(demo["manajer"])
    response = client.post(reverse("sertifikasi:blanko-kolom"), {"bawaan": "1"}, follow=True)
    assert "kembali memakai kolom bawaan" in response.content.decode()
    assert not KolomBlanko.objects.exists()
    assert blanko.kolom_blanko() == (blanko.default_kolom(), False)


def test_editor_needs_manage_sertifikat(demo, client):
    client.force_login(demo["komite"])
    assert client.get(reverse("sertifikasi:blanko-kolom")).status_code == 403
    assert client.post(reverse("sertifikasi:blanko-kolom"), {"bawaan": "1"}).status_code == 403


def test_pleno_page_links_the_blanko_once_the_sk_is_final(world, demo, client):
    """The pleno page offers the download next to the SK once it is final."""
    pleno, _, _ = world
    url = reverse("sertifikasi:blanko", args=[pleno.jadwal_id])
    client.force_login(demo["manajer"])
    page = client.get(pleno.get_absolute_url())
    assert page.status_code == 200 and url not in page.content.decode()
    pleno = signed(demo, pleno)
    assert f'href="{url}"' in client.get(pleno.get_absolute_url()).content.decode()
