"""Issue 13 item 9 (SE-D1.2a–i): a face-to-face (tatap muka, paperless) batch runs the same
chain as a remote one: the same services, the same records signed by the same parties in the
same order, the same pleno and certificate. The mode changes the session's evidence only:
attendance is still recorded (on the batch's day, no window, no video link to follow), the
identity check is made in person, a recording is optional (the berita acara says there is
none), and the signatures are given on the TUK's shared tablet, each signer with their own
secret.

The world: two demo candidates with FR.AK.01 final in one tatap muka batch (conftest
`agreed`: make_jadwal's default mode is tatap_muka, no video link; test_ak
`second_candidate` adds asesi2), the batch's FR.IA.11 signed (test_sesi `review`). From
there every step is the journey's own service or page. The signing attempt limit (10 per
5 minutes) is reset between the dozens of signatures of one person here (clear_own_cache).
"""

import datetime as dt

import pytest
import time_machine

from administrasi import services as records
from administrasi.models import Dokumen, TandaTangan
from lsp_portal.errors import ServiceError
from muk.models import JenisIA, OpsiJawaban
from sertifikasi import services
from sertifikasi.models import CekIdentitas, Isian, Kehadiran, Lembar, Permohonan, Pleno, Sertifikat
from sertifikasi.services import ak
from sertifikasi.services import lembar as svc
from tests.conftest import clear_own_cache

from .conftest import DEMO_PASSWORD, agreed, ttd
from .test_ak import all_met, judge_all, second_candidate
from .test_journey_two_http import assert_final_signed_in_order, html, ok, url
from .test_lembar import items_of
from .test_sesi import review

pytestmark = [pytest.mark.django_db]

S = Permohonan.Status
L = Lembar.Status
TABLET = "Tablet TUK Sewaktu Lab Komputer 1"
SARI_PASSWORD = "Sandi#Sari2026"  # the K candidate's own password: her signatures use it
ALASAN_K = "Observasi, tes tertulis, dan tanya jawab memadai untuk semua unit."
ALASAN_BK = "Unit pertama belum kompeten menurut FR.AK.02; praktik perlu diulang."


# --- the world ---------------------------------------------------------------------------------


def face_to_face_batch(demo):
    """(jadwal, p_k, p_bk): Sari (K to be) and Budi (BK to be) with FR.AK.01 final in one tatap
    muka batch whose FR.IA.11 the lead assessor signed. Sari signs with her own password from
    here on (the shared tablet: each signer their own secret)."""
    p_k = agreed(demo)
    p_bk = second_candidate(demo, p_k)
    clear_own_cache()
    review(demo, p_k.jadwal)
    sari = p_k.asesi
    sari.set_password(SARI_PASSWORD)
    sari.save(update_fields=["password"])
    clear_own_cache()
    jadwal = p_k.jadwal
    jadwal.refresh_from_db()
    return jadwal, Permohonan.objects.get(pk=p_k.pk), Permohonan.objects.get(pk=p_bk.pk)


def on_the_day(jadwal, minutes=30):
    """Travel to the batch's day (a face-to-face session is open all that day), clock running."""
    return time_machine.travel(jadwal.mulai + dt.timedelta(minutes=minutes), tick=True)


def sheets_of(p):
    return list(Lembar.objects.filter(permohonan=p).select_related("instrumen__unit").order_by("pk"))


def secret_of(p):
    return SARI_PASSWORD if p.asesi.email == "asesi@demo.lsp.id" else DEMO_PASSWORD


def assessor_sends(demo, lembar, *, bk=False):
    """The assessor fills an IA.01 (per KUK Ya/Tidak with notes, K/BK) or an IA.07 (summary of
    the oral answer, memuaskan) and sends it signed: final."""
    asesor = demo["asesor"]
    items = items_of(lembar)
    if lembar.instrumen.jenis == JenisIA.IA01:
        isian = {b.pk: {"penilaian": "ya", "catatan": ""} for b in items}
        if bk:
            isian[items[0].pk] = {"penilaian": "tidak", "catatan": "Langkah pengujian dilewati."}
        svc.lembar_save(
            lembar=lembar,
            actor=asesor,
            isian=isian,
            rekomendasi="BK" if bk else "K",
            catatan="Praktik perlu diulang." if bk else "Demonstrasi lancar.",
        )
    else:
        isian = {
            b.pk: {"jawaban": "Asesi menjelaskan dengan tepat.", "penilaian": "memuaskan"} for b in items
        }
        svc.lembar_save(lembar=lembar, actor=asesor, isian=isian)
    sent = svc.lembar_kirim(lembar=lembar, actor=asesor, ttd=ttd())
    clear_own_cache()
    assert Lembar.objects.get(pk=sent.pk).status == L.FINAL
    return sent


