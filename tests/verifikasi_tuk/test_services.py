"""The TUK verification through its services (SE-A4.9, SE-A4.5, SE-A3.Kb, X-6, SE-B1.l): the
whole path from request to SK penetapan, and every refusal, each leaving nothing behind."""

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from administrasi import dossier
from administrasi import services as records
from administrasi.models import Dokumen
from administrasi.storage import record_storage
from lsp_portal import schemes
from lsp_portal.errors import ServiceError
from sdm.models import Personel
from tests.hostile_files import javascript_pdf, valid_pdf
from tuk import services as tuk_services
from tuk.models import Tuk
from verifikasi_tuk import services
from verifikasi_tuk.models import BuktiVerifikasi, ItemCeklis, Penetapan, Permintaan, Syarat

from .conftest import (
    REKAMAN,
    REKAMAN_SHA256,
    VIDEO,
    answered,
    assigned,
    evidenced,
    png_upload,
    requested,
    session_time,
    sk_issued,
    spt_signed,
    submitted,
    ttd,
    with_conditions,
)

S = Permintaan.Status


def today():
    return timezone.localdate()


def refused(match, fn, **kw):
    with pytest.raises(ServiceError, match=match) as e:
        fn(**kw)
    return e.value


def submit(vt, p, **over):
    values = {
        "permintaan": p,
        "rekomendasi": "layak",
        "temuan": "",
        "syarat": [],
        "rekaman_tautan": REKAMAN,
        "rekaman_sha256": REKAMAN_SHA256,
        "ttd": ttd(),
        "actor": vt["asesor"],
        **over,
    }
    return services.ceklis_submit(**values)


def assign(vt, p, **over):
    values = {
        "permintaan": p,
        "verifikator": vt["verifikator"],
        "tanggal": session_time(),
        "tautan_video": VIDEO,
        "signer": vt["ketua"],
        "actor": vt["manajer"],
        **over,
    }
    return services.verifikator_assign(**values)


def mandiri_tuk(admin):
    return tuk_services.tuk_create(
        actor=admin,
        kode="TUK-VT-MDR-01",
        nama="TUK Mandiri Uji Verifikasi",
        jenis="mandiri",
        alamat="Jl. Pemuda No. 7, Rawamangun",
        kota="Kota Jakarta Timur",
        provinsi="DKI Jakarta",
        kode_pos="13220",
        penanggung_jawab="Andi Saputra",
        penanggung_jawab_telepon="081277779999",
        penanggung_jawab_email="andi@uji.lsp.id",
        bandwidth_mbps=Decimal("50"),
        kamera_tersedia=True,
        ruang_sesuai=True,
    )


# --- the whole path -----------------------------------------------------------------------------


def test_whole_path_makes_the_tuk_verified_for_its_scheme_until_the_sk_date(vt):
    """SE-A4.9: request → SPT → checklist → BA (sesuai) → SK; the TUK is verified for the
    requested scheme only, until the SK's date, and not the day after."""
    skema_id = vt["skema"].pk
    assert not vt["tuk"].is_verified_on(today(), skema_id=skema_id)
    penetapan = sk_issued(vt, days=30)
    until = today() + dt.timedelta(days=30)
    tuk = Tuk.objects.get(pk=vt["tuk"].pk)
    assert penetapan.berlaku_sampai == until and penetapan.skema_ids == [skema_id]
    assert tuk.is_verified_on(today(), skema_id=skema_id) and tuk.is_verified_on(until, skema_id=skema_id)
    assert not tuk.is_verified_on(until + dt.timedelta(days=1), skema_id=skema_id)
    assert Permintaan.objects.get(pk=penetapan.permintaan_id).status == S.DITETAPKAN


