"""Staff create and edit schemes: Indonesian message per field, nothing saved on bad input
(SE-A4.6, SE-A4.1 fees and remote approval)."""

import re
from decimal import Decimal

import pytest

from akun.models import AuditEntry
from muk import services
from muk.models import Skema

from .conftest import skema_data

pytestmark = pytest.mark.embedded


def form_data(**overrides):
    data = {k: ("" if v is None else v) for k, v in skema_data(**overrides).items()}
    for flag in ("jarak_jauh_disetujui", "nirkertas_disetujui", "aktif"):
        if not data[flag]:
            data.pop(flag)  # an unticked checkbox is not sent
    return data


def field_errors(html, field):
    """The error texts shown under one field (the accessible form partial's markup)."""
    match = re.search(rf'<div class="errors" id="id_{field}_error" role="alert">(.*?)</div>', html, re.S)
    return re.findall(r"<p>(.*?)</p>", match.group(1)) if match else []


def test_manajer_creates_a_scheme_and_it_is_audited(client, manajer):
    """SE-A4.6: the scheme is saved; the audit trail names the actor."""
    client.force_login(manajer)
    response = client.post("/muk/skema/baru/", form_data(kode="SKM/UJI/010"))
    skema = Skema.objects.get(kode="SKM/UJI/010")
    assert response.status_code == 302 and response.url == f"/muk/skema/{skema.pk}/"
    entry = AuditEntry.objects.filter(content_type__model="skema", object_pk=str(skema.pk)).latest("pk")
    assert entry.actor == manajer and entry.action == AuditEntry.Action.CREATE


def test_a_duplicate_scheme_code_is_refused_per_field(client, manajer, make_skema):
    """SE-A4.6 edge: duplicate scheme code, also differing only in case."""
    make_skema(kode="SKM/UJI/001")
    client.force_login(manajer)
    for kode in ("SKM/UJI/001", "skm/uji/001"):
        html = client.post("/muk/skema/baru/", form_data(kode=kode, judul="Lain")).content.decode()
        assert field_errors(html, "kode") == ["Kode skema ini sudah dipakai skema lain."]
    assert Skema.objects.count() == 1


def test_a_negative_fee_is_refused_per_field(client, manajer):
    """SE-A4.1 edge: fee < 0 refused, for each mode."""
    client.force_login(manajer)
    html = client.post(
        "/muk/skema/baru/", form_data(biaya_tatap_muka="-1", biaya_jarak_jauh="-500000")
    ).content.decode()
    assert field_errors(html, "biaya_tatap_muka") == ["Biaya tidak boleh kurang dari nol."]
    assert field_errors(html, "biaya_jarak_jauh") == ["Biaya tidak boleh kurang dari nol."]
    assert not Skema.objects.exists()


def test_remote_approval_needs_the_bnsp_letter_number_and_date(client, manajer):
    """SE-A4.1/SE-B3: an approval without its letter is no approval."""
    client.force_login(manajer)
    html = client.post("/muk/skema/baru/", form_data(jarak_jauh_disetujui=True)).content.decode()
    assert "Nomor surat persetujuan BNSP wajib diisi" in field_errors(html, "nomor_surat_bnsp")[0]
    assert "Tanggal surat persetujuan BNSP wajib diisi" in field_errors(html, "tanggal_surat_bnsp")[0]
    assert not Skema.objects.exists()


def test_remote_approval_with_its_letter_is_saved(client, manajer):
    client.force_login(manajer)
    client.post(
        "/muk/skema/baru/",
        form_data(
            jarak_jauh_disetujui=True, nomor_surat_bnsp="0987/BNSP/III/2025", tanggal_surat_bnsp="2025-03-14"
        ),
    )
    skema = Skema.objects.get()
    assert skema.jarak_jauh_disetujui and skema.nomor_surat_bnsp == "0987/BNSP/III/2025"


@pytest.mark.parametrize("years, message", [("0", "paling singkat 1 tahun"), ("11", "paling lama 10 tahun")])
def test_certificate_validity_is_between_one_and_ten_years(client, manajer, years, message):
    client.force_login(manajer)
    html = client.post("/muk/skema/baru/", form_data(masa_berlaku_tahun=years)).content.decode()
    assert message in field_errors(html, "masa_berlaku_tahun")[0]
    assert not Skema.objects.exists()


