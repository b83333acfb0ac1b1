"""UU PDP (X-10): the applicant's download of their data holds their applications (data,
consent, verification rounds, answers, status history) and the evidence files they uploaded,
byte for byte; nobody else's."""

import io
import json
import zipfile

from django.urls import reverse

from sertifikasi.models import Bukti

from .conftest import IDENTITAS_P, LAHIR_L, NIK_L, submitted, verified


def test_export_holds_the_applications_and_their_files(demo, client):
    mine = verified(demo)
    other = submitted(
        demo,
        asesi=demo["asesi2"],
        data={
            **IDENTITAS_P,
            "nama": "Budi Santoso",
            "nik": NIK_L,
            "tanggal_lahir": LAHIR_L,
            "jenis_kelamin": "L",
        },
    )
    client.force_login(demo["asesi"])
    response = client.post(reverse("akun:data-saya"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json").decode("utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert mine.nik in text and "Sari Wulandari" in text
    assert other.nik not in text and "Budi Santoso" not in text
    exported = [n for n in archive.namelist() if n.startswith("berkas/sertifikasi/")]
    files = list(Bukti.objects.filter(permohonan=mine))
    assert len(exported) == len(files) > 0  # exactly the applicant's own files
    for bukti in files:
        name = next(n for n in exported if n.endswith(bukti.berkas.name.rsplit("/", 1)[-1]))
        with bukti.berkas.open("rb") as stored:
            assert archive.read(name) == stored.read()
