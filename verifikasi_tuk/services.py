"""Every write of the TUK verification (issue 12; SE-A4.9, SE-A4.5, SE-A3.Kb, X-6): the
request, the verifier's assignment with the SPT verifikasi TUK, the session's checklist per
scheme with its evidence, the berita acara with the recommendation, the follow-up of
conditions, and the SK penetapan TUK (issued here, or recorded from outside with its PDF).

Refusals are VerificationError (a ServiceError) with an Indonesian message, on its field where
there is one; writes are all or nothing. Status moves go through lsp_portal.workflow."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from administrasi import services as records
from akun.audit import acting_as
from akun.models import User
from akun.selectors import users_with_right
from lsp_portal import schemes
from lsp_portal.errors import ServiceError
from lsp_portal.notifications import notify
from lsp_portal.uploads import UploadRule, digest, safe_display_name, stored
from lsp_portal.workflow import transition
from sdm.models import Personel
from tuk import services as tuk_services
from tuk.models import Tuk

from . import permissions
from .models import BuktiVerifikasi, ItemCeklis, KonflikTuk, Penetapan, Permintaan, Syarat

SPT_KIND = "SPT-VERIFIKASI-TUK"
BA_KIND = "BA-VERIFIKASI-TUK"
SK_KIND = "SK-PENETAPAN-TUK"
S = Permintaan.Status
R = Permintaan.Rekomendasi
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class VerificationError(ServiceError):
    """A step of the TUK verification the rules refuse; the message is for the user."""


def _skema_ids(skema_ids) -> list[int]:
    ids = sorted({int(i) for i in skema_ids or []})
    if not ids:
        raise VerificationError(
            "Pilih paling sedikit satu skema yang akan diujikan di TUK ini.", field="skema"
        )
    unknown = [i for i in ids if schemes.get(i) is None]
    if unknown:
        raise VerificationError("Skema tidak dikenal.", field="skema")
    return ids


@transaction.atomic
def permintaan_create(*, tuk: Tuk, jenis: str, skema_ids, alasan: str, actor: User) -> Permintaan:
    """A request to verify `tuk` for the schemes `skema_ids` (ids of muk.Skema), by staff or
    by the TUK's own manager (the view asks permissions.can_request). One open request per
    TUK: a second one is refused while the first waits."""
    if jenis not in Permintaan.Jenis.values:
        raise VerificationError("Pilih jenis permintaan.", field="jenis")
    ids = _skema_ids(skema_ids)
    tuk = Tuk.objects.select_for_update().get(pk=tuk.pk)
    if Permintaan.objects.filter(tuk=tuk, status__in=Permintaan.OPEN).exists():
        raise VerificationError(
            f"TUK {tuk.nama} sudah memiliki permintaan verifikasi yang sedang berjalan; "
            "selesaikan atau batalkan dulu permintaan itu."
        )
    with acting_as(actor):
        permintaan = Permintaan.objects.create(
            tuk=tuk, jenis=jenis, skema_ids=ids, alasan=(alasan or "").strip(), diajukan_oleh=actor
        )
    notify(
        users=users_with_right("assign_verifikator_tuk"),
        judul=f"Permintaan verifikasi TUK {tuk.nama}",
        pesan="Tugaskan verifikator dan jadwalkan sesi verifikasi jarak jauh.",
        url=permintaan.get_absolute_url(),
        kunci=f"verifikasi_tuk:{permintaan.pk}:diajukan",
    )
    return permintaan


@transaction.atomic
def permintaan_cancel(*, permintaan: Permintaan, alasan: str, actor: User) -> Permintaan:
    """Cancel a request that is still open (the TUK withdrew, the batch was cancelled...),
    with a reason; what was recorded stays. Refused once it ended."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise VerificationError("Tulis alasan pembatalan.", field="alasan")
    permintaan = Permintaan.objects.select_for_update().get(pk=permintaan.pk)
    if not permintaan.is_open:
        raise VerificationError(
            f"Permintaan berstatus {permintaan.get_status_display().lower()}; tidak dapat dibatalkan."
        )
    if not permissions.can_cancel(actor, permintaan):
        raise VerificationError("Hanya staf pengelola TUK atau Manajer yang dapat membatalkan permintaan.")
    return transition(permintaan, S.DIBATALKAN, actor=actor, note=alasan)


def verifikator_refusal(personel: Personel, *, tuk: Tuk, on: dt.date) -> str:
    """Why `personel` cannot verify `tuk` on `on`, or "": no account, not active on the day,
    the TUK's own manager, or a declared conflict with it (X-6)."""
    if personel.user_id is None:
        return f"{personel.nama} belum memiliki akun portal, sehingga tidak dapat mengisi ceklis verifikasi."
    if not personel.is_active_on(on):
        return f"{personel.nama} tidak aktif sebagai personel pada {on:%d-%m-%Y}."
    if tuk.pengelola_id is not None and tuk.pengelola_id == personel.user_id:
        return f"{personel.nama} adalah pengelola TUK {tuk.nama}; TUK tidak diverifikasi oleh pengelolanya."
    konflik = KonflikTuk.objects.filter(personel=personel, tuk=tuk).first()
    if konflik is not None:
        return f"{personel.nama} menyatakan benturan kepentingan dengan TUK {tuk.nama}: {konflik.alasan}"
    return ""


