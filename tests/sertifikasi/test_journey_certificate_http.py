"""Issue 13 "Done when": one HTTP test from a verified application to a certificate visible in
the public register, with every form final, signed in order, and its sealed PDF stored
(SE-A4.7, SE-A4.8b–i, SE-A4.10, SE-A4.12, X-1, X-6, X-8, X-9).

Two demo applicants, Sari (asesi@, to be kompeten) and Budi (asesi2@, to be belum kompeten),
start verified for a remote assessment (conftest `verified`, the services; the verification
itself is test_journey_http's subject). From there every act is a request to the page the
person uses, each signature a POST of that page's signing form, with the forms and steps of
the two journey tests (test_journey_http: APL.02, the batch, the plan; test_journey_two_http:
the session, the sheets, the timed IA.05, FR.AK.02/03/05/06): the APL.02, the batch with its
assessor and SPT, the review, the plan (one instrument per unit, narrowed with a reason, to
keep the test short), FR.AK.01, the session in its window, the pleno formed by the Manajer, the
Komite member's decisions, the SK keputusan issued, and the Ketua's one signing act (the
batch signing's Celery task runs eagerly from the on-commit callbacks, as do the PDFs). Then
the holder downloads the certificate, the public register finds it, and the BK candidate
reads the reasons and the way to appeal.

The signing attempt limit (10 per 5 minutes) is reset after every request (test_journey_two_http
`ok`): the assessor signs dozens of records within minutes here, which the limit is not about.
"""

import datetime as dt
import hashlib
import re

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from administrasi.models import Dokumen
from muk.models import JenisIA, Metode
from sertifikasi import services
from sertifikasi.identitas import samarkan_nik
from sertifikasi.models import Jadwal, Keputusan, Lembar, Permohonan, Pleno, Sertifikat
from sertifikasi.services import ak

from .conftest import DEMO_PASSWORD, IDENTITAS_L, IDENTITAS_P, common_potensi, verified
from .test_journey_http import apl02_answers, batch_form, plan_form, signing
from .test_journey_two_http import (
    AK05_FORM,
    SIGN,
    ak02_form,
    ak03_form,
    ak06_form,
    html,
    ok,
    recording_form,
    review_form,
    send_sheet,
    sheet_form,
    take_ia05,
    url,
)
from .test_sesi import VIDEO

S = Permohonan.Status
BATCH = "Batch JWD jarak jauh sampai sertifikat"
ALASAN_K = "Bukti observasi, tes tertulis, dan tanya jawab memadai untuk semua unit."
ALASAN_BK = "Unit pertama belum kompeten menurut FR.AK.02; praktik pengujian perlu diulang."
TURN = [JenisIA.IA01, JenisIA.IA05, JenisIA.IA07]
METODE = {
    JenisIA.IA01: Metode.OBSERVASI,
    JenisIA.IA05: Metode.PERTANYAAN_TERTULIS,
    JenisIA.IA07: Metode.TANYA_JAWAB,
}


def narrowed_plan(p) -> dict:
    """One instrument per unit, IA.01, IA.05, IA.07 in turn (IA.01 where the unit lacks the
    kind), with its method: every kind of sheet, a third of the records of the full plan."""
    _, options = services.plan_options(p)
    potensi = common_potensi(p)
    pilihan = {}
    for i, (unit, _, cells) in enumerate(options):
        jenis = TURN[i % len(TURN)] if TURN[i % len(TURN)] in cells[potensi] else JenisIA.IA01
        pilihan[unit.pk] = {"metode": [METODE[jenis]], "instrumen": [jenis]}
    return pilihan


def records_in_force(*subjects) -> list[Dokumen]:
    """Every record (not superseded) whose subject is one of `subjects`."""
    found = []
    for obj in subjects:
        kind = ContentType.objects.get_for_model(obj)
        found += list(
            Dokumen.objects.filter(subject_type=kind, subject_id=str(obj.pk))
            .exclude(status=Dokumen.Status.SUPERSEDED)
            .select_related("jenis")
            .prefetch_related("tanda_tangan")
        )
    return found