def test_renewal_with_a_new_request_and_sk_extends_the_verification(vt):
    """SE-A4.9: verification ends at the SK's date; a renewal (perpanjangan) extends it."""
    sk_issued(vt, days=20)
    later = today() + dt.timedelta(days=60)
    assert not Tuk.objects.get(pk=vt["tuk"].pk).is_verified_on(later, skema_id=vt["skema"].pk)
    renewal = requested(vt, jenis="perpanjangan")
    sk_issued(vt, submitted(vt, evidenced(vt, answered(vt, spt_signed(vt, assigned(vt, renewal))))), days=60)
    tuk = Tuk.objects.get(pk=vt["tuk"].pk)
    assert tuk.berlaku_sampai == later and tuk.is_verified_on(later, skema_id=vt["skema"].pk)
    assert Penetapan.objects.filter(tuk=tuk).count() == 2


def test_records_are_kept_for_the_schemes_validity_and_the_dossier_holds_spt_ba_sk(
    vt, django_capture_on_commit_callbacks
):
    """SE-A3.Kb, SE-B1.l: the SPT, BA and SK are the request's records, kept at least the
    scheme's certificate validity, and the request's dossier packs all three."""
    with django_capture_on_commit_callbacks(execute=True):  # the PDFs render after commit
        penetapan = sk_issued(vt)
    p = Permintaan.objects.select_related("spt", "berita_acara").get(pk=penetapan.permintaan_id)
    years = schemes.get(vt["skema"].pk).masa_berlaku_tahun
    keep = records.add_years(today(), years)
    sk = Dokumen.objects.get(pk=penetapan.dokumen_id)
    for dokumen in (p.spt, p.berita_acara, sk):
        dokumen.refresh_from_db()
        assert dokumen.status == Dokumen.Status.FINAL and dokumen.retained_until >= keep
    assert penetapan.retained_until >= keep
    with django_capture_on_commit_callbacks(execute=True):
        ekspor = dossier.dossier_request(subject=p, actor=vt["admin"])
    ekspor.refresh_from_db()
    if ekspor.dokumen_id is None:  # the task did not run eagerly here: build it as the worker does
        assert dossier.dossier_build(ekspor_id=ekspor.pk) is True
        ekspor.refresh_from_db()
    with record_storage().open(ekspor.dokumen.pdf.name) as fh:
        archive = zipfile.ZipFile(io.BytesIO(fh.read()))
    manifest = json.loads(archive.read("manifest.json"))
    kinds = sorted(e["jenis"] for e in manifest["dokumen"])
    assert kinds == sorted([services.SPT_KIND, services.BA_KIND, services.SK_KIND])


# --- request and assignment ---------------------------------------------------------------------


def test_a_second_open_request_for_the_tuk_is_refused(vt):
    requested(vt)
    refused("sudah memiliki permintaan verifikasi", requested, vt=vt)
    assert Permintaan.objects.filter(tuk=vt["tuk"]).count() == 1


def _unassigned(p):
    p.refresh_from_db()
    assert p.status == S.DIAJUKAN and p.spt_id is None and p.verifikator_id is None
    assert not p.ceklis.exists()


def test_a_verifier_with_a_declared_conflict_is_refused(vt):
    """X-6: a conflict with the TUK keeps the verifier off it; nothing saved."""
    p = requested(vt)
    services.konflik_declare(
        personel=vt["verifikator"], tuk=vt["tuk"], alasan="Mantan karyawan TUK", actor=vt["manajer"]
    )
    e = refused("benturan kepentingan", assign, vt=vt, p=p)
    assert "Mantan karyawan TUK" in str(e)
    _unassigned(p)


def test_the_tuks_own_manager_cannot_verify_it(vt):
    """X-6: the TUK is not verified by its own manager."""
    p = requested(vt)
    Tuk.objects.filter(pk=vt["tuk"].pk).update(pengelola=vt["asesor"])
    refused("pengelola TUK", assign, vt=vt, p=p)
    _unassigned(p)


