"""What the certification journey puts on a person's dashboard (lsp_portal.worklist): the
applications waiting for verification, the candidates waiting for a batch, the APL.02 an
assessor must review and the FR.AK.01 someone must sign next. Each provider asks
permissions.py first and costs at most two queries, whatever the number of applications."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from administrasi.permissions import dokumen_to_sign
from akun.models import Role
from akun.permissions import has_role
from lsp_portal.worklist import WorkItem

from . import permissions
from .models import JadwalAsesor, Permohonan

S = Permohonan.Status


def _item(label: str, queryset, *, single, several: str) -> list[WorkItem]:
    """One item counting `queryset`: a single application links to `single(pk)`, several to
    the URL `several`. Two queries (the count, then at most two ids)."""
    count = queryset.count()
    if not count:
        return []
    url = single(queryset.values_list("pk", flat=True)[0]) if count == 1 else several
    return [WorkItem(label=label, count=count, url=url)]


def to_verify(user) -> list[WorkItem]:
    """SE-A4.8a: submitted applications, for holders of verify_permohonan (not their own)."""
    if not permissions.can_verify_right(user):
        return []
    return _item(
        "Permohonan menunggu verifikasi",
        Permohonan.objects.filter(status=S.DIAJUKAN).exclude(asesi=user),
        single=lambda pk: reverse("sertifikasi:verifikasi", args=[pk]),
        several=reverse("sertifikasi:permohonan-list"),
    )


def to_schedule(user) -> list[WorkItem]:
    """Verified candidates with a signed APL.02 and no batch yet, for manage_jadwal holders:
    the staff list filtered on them."""
    if not permissions.can_manage_jadwal(user):
        return []
    url = reverse("sertifikasi:permohonan-list") + f"?status={S.MENUNGGU_JADWAL}"
    return _item(
        "Asesi menunggu jadwal",
        Permohonan.objects.filter(status=S.MENUNGGU_JADWAL),
        single=lambda pk: url,
        several=url,
    )


def apl02_to_review(user) -> list[WorkItem]:
    """SE-A4.8b: the candidates of the assessor's batches assigned to them whose APL.02 waits
    for their review (permissions.can_review_apl02, as one query)."""
    if not has_role(user, Role.Code.ASESOR):
        return []
    in_batch = JadwalAsesor.objects.filter(jadwal_id=OuterRef("jadwal_id"), asesor_id=OuterRef("asesor_id"))
    return _item(
        "APL.02 menunggu reviu",
        Permohonan.objects.filter(status=S.DIJADWALKAN, asesor__personel__user=user).filter(Exists(in_batch)),
        single=lambda pk: reverse("sertifikasi:apl02-reviu", args=[pk]),
        several=reverse("sertifikasi:home"),
    )


def ak01_to_sign(user) -> list[WorkItem]:
    """SE-A4.8c: the FR.AK.01 on which the user (applicant or assessor) signs next
    (permissions.ak01_turn, as one query through the records engine's next-signer rule)."""
    if not (user and user.is_authenticated):
        return []
    return _item(
        "FR.AK.01 menunggu tanda tangan",
        Permohonan.objects.filter(status=S.PRA_ASESMEN, ak01__in=dokumen_to_sign(user)),
        single=lambda pk: reverse("sertifikasi:ak01-tandatangan", args=[pk]),
        several=reverse("sertifikasi:home"),
    )


def applicant_steps(user) -> list[WorkItem]:
    """What the applicant's own applications ask of them: fix what was returned, finish a
    draft, fill in and sign the self-assessment (one query)."""
    if not (user and user.is_authenticated):
        return []
    labels = {
        S.DIKEMBALIKAN: ("Permohonan dikembalikan: perbaiki lalu ajukan lagi", "sertifikasi:permohonan-ubah"),
        S.DRAFT: ("Permohonan belum diajukan", "sertifikasi:permohonan-ubah"),
        S.ASESMEN_MANDIRI: ("Isi dan tandatangani asesmen mandiri (FR.APL.02)", "sertifikasi:apl02"),
    }
    rows = list(
        Permohonan.objects.filter(asesi=user, status__in=list(labels)).values_list("pk", "status")[:50]
    )
    items = []
    for status, (label, name) in labels.items():
        ids = [pk for pk, s in rows if s == status]
        if ids:
            items.append(
                WorkItem.of(
                    label, [reverse(name, args=[pk]) for pk in ids], list_url=reverse("sertifikasi:home")
                )
            )
    return items


PROVIDERS = [applicant_steps, to_verify, to_schedule, apl02_to_review, ak01_to_sign]
