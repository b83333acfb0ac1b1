"""The journey's records have their own PDF layouts (issue 11 item 8): FR.APL.01, FR.APL.02
and FR.AK.01 rendered by the records engine's render service, readable as the forms are (no
raw data structures), each naming the applicant and the scheme."""

import subprocess

from administrasi import services as records
from administrasi.models import Dokumen

from .conftest import agreed, apl02_signed, join_batch, review_apl02, save_plan, sign_ak01, staffed_jadwal


def pdf_text(dokumen: Dokumen) -> str:
    assert records.dokumen_render_pdf(dokumen_id=dokumen.pk)
    dokumen.refresh_from_db()
    content = dokumen.pdf.read()
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_apl01_apl02_ak01_pdfs_show_the_form_not_raw_data(demo):
    """SE-A4.8a–c: each record's PDF shows the applicant, the scheme and its own sections."""
    p = agreed(demo)
    skema = demo["skema"]
    unit = skema.units.order_by("urutan").first()

    texts = {}
    layouts = {
        "FR.APL.01": (p.apl01_id, "administrasi/pdf/fr_apl01.html"),
        "FR.APL.02": (p.apl02_id, "administrasi/pdf/fr_apl02.html"),
        "FR.AK.01": (p.ak01_id, "administrasi/pdf/fr_ak01.html"),
    }
    for kode, (dokumen_id, template) in layouts.items():
        dokumen = Dokumen.objects.select_related("jenis").get(pk=dokumen_id)
        assert (dokumen.jenis.kode, dokumen.jenis.template, dokumen.status) == (
            kode,
            template,
            Dokumen.Status.FINAL,
        )
        text = pdf_text(dokumen)
        assert p.nama in text and skema.kode in text and skema.judul in text, kode
        assert "{'" not in text and "['" not in text, kode  # no Python reprs of the data
        texts[kode] = text

    assert "Bagian 1: Rincian data pemohon" in texts["FR.APL.01"] and p.nik in texts["FR.APL.01"]
    assert "Bagian 3: Bukti kelengkapan pemohon" in texts["FR.APL.01"] and unit.kode in texts["FR.APL.01"]
    kuk = unit.elemen.order_by("pk").first().kuk.order_by("pk").first()
    assert unit.judul in texts["FR.APL.02"] and kuk.teks[:40] in texts["FR.APL.02"]
    assert "Pernyataan asesi" in texts["FR.AK.01"] and demo["tuk"].nama in texts["FR.AK.01"]
    assert (
        "Hasil observasi langsung" in texts["FR.AK.01"] and demo["asesor"].nama_lengkap in texts["FR.AK.01"]
    )


def test_trial_batch_records_say_uji_coba(demo):
    """SE-E3: a remote batch of a scheme without BNSP approval runs only as uji coba, and its
    SPT and the candidates' FR.AK.01 say UJI COBA on the PDF."""
    from sertifikasi.models import Permohonan

    p = apl02_signed(demo)
    Permohonan.objects.filter(pk=p.pk).update(mode="jarak_jauh")  # chosen while still allowed
    jadwal = staffed_jadwal(demo, mode="jarak_jauh", tautan_video="https://meet.example/uji", uji_coba=True)
    assert "UJI COBA" in pdf_text(Dokumen.objects.get(pk=jadwal.spt_id))
    p = sign_ak01(demo, save_plan(demo, review_apl02(demo, join_batch(demo, p, jadwal))))
    text = pdf_text(Dokumen.objects.get(pk=p.ak01_id))
    assert "UJI COBA" in text and "direkam" in text  # the recording consent of a remote batch