def test_ketua_edits_a_scheme_and_the_change_is_audited(client, ketua, make_skema):
    """SE-A4.6: edits are audited with the actor and the changed field."""
    skema = make_skema()
    client.force_login(ketua)
    response = client.post(f"/muk/skema/{skema.pk}/ubah/", form_data(biaya_jarak_jauh="750000"))
    assert response.status_code == 302
    skema.refresh_from_db()
    assert skema.biaya_jarak_jauh == Decimal("750000")
    entry = AuditEntry.objects.filter(content_type__model="skema", object_pk=str(skema.pk)).latest("pk")
    assert entry.actor == ketua and entry.changes["biaya_jarak_jauh"] == ["900000", "750000"]


def test_a_bad_edit_changes_nothing(client, ketua, make_skema):
    """SE-A4.6 edge: a refused edit leaves every field as it was."""
    skema = make_skema()
    make_skema(kode="SKM/UJI/002")
    client.force_login(ketua)
    html = client.post(
        f"/muk/skema/{skema.pk}/ubah/", form_data(kode="SKM/UJI/002", judul="Diubah", biaya_tatap_muka="-5")
    ).content.decode()
    assert field_errors(html, "kode") and field_errors(html, "biaya_tatap_muka")
    assert "<h1>Ubah skema SKM/UJI/001</h1>" in html
    skema.refresh_from_db()
    assert (skema.kode, skema.judul, skema.biaya_tatap_muka) == (
        "SKM/UJI/001",
        "Skema Uji",
        Decimal("1000000"),
    )


def test_the_service_refuses_what_the_form_refuses(make_skema, ketua):
    """SE-A4.1: callers without a form (the executive app) get the same per-field errors."""
    from django.core.exceptions import ValidationError

    skema = make_skema()
    with pytest.raises(ValidationError) as refused:
        services.skema_set_remote_approval(skema=skema, disetujui=True, actor=ketua)
    assert set(refused.value.message_dict) == {"nomor_surat_bnsp", "tanggal_surat_bnsp"}
    with pytest.raises(ValidationError) as refused:
        services.skema_update(skema=skema, biaya_tatap_muka=Decimal("-1"), actor=ketua)
    assert refused.value.message_dict == {"biaya_tatap_muka": ["Biaya tidak boleh kurang dari nol."]}


def test_the_database_refuses_a_negative_fee_too(make_skema):
    """SE-A4.1: the CheckConstraint holds even for a write that skips validation."""
    from django.db import IntegrityError, transaction

    skema = make_skema()
    with pytest.raises(IntegrityError), transaction.atomic():
        Skema.objects.filter(pk=skema.pk).update(biaya_jarak_jauh=Decimal("-1"))


def test_list_and_detail_show_the_scheme_structure(client, komite):
    """SE-A4.6: detail lists units → elements → KUK and the requirements."""
    from muk.demo import seed_sample_scheme

    skema = seed_sample_scheme()
    client.force_login(komite)
    html = client.get("/muk/skema/").content.decode()
    assert skema.kode in html and "6 / 49" in html and "Rp1.500.000" in html
    html = client.get(f"/muk/skema/{skema.pk}/").content.decode()
    assert "J.620100.019.02" in html and "Mengidentifikasi konsep data dan struktur data" in html
    assert "1.3 Lisensi, hak cipta dan hak paten" in html
    assert "Pas foto 3x4 berlatar belakang merah" in html
    assert "0987/BNSP/III/2025" in html
    assert "Ubah data skema" not in html  # komite may not edit: no button


