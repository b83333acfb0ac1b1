"""What the certification journey puts on a person's dashboard (lsp_portal.worklist): the
applications waiting for verification, the candidates waiting for a batch, the APL.02 an
assessor must review and the FR.AK.01 someone must sign next; in the assessment itself
(Journey II) a session today, the sheets to fill or judge, FR.AK.02 to write or sign,
FR.AK.03 to give, FR.AK.05 and FR.AK.06 to write; in the decision the batches ready for a
pleno and the SK keputusan to issue (Manajer), the candidates a pleno member decides, the SK
keputusan the Ketua signs. Each provider asks permissions.py first
(or the same rule as one query) and costs at most two queries, whatever the number of
applications."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from administrasi.models import Dokumen
from administrasi.permissions import dokumen_to_sign
from akun.models import Role
from akun.permissions import has_role
from lsp_portal.worklist import WorkItem
from muk.models import JenisIA

from . import permissions
from .models import (
    AnggotaPleno,
    Jadwal,
    JadwalAsesor,
    Keputusan,
    Konflik,
    KonflikPleno,
    Lembar,
    Permohonan,
    Pleno,
)

S = Permohonan.Status
L = Lembar.Status


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


# --- Journey II: the assessment --------------------------------------------------------------


def _in_own_batch(user):
    """Applications whose assessor is `user` in their batch (permissions.is_assigned_asesor as
    a filter)."""
    in_batch = JadwalAsesor.objects.filter(jadwal_id=OuterRef("jadwal_id"), asesor_id=OuterRef("asesor_id"))
    return Permohonan.objects.filter(asesor__personel__user=user).filter(Exists(in_batch))


def sesi_today(user) -> list[WorkItem]:
    """SE-A4.10: today's sessions of the user's batches, as a candidate (FR.AK.01 final or the
    assessment running) or as one of its assessors (permissions.can_join_sesi), not cancelled
    nor closed by the berita acara."""
    if not (user and user.is_authenticated):
        return []
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    end = start + dt.timedelta(days=1)
    mine = Q(pk__in=JadwalAsesor.objects.filter(asesor__personel__user=user).values("jadwal_id")) | Q(
        pk__in=Permohonan.objects.filter(asesi=user, status__in=[S.SIAP_ASESMEN, S.ASESMEN]).values(
            "jadwal_id"
        )
    )
    return _item(
        "Sesi asesmen hari ini",
        Jadwal.objects.filter(mine, mulai__lt=end, selesai__gte=start)
        .exclude(status=Jadwal.Status.DIBATALKAN)
        .exclude(sesi__ditutup_pada__isnull=False)
        .order_by("mulai", "pk"),
        single=lambda pk: reverse("sertifikasi:sesi", args=[pk]),
        several=reverse("sertifikasi:home"),
    )


# Who acts on a draft sheet (services.lembar.RULES, services.ujian): the candidate answers,
# uploads or takes the test; the assessor observes, asks, checks and judges what was handed in.
CANDIDATE_ANSWERS = [JenisIA.IA04, JenisIA.IA05, JenisIA.IA06]  # until handed in / finished
CANDIDATE_UPLOADS = [JenisIA.IA02]
ASSESSOR_FILLS = [
    JenisIA.IA01,
    JenisIA.IA02,
    JenisIA.IA03,
    JenisIA.IA07,
    JenisIA.IA08,
    JenisIA.IA09,
    JenisIA.IA10,
]
HANDED_IN = [JenisIA.IA04, JenisIA.IA06]  # the assessor judges once handed in


def _sheets_item(label: str, sheets) -> list[WorkItem]:
    """`sheets` counted; they link to their candidate's list of sheets when all are one
    candidate's, to the journey's home otherwise. Two queries."""
    count = sheets.count()
    if not count:
        return []
    owners = list(sheets.order_by().values_list("permohonan_id", flat=True).distinct()[:2])
    url = (
        reverse("sertifikasi:asesmen", args=[owners[0]]) if len(owners) == 1 else reverse("sertifikasi:home")
    )
    return [WorkItem(label=label, count=count, url=url)]


def sheets_to_do(user) -> list[WorkItem]:
    """SE-A4.8d: the draft sheets of a running assessment waiting on the user: the
    candidate's tests, answers and uploads (permissions.lembar_role 'asesi'); the sheets the
    candidate's own assessor fills or judges (lembar_role 'asesor')."""
    if not (user and user.is_authenticated):
        return []
    running = Lembar.objects.filter(status=L.DRAFT, permohonan__status=S.ASESMEN)
    items = _sheets_item(
        "Instrumen asesmen yang perlu Anda kerjakan",
        running.filter(permohonan__asesi=user).filter(
            Q(instrumen__jenis__in=CANDIDATE_UPLOADS)
            | Q(instrumen__jenis__in=CANDIDATE_ANSWERS, selesai_pada__isnull=True)
        ),
    )
    if has_role(user, Role.Code.ASESOR):
        items += _sheets_item(
            "Lembar instrumen yang perlu Anda isi atau nilai",
            running.filter(permohonan__in=_in_own_batch(user)).filter(
                Q(instrumen__jenis__in=ASSESSOR_FILLS)
                | Q(instrumen__jenis__in=HANDED_IN, selesai_pada__isnull=False)
            ),
        )
    return items