def candidate_takes_ia05(demo, lembar):
    """The candidate starts, answers (every key), finishes and signs the timed FR.IA.05; the
    assessor signs its record after them."""
    p = lembar.permohonan
    keys = dict(
        OpsiJawaban.objects.filter(butir__instrumen=lembar.instrumen, benar=True).values_list(
            "butir_id", "pk"
        )
    )
    if not lembar.mulai_pada:
        services.ujian_mulai(lembar=lembar, actor=p.asesi)
    services.ujian_jawab_semua(lembar=lembar, jawaban=keys, actor=p.asesi)
    services.ujian_selesai(lembar=lembar, actor=p.asesi)
    done = services.ujian_tandatangan(lembar=lembar, actor=p.asesi, ttd=ttd(secret_of(p)))
    clear_own_cache()
    records.dokumen_sign(dokumen=done.dokumen, signer=demo["asesor"], secret=DEMO_PASSWORD, consent=True)
    clear_own_cache()
    done = Lembar.objects.get(pk=lembar.pk)
    assert done.benar == done.jumlah == len(keys)
    return done


def ak02_form(p, *, bk_first=False) -> dict:
    """The FR.AK.02 page's POST: per unit K (its first final sheet as evidence), or BK on the
    first unit with a follow-up."""
    evidence = ak.ak02_evidence(p)
    form = {}
    for i, unit in enumerate(ak.ak02_units(p)):
        choice = ak.evidence_choices(evidence, unit.pk)[0][0]
        bk = bk_first and i == 0
        form |= {
            f"rek-{unit.pk}": "BK" if bk else "K",
            f"bukti-{unit.pk}": ["", choice],
            f"tl-{unit.pk}": "Ulangi tugas praktik di TUK." if bk else "",
        }
    return form


def sign_form(secret) -> dict:
    return {"secret": secret, "consent": "on"}


# --- the chain ---------------------------------------------------------------------------------