def test_komite_views_but_may_not_edit(client, komite, make_skema):
    """SE-A4.4: use_muk opens the pages; editing needs manage_skema."""
    skema = make_skema()
    client.force_login(komite)
    assert client.get("/muk/skema/").status_code == 200
    assert client.get(f"/muk/skema/{skema.pk}/").status_code == 200
    for url in (
        "/muk/skema/baru/",
        f"/muk/skema/{skema.pk}/ubah/",
        f"/muk/skema/{skema.pk}/impor/",
        f"/muk/skema/{skema.pk}/persyaratan/",
        "/muk/skema/impor-templat.xlsx",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/muk/skema/{skema.pk}/ubah/", form_data(judul="Diubah")).status_code == 403
    skema.refresh_from_db()
    assert skema.judul == "Skema Uji"


def test_asesi_is_refused_and_anonymous_is_sent_to_login(client, asesi, make_skema):
    skema = make_skema()
    assert client.get(f"/muk/skema/{skema.pk}/").status_code == 302
    client.force_login(asesi)
    assert client.get("/muk/skema/").status_code == 403
    assert client.get(f"/muk/skema/{skema.pk}/").status_code == 403


def test_an_unknown_scheme_is_404(client, manajer):
    client.force_login(manajer)
    assert client.get("/muk/skema/999999/").status_code == 404
    assert client.get("/muk/skema/999999/ubah/").status_code == 404


def test_every_control_of_the_scheme_form_has_a_label(client, manajer, make_skema):
    skema = make_skema()
    client.force_login(manajer)
    for url in ("/muk/skema/baru/", f"/muk/skema/{skema.pk}/impor/", f"/muk/skema/{skema.pk}/persyaratan/"):
        html = client.get(url).content.decode()
        labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
        controls = [
            t for t in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html) if 'type="hidden"' not in t
        ]
        assert controls and all(re.search(r'id="([^"]+)"', t).group(1) in labelled for t in controls), url


# --- basic requirements ------------------------------------------------------------------


def test_requirements_are_edited_as_lines(client, manajer, make_skema):
    """SE-A4.1: one requirement per line, per kind; blank lines ignored."""
    skema = make_skema()
    client.force_login(manajer)
    response = client.post(
        f"/muk/skema/{skema.pk}/persyaratan/",
        {"pendidikan": "SMK kelas XII RPL\n\nD3 informatika  ", "administratif": "KTP\nPas foto 3x4"},
    )
    assert response.status_code == 302
    assert list(skema.persyaratan.order_by("urutan").values_list("jenis", "teks")) == [
        ("pendidikan", "SMK kelas XII RPL"),
        ("pendidikan", "D3 informatika"),
        ("administratif", "KTP"),
        ("administratif", "Pas foto 3x4"),
    ]
    html = client.get(f"/muk/skema/{skema.pk}/persyaratan/").content.decode()
    assert "SMK kelas XII RPL\nD3 informatika</textarea>" in html


def test_removing_a_line_deletes_only_that_requirement(client, manajer, make_skema):
    """SE-A4.1: unchanged rows are kept; the audit trail shows the one deletion."""
    skema = make_skema()
    services.persyaratan_replace(
        skema=skema, items=[("administratif", "KTP"), ("administratif", "CV")], actor=manajer
    )
    ktp = skema.persyaratan.get(teks="KTP")
    client.force_login(manajer)
    client.post(f"/muk/skema/{skema.pk}/persyaratan/", {"administratif": "KTP"})
    assert list(skema.persyaratan.values_list("pk", flat=True)) == [ktp.pk]
    deleted = AuditEntry.objects.filter(
        content_type__model="persyaratandasar", action=AuditEntry.Action.DELETE
    )
    assert [(e.object_repr, e.actor) for e in deleted] == [("CV", manajer)]


def test_a_requirement_written_twice_is_refused(client, manajer, make_skema):
    skema = make_skema()
    client.force_login(manajer)
    html = client.post(f"/muk/skema/{skema.pk}/persyaratan/", {"administratif": "KTP\nKTP"}).content.decode()
    assert field_errors(html, "administratif") == ["Persyaratan &quot;KTP&quot; tertulis dua kali."]
    assert not skema.persyaratan.exists()


def test_a_bnsp_letter_dated_in_the_future_is_refused(make_skema, ketua):
    """SE-B3: an approval letter cannot be dated after today."""
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    skema = make_skema()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.skema_set_remote_approval(
            skema=skema, disetujui=True, nomor_surat="1/BNSP/2025", tanggal_surat=tomorrow, actor=ketua
        )
    assert refused.value.message_dict == {
        "tanggal_surat_bnsp": ["Tanggal surat BNSP tidak boleh di masa depan."]
    }
    skema.refresh_from_db()
    assert not skema.jarak_jauh_disetujui


def test_the_service_reports_every_bad_field_at_once(make_skema, ketua):
    from django.core.exceptions import ValidationError

    make_skema(kode="SKM/UJI/001")
    with pytest.raises(ValidationError) as refused:
        services.skema_create(actor=ketua, **skema_data(kode="skm/uji/001", biaya_jarak_jauh=Decimal("-1")))
    assert set(refused.value.message_dict) == {"kode", "biaya_jarak_jauh"}
