"""SE-A4.9: a scheme's technical requirements for a TUK (persyaratan teknis TUK), the equipment
its MUK needs, kept per scheme by the staff who manage schemes and listed line by line in the
TUK verification checklist (FORMS.md §6): services and their refusals, the page, the kernel
provider, the demo's lines, and the checklist built from them."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akun.models import AuditEntry
from lsp_portal import schemes
from lsp_portal.errors import ServiceError
from lsp_portal.schemes import TukRequirement
from muk import services
from muk.models import PersyaratanTeknisTuk

# The verification world (the demo LSP seeded once for the module): used by the last test.
from tests.verifikasi_tuk.conftest import (  # noqa: F401  (fixtures)
    assigned,
    demo,
    vt,
)

pytestmark = pytest.mark.embedded

LAPTOP = {"nama": "Laptop peserta", "jumlah": 2, "spesifikasi": "RAM minimal 8 GB"}


def add(skema, actor, **fields):
    return services.persyaratan_tuk_add(skema=skema, actor=actor, **{**LAPTOP, **fields})


def url(name, skema, row=None):
    return reverse(f"muk:{name}", args=[skema.pk] + ([row.pk] if row is not None else []))


# --- services ----------------------------------------------------------------------------------


def test_add_update_remove_in_order_and_audited(make_skema, ketua, manajer):
    """SE-A4.9: lines are appended in order, changed in place, removed; each write audited
    with the acting scheme manager."""
    skema = make_skema()
    laptop = add(skema, ketua, nama="  Laptop   peserta ")
    webcam = add(skema, manajer, nama="Webcam", jumlah=None, spesifikasi="")
    assert (laptop.nama, laptop.urutan, webcam.urutan, webcam.jumlah) == ("Laptop peserta", 1, 2, None)

    changed = services.persyaratan_tuk_update(persyaratan=webcam, nama="Webcam 720p", jumlah=3, actor=ketua)
    assert (changed.nama, changed.jumlah, changed.urutan) == ("Webcam 720p", 3, 2)

    services.persyaratan_tuk_remove(persyaratan=laptop, actor=manajer)
    services.persyaratan_tuk_remove(persyaratan=laptop, actor=manajer)  # already gone: no error
    assert list(skema.persyaratan_tuk.values_list("nama", flat=True)) == ["Webcam 720p"]

    entries = AuditEntry.objects.filter(content_type__model="persyaratanteknistuk")
    assert set(entries.values_list("action", "actor")) == {
        (AuditEntry.Action.CREATE, ketua.pk),
        (AuditEntry.Action.CREATE, manajer.pk),
        (AuditEntry.Action.UPDATE, ketua.pk),
        (AuditEntry.Action.DELETE, manajer.pk),
    }


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"nama": "   "}, "nama", "Nama peralatan atau bahan wajib diisi."),
        ({"jumlah": 0}, "jumlah", "Jumlah minimal paling sedikit 1"),
        ({"nama": "LAPTOP Peserta"}, "nama", "sudah tercantum di skema ini"),
    ],
)
def test_add_refuses_bad_lines(make_skema, ketua, fields, field, message):
    """SE-A4.9: an empty name, a quantity below 1 and a name already listed (in any case) are
    refused on their field in Indonesian; nothing is saved."""
    skema = make_skema()
    add(skema, ketua)
    with pytest.raises(ServiceError) as refused:
        add(skema, ketua, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert skema.persyaratan_tuk.count() == 1


def test_same_name_in_another_scheme_and_update_to_a_taken_name(make_skema, ketua):
    """SE-A4.9: names are unique per scheme only; renaming onto a listed name is refused."""
    first, second = make_skema(kode="SKM/UJI/A"), make_skema(kode="SKM/UJI/B")
    add(first, ketua)
    add(second, ketua)  # another scheme: allowed
    ups = add(first, ketua, nama="UPS", jumlah=1)
    with pytest.raises(ServiceError) as refused:
        services.persyaratan_tuk_update(persyaratan=ups, nama="laptop peserta", actor=ketua)
    assert "nama" in refused.value.message_dict
    assert PersyaratanTeknisTuk.objects.get(pk=ups.pk).nama == "UPS"


def test_only_scheme_managers_may_write(make_skema, ketua, asesor, admin_lsp, komite):
    """SE-A4.9: holders of manage_skema only (muk.permissions.can_manage_skema); an asesor,
    the Admin LSP and the Komite Teknis (who may view schemes) are refused, and so is no actor."""
    skema = make_skema()
    row = add(skema, ketua)
    for actor in (asesor, admin_lsp, komite, None):
        with pytest.raises(ServiceError, match="Hanya pengelola skema"):
            add(skema, actor, nama="Webcam")
        with pytest.raises(ServiceError, match="Hanya pengelola skema"):
            services.persyaratan_tuk_update(persyaratan=row, nama="Lain", actor=actor)
        with pytest.raises(ServiceError, match="Hanya pengelola skema"):
            services.persyaratan_tuk_remove(persyaratan=row, actor=actor)
    assert list(skema.persyaratan_tuk.values_list("nama", flat=True)) == ["Laptop peserta"]


def test_database_constraints_stand_behind_the_services(make_skema, ketua):
    """SE-A4.9: the database itself refuses a duplicate name in another case, an empty name
    and a quantity of 0 (rows written past the services)."""
    skema = make_skema()
    add(skema, ketua)
    for fields in ({"nama": "laptop PESERTA"}, {"nama": ""}, {"nama": "Nol", "jumlah": 0}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PersyaratanTeknisTuk.objects.create(skema=skema, urutan=9, **fields)
    assert skema.persyaratan_tuk.count() == 1


# --- the kernel provider -------------------------------------------------------------------------


def test_provider_gives_the_lines_as_values_in_order(make_skema, ketua):
    """SE-A4.9: lsp_portal.schemes.tuk_requirements (registered in MukConfig.ready) returns
    the scheme's lines as TukRequirement values in the list's order; [] for a scheme without."""
    skema, bare = make_skema(kode="SKM/UJI/A"), make_skema(kode="SKM/UJI/B")
    add(skema, ketua, nama="UPS", jumlah=1, spesifikasi="650 VA")
    add(skema, ketua, nama="Editor kode", jumlah=None, spesifikasi="")
    add(skema, ketua)
    assert schemes.tuk_requirements(skema.pk) == [
        TukRequirement("UPS", 1, "650 VA"),
        TukRequirement("Editor kode", None, ""),
        TukRequirement("Laptop peserta", 2, "RAM minimal 8 GB"),
    ]
    assert schemes.tuk_requirements(bare.pk) == []


# --- the page ------------------------------------------------------------------------------------


def test_viewer_sees_the_lines_without_edit_controls(make_skema, ketua, asesor, login):
    """SE-A4.9: staff who may view the scheme see its lines; without manage_skema no form,
    no edit links, and a POST is refused (403)."""
    skema = make_skema()
    row = add(skema, ketua)
    client = login(asesor)
    detail = client.get(skema.get_absolute_url()).content.decode()
    assert url("persyaratan-tuk", skema) in detail
    page = client.get(url("persyaratan-tuk", skema)).content.decode()
    assert "Laptop peserta" in page and "RAM minimal 8 GB" in page and "2 unit" in page
    assert url("persyaratan-tuk-edit", skema, row) not in page
    assert 'name="nama"' not in page
    assert client.post(url("persyaratan-tuk", skema), {"nama": "Webcam"}).status_code == 403
    assert client.get(url("persyaratan-tuk-edit", skema, row)).status_code == 403
    assert skema.persyaratan_tuk.count() == 1


def test_manager_adds_edits_and_removes_through_the_pages(make_skema, manajer, login):
    """SE-A4.9: the Manajer adds a line on the page, changes it, and removes it after a
    confirmation; each step answers with a message and back to the list."""
    skema = make_skema()
    client = login(manajer)
    page = client.get(url("persyaratan-tuk", skema)).content.decode()
    assert 'name="nama"' in page and "Belum ada persyaratan teknis TUK" in page

    response = client.post(
        url("persyaratan-tuk", skema), {"nama": "Webcam", "jumlah": "2", "spesifikasi": "720p"}, follow=True
    )
    row = skema.persyaratan_tuk.get()
    assert (row.nama, row.jumlah, row.spesifikasi) == ("Webcam", 2, "720p")
    assert "Webcam ditambahkan" in response.content.decode()

    edit = client.get(url("persyaratan-tuk-edit", skema, row)).content.decode()
    assert 'value="Webcam"' in edit
    response = client.post(url("persyaratan-tuk-edit", skema, row), {"nama": "Webcam HD", "jumlah": ""})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.nama, row.jumlah, row.spesifikasi) == ("Webcam HD", None, "")

    confirm = client.get(url("persyaratan-tuk-delete", skema, row))
    assert confirm.status_code == 200 and "Ya, hapus" in confirm.content.decode()
    response = client.post(url("persyaratan-tuk-delete", skema, row), follow=True)
    assert "dihapus dari persyaratan teknis TUK" in response.content.decode()
    assert not skema.persyaratan_tuk.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nama": "", "jumlah": "1"}, "Nama peralatan atau bahan wajib diisi."),
        ({"nama": "UPS", "jumlah": "0"}, "Jumlah minimal paling sedikit 1"),
        ({"nama": "laptop peserta", "jumlah": "1"}, "sudah tercantum di skema ini"),
    ],
)
def test_page_shows_refusals_on_the_form(make_skema, ketua, login, data, message):
    """SE-A4.9: a bad line is refused on the form (200, the message, what was typed kept);
    nothing is saved."""
    skema = make_skema()
    add(skema, ketua)
    response = login(ketua).post(url("persyaratan-tuk", skema), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert skema.persyaratan_tuk.count() == 1


def test_edit_refusal_and_other_schemes_lines_answer_404(make_skema, ketua, login):
    """SE-A4.9: renaming onto a listed name shows the refusal on the edit form; a line of
    another scheme under this scheme's URL is not found."""
    skema, other = make_skema(kode="SKM/UJI/A"), make_skema(kode="SKM/UJI/B")
    add(skema, ketua)
    ups = add(skema, ketua, nama="UPS", jumlah=1)
    foreign = add(other, ketua)
    client = login(ketua)
    response = client.post(url("persyaratan-tuk-edit", skema, ups), {"nama": "Laptop Peserta", "jumlah": "1"})
    assert response.status_code == 200 and "sudah tercantum di skema ini" in response.content.decode()
    assert client.get(url("persyaratan-tuk-edit", skema, foreign)).status_code == 404
    assert client.post(url("persyaratan-tuk-delete", skema, foreign)).status_code == 404
    assert other.persyaratan_tuk.count() == 1