def test_inactive_personnel_a_past_time_and_a_plain_http_link_are_refused(vt):
    p = requested(vt)
    Personel.objects.filter(pk=vt["verifikator"].pk).update(aktif_sampai=today())
    refused("tidak aktif", assign, vt=vt, p=p, verifikator=Personel.objects.get(pk=vt["verifikator"].pk))
    Personel.objects.filter(pk=vt["verifikator"].pk).update(aktif_sampai=None)
    refused("yang akan datang", assign, vt=vt, p=p, tanggal=timezone.now() - dt.timedelta(hours=1))
    refused("https://", assign, vt=vt, p=p, tautan_video="http://meet.example.id/x")
    _unassigned(p)


# --- the checklist --------------------------------------------------------------------------------


def _all_answers(p, hasil="sesuai"):
    answers = {}
    for item in p.ceklis.all():
        answers[item.pk] = {"hasil": hasil}
        if item.minimal is not None:
            answers[item.pk]["nilai"] = str(item.minimal)
    return answers


def test_the_checklist_waits_for_the_signed_spt_and_is_the_verifiers_only(vt):
    p = assigned(vt)
    refused(
        "SPT verifikasi TUK belum ditandatangani",
        services.ceklis_save,
        permintaan=p,
        answers=_all_answers(p),
        actor=vt["asesor"],
    )
    refused(
        "SPT verifikasi TUK belum ditandatangani",
        services.bukti_add,
        permintaan=p,
        upload=png_upload(),
        jenis="foto",
        judul="",
        actor=vt["asesor"],
    )
    p = spt_signed(vt, p)
    refused(
        "Hanya verifikator", services.ceklis_save, permintaan=p, answers=_all_answers(p), actor=vt["manajer"]
    )
    refused(
        "Hanya verifikator",
        services.bukti_add,
        permintaan=p,
        upload=png_upload(),
        jenis="foto",
        judul="",
        actor=vt["tuk"].pengelola,
    )
    assert not p.ceklis.exclude(hasil="").exists() and not p.bukti.exists()


def test_unanswered_lines_are_named_and_the_submission_refused(vt):
    p = evidenced(vt, spt_signed(vt))
    first, *rest = list(p.ceklis.all())
    answers = _all_answers(p)
    del answers[first.pk]
    services.ceklis_save(permintaan=p, answers=answers, actor=vt["asesor"])
    problems = services.ceklis_problems(p)
    assert problems == [f"{vt['skema'].kode}: {first.aspek} belum dijawab."]
    e = refused("Ceklis belum lengkap", submit, vt=vt, p=p)
    assert first.aspek in str(e)
    p.refresh_from_db()
    assert p.status == S.DITUGASKAN and p.berita_acara_id is None and not p.syarat.exists()


def test_a_value_below_the_minimum_cannot_be_sesuai(vt):
    p = evidenced(vt)
    internet = p.ceklis.get(kategori=ItemCeklis.Kategori.INTERNET)
    services.ceklis_save(
        permintaan=p, answers={internet.pk: {"hasil": "sesuai", "nilai": "4,5"}}, actor=vt["asesor"]
    )
    assert any("di bawah minimal" in m for m in services.ceklis_problems(p))
    refused("di bawah minimal", submit, vt=vt, p=p)
    services.ceklis_save(permintaan=p, answers={internet.pk: {"hasil": "tidak_sesuai"}}, actor=vt["asesor"])
    assert services.ceklis_problems(p) == []


def test_a_value_that_is_not_a_number_is_refused_and_nothing_saved(vt):
    p = spt_signed(vt)
    internet = p.ceklis.get(kategori=ItemCeklis.Kategori.INTERNET)
    ruang = p.ceklis.get(kategori=ItemCeklis.Kategori.RUANG)
    e = refused(
        "isi dengan angka",
        services.ceklis_save,
        permintaan=p,
        answers={ruang.pk: {"hasil": "sesuai"}, internet.pk: {"hasil": "sesuai", "nilai": "cepat"}},
        actor=vt["asesor"],
    )
    assert e.field == f"nilai-{internet.pk}"
    ruang.refresh_from_db()
    internet.refresh_from_db()
    assert ruang.hasil == "" and internet.hasil == "" and internet.nilai is None


