"""SE-A4.6 "only a validated MUK is used in an assessment": muk_usable(), PilihMUKForm and
muk_require_validated() refuse drafts, versions under review and superseded versions."""

import pytest
from django.core.exceptions import ValidationError

from muk import services
from muk.forms import PilihMUKForm
from muk.selectors import muk_usable

from .conftest import fill_unit, validate

# Not `embedded`: the MUK's rules live in its services and the ORM, not in the database, the
# storage or the task runner; run once per make test, on PostgreSQL.


def test_a_scheme_without_a_validated_version_has_no_usable_muk(draft, submitted):
    """SE-A4.6: a draft or a version under review is not usable."""
    assert muk_usable(submitted.skema) is None


def test_the_usable_muk_is_the_latest_validated_version(manajer, komite, validated):
    """SE-A4.6: v1 until v2 is validated, then v2."""
    assert muk_usable(validated.skema) == validated
    v2 = services.muk_versi_create(skema=validated.skema, actor=manajer)
    assert muk_usable(validated.skema) == validated  # a new draft changes nothing yet
    services.muk_versi_submit(versi=v2, actor=manajer)
    validate(v2, komite)
    assert muk_usable(validated.skema) == v2


def test_pilih_muk_form_refuses_a_draft(draft):
    """SE-A4.6 edge: posting a draft's id is refused with the reason."""
    form = PilihMUKForm({"muk": draft.pk})
    assert not form.is_valid()
    assert form.errors["muk"] == [
        f"MUK {draft.skema.kode} versi 1 belum divalidasi (status: draf); "
        "hanya MUK tervalidasi yang dapat dipakai dalam asesmen."
    ]


def test_pilih_muk_form_refuses_a_superseded_version(manajer, komite, validated):
    """SE-A4.6 edge: a superseded version is refused; the one replacing it is accepted."""
    v2 = services.muk_versi_create(skema=validated.skema, actor=manajer)
    services.muk_versi_submit(versi=v2, actor=manajer)
    validate(v2, komite)
    form = PilihMUKForm({"muk": validated.pk})
    assert not form.is_valid()
    assert form.errors["muk"] == [
        f"MUK {validated.skema.kode} versi 1 sudah diganti versi yang lebih baru; "
        "pilih MUK tervalidasi yang berlaku."
    ]
    assert PilihMUKForm({"muk": v2.pk}).is_valid()


def test_pilih_muk_form_accepts_a_validated_version(validated):
    """SE-A4.6: a validated version of the scheme is accepted."""
    form = PilihMUKForm({"muk": validated.pk}, skema=validated.skema)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["muk"] == validated
    assert list(form.fields["muk"].queryset) == [validated]


def test_pilih_muk_form_limited_to_a_scheme_refuses_another_schemes_muk(validated, make_skema):
    """SE-A4.6 edge: another scheme's MUK, nothing chosen, an unknown id."""
    other = make_skema(kode="SKM/UJI/LAIN")
    form = PilihMUKForm({"muk": validated.pk}, skema=other)
    assert form.errors["muk"] == ["MUK ini bukan milik skema yang dipilih."]
    assert PilihMUKForm({"muk": ""}).errors["muk"] == ["Pilih MUK tervalidasi yang dipakai dalam asesmen."]
    assert PilihMUKForm({"muk": "999999"}).errors["muk"] == ["Pilih MUK tervalidasi yang ada dalam daftar."]


def test_muk_require_validated_refuses_unvalidated_and_accepts_validated(draft, manajer, komite):
    """SE-A4.6: the service sertifikasi calls before an assessment uses a MUK."""
    with pytest.raises(ValidationError, match="belum divalidasi") as error:
        services.muk_require_validated(draft)
    assert error.value.code == "muk_not_validated"
    with pytest.raises(ValidationError, match="belum memiliki MUK tervalidasi"):
        services.muk_require_validated(None)
    for unit in draft.skema.units.all():
        fill_unit(draft, unit, manajer)
    services.muk_versi_submit(versi=draft, actor=manajer)
    stale = draft  # an instance read before validation: the database's status counts
    with pytest.raises(ValidationError, match="status: diajukan"):
        services.muk_require_validated(stale)
    validate(draft, komite)
    assert services.muk_require_validated(stale) == stale


def test_the_scheme_page_shows_the_version_in_use(client, asesor, validated, skema_with_units):
    """SE-A4.6: the scheme page names the MUK version used in assessments."""
    client.force_login(asesor)
    html = client.get(f"/muk/skema/{validated.skema_id}/").content.decode()
    assert f'href="/muk/skema/{validated.skema_id}/muk/1/">MUK versi 1</a>' in html
    html = client.get(f"/muk/skema/{skema_with_units.pk}/").content.decode()
    assert "Belum ada MUK tervalidasi" in html
