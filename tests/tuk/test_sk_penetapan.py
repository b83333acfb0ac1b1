"""The SK penetapan record of a TUK: its number with a link to the archive (SE-A4.3, SE-A4.5)."""

import pytest
from django.core.exceptions import ValidationError

from administrasi import services as records
from tuk import services

pytestmark = pytest.mark.embedded


def issue(kode, tuk, actor):
    return records.dokumen_issue(
        kode=kode,
        subject=tuk,
        judul=f"{kode} {tuk.nama}",
        data={"tuk": tuk.nama},
        signers={"ketua": actor},
        actor=actor,
    )


def test_the_sk_number_links_to_its_archive_page(client, ketua, make_tuk):
    tuk = make_tuk()
    sk = issue("SK-PENETAPAN-TUK", tuk, ketua)
    services.tuk_set_sk_penetapan(tuk=tuk, dokumen=sk, actor=ketua)
    client.force_login(ketua)
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    assert sk.nomor and f'<a href="/administrasi/arsip/{sk.pk}/">{sk.nomor}</a>' in html


def test_without_archive_access_the_number_is_shown_without_a_link(client, ketua, pengelola_tuk, make_tuk):
    tuk = make_tuk()
    sk = issue("SK-PENETAPAN-TUK", tuk, ketua)
    services.tuk_set_sk_penetapan(tuk=tuk, dokumen=sk, actor=ketua)
    client.force_login(pengelola_tuk)
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    assert sk.nomor in html and f"/administrasi/arsip/{sk.pk}/" not in html


def test_a_record_of_another_kind_is_refused(ketua, make_tuk):
    tuk = make_tuk()
    spt = issue("SPT-VERIFIKASI-TUK", tuk, ketua)
    with pytest.raises(ValidationError):
        services.tuk_set_sk_penetapan(tuk=tuk, dokumen=spt, actor=ketua)
    tuk.refresh_from_db()
    assert tuk.sk_penetapan is None


def test_no_sk_yet_is_said_plainly(client, ketua, make_tuk):
    tuk = make_tuk()
    client.force_login(ketua)
    assert "Belum ada" in client.get(f"/tuk/{tuk.pk}/").content.decode()
