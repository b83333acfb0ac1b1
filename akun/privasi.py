"""The privacy notice, consent to it, and "download my data" (UU PDP 27/2022; X-10).

- The notice is versioned (`KebijakanPrivasi`): staff with `akun.manage_portal` publish
  version n+1; a published version is never edited. Version 1 is created after `migrate`
  when there is none (`ensure_default_policy`).
- Consent (`PersetujuanPrivasi`) is given to the current version only, once per person and
  version; applying (sertifikasi) asks for it through `persetujuan_beri`.
- The export (`data_pribadi_ekspor`) is a ZIP of what every app registered in the kernel
  registry `lsp_portal.personal_data` holds about the person signed in; akun's own part is
  `akun_data_pribadi`.

Every write here is recorded in the audit trail by django-auditlog (the models are audited
like every other); the export, which writes nothing, is recorded explicitly.
"""

import tempfile
from dataclasses import dataclass
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone

from lsp_portal import personal_data
from lsp_portal.errors import ServiceError
from lsp_portal.ratelimit import hit

from .audit import acting_as
from .models import AuditEntry, KebijakanPrivasi, PersetujuanPrivasi, User
from .permissions import can_publish_privacy, roles_of

STALE_VERSION = "Kebijakan privasi telah diperbarui; baca versi terbaru lalu setujui."

# "Download my data" may be asked this often per person (it reads every app's rows and
# copies every stored PDF of theirs).
EXPORT_LIMIT = 5
EXPORT_WINDOW = 60 * 60
# The newest account-activity entries in the export; the count says how many there are.
ACTIVITY_LIMIT = 500
ACTION_WORDS = {
    AuditEntry.Action.CREATE: "dibuat",
    AuditEntry.Action.UPDATE: "diubah",
    AuditEntry.Action.DELETE: "dihapus",
    AuditEntry.Action.ACCESS: "diakses",
}