def test_page_queries_do_not_grow_with_the_lines(make_skema, ketua, login):
    """SE-A4.9 (STYLE.md §5): the list page costs the same number of queries with 3 and 30 lines."""
    small, large = make_skema(kode="SKM/UJI/3"), make_skema(kode="SKM/UJI/30")
    for skema, total in ((small, 3), (large, 30)):
        for n in range(total):
            add(skema, ketua, nama=f"Peralatan {n + 1}", jumlah=n + 1)
    client = login(ketua)
    counts = []
    for skema in (small, large):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("persyaratan-tuk", skema))
        assert response.status_code == 200
        counts.append(len(captured))
    assert "Peralatan 30" in response.content.decode()
    assert counts[0] == counts[1], counts


# --- the demo ------------------------------------------------------------------------------------


def test_sample_scheme_gets_its_requirements_once(manajer):
    """SE-A4.9: the sample scheme (Junior Web Developer) lists realistic equipment (a laptop
    per candidate, webcams, a UPS...) when a scheme manager seeds it; a second seed adds nothing."""
    from muk.demo import PERSYARATAN_TUK, seed_sample_scheme

    skema = seed_sample_scheme(actor=manajer)
    rows = list(skema.persyaratan_tuk.order_by("urutan"))
    assert [r.nama for r in rows] == [nama for nama, _, _ in PERSYARATAN_TUK]
    assert {"Komputer/laptop peserta", "Webcam", "UPS"} <= {r.nama for r in rows}
    audit = AuditEntry.objects.count()
    seed_sample_scheme(actor=manajer)
    assert skema.persyaratan_tuk.count() == len(PERSYARATAN_TUK)
    assert AuditEntry.objects.count() == audit


# --- the TUK verification checklist (last: it seeds the demo LSP for the rest of the module) ------


def test_assigning_a_verifier_lists_one_equipment_line_per_requirement(vt):  # noqa: F811
    """SE-A4.9: the verifier's checklist for the demo scheme has one `peralatan` line per
    technical requirement, in order, named after it, with `minimal` = its quantity."""
    from verifikasi_tuk.models import ItemCeklis

    skema = vt["skema"]
    services.persyaratan_tuk_add(
        skema=skema, nama="Printer", jumlah=1, spesifikasi="Untuk mencetak hasil kerja", actor=vt["manajer"]
    )
    wanted = list(skema.persyaratan_tuk.order_by("urutan", "pk"))
    assert len(wanted) > 1

    p = assigned(vt)
    peralatan = p.ceklis.filter(skema_id=skema.pk, kategori=ItemCeklis.Kategori.PERALATAN)
    lines = list(peralatan.order_by("urutan"))
    assert [line.aspek for line in lines] == [r.nama for r in wanted]
    assert [line.minimal for line in lines] == [r.jumlah for r in wanted]
    printer = lines[-1]
    assert "minimal 1 unit" in printer.syarat and "Untuk mencetak hasil kerja" in printer.syarat