def spt_data(permintaan: Permintaan) -> dict:
    tuk, v = permintaan.tuk, permintaan.verifikator
    jabatan = "Asesor Kompetensi" if v.fungsi == Personel.Fungsi.ASESOR else v.jabatan
    return {
        "verifikator": [{"nama": v.nama, "jabatan": jabatan}],
        "tuk": {"kode": tuk.kode, "nama": tuk.nama, "alamat": f"{tuk.alamat}, {tuk.kota}"},
        "tanggal_verifikasi": timezone.localtime(permintaan.tanggal_verifikasi).date().isoformat(),
        "metode": "jarak jauh",
        "skema": [str(schemes.get(i)) for i in permintaan.skema_ids],
        "tautan_video": permintaan.tautan_video,
    }


@transaction.atomic
def verifikator_assign(
    *,
    permintaan: Permintaan,
    verifikator: Personel,
    tanggal: dt.datetime,
    tautan_video: str,
    signer: User,
    actor: User,
) -> Permintaan:
    """The Manajer assigns a verifier without a conflict with the TUK and schedules the remote
    session (date and time in the future, an https video link); the SPT verifikasi TUK is
    issued for `signer` (the Ketua) to sign. Refused (VerificationError, nothing saved): a
    request not waiting, a verifier with a conflict or not active, a past time, no link."""
    permintaan = (
        Permintaan.objects.select_for_update(of=("self",)).select_related("tuk").get(pk=permintaan.pk)
    )
    if permintaan.status != Permintaan.Status.DIAJUKAN:
        raise VerificationError(
            f"Permintaan berstatus {permintaan.get_status_display().lower()}; "
            "verifikator tidak dapat ditugaskan."
        )
    if not permissions.can_assign(actor, permintaan):
        raise VerificationError("Hanya Manajer Sertifikasi atau Ketua yang dapat menugaskan verifikator TUK.")
    if tanggal is None or tanggal <= timezone.now():
        raise VerificationError("Pilih waktu sesi verifikasi yang akan datang.", field="tanggal")
    tautan_video = (tautan_video or "").strip()
    if not tautan_video.startswith("https://"):
        raise VerificationError("Tautan konferensi video harus diawali https://.", field="tautan_video")
    refusal = verifikator_refusal(verifikator, tuk=permintaan.tuk, on=timezone.localtime(tanggal).date())
    if refusal:
        raise VerificationError(refusal, field="verifikator", code="verifikator")
    with acting_as(actor):
        permintaan.verifikator = verifikator
        permintaan.tanggal_verifikasi = tanggal
        permintaan.tautan_video = tautan_video
        permintaan.save(update_fields=["verifikator", "tanggal_verifikasi", "tautan_video", "updated_at"])
        permintaan.spt = records.dokumen_issue(
            kode=SPT_KIND,
            subject=permintaan,
            judul=f"SPT verifikasi TUK: {permintaan.tuk.nama}",
            data=spt_data(permintaan),
            signers={"ketua": signer},
            actor=actor,
        )
        permintaan.save(update_fields=["spt", "updated_at"])
        _ceklis_build(permintaan)
        permintaan = transition(
            permintaan, Permintaan.Status.DITUGASKAN, actor=actor, note=f"verifikator {verifikator.nama}"
        )
    notify(
        users=[signer],
        judul=f"SPT verifikasi TUK {permintaan.tuk.nama} menunggu tanda tangan",
        pesan="Tanda tangani SPT agar verifikator dapat melaksanakan verifikasi.",
        url=f"/administrasi/{permintaan.spt_id}/",
        kunci=f"verifikasi_tuk:{permintaan.pk}:spt:{permintaan.spt_id}",
    )
    notify(
        users=[verifikator.user, permintaan.tuk.pengelola],
        judul=f"Sesi verifikasi TUK {permintaan.tuk.nama}",
        pesan=f"Sesi video verifikasi pada {timezone.localtime(tanggal):%d-%m-%Y %H:%M} WIB: {tautan_video}",
        url=permintaan.get_absolute_url(),
        kunci=f"verifikasi_tuk:{permintaan.pk}:jadwal",
    )
    return permintaan