def test_face_to_face_batch_runs_the_same_chain_to_a_certificate(
    demo, client, django_capture_on_commit_callbacks
):
    """SE-D1.2c–i, SE-A4.10, X-8: a tatap muka batch at the TUK, from FR.AK.01 final to the
    certificate: attendance on the day (no video link), the identity check in person, every
    planned instrument (IA.01, the timed IA.05, IA.07), FR.AK.02 and FR.AK.03 signed on the
    shared tablet, the berita acara without recordings, FR.AK.05 and FR.AK.06, the pleno, the
    SK keputusan and the certificate signed by the Ketua in one act. Every record is final,
    signed by its parties in order, with its sealed PDF."""
    with django_capture_on_commit_callbacks(execute=True):  # the records' PDFs, rendered eagerly
        jadwal, p_k, p_bk = face_to_face_batch(demo)
    asesor = demo["asesor"]
    assert jadwal.mode == "tatap_muka" and not jadwal.tautan_video
    tablet = client
    tablet.defaults["HTTP_USER_AGENT"] = TABLET

    with django_capture_on_commit_callbacks(execute=True), on_the_day(jadwal):
        # Attendance at the TUK: the page offers no video link; joining stays on the page.
        for user in (p_k.asesi, p_bk.asesi, asesor):
            tablet.force_login(user)
            page = html(tablet.get(url("sesi", jadwal.pk)))
            assert "Konferensi video" not in page and "konferensi video" not in page
            response = ok(tablet.post(url("sesi-hadir", jadwal.pk)))
            assert response["Location"] == url("sesi", jadwal.pk)
        hadir = Kehadiran.objects.filter(sesi__jadwal=jadwal)
        assert {k.user_id for k in hadir} == {p_k.asesi_id, p_bk.asesi_id, asesor.pk}
        assert {k.user_agent for k in hadir} == {TABLET}

        # The identity check in person: the assessor compares the ID card in the room.
        for p in (p_k, p_bk):
            form = {"hasil": "sesuai", "catatan": "KTP asli dicocokkan langsung di ruang uji."}
            ok(tablet.post(url("sesi-identitas", jadwal.pk, p.pk), form))
        assert set(CekIdentitas.objects.filter(sesi__jadwal=jadwal).values_list("hasil", flat=True)) == {
            CekIdentitas.Hasil.SESUAI
        }
        p_k.refresh_from_db()
        p_bk.refresh_from_db()
        assert p_k.status == p_bk.status == S.ASESMEN

        # Every planned instrument, for both candidates, through the same services.
        first_unit = ak.ak02_units(p_bk)[0]
        for p in (p_k, p_bk):
            sheets = sheets_of(p)
            assert {x.instrumen.jenis for x in sheets} == {JenisIA.IA01, JenisIA.IA05, JenisIA.IA07}
            for x in sheets:
                if x.instrumen.jenis == JenisIA.IA05:
                    candidate_takes_ia05(demo, x)
                else:
                    bk = (
                        p is p_bk
                        and x.instrumen.jenis == JenisIA.IA01
                        and x.instrumen.unit_id == first_unit.pk
                    )
                    assessor_sends(demo, x, bk=bk)

        # FR.AK.02 on the shared tablet: the assessor fills and signs while signed in...
        for p, bk_first in ((p_k, False), (p_bk, True)):
            tablet.force_login(asesor)
            ok(tablet.post(url("ak02", p.pk), ak02_form(p, bk_first=bk_first)))
            signed = {"tandatangan": "1", "komentar": "Asesmen di TUK lancar.", **sign_form(DEMO_PASSWORD)}
            ok(tablet.post(url("ak02", p.pk), signed))
            # ...and cannot give the candidate's signature for her, even with her password.
            ok(tablet.post(url("ak02-tandatangan", p.pk), sign_form(secret_of(p))))
            p.refresh_from_db()
            assert p.ak02.tanda_tangan.filter(ditandatangani_pada__isnull=False).count() == 1
            # The candidate takes the tablet, signs in as herself and signs with her own secret;
            # another person's secret is refused.
            tablet.logout()
            tablet.force_login(p.asesi)
            if p is p_k:
                ok(tablet.post(url("ak02-tandatangan", p.pk), sign_form(DEMO_PASSWORD)), 200)
                assert Permohonan.objects.get(pk=p.pk).status == S.ASESMEN
            response = ok(tablet.post(url("ak02-tandatangan", p.pk), sign_form(secret_of(p))))
            assert response["Location"] == url("ak03", p.pk)
            ok(
                tablet.post(
                    url("ak03", p.pk), {key: "ya" for key, _ in ak.AK03_PERTANYAAN} | sign_form(secret_of(p))
                )
            )
            tablet.logout()
        for p in (p_k, p_bk):
            p.refresh_from_db()
            assert p.status == S.MENUNGGU_KEPUTUSAN
            rows = list(p.ak02.tanda_tangan.order_by("urutan"))
            assert [(t.penandatangan_id, t.user_agent) for t in rows] == [
                (asesor.pk, TABLET),
                (p.asesi_id, TABLET),
            ]

        # The lead assessor closes the session and writes the batch's reports.
        ba = services.berita_acara_sign(jadwal=jadwal, actor=asesor, ttd=ttd())
        clear_own_cache()
        services.ak05_sign(
            jadwal=jadwal,
            isian={"aspek_positif": "Peserta hadir tepat waktu di TUK.", "penolakan": "Tidak ada"},
            actor=asesor,
            ttd=ttd(),
        )
        clear_own_cache()
        services.ak06_sign(
            jadwal=jadwal,
            centang=all_met(),
            rekomendasi={},
            temuan="Asesmen tatap muka berjalan sesuai rencana.",
            komentar="",
            actor=asesor,
            ttd=ttd(),
        )
        clear_own_cache()

        # The decision and the certificate: the same pleno as for a remote batch.
        pleno = services.pleno_form(
            jadwal=jadwal,
            anggota=[demo["komite"]],
            ketua_rapat=demo["komite"],
            waktu=jadwal.selesai + dt.timedelta(days=1),
            tautan="",
            penandatangan=demo["ketua"],
            actor=demo["manajer"],
        )
        services.keputusan_save(pleno=pleno, permohonan=p_k, hasil="K", alasan=ALASAN_K, actor=demo["komite"])
        services.keputusan_save(
            pleno=pleno, permohonan=p_bk, hasil="BK", alasan=ALASAN_BK, actor=demo["komite"]
        )
        services.sk_keputusan_issue(pleno=pleno, actor=demo["manajer"])
        services.sk_sign(
            pleno=Pleno.objects.get(pk=pleno.pk), actor=demo["ketua"], secret=DEMO_PASSWORD, consent=True
        )

    # The session's evidence is the face-to-face kind: no video link, no recording.
    ba.refresh_from_db()
    assert ba.data["mode"] == "Tatap muka" and "tautan_video" not in ba.data
    assert ba.data["rekaman"] == "Tidak ada rekaman."
    assert {row["hasil"] for row in ba.data["pemeriksaan_identitas"]} == {"Sesuai"}
    assert len(ba.data["daftar_hadir"]) == 3

    # The decision took effect; the K candidate's certificate is issued and valid.
    pleno = Pleno.objects.get(pk=pleno.pk)
    p_k.refresh_from_db()
    p_bk.refresh_from_db()
    assert pleno.status == Pleno.Status.DITETAPKAN
    assert (p_k.status, p_bk.status) == (S.KOMPETEN, S.BELUM_KOMPETEN)
    sertifikat = Sertifikat.objects.get(permohonan=p_k)
    assert sertifikat.terbit and sertifikat.status_efektif() == Sertifikat.Status.AKTIF
    assert Sertifikat.objects.berlaku().filter(pk=sertifikat.pk).exists()
    assert not Sertifikat.objects.filter(permohonan=p_bk).exists()

    # Every record of the assessment and the decision: final, signed in order, PDF stored.
    jadwal.refresh_from_db()
    assert_final_signed_in_order(jadwal.reviu_instrumen, [asesor])
    for p in (p_k, p_bk):
        for x in sheets_of(p):
            assert x.status == L.FINAL
            signers = [p.asesi, asesor] if x.instrumen.jenis == JenisIA.IA05 else [asesor]
            assert_final_signed_in_order(x.dokumen, signers)
        assert_final_signed_in_order(p.ak02, [asesor, p.asesi])
        assert_final_signed_in_order(p.ak03, [p.asesi])
    assert_final_signed_in_order(jadwal.sesi.berita_acara, [asesor])
    assert_final_signed_in_order(jadwal.ak05, [asesor])
    assert_final_signed_in_order(jadwal.ak06, [asesor])
    assert_final_signed_in_order(pleno.sk, [demo["ketua"]])
    assert_final_signed_in_order(sertifikat.dokumen, [demo["ketua"]])
    hasil = {r["asesi"]: r["rekomendasi"] for r in jadwal.ak05.data["hasil_asesi"]}
    assert hasil[p_k.nama].startswith("K") and hasil[p_bk.nama].startswith("BK")