def test_no_photo_and_no_speed_test_are_refused(vt):
    p = answered(vt)
    e = refused("Ceklis belum lengkap", submit, vt=vt, p=p)
    assert "Unggah paling sedikit satu foto" in str(e) and "uji kecepatan" in str(e)
    services.bukti_add(permintaan=p, upload=png_upload(), jenis="foto", judul="Ruang", actor=vt["asesor"])
    e = refused("uji kecepatan", submit, vt=vt, p=p)
    assert "foto" not in str(e)


def test_the_recommendation_must_agree_with_the_checklist_and_its_conditions(vt):
    p = evidenced(vt)
    refused("paling sedikit satu syarat", submit, vt=vt, p=p, rekomendasi="bersyarat")
    refused("Syarat hanya untuk", submit, vt=vt, p=p, syarat=["Pasang APAR."])
    refused("tautan rekaman", submit, vt=vt, p=p, rekaman_tautan="http://drive.example.id/r.mp4")
    refused("64 karakter heksadesimal", submit, vt=vt, p=p, rekaman_sha256="abc")
    ruang = p.ceklis.get(kategori=ItemCeklis.Kategori.RUANG)
    services.ceklis_save(permintaan=p, answers={ruang.pk: {"hasil": "tidak_sesuai"}}, actor=vt["asesor"])
    refused("Ada item yang tidak sesuai", submit, vt=vt, p=p, rekomendasi="layak")
    p.refresh_from_db()
    assert p.status == S.DITUGASKAN and p.berita_acara_id is None and not p.syarat.exists()
    assert not Dokumen.objects.filter(jenis__kode=services.BA_KIND, subject_id=str(p.pk)).exists()