@transaction.atomic
def konflik_declare(*, personel: Personel, tuk: Tuk, alasan: str, actor: User) -> KonflikTuk:
    """X-6: record that `personel` has a conflict of interest with `tuk`. A repeat is refused."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise VerificationError(
            "Tulis hubungan dengan TUK (misalnya karyawan, pemilik, kerabat pengelola).", field="alasan"
        )
    if KonflikTuk.objects.filter(personel=personel, tuk=tuk).exists():
        raise VerificationError("Benturan kepentingan dengan TUK ini sudah tercatat.")
    with acting_as(actor):
        return KonflikTuk.objects.create(personel=personel, tuk=tuk, alasan=alasan)


# --- the checklist ----------------------------------------------------------------------------

# The general lines of every scheme's checklist (FORMS.md §6, SE.007 A.III): kategori, aspek,
# persyaratan. The internet line carries the LSP's minimum; equipment lines come from the
# scheme's technical requirements.
GENERAL_ITEMS = (
    (
        ItemCeklis.Kategori.RUANG,
        "Ruang asesmen",
        "Ruang cukup untuk peserta, terang, tenang, dan bebas gangguan selama asesmen.",
    ),
    (
        ItemCeklis.Kategori.KAMERA_AUDIO,
        "Kamera dan audio",
        "Kamera memperlihatkan peserta dan area kerja; mikrofon dan pengeras suara jelas.",
    ),
    (
        ItemCeklis.Kategori.IDENTITAS,
        "Identitas penanggung jawab TUK",
        "Penanggung jawab hadir di depan kamera dan menunjukkan kartu identitas yang sesuai data TUK.",
    ),
    (
        ItemCeklis.Kategori.KESELAMATAN,
        "Keselamatan dan kesehatan kerja",
        "APAR, kotak P3K, dan jalur evakuasi tersedia dan diperlihatkan di kamera.",
    ),
)


def minimum_mbps() -> Decimal:
    """The LSP's minimum internet speed at a TUK (settings, default SE.007's 10 Mbps)."""
    return Decimal(str(settings.VERIFIKASI_TUK_MIN_MBPS))


def _ceklis_build(permintaan: Permintaan) -> None:
    """The checklist lines of each requested scheme, once (a repeat adds nothing)."""
    if permintaan.ceklis.exists():
        return
    rows = []
    for skema_id in permintaan.skema_ids:
        lines = [(k, aspek, syarat, None) for k, aspek, syarat in GENERAL_ITEMS[:1]]
        requirements = schemes.tuk_requirements(skema_id)
        for req in requirements:
            syarat = "; ".join(
                p for p in (f"minimal {req.jumlah} unit" if req.jumlah else "", req.spesifikasi) if p
            )
            minimal = Decimal(req.jumlah) if req.jumlah else None
            lines.append((ItemCeklis.Kategori.PERALATAN, req.nama, syarat, minimal))
        if not requirements:
            lines.append(
                (
                    ItemCeklis.Kategori.PERALATAN,
                    "Peralatan dan bahan sesuai MUK skema",
                    "Peralatan yang dipakai instrumen asesmen skema tersedia dan berfungsi.",
                    None,
                )
            )
        lines.append(
            (
                ItemCeklis.Kategori.INTERNET,
                "Kecepatan internet (uji kecepatan saat sesi)",
                f"Paling sedikit {minimum_mbps():g} Mbps, diukur saat sesi "
                "dengan tangkapan layar uji kecepatan.",
                minimum_mbps(),
            )
        )
        lines += [(k, aspek, syarat, None) for k, aspek, syarat in GENERAL_ITEMS[1:]]
        rows += [
            ItemCeklis(
                permintaan=permintaan,
                skema_id=skema_id,
                urutan=i,
                kategori=kategori,
                aspek=aspek[:300],
                syarat=syarat[:500],
                minimal=minimal,
            )
            for i, (kategori, aspek, syarat, minimal) in enumerate(lines, start=1)
        ]
    ItemCeklis.objects.bulk_create(rows)


def _require_verifier(permintaan: Permintaan, actor: User) -> None:
    if permintaan.verifikator is None or permintaan.verifikator.user_id != actor.pk:
        raise VerificationError("Hanya verifikator yang ditugaskan yang dapat mengisi ceklis ini.")


def _require_session_open(permintaan: Permintaan) -> None:
    if permintaan.status != S.DITUGASKAN:
        raise VerificationError(
            f"Permintaan berstatus {permintaan.get_status_display().lower()}; ceklis tidak dapat diubah."
        )
    if permintaan.spt is None or permintaan.spt.status != permintaan.spt.Status.FINAL:
        raise VerificationError(
            "SPT verifikasi TUK belum ditandatangani Ketua; ceklis dapat diisi setelah SPT terbit."
        )


def _decimal(value, *, label: str, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise VerificationError(f"{label}: isi dengan angka, misalnya 25,5.", field=field) from None
    if not number.is_finite() or number < 0 or number >= Decimal("100000000"):
        raise VerificationError(f"{label}: isi angka nol atau lebih.", field=field)
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def ceklis_save(*, permintaan: Permintaan, answers: dict, actor: User) -> list[ItemCeklis]:
    """Save the verifier's answers (autosave): `answers` maps an item id to any of
    {"hasil", "nilai", "catatan"}; items not named keep what they had. Refused (nothing
    saved): not the assigned verifier, the session not open (SPT unsigned, checklist sent),
    an item of another request, an unknown result, a value that is not a number."""
    permintaan = (
        Permintaan.objects.select_for_update(of=("self",))
        .select_related("verifikator", "spt")
        .get(pk=permintaan.pk)
    )
    _require_verifier(permintaan, actor)
    _require_session_open(permintaan)
    items = {i.pk: i for i in permintaan.ceklis.filter(pk__in=[int(k) for k in answers])}
    if len(items) != len(answers):
        raise VerificationError("Ada item ceklis yang bukan milik permintaan ini.")
    changed = []
    for pk, answer in answers.items():
        item = items[int(pk)]
        if "hasil" in answer:
            hasil = answer["hasil"] or ""
            if hasil not in ("", *ItemCeklis.Hasil.values):
                raise VerificationError(
                    f"{item.aspek}: pilih sesuai atau tidak sesuai.", field=f"hasil-{item.pk}"
                )
            item.hasil = hasil
        if "nilai" in answer:
            item.nilai = _decimal(answer["nilai"], label=item.aspek, field=f"nilai-{item.pk}")
        if "catatan" in answer:
            item.catatan = (answer["catatan"] or "").strip()
        changed.append(item)
    with acting_as(actor):
        for item in changed:
            item.save(update_fields=["hasil", "nilai", "catatan"])
    return changed


def bukti_rule() -> UploadRule:
    """Evidence of the verification: photos, the speed-test image, documents (PDF)."""
    megabytes = settings.VERIFIKASI_TUK_UPLOAD_MAX_MB
    return UploadRule(
        "Berkas bukti", kinds={"jpg", "png", "webp", "pdf"}, max_bytes=int(megabytes * 1024 * 1024)
    )


def sk_rule() -> UploadRule:
    megabytes = settings.VERIFIKASI_TUK_UPLOAD_MAX_MB
    return UploadRule("Berkas SK", kinds={"pdf"}, max_bytes=int(megabytes * 1024 * 1024))


def _store(*, permintaan, upload, jenis, judul, actor, item=None, syarat=None) -> BuktiVerifikasi:
    checked = bukti_rule().check(upload, field="berkas")
    ukuran, sha256 = digest(checked)
    bukti = BuktiVerifikasi(
        permintaan=permintaan,
        item=item,
        syarat=syarat,
        jenis=jenis,
        judul=judul[:200],
        nama_asli=safe_display_name(getattr(upload, "name", "")),
        jenis_berkas=checked.kind,
        ukuran=ukuran,
        sha256=sha256,
        diunggah_oleh=actor,
    )
    with stored(bukti.berkas, checked, folder=f"verifikasi_tuk/{permintaan.pk}"), acting_as(actor):
        bukti.save()
    return bukti


@transaction.atomic
def bukti_add(
    *, permintaan: Permintaan, upload, jenis: str, judul: str, actor: User, item: ItemCeklis | None = None
) -> BuktiVerifikasi:
    """The verifier attaches evidence of the session (a photo, optionally of one checklist
    line; the speed-test image; a document). Checked by content (lsp_portal.uploads: JPEG,
    PNG, WebP or PDF, size limit, images re-encoded without metadata) and kept with its
    SHA-256. Refused: not the verifier, the session not open, a kind that is not the
    session's, an item of another request, a bad file (nothing stored)."""
    permintaan = (
        Permintaan.objects.select_for_update(of=("self",))
        .select_related("verifikator", "spt")
        .get(pk=permintaan.pk)
    )
    _require_verifier(permintaan, actor)
    _require_session_open(permintaan)
    if jenis not in (
        BuktiVerifikasi.Jenis.FOTO,
        BuktiVerifikasi.Jenis.UJI_KECEPATAN,
        BuktiVerifikasi.Jenis.DOKUMEN,
    ):
        raise VerificationError("Pilih jenis bukti.", field="jenis")
    if item is not None and item.permintaan_id != permintaan.pk:
        raise VerificationError("Item ceklis ini bukan milik permintaan ini.", field="item")
    judul = (judul or "").strip() or (item.aspek if item else BuktiVerifikasi.Jenis(jenis).label)
    return _store(permintaan=permintaan, upload=upload, jenis=jenis, judul=judul, actor=actor, item=item)


