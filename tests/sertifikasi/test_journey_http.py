"""Issue 11 "Done when": the whole certification journey through HTTP only, as the personas
(a new applicant who signs up, the Admin LSP, the Manajer Sertifikasi, the Ketua, the
assessor), from the sign-up page to a final FR.AK.01 (status siap_asesmen).

Every step is a request to the page a person uses (the Django test client; force_login at a
change of persona), every signature a POST of the page's signing form with the signer's
password. Along the way: the status badge and the stepper's current step on the applicant's
page, the notification the next actor received (and the bell's count), the records listed on
the applicant's page, and the NIK masked for the assessor.
"""

import datetime as dt
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from administrasi.models import Dokumen
from akun import privasi
from akun.models import User
from akun.permissions import has_role
from lsp_portal.models import Notifikasi
from muk.models import KUK, Elemen, PersyaratanDasar
from sertifikasi import services
from sertifikasi.identitas import samarkan_nik
from sertifikasi.models import Jadwal, JadwalAsesor, Permohonan, PutaranVerifikasi
from sertifikasi.services.permohonan import persyaratan_wajib

from .conftest import DEMO_PASSWORD, LAHIR_L, NIK_L, common_potensi, full_plan, pdf_upload, png_upload

S = Permohonan.Status
EMAIL = "rudi.hartono@contoh.id"
PASSWORD = "Sandi#Asesi2026"  # the new applicant's own password: their signatures use it

APL01 = {
    "nama": "Rudi Hartono",
    "kewarganegaraan": "wni",
    "nik": NIK_L,
    "tempat_lahir": "Jakarta",
    "tanggal_lahir": LAHIR_L.isoformat(),
    "jenis_kelamin": "L",
    "alamat": "Jl. Kebon Sirih No. 5, Jakarta Pusat",
    "kode_pos": "10340",
    "nomor_hp": "081299990000",
    "email": EMAIL,
    "pendidikan": "d3",
    "pekerjaan_institusi": "CV Web Nusantara",
    "pekerjaan_jabatan": "Pengembang web",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}


# --- reading the pages -------------------------------------------------------------------------


def html(response) -> str:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return response.content.decode()


def badge(page: str) -> str:
    """The status badge under the page's title."""
    return re.search(r"</h1>\s*<p>.*?<span class=\"badge[^\"]*\">([^<]+)</span>", page, re.S).group(1)


def current_step(page: str) -> str:
    """The stepper's step marked aria-current."""
    return re.search(
        r'<li class="step step-\w+" aria-current="step">.*?<span class="step-label">([^<]+)</span>',
        page,
        re.S,
    ).group(1)


def bell(page: str) -> str:
    return re.search(r'<a class="bell"[^>]* aria-label="([^"]+)"', page).group(1)


def records(page: str) -> list[tuple[str, int, str]]:
    """(kind code, version, status label) of each record the application's page lists."""
    section = page.split('id="h-dokumen"', 1)[1].split("</section>", 1)[0]
    return [
        (kode, int(versi), status)
        for kode, versi, status in re.findall(
            r'<span class="mono">([^<]+)</span>.*?versi (\d+) .*?<span class="badge[^"]*">([^<]+)</span>',
            section,
            re.S,
        )
    ]


def messages_of(page: str) -> str:
    return " ".join(re.findall(r'class="message[^"]*"[^>]*>(.*?)</', page, re.S))


def notified(user, judul: str) -> Notifikasi:
    return Notifikasi.objects.get(penerima=user, judul=judul)


def signing(secret=PASSWORD, prefix="") -> dict:
    return {f"{prefix}secret": secret, f"{prefix}consent": "on"}


def follow(client, response) -> str:
    """The page a POST redirected to (PRG): status 302, then the page."""
    assert response.status_code == 302, response.content.decode()[:3000]
    return html(client.get(response["Location"]))


def verification_post(p, *, hasil, fail=None, catatan="") -> dict:
    """The verification page's POST: every item memenuhi but the keys of `fail` ({kunci: note})."""
    fail = fail or {}
    data = {"hasil": hasil, "catatan": catatan, **signing(DEMO_PASSWORD, "ttd-")}
    for item in services.verification_items(p):
        slug = item["kunci"].replace(":", "-")
        data[f"m-{slug}"] = "tidak" if item["kunci"] in fail else "ya"
        data[f"n-{slug}"] = fail.get(item["kunci"], "")
    return data


