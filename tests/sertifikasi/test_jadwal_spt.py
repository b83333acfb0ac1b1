"""The SPT asesor after a batch changes, and the assessor's confirmation, through HTTP
(issue 11 items 4 and 5, SE-A4.8c): editing a batch whose SPT is signed issues SPT version
2 awaiting its signer and sends a candidate with a final FR.AK.01 back to pra-asesmen; the
assessor confirms only a signed SPT."""

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from administrasi import services as records
from administrasi.models import Dokumen
from sertifikasi.models import JadwalAsesor, Permohonan
from sertifikasi.views_jadwal import asesor_home
from tests.conftest import make_user

from .conftest import DEMO_PASSWORD, agreed

S = Permohonan.Status


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_edit_after_signed_spt_issues_version_2_and_asks_new_ak01_then_assessor_confirms(demo, client):
    """SE-A4.8c, issue 11 item 5: after the SPT is signed the edit page warns; moving the
    batch's time issues SPT version 2 (a draft awaiting the signer) and a candidate with a
    final AK.01 goes back to pra-asesmen; the assessor's confirmation is refused until
    version 2 is signed, then recorded. Others: the manager 403, another assessor 404."""
    p = agreed(demo)
    assert p.status == S.SIAP_ASESMEN
    jadwal = p.jadwal
    v1 = jadwal.spt
    assert v1.status == Dokumen.Status.FINAL and v1.versi == 1

    client.force_login(demo["manajer"])
    ubah = reverse("sertifikasi:jadwal-ubah", args=[jadwal.pk])
    html = client.get(ubah).content.decode()
    assert "menerbitkan SPT versi baru yang harus ditandatangani lagi" in html
    assert "FR.AK.01 versi baru" in html
    mulai = timezone.localtime(jadwal.mulai)
    response = client.post(
        ubah,
        {
            "nama": jadwal.nama,
            "skema": jadwal.skema_id,
            "mode": jadwal.mode,
            "tuk": jadwal.tuk_id,
            "mulai_0": mulai.date().isoformat(),
            "mulai_1": "09:00",
            "selesai_0": mulai.date().isoformat(),
            "selesai_1": "17:00",
            "kuota": jadwal.kuota,
            "tautan_video": "",
            "penandatangan_spt": demo["ketua"].pk,
        },
    )
    assert response.status_code == 302
    jadwal.refresh_from_db()
    v2 = jadwal.spt
    assert (v2.versi, v2.status, v2.nomor) == (2, Dokumen.Status.DRAFT, v1.nomor)
    assert [t.penandatangan for t in v2.tanda_tangan.all()] == [demo["ketua"]]
    assert "versi 2 diterbitkan dan menunggu tanda tangan Prof. Siti Rahayu" in messages_of(response)
    assert timezone.localtime(jadwal.mulai).time() == dt.time(9, 0)
    p.refresh_from_db()
    assert p.status == S.PRA_ASESMEN

    # Before version 2 is signed: no button, and a confirmation is refused.
    client.force_login(demo["asesor"])
    detail = jadwal.get_absolute_url()
    html = client.get(detail).content.decode()
    assert "Konfirmasi SPT</button>" not in html
    assert "Konfirmasi penugasan dapat dilakukan setelah SPT ditandatangani." in html
    konfirmasi = reverse("sertifikasi:spt-konfirmasi", args=[jadwal.pk])
    response = client.post(konfirmasi)
    assert response.status_code == 302 and "SPT belum ditandatangani" in messages_of(response)
    assert JadwalAsesor.objects.get(jadwal=jadwal).dikonfirmasi_pada is None

    client.force_login(demo["ketua"])
    assert reverse("administrasi:dokumen-sign", args=[v2.pk]) in client.get(detail).content.decode()
    records.dokumen_sign(dokumen=v2, signer=demo["ketua"], secret=DEMO_PASSWORD, consent=True)

    client.force_login(demo["asesor"])
    assert "Konfirmasi SPT</button>" in client.get(detail).content.decode()
    home = render_to_string("sertifikasi/_home_asesor.html", asesor_home(demo["asesor"]))
    assert konfirmasi in home and jadwal.nama in home and "Rencana dan FR.AK.01 Sari Wulandari" in home
    response = client.post(konfirmasi)
    assert response.status_code == 302 and "dikonfirmasi" in messages_of(response)
    assert JadwalAsesor.objects.get(jadwal=jadwal).dikonfirmasi_pada is not None
    html = client.get(detail).content.decode()
    assert "Anda mengonfirmasi penugasan ini" in html and "Konfirmasi SPT</button>" not in html

    client.force_login(demo["manajer"])
    assert client.post(konfirmasi).status_code == 403
    client.force_login(make_user("asesor.lain@uji.lsp.id", "asesor"))
    assert client.get(detail).status_code == 404
    assert client.post(konfirmasi).status_code == 404
    client.force_login(demo["asesi"])
    assert client.get(reverse("sertifikasi:jadwal-list")).status_code == 403
