"""The letters register (SE-A4.5): the LSP's numbered letters and decrees (SPT asesor, SPT
verifikasi TUK, the TUK verification report, SK penetapan TUK, SK komite teknis, SK keputusan
sertifikasi, SK keputusan banding), searchable in one staff list, and the issuing of the SK Komite Teknis.

Every letter is an ordinary record of the records engine (administrasi.services): numbered
by its kind, signed by the Ketua, sealed, and never edited (a correction is a new version).
"""

import datetime as dt
import re

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import formats, translation

from akun.models import Role, User
from akun.permissions import has_module

from . import services
from .models import Dokumen, TandaTangan
from .permissions import visible_dokumen

# The kinds SE-A4.5 names, in the order the register offers them.
LETTER_KINDS = (
    "SPT-ASESOR",
    "SPT-VERIFIKASI-TUK",
    "BA-VERIFIKASI-TUK",
    "SK-PENETAPAN-TUK",
    "SK-KOMITE-TEKNIS",
    "SK-KEPUTUSAN",
    "SK-KEPUTUSAN-BANDING",
)
SK_KOMITE_TEKNIS = "SK-KOMITE-TEKNIS"


# --- who may ------------------------------------------------------------------------------


def can_issue_letters(user) -> bool:
    """Issue letters and decrees from the register (akun.issue_letters)."""
    return has_module(user, "issue_letters")


# --- reads --------------------------------------------------------------------------------


def surat_register(*, user, q: str = "", kode: str = "", tahun: int | None = None):
    """Letters `user` may see, newest first, with kind and signers (three queries for a
    page of them, whatever their number). `q` matches the number or the subject."""
    letters = (
        visible_dokumen(user)
        .filter(jenis__kode__in=LETTER_KINDS)
        .select_related("jenis")
        .prefetch_related(
            Prefetch(
                "tanda_tangan",
                queryset=TandaTangan.objects.select_related("penandatangan").order_by("urutan"),
            )
        )
        .order_by("-diterbitkan_pada", "-pk")
    )
    q = (q or "").strip()
    if q:
        letters = letters.filter(Q(nomor__icontains=q) | Q(judul__icontains=q))
    if kode:
        letters = letters.filter(jenis__kode=kode)
    if tahun:
        letters = letters.filter(diterbitkan_pada__year=tahun)
    return letters


def surat_years(*, user) -> list[int]:
    """The years in which letters were issued, newest first (one query)."""
    moments = (
        visible_dokumen(user)
        .filter(jenis__kode__in=LETTER_KINDS)
        .datetimes("diterbitkan_pada", "year", order="DESC")
    )
    return [moment.year for moment in moments]


def users_with_role(code: str):
    """Active users holding the role `code`, by name."""
    return (
        User.objects.filter(is_active=True, groups__role__code=code).distinct().order_by("nama_lengkap", "pk")
    )


def komite_users():
    return users_with_role(Role.Code.KOMITE_TEKNIS)


def ketua_users():
    return users_with_role(Role.Code.KETUA)


# --- SK Komite Teknis ---------------------------------------------------------------------

JABATAN = {"ketua": "Ketua", "anggota": "Anggota"}
_ITEM_MARK = re.compile(r"^\s*(?:[a-zA-Z]|\d+)[.)]\s+")


def tanggal(day: dt.date) -> str:
    """15 Januari 2026: the way a decree writes a date."""
    with translation.override("id"):
        return formats.date_format(day, "j F Y")


def menimbang_items(text: str) -> list[str]:
    """The considerations, one per non-empty line, without a typed "a." or "1." mark
    (the PDF letters them a., b., c. itself)."""
    return [_ITEM_MARK.sub("", line).strip() for line in (text or "").splitlines() if line.strip()]


@transaction.atomic
def sk_komite_teknis_issue(
    *,
    anggota: list[tuple[User, str]],
    periode_mulai: dt.date,
    periode_selesai: dt.date,
    menimbang: str,
    penandatangan: User,
    actor: User,
) -> Dokumen:
    """Issue the SK Komite Teknis (SE-A4.5): a numbered draft waiting for the Ketua's
    signature; signing makes it final and renders its PDF.

    `anggota`: (user, "ketua" | "anggota") pairs; each user holds the Komite Teknis role,
    none twice, exactly one chairs. The period ends after it starts. The record's subject
    is the signing Ketua (the decree is his). Raises RecordError (Indonesian, nothing
    saved) for any of these broken; each call is a new decree with a new number.
    """
    if not anggota:
        raise services.RecordError("Pilih sekurang-kurangnya satu anggota komite teknis.")
    members = {u.pk for u in komite_users().filter(pk__in=[u.pk for u, _ in anggota])}
    outsiders = [u for u, _ in anggota if u.pk not in members]
    if outsiders:
        names = ", ".join(u.nama_lengkap or u.email for u in outsiders)
        raise services.RecordError(f"Bukan pemegang peran Komite Teknis: {names}.")
    if len({u.pk for u, _ in anggota}) != len(anggota):
        raise services.RecordError("Seorang anggota tercantum lebih dari sekali.")
    if any(jabatan not in JABATAN for _, jabatan in anggota):
        raise services.RecordError("Jabatan dalam komite hanya Ketua atau Anggota.")
    if [jabatan for _, jabatan in anggota].count("ketua") != 1:
        raise services.RecordError("Komite teknis harus memiliki tepat satu ketua.")
    if periode_selesai <= periode_mulai:
        raise services.RecordError("Tanggal akhir periode harus sesudah tanggal mulai.")
    items = menimbang_items(menimbang)
    if not items:
        raise services.RecordError("Isi sekurang-kurangnya satu pertimbangan (menimbang).")
    if not ketua_users().filter(pk=penandatangan.pk).exists():
        raise services.RecordError("SK Komite Teknis ditandatangani oleh pemegang peran Ketua LSP.")
    ordered = sorted(anggota, key=lambda pair: (pair[1] != "ketua", pair[0].nama_lengkap))
    data = {
        "menimbang": items,
        "periode_mulai": periode_mulai.isoformat(),
        "periode_selesai": periode_selesai.isoformat(),
        "anggota": [
            {"nama": u.nama_lengkap or u.email, "jabatan": JABATAN[jabatan], "id_pengguna": u.pk}
            for u, jabatan in ordered
        ],
    }
    return services.dokumen_issue(
        kode=SK_KOMITE_TEKNIS,
        subject=penandatangan,
        judul=f"Penetapan Komite Teknis periode {tanggal(periode_mulai)} s.d. {tanggal(periode_selesai)}",
        data=data,
        signers={"ketua": penandatangan},
        actor=actor,
    )