DEFAULT_JUDUL = "Pemberitahuan Privasi dan Pelindungan Data Pribadi"
# Plain text: one line per paragraph or list item, a blank line between sections.
DEFAULT_TEKS = "\n".join(
    [
        (
            "Pemberitahuan ini menjelaskan data pribadi apa saja yang dikumpulkan oleh Lembaga Sertifikasi "
            "Profesi (LSP) melalui portal ini, untuk apa data itu dipakai, siapa yang dapat melihatnya, "
            "berapa lama disimpan, dan apa saja hak Anda menurut Undang-Undang Nomor 27 Tahun 2022 tentang "
            "Pelindungan Data Pribadi (UU PDP)."
        ),
        "",
        "1. Data yang kami kumpulkan",
        (
            "a. Identitas: nama lengkap, Nomor Induk Kependudukan (NIK), tempat dan tanggal lahir, jenis "
            "kelamin, kebangsaan, dan pas foto."
        ),
        "b. Kontak: alamat email, nomor HP, dan alamat tempat tinggal.",
        (
            "c. Pendidikan dan pekerjaan: pendidikan terakhir, riwayat pekerjaan, jabatan, serta nama dan "
            "alamat tempat kerja."
        ),
        (
            "d. Bukti yang Anda unggah: ijazah, sertifikat pelatihan, portofolio, surat keterangan kerja, dan"
            " dokumen pendukung lainnya."
        ),
        (
            "e. Catatan asesmen: formulir sertifikasi (FR.APL, FR.AK, FR.IA, dan lainnya), jawaban, hasil "
            "observasi, keputusan, tanda tangan elektronik beserta waktu, alamat IP, dan perangkat yang "
            "dipakai saat menandatangani."
        ),
        (
            "f. Untuk asesmen jarak jauh: rekaman sesi (video dan suara) serta citra wajah untuk memastikan "
            "bahwa yang mengikuti asesmen adalah Anda."
        ),
        "g. Catatan akun: waktu masuk, perubahan data akun, dan jejak audit tindakan Anda di portal.",
        "",
        "2. Untuk apa data dipakai",
        (
            "Data Anda dipakai untuk menjalankan sertifikasi kompetensi sesuai Surat Edaran BNSP Nomor "
            "SE.007/BNSP/V/2023 dan pedoman BNSP: memeriksa persyaratan, menjadwalkan dan melaksanakan "
            "asesmen, memutuskan hasil, menerbitkan dan memverifikasi sertifikat, menangani banding dan "
            "pengaduan, serta melaporkan hasil sertifikasi kepada Badan Nasional Sertifikasi Profesi (BNSP)."
        ),
        "",
        "3. Siapa yang dapat melihat data Anda",
        (
            "a. Staf LSP yang berwenang sesuai tugasnya (sekretariat, manajer sertifikasi, komite teknis, "
            "pimpinan LSP, auditor internal)."
        ),
        "b. Asesor yang ditugaskan menilai Anda, hanya untuk asesmen tersebut.",
        "c. BNSP, untuk pelaporan dan pengawasan sertifikasi.",
        (
            "Data Anda tidak dijual dan tidak diberikan kepada pihak lain di luar yang disebut di atas, "
            "kecuali diwajibkan oleh peraturan perundang-undangan."
        ),
        "",
        "4. Berapa lama data disimpan",
        (
            "Rekaman dan dokumen sertifikasi disimpan sekurang-kurangnya selama satu masa berlaku sertifikat,"
            " sebagaimana diwajibkan SE.007/BNSP/V/2023, lalu dihapus setelah masa simpannya berakhir."
        ),
        "",
        "5. Hak Anda menurut UU PDP",
        (
            'a. Hak mengakses dan memperoleh salinan data: unduh data Anda kapan saja melalui menu "Akun '
            'saya", bagian "Data pribadi saya".'
        ),
        (
            'b. Hak memperbaiki data: ubah data diri Anda di menu "Akun saya", atau hubungi LSP untuk data '
            "yang tidak dapat Anda ubah sendiri."
        ),
        (
            "c. Hak menarik persetujuan: Anda dapat menarik persetujuan dengan menghubungi LSP. Proses "
            "sertifikasi yang memerlukan data tersebut tidak dapat dilanjutkan setelah persetujuan ditarik."
        ),
        (
            "d. Hak meminta penghapusan data: permintaan penghapusan dipenuhi setelah masa simpan wajib "
            "berakhir. Selama masa simpan wajib, rekaman sertifikasi tidak dapat dihapus, dan kami akan "
            "menjelaskan alasannya kepada Anda."
        ),
        "",
        "6. Kontak",
        (
            "Untuk pertanyaan atau permintaan tentang data pribadi Anda, hubungi LSP melalui alamat email "
            "yang tercantum pada halaman Profil LSP di portal ini."
        ),
    ]
)


def ensure_default_policy(**kwargs) -> None:
    """post_migrate hook: version 1 of the notice (the text above) when there is none yet.
    A later migrate leaves the published versions alone."""
    if not KebijakanPrivasi.objects.exists():
        KebijakanPrivasi.objects.get_or_create(
            versi=1, defaults={"judul": DEFAULT_JUDUL, "teks": DEFAULT_TEKS, "berlaku_sejak": timezone.now()}
        )


# --- selectors ------------------------------------------------------------------------------


def kebijakan_terkini() -> KebijakanPrivasi:
    """The version in force: the highest. Version 1 is made after migrate; should the table
    be empty anyway (a flushed database), it is made here."""
    kebijakan = KebijakanPrivasi.objects.order_by("-versi").first()
    if kebijakan is None:
        ensure_default_policy()
        kebijakan = KebijakanPrivasi.objects.order_by("-versi").first()
    return kebijakan


def kebijakan_semua():
    """Every version, newest first (the list on the public page)."""
    return KebijakanPrivasi.objects.order_by("-versi")