def ak02_to_write(user) -> list[WorkItem]:
    """SE-A4.8f: candidates of the assessor whose every sheet is final and whose FR.AK.02 is
    not signed yet (permissions.can_fill_ak02 and services.asesmen.open_sheets as one query)."""
    if not has_role(user, Role.Code.ASESOR):
        return []
    sheets = Lembar.objects.filter(permohonan_id=OuterRef("pk"))
    return _item(
        "FR.AK.02 siap diisi dan ditandatangani",
        _in_own_batch(user)
        .filter(status=S.ASESMEN)
        .filter(Q(ak02__isnull=True) | Q(ak02__status__in=[Dokumen.Status.VOID, Dokumen.Status.SUPERSEDED]))
        .filter(Exists(sheets))
        .exclude(Exists(sheets.exclude(dokumen__status=Dokumen.Status.FINAL))),
        single=lambda pk: reverse("sertifikasi:ak02", args=[pk]),
        several=reverse("sertifikasi:home"),
    )


def ak02_to_sign(user) -> list[WorkItem]:
    """SE-A4.8f: the FR.AK.02 on which the user signs next (permissions.ak02_turn as one
    query): the candidate, after their assessor."""
    if not (user and user.is_authenticated):
        return []
    return _item(
        "FR.AK.02 menunggu tanda tangan Anda",
        Permohonan.objects.filter(status=S.ASESMEN, ak02__in=dokumen_to_sign(user)),
        single=lambda pk: reverse("sertifikasi:ak02-tandatangan", args=[pk]),
        several=reverse("sertifikasi:home"),
    )


def ak03_to_give(user) -> list[WorkItem]:
    """SE-A4.8g: the candidate's feedback, once their FR.AK.02 is final
    (permissions.can_fill_ak03 as one query)."""
    if not (user and user.is_authenticated):
        return []
    return _item(
        "Isi umpan balik asesmen (FR.AK.03)",
        Permohonan.objects.filter(asesi=user, ak02__status=Dokumen.Status.FINAL, ak03__isnull=True),
        single=lambda pk: reverse("sertifikasi:ak03", args=[pk]),
        several=reverse("sertifikasi:home"),
    )


def batch_reports(user) -> list[WorkItem]:
    """SE-A4.8h/i: the lead assessor's batches (permissions.can_report_batch: the first
    assigned, as one query) whose FR.AK.05 can be written (someone assessed, nobody still
    in assessment, no report yet), and those whose FR.AK.06 follows a final FR.AK.05."""
    if not has_role(user, Role.Code.ASESOR):
        return []
    lead = (
        JadwalAsesor.objects.filter(jadwal_id=OuterRef("pk")).order_by("pk").values("asesor__personel__user")
    )
    batches = (
        Jadwal.objects.exclude(status=Jadwal.Status.DIBATALKAN)
        .annotate(lead_user=Subquery(lead[:1]))
        .filter(lead_user=user.pk)
        .order_by("mulai", "pk")
    )
    peserta = Permohonan.objects.filter(jadwal_id=OuterRef("pk"))
    return _item(
        "FR.AK.05 jadwal siap ditulis",
        batches.filter(ak05__isnull=True)
        .filter(Exists(peserta.filter(status=S.MENUNGGU_KEPUTUSAN)))
        .exclude(Exists(peserta.filter(status=S.ASESMEN))),
        single=lambda pk: reverse("sertifikasi:ak05", args=[pk]),
        several=reverse("sertifikasi:home"),
    ) + _item(
        "FR.AK.06 jadwal siap ditulis",
        batches.filter(ak05__status=Dokumen.Status.FINAL, ak06__isnull=True),
        single=lambda pk: reverse("sertifikasi:ak06", args=[pk]),
        several=reverse("sertifikasi:home"),
    )