def assert_final_in_order_with_pdf(dokumen: Dokumen) -> None:
    """Final; every party of its kind signed, in the kind's order, at ascending times; its
    sealed PDF stored with its hash."""
    assert dokumen.status == Dokumen.Status.FINAL, dokumen
    rows = sorted(dokumen.tanda_tangan.all(), key=lambda t: t.urutan)
    assert [t.pihak for t in rows] == [party["pihak"] for party in dokumen.jenis.penandatangan], dokumen
    times = [t.ditandatangani_pada for t in rows]
    assert all(times) and times == sorted(times), dokumen
    assert dokumen.pdf and dokumen.pdf_sha256, dokumen
    with dokumen.pdf.open("rb") as f:
        content = f.read()
    assert content.startswith(b"%PDF-") and hashlib.sha256(content).hexdigest() == dokumen.pdf_sha256, dokumen


def test_from_a_verified_application_to_the_public_register(demo, client, django_capture_on_commit_callbacks):
    """Two candidates from verified to the decision's effect: the K candidate's certificate is
    downloaded by the holder and found in the public register (valid, no NIK); the BK
    candidate reads the pleno's reasons and the appeal procedure; every record is final,
    signed in order, with its PDF."""
    asesor, manajer, ketua, komite = demo["asesor"], demo["manajer"], demo["ketua"], demo["komite"]

    with django_capture_on_commit_callbacks(execute=True):
        p_k = verified(demo, data={**IDENTITAS_P, "mode": "jarak_jauh"})
        p_bk = verified(demo, asesi=demo["asesi2"], data={**IDENTITAS_L, "mode": "jarak_jauh"})
        candidates = [p_k, p_bk]

        # FR.APL.02: each applicant answers and signs.
        for p in candidates:
            client.force_login(p.asesi)
            ok(client.post(url("apl02", p.pk), apl02_answers(demo["skema"])))
            ok(client.post(url("apl02-ajukan", p.pk), signing(DEMO_PASSWORD)))

        # The Manajer: a remote batch in two weeks, the demo assessor, both candidates.
        client.force_login(manajer)
        ok(
            client.post(
                url("jadwal-baru"), batch_form(demo, nama=BATCH, mode="jarak_jauh", tautan_video=VIDEO)
            )
        )
        jadwal = Jadwal.objects.get(nama=BATCH)
        ok(client.post(url("jadwal-asesor", jadwal.pk), {"asesor": demo["asesor_profil"].pk}))
        ok(client.post(url("jadwal-peserta", jadwal.pk), {"peserta": [p.pk for p in candidates]}))
        jadwal.refresh_from_db()

        # The Ketua signs the SPT; the assessor confirms it, reviews APL.02, plans, proposes AK.01.
        client.force_login(ketua)
        ok(client.post(reverse("administrasi:dokumen-sign", args=[jadwal.spt_id]), signing(DEMO_PASSWORD)))
        client.force_login(asesor)
        ok(client.post(url("spt-konfirmasi", jadwal.pk)))
        for p in candidates:
            ok(client.post(url("apl02-reviu", p.pk), {"rekomendasi": "dapat", "catatan": "", **SIGN}))
            alasan = "Portofolio asesi mendukung; satu instrumen per unit memadai."
            ok(client.post(url("rencana", p.pk), plan_form(p, pilihan=narrowed_plan(p), alasan=alasan)))
            ok(client.post(url("ak01-usul", p.pk)))

        # FR.AK.01: the candidate signs, then the assessor: siap asesmen.
        for p in candidates:
            client.force_login(p.asesi)
            ok(client.post(url("ak01-tandatangan", p.pk), SIGN))
            client.force_login(asesor)
            ok(client.post(url("ak01-tandatangan", p.pk), SIGN))
            p.refresh_from_db()
            assert p.status == S.SIAP_ASESMEN

        # The lead assessor reviews the instruments before the batch.
        ok(client.post(url("reviu-instrumen", jadwal.pk), review_form(jadwal)))
        jadwal.refresh_from_db()

    # The batch's day, from its session to the certificate (the clock runs).
    with time_machine.travel(jadwal.mulai + dt.timedelta(minutes=5), tick=True):
        with django_capture_on_commit_callbacks(execute=True):  # the batch signing's task too
            # The session: everyone joins (candidates to the video link), identity checks.
            for p in candidates:
                client.force_login(p.asesi)
                assert ok(client.post(url("sesi-hadir", jadwal.pk)))["Location"] == VIDEO
            client.force_login(asesor)
            ok(client.post(url("sesi-hadir", jadwal.pk)))
            for p in candidates:
                ok(client.post(url("sesi-identitas", jadwal.pk, p.pk), {"hasil": "sesuai", "catatan": ""}))

            # The sheets: the assessor's IA.01/IA.07 (BK on Budi's first unit), each timed IA.05.
            first_unit = ak.ak02_units(p_bk)[0]
            for p in candidates:
                sheets = list(Lembar.objects.filter(permohonan=p).select_related("instrumen"))
                assert {x.instrumen.jenis for x in sheets} == set(TURN)
                for x in sheets:
                    if x.instrumen.jenis == JenisIA.IA05:
                        take_ia05(client, p, x, asesor)
                    elif sheet_form(x) is not None:
                        client.force_login(asesor)
                        send_sheet(client, p, x, bk=p == p_bk and x.instrumen.unit_id == first_unit.pk)
            client.force_login(asesor)
            ok(client.post(url("rekaman", jadwal.pk), recording_form()))

            # FR.AK.02 (the assessor, then the candidate) and the candidate's FR.AK.03.
            for p in candidates:
                bk = (first_unit.kode,) if p == p_bk else ()
                client.force_login(asesor)
                ok(client.post(url("ak02", p.pk), ak02_form(p, bk=bk)))
                ok(
                    client.post(
                        url("ak02", p.pk), {"tandatangan": "1", "komentar": "Umpan balik diberikan.", **SIGN}
                    )
                )
                client.force_login(p.asesi)
                ok(client.post(url("ak02-tandatangan", p.pk), SIGN))
                ok(client.post(url("ak03", p.pk), ak03_form()))
                p.refresh_from_db()
                assert p.status == S.MENUNGGU_KEPUTUSAN

            # The lead assessor: the berita acara, FR.AK.05, FR.AK.06.
            client.force_login(asesor)
            ok(client.post(url("sesi-berita-acara", jadwal.pk), SIGN))
            ok(client.post(url("ak05", jadwal.pk), AK05_FORM))
            ok(client.post(url("ak06", jadwal.pk), ak06_form()))

            # The Manajer forms the pleno with the Komite member, the Ketua to sign the SK.
            client.force_login(manajer)
            baru = url("pleno-baru", jadwal.pk)
            page = html(client.get(baru))
            assert "belum dapat dibentuk" not in page and p_k.nama in page and p_bk.nama in page
            rapat = timezone.localtime() + dt.timedelta(hours=2)
            form = {
                "anggota": [komite.pk],
                "ketua_rapat": komite.pk,
                "waktu_0": f"{rapat:%Y-%m-%d}",
                "waktu_1": f"{rapat:%H:%M}",
                "tautan": "https://meet.example/pleno-jwd",
                "penandatangan": ketua.pk,
            }
            ok(client.post(baru, form))
            pleno = Pleno.objects.get(jadwal=jadwal)

            # The Komite member decides each candidate with reasons.
            client.force_login(komite)
            page = html(client.get(pleno.get_absolute_url()))
            assert p_k.nama in page and p_bk.nama in page
            for p, hasil, alasan in ((p_k, "K", ALASAN_K), (p_bk, "BK", ALASAN_BK)):
                ok(client.post(url("keputusan", pleno.pk, p.pk), {"hasil": hasil, "alasan": alasan}))

            # The Manajer issues the SK keputusan (and the K candidate's certificate).
            client.force_login(manajer)
            ok(client.post(url("pleno-sk", pleno.pk)))
            pleno.refresh_from_db()
            assert pleno.status == Pleno.Status.SK_DITERBITKAN

            # The Ketua signs the SK and the certificate in one act (the batch signing).
            client.force_login(ketua)
            page = html(client.get(url("pleno-tandatangan", pleno.pk)))
            assert pleno.sk.nomor in page
            response = ok(client.post(url("pleno-tandatangan", pleno.pk), SIGN))
            assert re.match(r"^/administrasi/tanda-tangan/\d+/$", response["Location"]), response["Location"]
        html(client.get(response["Location"]))

        pleno.refresh_from_db()
        p_k.refresh_from_db()
        p_bk.refresh_from_db()
        assert pleno.status == Pleno.Status.DITETAPKAN
        assert (p_k.status, p_bk.status) == (S.KOMPETEN, S.BELUM_KOMPETEN)
        sertifikat = Sertifikat.objects.select_related("dokumen").get(permohonan=p_k)
        assert sertifikat.terbit and not Sertifikat.objects.filter(permohonan=p_bk).exists()

        # The holder: KOMPETEN on the application, the certificate listed and downloaded.
        client.force_login(p_k.asesi)
        page = html(client.get(p_k.get_absolute_url()))
        assert "Kompeten (K)" in page and ALASAN_K in page
        page = html(client.get(url("sertifikat-saya")))
        assert sertifikat.nomor in page and url("sertifikat-unduh", sertifikat.pk) in page
        download = client.get(url("sertifikat-unduh", sertifikat.pk))
        if download.status_code == 302:  # on S3: a presigned URL of the sealed PDF
            assert sertifikat.dokumen.pdf.name.rsplit("/", 1)[-1] in download["Location"]
        else:
            assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
            assert b"".join(download.streaming_content).startswith(b"%PDF-")

        # The public register (no login): the search finds it, its page says valid, no NIK.
        client.logout()
        found = html(client.get(reverse("sertifikat_publik:cari"), {"q": "Sari Wulan"}))
        assert sertifikat.get_public_url() in found and sertifikat.nomor in found
        public = html(client.get(sertifikat.get_public_url()))
        assert sertifikat.nomor in public and p_k.nama in public and "Masih berlaku" in public
        assert p_k.nik not in public and samarkan_nik(p_k.nik) not in public

        # The BK candidate: the decision, the pleno's reasons and the appeal procedure.
        client.force_login(p_bk.asesi)
        page = html(client.get(p_bk.get_absolute_url()))
        assert "Belum kompeten (BK)" in page and ALASAN_BK in page
        assert services.pleno.BANDING_URL in page and "banding" in page
        assert sertifikat.nomor not in html(client.get(url("sertifikat-saya")))

    # Every record of both candidates, the batch and the pleno: final, signed in order, PDF.
    assert Keputusan.objects.filter(pleno=pleno).count() == 2
    documents = records_in_force(p_k, p_bk, jadwal, pleno)
    kinds = {d.jenis.kode for d in documents}
    expected = {"FR.APL.01", "FR.APL.01-REK", "FR.APL.02", "FR.APL.02-REK", "FR.MAPA.01-ASESI", "FR.AK.01"}
    expected |= {"FR.IA.01", "FR.IA.05", "FR.IA.07", "FR.AK.02", "FR.AK.03", "SERTIFIKAT"}
    expected |= {"SPT-ASESOR", "FR.IA.11-TINJAU", "BA-ASESMEN", "FR.AK.05", "FR.AK.06", "SK-KEPUTUSAN"}
    assert expected <= kinds, expected - kinds
    for dokumen in documents:
        assert_final_in_order_with_pdf(dokumen)
    for p in candidates:
        mine = [d for d in documents if d.subject_id == str(p.pk) and d.jenis.kode == "FR.AK.02"]
        rows = sorted(mine[0].tanda_tangan.all(), key=lambda t: t.urutan) if len(mine) == 1 else []
        assert [t.penandatangan_id for t in rows] == [
            asesor.pk,
            p.asesi_id,
        ]
