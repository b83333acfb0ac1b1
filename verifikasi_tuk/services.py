"""Every write of the TUK verification (issue 12; SE-A4.9, SE-A4.5, X-6), first steps: the
request, the verifier's assignment and the SPT verifikasi TUK. Refusals are ServiceError
with an Indonesian message (on its field where there is one); writes are all or nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from administrasi import services as records
from akun.audit import acting_as
from akun.models import User
from lsp_portal import schemes
from lsp_portal.errors import ServiceError
from lsp_portal.workflow import transition
from sdm.models import Personel
from tuk.models import Tuk

from .models import KonflikTuk, Permintaan

SPT_KIND = "SPT-VERIFIKASI-TUK"


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
    if Permintaan.objects.filter(tuk=tuk, status=Permintaan.Status.DIAJUKAN).exists():
        raise VerificationError(
            f"TUK {tuk.nama} sudah memiliki permintaan verifikasi yang menunggu penugasan."
        )
    with acting_as(actor):
        return Permintaan.objects.create(
            tuk=tuk, jenis=jenis, skema_ids=ids, alasan=(alasan or "").strip(), diajukan_oleh=actor
        )


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
        permintaan = transition(
            permintaan, Permintaan.Status.DITUGASKAN, actor=actor, note=f"verifikator {verifikator.nama}"
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