def sudah_setuju(user, kebijakan: KebijakanPrivasi | None = None) -> bool:
    """Has `user` consented to `kebijakan` (default: the version in force)? One or two queries."""
    if not (user and user.is_authenticated):
        return False
    kebijakan = kebijakan or kebijakan_terkini()
    return PersetujuanPrivasi.objects.filter(user=user, kebijakan=kebijakan).exists()


def persetujuan_milik(user):
    """The user's consents, newest first, with their versions."""
    return (
        PersetujuanPrivasi.objects.filter(user=user).select_related("kebijakan").order_by("-disetujui_pada")
    )


# --- services -------------------------------------------------------------------------------


def kebijakan_terbitkan(*, judul: str, teks: str, actor: User) -> KebijakanPrivasi:
    """Publish a new version (n+1), in force from now. Refuses (ServiceError) an actor
    without `akun.manage_portal`, an empty title or text, and a second publication racing
    this one. Not idempotent: each call is a new version."""
    if not can_publish_privacy(actor):
        raise ServiceError("Anda tidak berhak menerbitkan kebijakan privasi.", code="forbidden")
    judul, teks = (judul or "").strip(), (teks or "").strip()
    if not judul:
        raise ServiceError("Judul wajib diisi.", field="judul", code="required")
    if not teks:
        raise ServiceError("Teks kebijakan wajib diisi.", field="teks", code="required")
    try:
        with acting_as(actor), transaction.atomic():
            last = KebijakanPrivasi.objects.select_for_update().order_by("-versi").first()
            return KebijakanPrivasi.objects.create(
                versi=(last.versi if last else 0) + 1,
                judul=judul,
                teks=teks,
                berlaku_sejak=timezone.now(),
                diterbitkan_oleh=actor,
            )
    except IntegrityError as error:  # the same number taken by someone publishing meanwhile
        raise ServiceError(
            "Versi baru baru saja diterbitkan oleh orang lain. Muat ulang halaman lalu periksa kembali.",
            code="conflict",
        ) from error


def persetujuan_beri(
    *, user: User, kebijakan: KebijakanPrivasi, ip: str | None, user_agent: str
) -> PersetujuanPrivasi:
    """Record `user`'s consent to `kebijakan` with when, IP and user agent.

    Idempotent for the same version: a repeat returns the consent already given, unchanged
    (its first time and IP are the evidence). Refuses (ServiceError, code "stale") a version
    that is no longer the one in force: the person must read the newest first."""
    if kebijakan.pk != kebijakan_terkini().pk:
        raise ServiceError(STALE_VERSION, code="stale")
    with acting_as(user, remote_addr=ip), transaction.atomic():
        persetujuan, _ = PersetujuanPrivasi.objects.get_or_create(
            user=user,
            kebijakan=kebijakan,
            defaults={
                "disetujui_pada": timezone.now(),
                "ip": ip or None,
                "user_agent": (user_agent or "")[:400],
            },
        )
    return persetujuan