# --- the session's evidence, one by one -----------------------------------------------------------


def test_a_recording_is_optional_but_still_possible_face_to_face(demo):
    """SE-D1.2, X-9: a tatap muka batch needs no recording (the berita acara says there is
    none), yet the assessor may keep one (a link with its SHA-256), and it is then listed."""
    jadwal, p_k, _ = face_to_face_batch(demo)
    with on_the_day(jadwal):
        services.sesi_hadir(jadwal=jadwal, actor=demo["asesor"])
        data = services.berita_acara_data(jadwal, jadwal.sesi)
        assert data["rekaman"] == "Tidak ada rekaman." and "tautan_video" not in data
        services.rekaman_link_add(
            jadwal=jadwal,
            judul="Rekaman ruang uji",
            tautan="https://arsip.example/tuk-1.mp4",
            sha256="cd" * 32,
            actor=demo["asesor"],
        )
        data = services.berita_acara_data(jadwal, jadwal.sesi)
    assert data["rekaman"] == [{"judul": "Rekaman ruang uji", "sha256": "cd" * 32}]
    assert data["mode"] == "Tatap muka"


def test_identity_check_and_joining_only_on_the_batch_day(demo, client):
    """SE-A4.10, X-8: face to face there is no window but the batch's day: the day before, the
    identity check is refused with the day named and nothing changes; on the day it begins
    the assessment."""
    jadwal, p_k, _ = face_to_face_batch(demo)
    with time_machine.travel(jadwal.mulai - dt.timedelta(days=1), tick=False):
        client.force_login(demo["asesor"])
        response = client.post(
            url("sesi-identitas", jadwal.pk, p_k.pk), {"hasil": "sesuai", "catatan": ""}, follow=True
        )
        assert "Asesmen tatap muka berlangsung pada" in response.content.decode()
    assert Permohonan.objects.get(pk=p_k.pk).status == S.SIAP_ASESMEN
    assert not CekIdentitas.objects.exists()
    with on_the_day(jadwal, minutes=6 * 60):  # late in the day: still the session's day
        client.force_login(demo["asesor"])  # (the session's idle timer does not go back in time)
        ok(client.post(url("sesi-identitas", jadwal.pk, p_k.pk), {"hasil": "sesuai", "catatan": ""}))
    assert Permohonan.objects.get(pk=p_k.pk).status == S.ASESMEN