# --- Journey II: the decision (SE-A4.8, X-6) -------------------------------------------------


def pleno_to_organize(user) -> list[WorkItem]:
    """FLOW state 11: for organize_pleno holders, the batches ready for a pleno
    (services.pleno.batches_ready_for_pleno) and the plenos whose every candidate is decided,
    their SK keputusan to issue (services.pleno.undecided, as one query)."""
    from .services.pleno import batches_ready_for_pleno

    if not permissions.can_organize_pleno(user):
        return []
    waiting = Permohonan.objects.filter(jadwal_id=OuterRef("jadwal_id"), status=S.MENUNGGU_KEPUTUSAN).exclude(
        Exists(Keputusan.objects.filter(permohonan_id=OuterRef("pk")))
    )
    return _item(
        "Jadwal siap rapat pleno",
        batches_ready_for_pleno().order_by("mulai", "pk"),
        single=lambda pk: reverse("sertifikasi:pleno-baru", args=[pk]),
        several=reverse("sertifikasi:pleno-list"),
    ) + _item(
        "SK keputusan siap diterbitkan",
        Pleno.objects.filter(status=Pleno.Status.DIBENTUK).exclude(Exists(waiting)).order_by("waktu", "pk"),
        single=lambda pk: reverse("sertifikasi:pleno-sk", args=[pk]),
        several=reverse("sertifikasi:pleno-list"),
    )


def candidates_to_decide(user) -> list[WorkItem]:
    """SE-A4.8, FLOW state 12: the candidates of the open plenos the user sits on, still
    undecided, that they may decide on (permissions.can_decide and
    services.pleno.decide_refusal as one query: not themselves, not an assessor of the batch,
    no conflict declared as assessor or as member). Links to the pleno's page."""
    if not permissions.can_declare_konflik_pleno(user):  # a Komite Teknis member
        return []
    candidates = (
        Permohonan.objects.filter(
            status=S.MENUNGGU_KEPUTUSAN,
            keputusan__isnull=True,
            jadwal__pleno__status=Pleno.Status.DIBENTUK,
            jadwal__pleno__in=AnggotaPleno.objects.filter(user=user).values("pleno_id"),
        )
        .exclude(asesi=user)
        .exclude(
            Exists(JadwalAsesor.objects.filter(jadwal_id=OuterRef("jadwal_id"), asesor__personel__user=user))
        )
        .exclude(Exists(Konflik.objects.filter(asesi_id=OuterRef("asesi_id"), asesor__personel__user=user)))
        .exclude(Exists(KonflikPleno.objects.filter(anggota=user, asesi_id=OuterRef("asesi_id"))))
    )
    count = candidates.count()
    if not count:
        return []
    plenos = list(candidates.order_by().values_list("jadwal__pleno", flat=True).distinct()[:2])
    url = (
        reverse("sertifikasi:pleno", args=[plenos[0]])
        if len(plenos) == 1
        else reverse("sertifikasi:pleno-list")
    )
    return [WorkItem(label="Asesi menunggu keputusan Anda (rapat pleno)", count=count, url=url)]


def sk_to_sign(user) -> list[WorkItem]:
    """The SK keputusan (with its certificates) waiting for the user's signature as the Ketua
    named on the pleno (permissions.can_sign_sk, as one query)."""
    if not (user and user.is_authenticated):
        return []
    return _item(
        "SK keputusan dan sertifikat menunggu tanda tangan Anda",
        Pleno.objects.filter(status=Pleno.Status.SK_DITERBITKAN, penandatangan=user).order_by("waktu", "pk"),
        single=lambda pk: reverse("sertifikasi:pleno-tandatangan", args=[pk]),
        several=reverse("sertifikasi:pleno-list"),
    )


PROVIDERS = [
    applicant_steps,
    to_verify,
    to_schedule,
    apl02_to_review,
    ak01_to_sign,
    sesi_today,
    sheets_to_do,
    ak02_to_write,
    ak02_to_sign,
    ak03_to_give,
    batch_reports,
    pleno_to_organize,
    candidates_to_decide,
    sk_to_sign,
]