@pytest.mark.parametrize(
    "name, content, kind, message",
    [
        ("catatan.txt", b"bukan gambar", "text/plain", "Berkas bukti"),
        ("ruang.pdf", None, "application/pdf", "berisi JavaScript"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused_and_nothing_stored(vt, name, content, kind, message):
    """Bad input: evidence is checked by content; a refused file leaves no row and no file."""
    from django.core.files.storage import default_storage

    p = spt_signed(vt)
    folder = f"verifikasi_tuk/{p.pk}"
    upload = SimpleUploadedFile(name, content if content is not None else javascript_pdf(), content_type=kind)
    refused(
        message, services.bukti_add, permintaan=p, upload=upload, jenis="foto", judul="", actor=vt["asesor"]
    )
    assert not BuktiVerifikasi.objects.filter(permintaan=p).exists()
    assert not default_storage.exists(folder) or default_storage.listdir(folder) == ([], [])


# --- conditions -----------------------------------------------------------------------------------


def test_the_condition_loop_ends_sesuai_when_every_condition_is_accepted(vt):
    p = with_conditions(vt)
    assert p.status == S.TINDAK_LANJUT
    syarat = p.syarat.get()
    tuk_user = vt["tuk"].pengelola
    refused(
        "Unggah paling sedikit satu bukti",
        services.syarat_submit,
        syarat=syarat,
        tanggapan="",
        actor=tuk_user,
    )
    services.syarat_bukti_add(syarat=syarat, upload=png_upload("apar.png"), judul="APAR", actor=tuk_user)
    services.syarat_submit(syarat=syarat, tanggapan="APAR terpasang.", actor=tuk_user)
    refused(
        "Tulis apa yang masih kurang",
        services.syarat_review,
        syarat=syarat,
        terima=False,
        catatan="",
        actor=vt["asesor"],
    )
    syarat = services.syarat_review(syarat=syarat, terima=False, catatan="Foto buram.", actor=vt["asesor"])
    assert syarat.status == Syarat.Status.TERBUKA
    services.syarat_bukti_add(syarat=syarat, upload=png_upload("apar2.png"), judul="APAR", actor=tuk_user)
    services.syarat_submit(syarat=syarat, tanggapan="Foto baru.", actor=tuk_user)
    services.syarat_review(syarat=syarat, terima=True, catatan="", actor=vt["asesor"])
    p.refresh_from_db()
    assert p.status == S.SESUAI
    assert sk_issued(vt, p).permintaan_id == p.pk


def test_an_open_condition_blocks_the_sk(vt):
    p = with_conditions(vt)
    e = refused(
        "masih ada syarat",
        services.sk_issue,
        permintaan=p,
        berlaku_sampai=today() + dt.timedelta(days=30),
        ttd=ttd(),
        actor=vt["ketua"],
    )
    assert e.code == "syarat_terbuka"
    assert not Penetapan.objects.filter(tuk=vt["tuk"]).exists() and p.syarat.get().status == "terbuka"


def test_failed_follow_up_ends_tidak_sesuai_and_the_sk_is_refused(vt):
    p = with_conditions(vt)
    refused("Tulis alasan", services.tindak_lanjut_gagal, permintaan=p, alasan="", actor=vt["asesor"])
    p = services.tindak_lanjut_gagal(permintaan=p, alasan="Batas waktu lewat.", actor=vt["asesor"])
    assert p.status == S.TIDAK_SESUAI
    e = refused(
        "hasil verifikasi TUK ini tidak sesuai",
        services.sk_issue,
        permintaan=p,
        berlaku_sampai=today() + dt.timedelta(days=30),
        ttd=ttd(),
        actor=vt["ketua"],
    )
    assert e.code == "tidak_sesuai"
    assert not Penetapan.objects.filter(tuk=vt["tuk"]).exists()
    assert not Tuk.objects.get(pk=vt["tuk"].pk).is_verified_on(today())


# --- SK penetapan ---------------------------------------------------------------------------------


def _nothing_issued(vt, p):
    p.refresh_from_db()
    assert p.status == S.SESUAI
    assert not Penetapan.objects.filter(tuk=p.tuk).exists()
    assert not Dokumen.objects.filter(jenis__kode=services.SK_KIND, subject_id=str(p.pk)).exists()
    assert not Tuk.objects.get(pk=p.tuk_id).is_verified_on(today())


def test_sk_for_a_tuk_sewaktu_is_at_most_90_days(vt):
    p = submitted(vt)
    assert services.berlaku_maksimal(vt["tuk"]) == today() + dt.timedelta(days=90)
    refused(
        "paling lama sampai",
        services.sk_issue,
        permintaan=p,
        berlaku_sampai=today() + dt.timedelta(days=91),
        ttd=ttd(),
        actor=vt["ketua"],
    )
    refused(
        "setelah hari ini",
        services.sk_issue,
        permintaan=p,
        berlaku_sampai=today(),
        ttd=ttd(),
        actor=vt["ketua"],
    )
    _nothing_issued(vt, p)
    sk = services.sk_issue(
        permintaan=p, berlaku_sampai=today() + dt.timedelta(days=90), ttd=ttd(), actor=vt["ketua"]
    )
    assert sk.berlaku_sampai == today() + dt.timedelta(days=90)


def test_sk_for_a_tuk_mandiri_is_at_most_three_years(vt):
    tuk = mandiri_tuk(vt["admin"])
    p = submitted(
        vt,
        evidenced(vt, answered(vt, spt_signed(vt, assigned(vt, requested(vt, tuk=tuk, actor=vt["admin"]))))),
    )
    latest = records.add_years(today(), 3)
    assert services.berlaku_maksimal(tuk) == latest
    refused(
        "TUK Mandiri diverifikasi ulang",
        services.sk_issue,
        permintaan=p,
        berlaku_sampai=latest + dt.timedelta(days=1),
        ttd=ttd(),
        actor=vt["ketua"],
    )
    _nothing_issued(vt, p)
    assert (
        services.sk_issue(permintaan=p, berlaku_sampai=latest, ttd=ttd(), actor=vt["ketua"]).berlaku_sampai
        == latest
    )


def test_sk_with_a_wrong_password_leaves_nothing(vt):
    p = submitted(vt)
    with pytest.raises(ServiceError):
        services.sk_issue(
            permintaan=p, berlaku_sampai=today() + dt.timedelta(days=30), ttd=ttd("salah"), actor=vt["ketua"]
        )
    _nothing_issued(vt, p)


def _external(vt, **over):
    values = {
        "tuk": vt["tuk"],
        "nomor": "SK/TUK/2026/017",
        "tanggal": today(),
        "skema_ids": [vt["skema"].pk],
        "berlaku_sampai": today() + dt.timedelta(days=60),
        "berkas": SimpleUploadedFile("sk.pdf", valid_pdf("SK penetapan"), content_type="application/pdf"),
        "actor": vt["admin"],
        **over,
    }
    return services.penetapan_record_external(**values)


def test_an_external_sk_pdf_only_not_in_the_future_and_once(vt):
    refused(
        "bukan berkas PDF",
        _external,
        vt=vt,
        berkas=SimpleUploadedFile("sk.png", png_upload().read(), content_type="image/png"),
    )
    refused(
        "berisi JavaScript",
        _external,
        vt=vt,
        berkas=SimpleUploadedFile("sk.pdf", javascript_pdf(), content_type="application/pdf"),
    )
    refused("tidak boleh setelah hari ini", _external, vt=vt, tanggal=today() + dt.timedelta(days=1))
    assert not Penetapan.objects.filter(tuk=vt["tuk"]).exists()
    assert not Tuk.objects.get(pk=vt["tuk"].pk).is_verified_on(today())
    penetapan = _external(vt)
    assert penetapan.di_luar_sistem and len(penetapan.sha256) == 64
    assert Tuk.objects.get(pk=vt["tuk"].pk).is_verified_on(today(), skema_id=vt["skema"].pk)
    refused("sudah tercatat", _external, vt=vt, nomor="sk/tuk/2026/017")
    assert Penetapan.objects.filter(tuk=vt["tuk"]).count() == 1


def test_the_service_asks_the_same_rights_as_the_pages(vt):
    """SE-A4.4, SE-A4.9: assigning (Manajer/Ketua), cancelling (staff), issuing the SK (Ketua)
    and recording an outside SK (manage_tuk) are refused by the service too, whoever calls."""
    import datetime as dt

    from django.utils import timezone

    from lsp_portal.errors import ServiceError
    from verifikasi_tuk import services

    from .conftest import VIDEO, at_sesuai, pdf_upload, requested, session_time, ttd

    p = requested(vt)
    with pytest.raises(ServiceError, match="Manajer Sertifikasi atau Ketua"):
        services.verifikator_assign(
            permintaan=p,
            verifikator=vt["verifikator"],
            tanggal=session_time(),
            tautan_video=VIDEO,
            signer=vt["ketua"],
            actor=vt["tuk"].pengelola,
        )
    with pytest.raises(ServiceError, match="membatalkan"):
        services.permintaan_cancel(permintaan=p, alasan="Uji", actor=vt["asesor"])
    services.permintaan_cancel(permintaan=p, alasan="Uji", actor=vt["manajer"])
    sesuai = at_sesuai(vt)
    with pytest.raises(ServiceError, match="Ketua LSP"):
        services.sk_issue(
            permintaan=sesuai,
            berlaku_sampai=timezone.localdate() + dt.timedelta(days=30),
            ttd=ttd(),
            actor=vt["manajer"],
        )
    with pytest.raises(ServiceError, match="mencatat SK"):
        services.penetapan_record_external(
            tuk=vt["tuk"],
            nomor="SK-LUAR/1",
            tanggal=timezone.localdate(),
            skema_ids=[vt["skema"].pk],
            berlaku_sampai=timezone.localdate() + dt.timedelta(days=30),
            berkas=pdf_upload(),
            actor=vt["manajer"],
        )