# --- the forms of the steps (shared with test_journey_certificate_http.py) -----------------------


def apl02_answers(skema) -> dict:
    """The FR.APL.02 page's POST: every KUK K, a piece of evidence per element."""
    kuk = KUK.objects.filter(elemen__unit__skema=skema)
    elemen = Elemen.objects.filter(unit__skema=skema)
    return {f"kuk-{k.pk}": "K" for k in kuk} | {f"bukti-{e.pk}": "Proyek toko daring 2025" for e in elemen}


def batch_form(demo, **over) -> dict:
    """The new-batch page's POST: a face-to-face batch in two weeks at the demo TUK, 08.00–16.00,
    the SPT for the Ketua; `over` replaces any field."""
    mulai = timezone.localdate() + dt.timedelta(days=14)
    return {
        "nama": "Batch JWD uji perjalanan",
        "skema": demo["skema"].pk,
        "mode": "tatap_muka",
        "tuk": demo["tuk"].pk,
        "mulai_0": mulai.isoformat(),
        "mulai_1": "08:00",
        "selesai_0": mulai.isoformat(),
        "selesai_1": "16:00",
        "kuota": "5",
        "tautan_video": "",
        "penandatangan_spt": demo["ketua"].pk,
        **over,
    }


def plan_form(p, secret=DEMO_PASSWORD, *, pilihan=None, alasan="") -> dict:
    """The plan page's POST for the common potential, signed by the assessor: the full plan,
    or `pilihan` ({unit id: {"metode": [...], "instrumen": [...]}}) narrowed with `alasan`."""
    potensi = common_potensi(p)
    plan = {"potensi": potensi, "alasan": alasan, **signing(secret)}
    for unit_id, choice in (pilihan or full_plan(p, potensi)).items():
        plan[f"metode-{unit_id}"] = choice["metode"]
        plan[f"instrumen-{unit_id}"] = choice["instrumen"]
    return plan


# --- the journey -------------------------------------------------------------------------------