def ceklis_problems(permintaan: Permintaan) -> list[str]:
    """What keeps the checklist from being sent, in words (empty: complete): each unanswered
    line named with its scheme, a missing or contradicting measurement, no photo, no speed
    test image."""
    problems = []
    names = {s.id: s.kode for s in (schemes.get(i) for i in permintaan.skema_ids) if s}
    for item in permintaan.ceklis.all():
        where = f"{names.get(item.skema_id, 'Skema')}: {item.aspek}"
        if not item.hasil:
            problems.append(f"{where} belum dijawab.")
            continue
        if item.needs_nilai and item.nilai is None:
            unit = "Mbps terukur" if item.kategori == ItemCeklis.Kategori.INTERNET else "jumlah yang tersedia"
            problems.append(f"{where}: isi {unit}.")
        elif item.needs_nilai and item.hasil == ItemCeklis.Hasil.SESUAI and item.nilai < item.minimal:
            problems.append(
                f"{where}: {item.nilai:g} di bawah minimal {item.minimal:g}, "
                "sehingga tidak dapat dinyatakan sesuai."
            )
    kinds = set(permintaan.bukti.values_list("jenis", flat=True))
    if BuktiVerifikasi.Jenis.FOTO not in kinds:
        problems.append("Unggah paling sedikit satu foto ruang atau peralatan TUK.")
    if BuktiVerifikasi.Jenis.UJI_KECEPATAN not in kinds:
        problems.append("Unggah tangkapan layar uji kecepatan internet.")
    return problems