# --- "download my data" ------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def akun_data_pribadi(user) -> personal_data.Section:
    """akun's section of the export: the account, e-mail addresses, roles, consents, whether
    MFA is enrolled (never its secrets), and the newest account-activity entries of the audit
    trail where the person acted on their own account (profile, password, e-mail, MFA,
    consents, earlier exports)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    mfa_types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    own_types = ContentType.objects.get_for_models(EmailAddress, Authenticator, PersetujuanPrivasi)
    activity = AuditEntry.objects.filter(actor=user).filter(
        Q(content_type=ContentType.objects.get_for_model(User), object_pk=str(user.pk))
        | Q(content_type__in=own_types.values())
    )
    entries = activity.select_related("content_type").order_by("-timestamp", "-pk")[:ACTIVITY_LIMIT]
    return personal_data.Section(
        name="akun",
        data={
            "akun": {
                "nama_lengkap": user.nama_lengkap,
                "email": user.email,
                "nomor_hp": user.nomor_hp,
                "aktif": user.is_active,
                "terdaftar_pada": _iso(user.date_joined),
                "terakhir_masuk": _iso(user.last_login),
            },
            "alamat_email": [
                {"email": e.email, "terverifikasi": e.verified, "utama": e.primary}
                for e in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
            "peran": [r.name for r in roles_of(user)],
            "autentikasi_dua_faktor": {
                "totp_aktif": Authenticator.Type.TOTP in mfa_types,
                "kode_pemulihan_dibuat": Authenticator.Type.RECOVERY_CODES in mfa_types,
            },
            "persetujuan_privasi": [
                {
                    "versi": p.kebijakan.versi,
                    "judul": p.kebijakan.judul,
                    "disetujui_pada": _iso(p.disetujui_pada),
                    "alamat_ip": p.ip,
                    "perangkat": p.user_agent,
                }
                for p in persetujuan_milik(user)
            ],
            "aktivitas_akun": {
                "jumlah": activity.count(),
                "ditampilkan": f"{ACTIVITY_LIMIT} entri terbaru",
                "entri": [
                    {
                        "waktu": _iso(e.timestamp),
                        "tindakan": ACTION_WORDS.get(e.action, str(e.action)),
                        "objek": e.content_type.name,
                        "uraian": e.object_repr,
                        "perubahan": e.changes,
                        "keterangan": e.additional_data,
                        "alamat_ip": e.remote_addr,
                    }
                    for e in entries
                ],
            },
        },
    )


@dataclass
class EksporDataPribadi:
    filename: str  # data-pribadi-<date>.zip
    file: IO[bytes]  # positioned at the start; the caller streams and closes it
    bagian: int
    berkas: int


def data_pribadi_ekspor(*, user: User, ip: str | None = None) -> EksporDataPribadi:
    """A ZIP of everything the apps registered in `lsp_portal.personal_data` hold about `user`
    (UU PDP: access and a copy): `data.json` plus the files under `berkas/`.

    Counts one hit on the person's export limit (EXPORT_LIMIT per EXPORT_WINDOW seconds) and
    refuses past it (ServiceError, code "rate_limited"). The ZIP is built in memory up to
    16 MB, then in a temporary file, and the export is recorded in the audit trail (an
    "access" entry on the user). Reads only; repeatable within the limit."""
    if not (user and user.is_authenticated):
        raise ServiceError("Masuk terlebih dahulu untuk mengunduh data Anda.", code="forbidden")
    if not hit(f"data-pribadi:{user.pk}", limit=EXPORT_LIMIT, seconds=EXPORT_WINDOW):
        raise ServiceError(
            f"Anda sudah meminta unduhan data pribadi {EXPORT_LIMIT} kali dalam satu jam. "
            "Silakan coba lagi satu jam lagi.",
            code="rate_limited",
        )
    now = timezone.localtime()
    sections = personal_data.collect(user)
    fileobj = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    try:
        counts = personal_data.write_zip(
            sections,
            fileobj,
            header={
                "keterangan": "Salinan data pribadi Anda di portal LSP (UU No. 27 Tahun 2022 tentang "
                "Pelindungan Data Pribadi).",
                "dibuat_pada": now.isoformat(),
                "pengguna": user.email,
            },
        )
    except BaseException:
        fileobj.close()
        raise
    fileobj.seek(0)
    with acting_as(user, remote_addr=ip):
        AuditEntry.objects.log_create(
            user,
            force_log=True,
            action=AuditEntry.Action.ACCESS,
            additional_data={
                "tindakan": "unduh data pribadi",
                "bagian": [s.name for s in sections],
                "jumlah_berkas": counts["berkas"],
            },
        )
    return EksporDataPribadi(
        filename=f"data-pribadi-{now.date().isoformat()}.zip",
        file=fileobj,
        bagian=counts["bagian"],
        berkas=counts["berkas"],
    )
