"""Shared reads of SDM: a constant number of queries whatever the number of people."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery

from .models import Asesor, Deklarasi, KontrakPemeliharaan, Personel, SertifikatKompetensi, today
from .permissions import visible_personel


def personel_list(*, user, fungsi: str = "", q: str = ""):
    """People `user` may see, filtered by function and by a search on name, position,
    e-mail, NIK or MET number; one query (plus the paginator's count)."""
    rows = visible_personel(user).select_related("asesor").order_by("nama", "pk")
    if fungsi:
        rows = rows.filter(fungsi=fungsi)
    q = (q or "").strip()
    if q:
        rows = rows.filter(
            Q(nama__icontains=q)
            | Q(jabatan__icontains=q)
            | Q(email__icontains=q)
            | Q(nik__iexact=q)
            | Q(asesor__nomor_met__icontains=q)
        )
    return rows


def personel_detail(*, user):
    """People `user` may see, with everything their page shows prefetched."""
    return (
        visible_personel(user)
        .select_related("user", "asesor")
        .prefetch_related(
            Prefetch("sertifikat", queryset=SertifikatKompetensi.objects.order_by("-berlaku_sampai", "-pk")),
            Prefetch("kontrak", queryset=KontrakPemeliharaan.objects.order_by("-tanggal_selesai", "-pk")),
            "asesor__skema",
            Prefetch(
                "asesor__deklarasi",
                queryset=Deklarasi.objects.select_related("dokumen").order_by("-tahun"),
            ),
        )
    )


@dataclass
class FunctionGroup:
    key: str
    label: str
    functions: list = field(default_factory=list)  # [(value, label, [Personel])]

    @property
    def count(self) -> int:
        return sum(len(people) for _, _, people in self.functions)


def people_by_function(day: dt.date | None = None) -> list[FunctionGroup]:
    """Active people grouped as the SDM home shows them (SE-A4.2): one query."""
    people = (
        Personel.objects.active_on(day or today()).only("pk", "nama", "fungsi", "jabatan").order_by("nama")
    )
    by_function: dict[str, list] = {}
    for person in people:
        by_function.setdefault(person.fungsi, []).append(person)
    return [
        FunctionGroup(
            key=key,
            label=label,
            functions=[(f.value, f.label, by_function.get(f.value, [])) for f in functions],
        )
        for key, label, functions in Personel.GROUPS
    ]


def unregistered_staff(limit: int = 20) -> tuple[list, int]:
    """Active accounts holding a role of one of the SDM functions (SE-A4.2) that no Personel
    row records yet, so the admin can register them: (first `limit` by name, total); two
    queries. TUK managers and internal auditors are not LSP functions here."""
    from akun.models import Role, User

    codes = [
        Role.Code.DEWAN_PENGARAH,
        Role.Code.KETUA,
        Role.Code.MANAJER_SERTIFIKASI,
        Role.Code.KOMITE_TEKNIS,
        Role.Code.ADMIN_LSP,
        Role.Code.STAF_TI,
        Role.Code.ASESOR,
    ]
    accounts = (
        User.objects.filter(is_active=True, groups__role__code__in=codes, personel__isnull=True)
        .distinct()
        .order_by("nama_lengkap", "pk")
    )
    return list(accounts.only("pk", "nama_lengkap", "email")[:limit]), accounts.count()


def asesor_overview(*, year: int | None = None):
    """Every asesor with their person, schemes, and this year's declaration if signed
    (`deklarasi_id`, `deklarasi_dokumen_id`): the staff's X-6 overview; three queries."""
    year = year or today().year
    this_year = Deklarasi.objects.in_force().filter(asesor=OuterRef("pk"), tahun=year)
    return (
        Asesor.objects.select_related("personel")
        .prefetch_related("skema")
        .annotate(
            deklarasi_id=Subquery(this_year.values("pk")[:1]),
            deklarasi_dokumen_id=Subquery(this_year.values("dokumen_id")[:1]),
        )
        .order_by("personel__nama", "pk")
    )


def declaration_counts(year: int | None = None) -> tuple[int, int]:
    """(asesor who declared this year, active asesor): for the SDM home."""
    year = year or today().year
    active = Asesor.objects.filter(personel__in=Personel.objects.active_on(today()).values("pk"))
    declared = active.filter(
        Exists(Deklarasi.objects.in_force().filter(asesor=OuterRef("pk"), tahun=year))
    ).count()
    return declared, active.count()


@dataclass
class Maintainer:
    personel: Personel
    sertifikat: SertifikatKompetensi | None  # a valid web-developer certificate
    kontrak: KontrakPemeliharaan | None  # a valid contract with the maintenance clause

    @property
    def ok(self) -> bool:
        return bool(self.sertifikat or self.kontrak)

    @property
    def reason(self) -> str:
        if self.sertifikat:
            return f"Internal: sertifikat web developer {self.sertifikat.nomor} berlaku."
        if self.kontrak:
            kontrak = self.kontrak
            return f"Pihak ketiga: kontrak {kontrak.nomor_kontrak} dengan {kontrak.nama_vendor} berlaku."
        return (
            "Belum memenuhi: tidak ada sertifikat web developer yang berlaku maupun kontrak pemeliharaan "
            "yang berlaku dan memuat ketentuan pemeliharaan."
        )


@dataclass
class ItStatus:
    operators: list
    maintainers: list

    @property
    def ok(self) -> bool:
        """SE-A2.1: at least one operator and one qualified maintainer."""
        return bool(self.operators) and any(m.ok for m in self.maintainers)


def it_status(day: dt.date | None = None) -> ItStatus:
    """SE-A2.1 on `day`: active operators, and each active maintainer with what qualifies them
    (an in-house web-developer certificate, or a third-party contract); three queries."""
    day = day or today()
    people = (
        Personel.objects.active_on(day)
        .filter(fungsi__in=Personel.IT_FUNCTIONS)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "sertifikat",
                queryset=SertifikatKompetensi.objects.filter(
                    jenis=SertifikatKompetensi.Jenis.WEB_DEVELOPER
                ).order_by("-berlaku_sampai"),
            ),
            Prefetch("kontrak", queryset=KontrakPemeliharaan.objects.order_by("-tanggal_selesai")),
        )
        .order_by("nama")
    )
    operators, maintainers = [], []
    for person in people:
        if person.fungsi == Personel.Fungsi.OPERATOR_SI:
            operators.append(person)
            continue
        cert = next((s for s in person.sertifikat.all() if s.is_valid_on(day)), None)
        contract = next((k for k in person.kontrak.all() if k.is_valid_on(day)), None)
        maintainers.append(Maintainer(personel=person, sertifikat=cert, kontrak=contract))
    return ItStatus(operators=operators, maintainers=maintainers)


def assignable_asesor(*, day: dt.date, skema_id: int | None = None):
    """SE-A4.2 for the apps that assign asesor: active on `day`, MET registration valid on
    `day`, and (when given) allowed to assess the scheme."""
    rows = Asesor.objects.filter(
        met_berlaku_sampai__gte=day, personel__in=Personel.objects.active_on(day).values("pk")
    ).select_related("personel")
    if skema_id is not None:
        rows = rows.filter(skema__pk=skema_id)
    return rows


def own_asesor(user) -> Asesor | None:
    """The asesor profile linked to `user`'s account, if any."""
    if not (user and user.is_authenticated):
        return None
    return Asesor.objects.select_related("personel").filter(personel__user=user).first()