def ba_data(permintaan: Permintaan) -> dict:
    """The berita acara's snapshot (templates/administrasi/pdf/berita_acara_verifikasi_tuk.html)."""
    tuk, v = permintaan.tuk, permintaan.verifikator
    names = {i: schemes.get(i) for i in permintaan.skema_ids}
    temuan = [
        {
            "aspek": f"{names[i.skema_id].kode if names.get(i.skema_id) else ''} {i.aspek}".strip(),
            "hasil": i.get_hasil_display(),
            "catatan": " ".join(
                p for p in (f"terukur {i.nilai:g}" if i.nilai is not None else "", i.catatan) if p
            ),
        }
        for i in permintaan.ceklis.all()
    ]
    hasil = {
        R.LAYAK: "memenuhi",
        R.BERSYARAT: (
            "TUK dinyatakan MEMENUHI persyaratan DENGAN SYARAT yang harus dipenuhi sebelum penetapan."
        ),
        R.TIDAK_LAYAK: "belum memenuhi",
    }[permintaan.rekomendasi]
    syarat = [s.uraian for s in permintaan.syarat.all()]
    rekomendasi = permintaan.get_rekomendasi_display()
    if syarat:
        rekomendasi += ". Syarat: " + "; ".join(f"{n}) {u}" for n, u in enumerate(syarat, start=1))
    if permintaan.temuan:
        rekomendasi += f". Catatan: {permintaan.temuan}"
    return {
        "tuk": {
            "kode": tuk.kode,
            "nama": tuk.nama,
            "jenis": tuk.get_jenis_display(),
            "alamat": f"{tuk.alamat}, {tuk.kota}",
        },
        "tanggal": timezone.localtime(permintaan.tanggal_verifikasi).date().isoformat(),
        "metode": "jarak jauh",
        "verifikator": [{"nama": v.nama, "jabatan": "Verifikator TUK"}],
        "skema": [str(s) for s in names.values() if s],
        "hasil": hasil,
        "temuan": temuan,
        "rekomendasi": rekomendasi,
        "rekaman": {"tautan": permintaan.rekaman_tautan, "sha256": permintaan.rekaman_sha256},
        "bukti": [{"judul": b.judul, "sha256": b.sha256} for b in permintaan.bukti.all()],
    }


@transaction.atomic
def ceklis_submit(
    *,
    permintaan: Permintaan,
    rekomendasi: str,
    temuan: str,
    syarat: list[str],
    rekaman_tautan: str,
    rekaman_sha256: str,
    ttd: records.Tandatangan,
    actor: User,
) -> Permintaan:
    """The verifier sends the checklist with the recommendation and signs the berita acara
    (BA-VERIFIKASI-TUK): layak → Sesuai (waiting for the SK), layak dengan syarat → the
    conditions to follow up, tidak layak → Tidak sesuai. Refused (VerificationError, nothing
    saved): any line unanswered or contradicting its measurement, no photo or speed test,
    "layak" with a line not met, "dengan syarat" without conditions, the recording's link
    or SHA-256 missing or malformed, a refused signature."""
    permintaan = (
        Permintaan.objects.select_for_update(of=("self",))
        .select_related("verifikator", "spt", "tuk")
        .get(pk=permintaan.pk)
    )
    _require_verifier(permintaan, actor)
    _require_session_open(permintaan)
    problems = ceklis_problems(permintaan)
    if problems:
        raise VerificationError("Ceklis belum lengkap: " + " ".join(problems), code="ceklis_incomplete")
    if rekomendasi not in R.values:
        raise VerificationError("Pilih rekomendasi.", field="rekomendasi")
    syarat = [u.strip() for u in syarat or [] if u and u.strip()]
    not_met = permintaan.ceklis.filter(hasil=ItemCeklis.Hasil.TIDAK_SESUAI).exists()
    if rekomendasi == R.LAYAK and not_met:
        raise VerificationError(
            "Ada item yang tidak sesuai; pilih 'layak dengan syarat' dengan syarat perbaikannya, "
            "atau 'tidak layak'.",
            field="rekomendasi",
        )
    if rekomendasi == R.BERSYARAT and not syarat:
        raise VerificationError("Tulis paling sedikit satu syarat yang harus dipenuhi TUK.", field="syarat")
    if rekomendasi != R.BERSYARAT and syarat:
        raise VerificationError("Syarat hanya untuk rekomendasi 'layak dengan syarat'.", field="syarat")
    rekaman_tautan = (rekaman_tautan or "").strip()
    if not rekaman_tautan.startswith("https://"):
        raise VerificationError("Isi tautan rekaman sesi (diawali https://).", field="rekaman_tautan")
    rekaman_sha256 = (rekaman_sha256 or "").strip().lower()
    if not SHA256.match(rekaman_sha256):
        raise VerificationError(
            "SHA-256 rekaman terdiri atas 64 karakter heksadesimal (0-9, a-f).", field="rekaman_sha256"
        )
    with acting_as(actor):
        permintaan.rekomendasi = rekomendasi
        permintaan.temuan = (temuan or "").strip()
        permintaan.rekaman_tautan = rekaman_tautan
        permintaan.rekaman_sha256 = rekaman_sha256
        permintaan.dinilai_pada = timezone.now()
        permintaan.save(
            update_fields=[
                "rekomendasi",
                "temuan",
                "rekaman_tautan",
                "rekaman_sha256",
                "dinilai_pada",
                "updated_at",
            ]
        )
        Syarat.objects.bulk_create(
            Syarat(permintaan=permintaan, urutan=n, uraian=u) for n, u in enumerate(syarat, start=1)
        )
        permintaan.berita_acara = records.issue_signed(
            kode=BA_KIND,
            subject=permintaan,
            judul=f"Berita acara verifikasi TUK: {permintaan.tuk.nama}",
            data=ba_data(permintaan),
            pihak="verifikator",
            signer=actor,
            ttd=ttd,
        )
        permintaan.save(update_fields=["berita_acara", "updated_at"])
        to = {R.LAYAK: S.SESUAI, R.BERSYARAT: S.TINDAK_LANJUT, R.TIDAK_LAYAK: S.TIDAK_SESUAI}[rekomendasi]
        permintaan = transition(permintaan, to, actor=actor, note=permintaan.get_rekomendasi_display())
    _notify_result(permintaan)
    return permintaan