def test_a_new_applicant_goes_from_sign_up_to_a_signed_ak01_through_the_pages_of_every_persona(demo, client):
    """SE-A4.7 SE-A4.8a SE-A4.8b SE-A4.8c SE-D1.2a SE-D1.2b SE-D1.2c SE-E3 X-6 X-10: sign-up
    with e-mail confirmation, FR.APL.01 (autosave, save, evidence, consent and signature),
    a return of one item and its correction, acceptance, FR.APL.02, the batch with its
    assessor, SPT and candidate, the Ketua's signature on the SPT, the assessor's
    confirmation, review, plan and FR.AK.01 proposal, and FR.AK.01 signed by the applicant
    then the assessor: siap_asesmen. Each actor is told by a notification when it is their
    turn; the applicant always sees their step; the assessor never sees the full NIK."""
    skema, admin, manajer, ketua, asesor = (
        demo["skema"],
        demo["admin"],
        demo["manajer"],
        demo["ketua"],
        demo["asesor"],
    )

    # 1. Sign-up (allauth) and the confirmation link from the e-mail: the account is an Asesi.
    response = client.post(
        reverse("account_signup"),
        {
            "nama_lengkap": "Rudi Hartono",
            "email": EMAIL,
            "nomor_hp": "081299990000",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/akun/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    assert client.post(link).status_code == 302
    asesi = User.objects.get(email=EMAIL)
    assert has_role(asesi, "asesi") and asesi.emailaddress_set.get().verified
    assert client.session["_auth_user_id"] == str(asesi.pk)  # confirming signed them in

    # 2. A draft for the demo scheme; the form offers remote mode (the scheme has BNSP's approval).
    page = html(client.get(reverse("sertifikasi:permohonan-baru")))
    assert skema.kode in page
    response = client.post(reverse("sertifikasi:permohonan-baru"), {"skema": skema.pk})
    p = Permohonan.objects.get(asesi=asesi)
    assert response["Location"] == reverse("sertifikasi:permohonan-ubah", args=[p.pk])
    page = html(client.get(response["Location"]))
    assert "disetujui BNSP untuk asesmen jarak jauh" in page  # SE-E3: remote offered only when approved
    assert current_step(page) == "Permohonan (FR.APL.01)"

    # FR.APL.01: the autosave request (as autosave.js posts it), then "Simpan" with the rest.
    ubah = reverse("sertifikasi:permohonan-ubah", args=[p.pk])
    answer = client.post(ubah, {"tempat_lahir": "Jakarta", "nik": "3171"}, HTTP_X_AUTOSAVE="1")
    assert answer.status_code == 200
    assert (
        answer.json()["saved"] == ["tempat_lahir"] and "nik" in answer.json()["errors"]
    )  # a bad NIK is not stored
    page = follow(client, client.post(ubah, APL01))
    assert "Tersimpan:" in page
    p.refresh_from_db()
    assert (p.nama, p.nik, p.tanggal_lahir, p.jenis_kelamin) == ("Rudi Hartono", NIK_L, LAHIR_L, "L")

    # Evidence: every mandatory administrative requirement and one basic requirement.
    persyaratan = list(PersyaratanDasar.objects.filter(skema=skema).order_by("urutan", "pk"))
    mandatory = [r for r in persyaratan if persyaratan_wajib(r)]
    basic = next(r for r in persyaratan if r.jenis != PersyaratanDasar.Jenis.ADMINISTRATIF)
    for n, r in enumerate([*mandatory, basic]):
        upload = png_upload(f"foto-{n}.png") if "foto" in r.teks.lower() else pdf_upload(f"bukti-{n}.pdf")
        page = follow(
            client, client.post(reverse("sertifikasi:bukti-unggah", args=[p.pk, r.pk]), {"berkas": upload})
        )
        assert f"Bukti “{r.teks}” tersimpan" in page
    ktp = mandatory[0]

    # Submit: nothing missing, consent to the privacy notice in force, signature.
    ajukan = reverse("sertifikasi:permohonan-ajukan", args=[p.pk])
    page = html(client.get(ajukan))
    assert "Belum dapat diajukan" not in page
    versi = privasi.kebijakan_terkini().versi
    page = follow(client, client.post(ajukan, {"privasi": "on", "privasi_versi": versi, **signing()}))
    assert badge(page) == "Menunggu verifikasi"
    assert current_step(page) == "Verifikasi oleh Admin LSP"
    assert records(page) == [("FR.APL.01", 1, "Final")]
    p.refresh_from_db()
    assert (p.status, p.privasi_versi, p.putaran) == (S.DIAJUKAN, versi, 1)  # the consent kept
    note = notified(admin, "Permohonan menunggu verifikasi")
    assert note.url == reverse("sertifikasi:verifikasi", args=[p.pk])
    # SE-A4.7: no step skipped: FR.APL.02 cannot be signed before the verification, and the
    # assessor sees nothing of a candidate not (yet) in their batch.
    assert client.post(reverse("sertifikasi:apl02-ajukan", args=[p.pk]), signing()).status_code == 403
    client.force_login(asesor)
    assert client.get(p.get_absolute_url()).status_code == 404

    # 3. The Admin LSP sees the full NIK, returns the KTP with a note.
    client.force_login(admin)
    page = html(client.get(note.url))
    assert NIK_L in page
    assert bell(page).startswith("Notifikasi, ") and "belum dibaca" in bell(page)
    key = f"persyaratan:{ktp.pk}"
    page = follow(
        client,
        client.post(
            note.url, verification_post(p, hasil="dikembalikan", fail={key: "KTP buram, unggah ulang"})
        ),
    )
    assert "Permohonan dikembalikan" in page

    # 4. The applicant fixes only the KTP and resubmits (round 2, FR.APL.01 version 2).
    client.force_login(asesi)
    note = notified(asesi, "Permohonan dikembalikan: perbaiki lalu ajukan lagi")
    page = html(client.get(note.url))
    assert badge(page) == "Dikembalikan untuk diperbaiki"
    assert current_step(page) == "Permohonan (FR.APL.01)"
    assert (
        bell(page)
        == f"Notifikasi, {Notifikasi.objects.filter(penerima=asesi, dibaca_pada=None).count()} belum dibaca"
    )
    page = html(client.get(ubah))
    assert "KTP buram, unggah ulang" in page
    assert 'name="nama"' not in page  # the data sections were not returned: read-only
    other = mandatory[1]
    page = follow(
        client,
        client.post(reverse("sertifikasi:bukti-unggah", args=[p.pk, other.pk]), {"berkas": pdf_upload()}),
    )
    assert "Berkas tidak disimpan" in page  # an item that was not returned stays as it was
    page = follow(
        client,
        client.post(
            reverse("sertifikasi:bukti-unggah", args=[p.pk, ktp.pk]), {"berkas": pdf_upload("ktp-jelas.pdf")}
        ),
    )
    assert f"Bukti “{ktp.teks}” tersimpan (ktp-jelas.pdf)" in page
    client.post(ubah, {**APL01, "nama": "Rudi Diganti"})  # not editable now: nothing changes
    p.refresh_from_db()
    assert p.nama == "Rudi Hartono"
    page = follow(client, client.post(ajukan, {"privasi": "on", "privasi_versi": versi, **signing()}))
    assert badge(page) == "Menunggu verifikasi"
    assert records(page)[0] == ("FR.APL.01", 2, "Final")

    # 5. The Admin LSP accepts round 2 (round 1 is kept).
    client.force_login(admin)
    p.refresh_from_db()
    page = html(client.get(reverse("sertifikasi:verifikasi", args=[p.pk])))
    assert "Putaran 1: Dikembalikan untuk diperbaiki" in page
    follow(
        client,
        client.post(reverse("sertifikasi:verifikasi", args=[p.pk]), verification_post(p, hasil="diterima")),
    )
    assert list(PutaranVerifikasi.objects.filter(permohonan=p).values_list("nomor", "hasil")) == [
        (1, "dikembalikan"),
        (2, "diterima"),
    ]

    # 6. The applicant fills FR.APL.02 (every KUK K) and signs it.
    client.force_login(asesi)
    note = notified(asesi, "Permohonan diterima: isi asesmen mandiri")
    apl02 = reverse("sertifikasi:apl02", args=[p.pk])
    assert note.url == apl02
    page = html(client.get(reverse("sertifikasi:permohonan", args=[p.pk])))
    assert badge(page) == "Asesmen mandiri"
    assert current_step(page) == "Asesmen mandiri (FR.APL.02)"
    kuk = KUK.objects.filter(elemen__unit__skema=skema)
    assert f"0 dari {kuk.count()} KUK dijawab" in html(client.get(apl02))
    follow(client, client.post(apl02, apl02_answers(skema)))
    assert f"{kuk.count()} dari {kuk.count()} KUK dijawab" in html(client.get(apl02))
    page = follow(client, client.post(reverse("sertifikasi:apl02-ajukan", args=[p.pk]), signing()))
    assert badge(page) == "Menunggu jadwal"
    assert current_step(page) == "Jadwal asesmen"
    assert ("FR.APL.02", 1, "Final") in records(page)

    # 7. The Manajer: a batch, the demo assessor (the SPT is issued), the candidate.
    client.force_login(manajer)
    assert notified(manajer, "Asesi siap dijadwalkan")
    batch = batch_form(demo)
    refused = client.post(reverse("sertifikasi:jadwal-baru"), {**batch, "mode": "jarak_jauh"})
    assert "Asesmen jarak jauh memerlukan tautan konferensi video." in html(refused)  # nothing created
    response = client.post(reverse("sertifikasi:jadwal-baru"), batch)
    jadwal = Jadwal.objects.get(nama="Batch JWD uji perjalanan")
    assert response["Location"] == jadwal.get_absolute_url()
    page = html(client.get(reverse("sertifikasi:jadwal-asesor", args=[jadwal.pk])))
    assert demo["asesor_profil"].personel.nama in page
    follow(
        client,
        client.post(
            reverse("sertifikasi:jadwal-asesor", args=[jadwal.pk]), {"asesor": demo["asesor_profil"].pk}
        ),
    )
    jadwal.refresh_from_db()
    assert jadwal.spt.status == Dokumen.Status.DRAFT
    page = html(client.get(reverse("sertifikasi:jadwal-peserta", args=[jadwal.pk])))
    assert "Rudi Hartono" in page
    follow(client, client.post(reverse("sertifikasi:jadwal-peserta", args=[jadwal.pk]), {"peserta": p.pk}))
    p.refresh_from_db()
    assert (p.status, p.jadwal_id, p.asesor_id) == (S.DIJADWALKAN, jadwal.pk, demo["asesor_profil"].pk)

    client.force_login(asesi)
    notified(asesi, "Anda dijadwalkan asesmen")
    page = html(client.get(p.get_absolute_url()))
    assert badge(page) == "Terjadwal"
    assert current_step(page) == "Reviu APL.02 oleh asesor"
    assert "Batch JWD uji perjalanan" in page

    # 8. The Ketua signs the SPT on the records engine's signing page.
    client.force_login(ketua)
    note = notified(ketua, "SPT asesor menunggu tanda tangan")
    sign_spt = reverse("administrasi:dokumen-sign", args=[jadwal.spt_id])
    html(client.get(sign_spt))
    assert client.post(sign_spt, signing(DEMO_PASSWORD)).status_code == 302
    jadwal.spt.refresh_from_db()
    assert jadwal.spt.status == Dokumen.Status.FINAL

    # 9. The assessor: confirms the SPT, sees the candidate with the NIK masked, reviews
    # APL.02 (dapat), signs the plan, proposes FR.AK.01.
    client.force_login(asesor)
    notified(asesor, "Penugasan asesmen baru")
    follow(client, client.post(reverse("sertifikasi:spt-konfirmasi", args=[jadwal.pk])))
    assert JadwalAsesor.objects.get(jadwal=jadwal).dikonfirmasi_pada is not None
    note = notified(asesor, "Tinjau asesmen mandiri asesi")
    page = html(client.get(p.get_absolute_url()))
    assert samarkan_nik(NIK_L) in page and NIK_L not in page
    assert "Nyatakan benturan kepentingan" in page  # the assessor can declare a conflict
    page = html(client.get(note.url))
    assert NIK_L not in page
    page = follow(
        client, client.post(note.url, {"rekomendasi": "dapat", "catatan": "", **signing(DEMO_PASSWORD)})
    )
    assert badge(page) == "Pra-asesmen"
    assert NIK_L not in page

    rencana = reverse("sertifikasi:rencana", args=[p.pk])
    html(client.get(rencana, {"potensi": common_potensi(p)}))
    follow(client, client.post(rencana, plan_form(p)))
    p.refresh_from_db()
    assert p.rencana.status == Dokumen.Status.FINAL
    response = client.post(reverse("sertifikasi:ak01-usul", args=[p.pk]))
    assert response["Location"] == reverse("sertifikasi:ak01-tandatangan", args=[p.pk])
    page = html(client.get(response["Location"]))
    assert NIK_L not in page

    # 10. FR.AK.01: the applicant signs, then the assessor -> siap asesmen.
    client.force_login(asesi)
    note = notified(asesi, "Tanda tangani persetujuan asesmen (FR.AK.01)")
    page = html(client.get(note.url))
    assert badge(page) == "Pra-asesmen"
    assert current_step(page) == "Pra-asesmen (FR.AK.01)"
    assert "Tandatangani FR.AK.01" in page
    ak01 = reverse("sertifikasi:ak01-tandatangan", args=[p.pk])
    follow(client, client.post(ak01, signing()))

    client.force_login(asesor)
    notified(asesor, "Asesi menandatangani FR.AK.01")
    follow(client, client.post(ak01, signing(DEMO_PASSWORD)))

    client.force_login(asesi)
    notified(asesi, "Persetujuan asesmen lengkap")
    page = html(client.get(p.get_absolute_url()))
    assert badge(page) == "Siap asesmen"
    assert current_step(page) == "Asesmen"
    assert NIK_L in page  # the applicant's own page shows their NIK
    # Newest first: every signed form of the journey, the superseded FR.APL.01 kept.
    assert records(page) == [
        ("FR.AK.01", 1, "Final"),
        ("FR.MAPA.01-ASESI", 1, "Final"),
        ("FR.APL.02-REK", 1, "Final"),
        ("FR.APL.02", 1, "Final"),
        ("FR.APL.01-REK", 1, "Final"),  # round 2: accepted
        ("FR.APL.01", 2, "Final"),
        ("FR.APL.01-REK", 1, "Final"),  # round 1: returned
        ("FR.APL.01", 1, "Digantikan versi baru"),
    ]
    # Each record opens in the archive for the applicant (its subject is their application).
    section = page.split('id="h-dokumen"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a href="(/administrasi/arsip/\d+/)">', section)
    assert len(links) == 8
    for link in links:
        html(client.get(link))
    p.refresh_from_db()
    assert p.status == S.SIAP_ASESMEN
    assert services.asesmen_require_ak01(p).pk == p.pk