def test_network_drop_at_the_tuk_keeps_autosaved_answers(demo, client):
    """SE-D1.2d: the TUK's network drops in the middle of a sheet and of the timed test: what
    the autosave stored is on the page when it is opened again (the assessor's IA.01 marks and
    the candidate's IA.05 choices), and the rest is added after it; nothing is lost."""
    jadwal, p_k, _ = face_to_face_batch(demo)
    with on_the_day(jadwal):
        services.identitas_periksa(
            jadwal=jadwal, permohonan=p_k, hasil="sesuai", catatan="", actor=demo["asesor"]
        )
        ia01 = next(x for x in sheets_of(p_k) if x.instrumen.jenis == JenisIA.IA01)
        ia05 = next(x for x in sheets_of(p_k) if x.instrumen.jenis == JenisIA.IA05)

        # The assessor's IA.01: two marks autosaved, then the network drops.
        client.force_login(demo["asesor"])
        first, second, *rest = items_of(ia01)
        autosave = {"HTTP_X_AUTOSAVE": "1"}
        for b in (first, second):
            response = client.post(url("lembar", p_k.pk, ia01.pk), {f"penilaian-{b.pk}": "ya"}, **autosave)
            assert response.status_code == 200 and response.json()["saved"] == [f"penilaian-{b.pk}"]
        page = html(client.get(url("lembar", p_k.pk, ia01.pk)))  # back online: the page again
        for b in (first, second):
            assert f'name="penilaian-{b.pk}" value="ya" checked' in page
        assert dict(Isian.objects.filter(lembar=ia01).values_list("butir_id", "penilaian")) == {
            first.pk: "ya",
            second.pk: "ya",
        }

        # The candidate's IA.05: half the answers autosaved, the drop, the page again.
        client.force_login(p_k.asesi)
        ok(client.post(url("ujian", p_k.pk, ia05.pk), {"aksi": "mulai"}))
        ia05.refresh_from_db()
        order = ia05.urutan["butir"]
        keys = dict(OpsiJawaban.objects.filter(butir_id__in=order, benar=True).values_list("butir_id", "pk"))
        half = order[: len(order) // 2]
        for butir in half:
            response = client.post(
                url("ujian-jawab", p_k.pk, ia05.pk), {"butir": butir, "opsi": keys[butir]}, **autosave
            )
            assert response.json()["ok"], response.json()
        page = html(client.get(url("ujian", p_k.pk, ia05.pk)))
        for butir in half:
            assert f'name="soal-{butir}" value="{keys[butir]}" checked' in page
        assert dict(Isian.objects.filter(lembar=ia05).values_list("butir_id", "opsi_id")) == {
            b: keys[b] for b in half
        }
        done = candidate_takes_ia05(demo, Lembar.objects.get(pk=ia05.pk))
    assert done.benar == len(order)


def test_on_the_shared_tablet_a_signature_needs_the_signers_own_secret(demo):
    """SE-D1.2c: on one device each signer authenticates: the candidate's part of a record is
    refused with the assessor's (or anyone else's) password, and the assessor cannot sign
    the candidate's part at all; nothing is signed by a refusal."""
    jadwal, p_k, _ = face_to_face_batch(demo)
    with on_the_day(jadwal):
        services.identitas_periksa(
            jadwal=jadwal, permohonan=p_k, hasil="sesuai", catatan="", actor=demo["asesor"]
        )
        for x in sheets_of(p_k):
            if x.instrumen.jenis == JenisIA.IA05:
                candidate_takes_ia05(demo, x)
            else:
                assessor_sends(demo, x)
        judge_all(demo, p_k)
        dokumen = services.ak02_sign_asesor(permohonan=p_k, komentar="", actor=demo["asesor"], ttd=ttd())
        clear_own_cache()
        with pytest.raises(ServiceError):
            services.ak02_sign_asesi(permohonan=p_k, actor=p_k.asesi, ttd=ttd(DEMO_PASSWORD))
        with pytest.raises(ServiceError):
            services.ak02_sign_asesi(permohonan=p_k, actor=demo["asesor"], ttd=ttd(SARI_PASSWORD))
        assert TandaTangan.objects.filter(dokumen=dokumen, ditandatangani_pada__isnull=False).count() == 1
        services.ak02_sign_asesi(permohonan=p_k, actor=p_k.asesi, ttd=ttd(SARI_PASSWORD))
    assert Dokumen.objects.get(pk=dokumen.pk).status == Dokumen.Status.FINAL