def _notify_result(permintaan: Permintaan) -> None:
    url = permintaan.get_absolute_url()
    tuk = permintaan.tuk
    if permintaan.status == S.SESUAI:
        notify(
            users=users_with_right("issue_sk_tuk"),
            judul=f"SK penetapan TUK {tuk.nama} dapat diterbitkan",
            pesan="Hasil verifikasi sesuai. Terbitkan dan tanda tangani SK penetapan TUK.",
            url=url,
            kunci=f"verifikasi_tuk:{permintaan.pk}:sesuai",
        )
    if tuk.pengelola_id:
        pesan = {
            S.SESUAI: "Hasil verifikasi: sesuai. SK penetapan TUK akan diterbitkan Ketua LSP.",
            S.TINDAK_LANJUT: "Hasil verifikasi: layak dengan syarat. Unggah bukti pemenuhan setiap syarat.",
            S.TIDAK_SESUAI: "Hasil verifikasi: tidak sesuai. Lihat temuan pada berita acara.",
        }[permintaan.status]
        notify(
            users=[tuk.pengelola],
            judul=f"Hasil verifikasi TUK {tuk.nama}",
            pesan=pesan,
            url=url,
            kunci=f"verifikasi_tuk:{permintaan.pk}:hasil:{permintaan.status}",
        )


# --- conditions -----------------------------------------------------------------------------


@transaction.atomic
def syarat_bukti_add(*, syarat: Syarat, upload, judul: str, actor: User) -> BuktiVerifikasi:
    """The TUK uploads proof that a condition is met (JPEG, PNG, WebP or PDF). Refused: not
    the TUK's manager or staff, the condition not waiting for proof, a bad file."""
    syarat = (
        Syarat.objects.select_for_update(of=("self",)).select_related("permintaan__tuk").get(pk=syarat.pk)
    )
    _require_syarat_open(syarat, actor)
    judul = (judul or "").strip() or f"Bukti syarat {syarat.urutan}"
    return _store(
        permintaan=syarat.permintaan,
        upload=upload,
        jenis=BuktiVerifikasi.Jenis.TINDAK_LANJUT,
        judul=judul,
        actor=actor,
        syarat=syarat,
    )


def _require_syarat_open(syarat: Syarat, actor: User) -> None:
    if syarat.permintaan.status != S.TINDAK_LANJUT or syarat.status != Syarat.Status.TERBUKA:
        raise VerificationError(
            f"Syarat ini berstatus {syarat.get_status_display().lower()}; tidak menunggu bukti."
        )
    if not permissions.can_answer_syarat(actor, syarat):
        raise VerificationError("Hanya pengelola TUK ini atau staf LSP yang dapat menanggapi syarat.")


@transaction.atomic
def syarat_submit(*, syarat: Syarat, tanggapan: str, actor: User) -> Syarat:
    """The TUK sends its proof of a condition to the verifier. Refused without any proof
    file uploaded for it, or when the condition is not waiting for proof."""
    syarat = (
        Syarat.objects.select_for_update(of=("self",))
        .select_related("permintaan__tuk", "permintaan__verifikator")
        .get(pk=syarat.pk)
    )
    _require_syarat_open(syarat, actor)
    if not syarat.bukti.exists():
        raise VerificationError("Unggah paling sedikit satu bukti pemenuhan syarat.", field="berkas")
    with acting_as(actor):
        syarat.tanggapan = (tanggapan or "").strip()
        syarat.save(update_fields=["tanggapan", "updated_at"])
        syarat = transition(syarat, Syarat.Status.DIAJUKAN, actor=actor, note=syarat.tanggapan)
    p = syarat.permintaan
    notify(
        users=[p.verifikator.user],
        judul=f"Bukti syarat verifikasi TUK {p.tuk.nama}",
        pesan=f"TUK mengirim bukti pemenuhan syarat {syarat.urutan}. Periksa, lalu terima atau minta "
        "perbaikan.",
        url=p.get_absolute_url(),
        kunci=f"verifikasi_tuk:syarat:{syarat.pk}:{syarat.bukti.count()}",
    )
    return syarat


