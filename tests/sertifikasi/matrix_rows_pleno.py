"""Permission-matrix rows for the decision (SE-A4.4, SE-A4.8, X-6).

The object: the `asesi` persona's application in the assessment with the `asesor` persona
(matrix_rows_ak's candidate), moved on to menunggu_keputusan with its batch's FR.AK.05 signed
by the lead assessor (see `_ready`): the batch ready for a pleno; for the pleno's pages, its
pleno formed by the `manajer` persona with the `komite` persona as its one member and the
`ketua` persona as the SK's signer.

- The list: sertifikasi staff; everyone else 403.
- A pleno and its pages: a candidate or an assessor never sees one (404); people without a
  journey role 403. Forming one and issuing its SK: organize_pleno (manajer, ketua); a
  member's decision: its members; the signing page: the Ketua named on it; other staff 403.
- A Komite member's conflict with a candidate: the Komite Teknis; others who see the
  candidate 403, others' candidates 404.
Anonymous 302.
"""

from django.urls import reverse

from tests.conftest import PASSWORD
from tests.matrix import Row

from .matrix_rows_ak import _kandidat
from .world import journey_statuses


def _ready(c):
    """The `asesi` persona waiting for the decision, the batch's FR.AK.05 final; once. The
    assessment's outcome is written directly (status moved, FR.AK.05 issued and signed by the
    lead assessor): the rows ask who may open the decision's pages, and taking the candidate
    through every sheet and FR.AK.02 for each of them cost ~10 s a row (test_ak and
    decision.py take that path)."""
    from administrasi import services as records
    from lsp_portal.workflow import transition
    from sertifikasi.models import Jadwal, Permohonan

    found = Permohonan.objects.filter(asesi=c["asesi"], status=Permohonan.Status.MENUNGGU_KEPUTUSAN).first()
    if found:
        return found
    p = transition(_kandidat(c), Permohonan.Status.MENUNGGU_KEPUTUSAN, actor=c["asesor"], note="matriks")
    ak05 = records.dokumen_issue(
        kode="FR.AK.05",
        subject=p.jadwal,
        judul="FR.AK.05 matriks",
        data={"jadwal": p.jadwal.nama},
        signers={"asesor": c["asesor"]},
        actor=c["asesor"],
    )
    records.dokumen_sign(dokumen=ak05, signer=c["asesor"], secret=PASSWORD, consent=True)
    Jadwal.objects.filter(pk=p.jadwal_id).update(ak05=ak05)
    return Permohonan.objects.get(pk=p.pk)


def _pleno(c):
    import datetime as dt

    from django.utils import timezone

    from sertifikasi import services
    from sertifikasi.models import Pleno

    p = _ready(c)
    found = Pleno.objects.filter(jadwal_id=p.jadwal_id).first()
    if found:
        return found
    return services.pleno_form(
        jadwal=p.jadwal,
        anggota=[c["komite"]],
        ketua_rapat=c["komite"],
        waktu=timezone.now() + dt.timedelta(hours=2),
        tautan="",
        penandatangan=c["ketua"],
        actor=c["manajer"],
    )


def _pleno_url(name):
    return lambda c: reverse(f"sertifikasi:{name}", args=[_pleno(c).pk])


def _statuses(staff: int, **persona) -> dict:
    """A pleno page: the asesi and asesor personas (not visible) 404, staff `staff`, named
    staff personas as given."""
    return {**journey_statuses(asesi=404, staff=staff, asesor=404), **persona}


ROWS = {
    "sertifikasi:pleno-list": Row(
        {**journey_statuses(asesi=403, staff=200, asesor=403), "asesi_lain": 403, "asesor_lain": 403}
    ),
    "sertifikasi:pleno-baru": Row(
        {
            **journey_statuses(asesi=404, staff=403, asesor=403),
            "manajer": 200,
            "ketua": 200,
            "superuser": 200,
        },
        url=lambda c: reverse("sertifikasi:pleno-baru", args=[_ready(c).jadwal_id]),
        world=_ready,
    ),
    "sertifikasi:pleno": Row(_statuses(200), url=_pleno_url("pleno"), world=_pleno),
    "sertifikasi:keputusan": Row(
        _statuses(403, komite=200),
        url=lambda c: reverse("sertifikasi:keputusan", args=[_pleno(c).pk, _ready(c).pk]),
        world=_pleno,
    ),
    "sertifikasi:pleno-sk": Row(
        _statuses(403, manajer=200, ketua=200, superuser=200), url=_pleno_url("pleno-sk"), world=_pleno
    ),
    "sertifikasi:pleno-tandatangan": Row(
        _statuses(403, ketua=200), url=_pleno_url("pleno-tandatangan"), world=_pleno
    ),
    "sertifikasi:konflik-pleno": Row(
        {**journey_statuses(asesi=403, staff=403, asesor=403), "komite": 200},
        url=lambda c: reverse("sertifikasi:konflik-pleno", args=[_ready(c).pk]),
        world=_ready,
    ),
}