@transaction.atomic
def syarat_review(*, syarat: Syarat, terima: bool, catatan: str, actor: User) -> Syarat:
    """The verifier accepts the TUK's proof of a condition, or returns it with a note. When
    every condition is accepted the recommendation becomes final: the request is Sesuai and
    the Ketua is asked for the SK. Refused: not the verifier, nothing sent, a return without
    a note."""
    syarat = (
        Syarat.objects.select_for_update(of=("self",))
        .select_related("permintaan__verifikator", "permintaan__tuk")
        .get(pk=syarat.pk)
    )
    permintaan = syarat.permintaan
    _require_verifier(permintaan, actor)
    if permintaan.status != S.TINDAK_LANJUT or syarat.status != Syarat.Status.DIAJUKAN:
        raise VerificationError("Syarat ini tidak sedang menunggu pemeriksaan verifikator.")
    catatan = (catatan or "").strip()
    if not terima and not catatan:
        raise VerificationError("Tulis apa yang masih kurang agar TUK dapat memperbaikinya.", field="catatan")
    with acting_as(actor):
        syarat.catatan_verifikator = catatan
        syarat.save(update_fields=["catatan_verifikator", "updated_at"])
        syarat = transition(
            syarat, Syarat.Status.DITERIMA if terima else Syarat.Status.TERBUKA, actor=actor, note=catatan
        )
        if terima and not permintaan.syarat.exclude(status=Syarat.Status.DITERIMA).exists():
            permintaan = transition(permintaan, S.SESUAI, actor=actor, note="Semua syarat terpenuhi.")
            _notify_result(permintaan)
    if not terima and permintaan.tuk.pengelola_id:
        notify(
            users=[permintaan.tuk.pengelola],
            judul=f"Bukti syarat {syarat.urutan} perlu dilengkapi",
            pesan=catatan,
            url=permintaan.get_absolute_url(),
            kunci=f"verifikasi_tuk:syarat:{syarat.pk}:kembali:{syarat.bukti.count()}",
        )
    return syarat


@transaction.atomic
def tindak_lanjut_gagal(*, permintaan: Permintaan, alasan: str, actor: User) -> Permintaan:
    """The verifier concludes the conditions were not met (deadline passed, proof not
    enough): the request ends Tidak sesuai, with the reason."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise VerificationError("Tulis alasan syarat dinyatakan tidak terpenuhi.", field="alasan")
    permintaan = (
        Permintaan.objects.select_for_update(of=("self",))
        .select_related("verifikator", "tuk")
        .get(pk=permintaan.pk)
    )
    _require_verifier(permintaan, actor)
    if permintaan.status != S.TINDAK_LANJUT:
        raise VerificationError("Permintaan ini tidak sedang menunggu tindak lanjut syarat.")
    permintaan = transition(permintaan, S.TIDAK_SESUAI, actor=actor, note=alasan)
    _notify_result(permintaan)
    return permintaan


# --- SK penetapan TUK ---------------------------------------------------------------------------


def berlaku_maksimal(tuk: Tuk, *, today: dt.date | None = None) -> dt.date:
    """The latest end date an SK may give `tuk` (Pedoman 206, FLOW.md §4.1): a TUK Sewaktu or
    Tempat Kerja is verified for the batch that will use it (VERIFIKASI_TUK_SEWAKTU_MAKS_HARI,
    default 90 days); a TUK Mandiri periodically (VERIFIKASI_TUK_MANDIRI_MAKS_TAHUN, default 3)."""
    today = today or timezone.localdate()
    if tuk.jenis == Tuk.Jenis.MANDIRI:
        years = settings.VERIFIKASI_TUK_MANDIRI_MAKS_TAHUN
        return records.add_years(today, years)
    return today + dt.timedelta(days=settings.VERIFIKASI_TUK_SEWAKTU_MAKS_HARI)


def _check_berlaku(tuk: Tuk, berlaku_sampai: dt.date | None) -> dt.date:
    today = timezone.localdate()
    if berlaku_sampai is None or berlaku_sampai <= today:
        raise VerificationError("Tanggal berlaku sampai harus setelah hari ini.", field="berlaku_sampai")
    latest = berlaku_maksimal(tuk, today=today)
    if berlaku_sampai > latest:
        why = (
            "TUK Mandiri diverifikasi ulang secara berkala"
            if tuk.jenis == Tuk.Jenis.MANDIRI
            else f"{tuk.get_jenis_display()} diverifikasi untuk setiap penggunaan"
        )
        raise VerificationError(
            f"{why}; masa berlaku paling lama sampai {latest:%d-%m-%Y}.", field="berlaku_sampai"
        )
    return berlaku_sampai


def sk_data(permintaan: Permintaan, berlaku_sampai: dt.date) -> dict:
    tuk = permintaan.tuk
    return {
        "tuk": {
            "kode": tuk.kode,
            "nama": tuk.nama,
            "jenis": tuk.get_jenis_display(),
            "alamat": f"{tuk.alamat}, {tuk.kota}",
        },
        "skema": [
            {"kode": s.kode, "judul": s.judul} for s in (schemes.get(i) for i in permintaan.skema_ids) if s
        ],
        "berlaku_sampai": berlaku_sampai.isoformat(),
        "berita_acara": permintaan.berita_acara.nomor if permintaan.berita_acara_id else "",
    }


def sk_refusal(permintaan: Permintaan) -> VerificationError | None:
    """Why no SK penetapan can be issued for `permintaan` as it stands (its result, its
    berita acara), or None: the one rule sk_issue refuses by and the SK page shows."""
    if permintaan.status == S.TIDAK_SESUAI:
        return VerificationError(
            "SK penetapan tidak dapat diterbitkan: hasil verifikasi TUK ini tidak sesuai.",
            code="tidak_sesuai",
        )
    if permintaan.status == S.TINDAK_LANJUT:
        return VerificationError(
            "SK penetapan belum dapat diterbitkan: masih ada syarat yang belum diterima verifikator.",
            code="syarat_terbuka",
        )
    if permintaan.status != S.SESUAI:
        return VerificationError(
            f"Permintaan berstatus {permintaan.get_status_display().lower()}; "
            "SK penetapan tidak dapat diterbitkan."
        )
    if (
        permintaan.berita_acara is None
        or permintaan.berita_acara.status != permintaan.berita_acara.Status.FINAL
    ):
        return VerificationError("Berita acara verifikasi belum final.")
    return None


@transaction.atomic
def sk_issue(
    *, permintaan: Permintaan, berlaku_sampai: dt.date, ttd: records.Tandatangan, actor: User
) -> Penetapan:
    """The Ketua issues and signs the SK penetapan TUK for a request whose result is Sesuai:
    the TUK becomes verified for the request's schemes until `berlaku_sampai`
    (tuk.services.penetapan_apply). Refused (nothing saved): a result that is not Sesuai
    (tidak sesuai, conditions still open), a date not after today or beyond what the TUK's
    type allows, a refused signature."""
    permintaan = (
        Permintaan.objects.select_for_update(of=("self",))
        .select_related("tuk", "berita_acara")
        .get(pk=permintaan.pk)
    )
    refusal = sk_refusal(permintaan)
    if refusal is not None:
        raise refusal
    if not permissions.can_sign_sk(actor):
        raise VerificationError("SK penetapan TUK ditandatangani Ketua LSP.", code="bukan_ketua")
    berlaku_sampai = _check_berlaku(permintaan.tuk, berlaku_sampai)
    dokumen = records.issue_signed(
        kode=SK_KIND,
        subject=permintaan,
        judul=f"SK penetapan TUK: {permintaan.tuk.nama}",
        data=sk_data(permintaan, berlaku_sampai),
        pihak="ketua",
        signer=actor,
        ttd=ttd,
    )
    with acting_as(actor):
        penetapan = Penetapan.objects.create(
            tuk=permintaan.tuk,
            permintaan=permintaan,
            skema_ids=permintaan.skema_ids,
            berlaku_sampai=berlaku_sampai,
            dokumen=dokumen,
            nomor=dokumen.nomor,
            tanggal=timezone.localdate(),
            retained_until=dokumen.retained_until,
            dicatat_oleh=actor,
        )
    tuk_services.penetapan_apply(
        tuk=permintaan.tuk,
        skema_ids=permintaan.skema_ids,
        berlaku_sampai=berlaku_sampai,
        sk_nomor=dokumen.nomor,
        sk=dokumen,
        actor=actor,
    )
    permintaan = transition(permintaan, S.DITETAPKAN, actor=actor, note=f"SK {dokumen.nomor}")
    notify(
        users=[permintaan.tuk.pengelola, permintaan.diajukan_oleh],
        judul=f"TUK {permintaan.tuk.nama} ditetapkan",
        pesan=f"SK penetapan TUK {dokumen.nomor} terbit; berlaku sampai {berlaku_sampai:%d-%m-%Y}.",
        url=permintaan.get_absolute_url(),
        kunci=f"verifikasi_tuk:{permintaan.pk}:sk",
    )
    return penetapan


@transaction.atomic
def penetapan_record_external(
    *,
    tuk: Tuk,
    nomor: str,
    tanggal: dt.date,
    skema_ids,
    berlaku_sampai: dt.date,
    berkas,
    actor: User,
) -> Penetapan:
    """Staff record an SK penetapan TUK issued outside the system, with its PDF (kept as a
    record until the longest certificate validity of its schemes after the SK date): the TUK
    becomes verified for those schemes until `berlaku_sampai`. Refused: no number, a date in
    the future, an end date not after today or not after the SK date, no scheme, a file that
    is not a sound PDF, a number already recorded for the TUK."""
    if not permissions.can_record_external_sk(actor):
        raise VerificationError("Hanya staf pengelola TUK yang dapat mencatat SK penetapan dari luar sistem.")
    nomor = " ".join((nomor or "").split())
    if not nomor:
        raise VerificationError("Isi nomor SK.", field="nomor")
    today = timezone.localdate()
    if tanggal is None or tanggal > today:
        raise VerificationError("Tanggal SK tidak boleh setelah hari ini.", field="tanggal")
    if berlaku_sampai is None or berlaku_sampai <= today or berlaku_sampai <= tanggal:
        raise VerificationError("Tanggal berlaku sampai harus setelah hari ini.", field="berlaku_sampai")
    ids = _skema_ids(skema_ids)
    if Penetapan.objects.filter(tuk=tuk, nomor__iexact=nomor).exists():
        raise VerificationError("SK dengan nomor ini sudah tercatat untuk TUK ini.", field="nomor")
    checked = sk_rule().check(berkas, field="berkas")
    _, sha256 = digest(checked)
    years = max((s.masa_berlaku_tahun or 3) for s in (schemes.get(i) for i in ids) if s)
    penetapan = Penetapan(
        tuk=tuk,
        skema_ids=ids,
        berlaku_sampai=berlaku_sampai,
        nomor=nomor,
        tanggal=tanggal,
        sha256=sha256,
        retained_until=max(records.add_years(tanggal, years), berlaku_sampai),
        dicatat_oleh=actor,
    )
    with stored(penetapan.berkas, checked, folder=f"verifikasi_tuk/sk/{tuk.pk}"), acting_as(actor):
        penetapan.save()
    tuk_services.penetapan_apply(
        tuk=tuk, skema_ids=ids, berlaku_sampai=berlaku_sampai, sk_nomor=nomor, sk=None, actor=actor
    )
    return penetapan
