"""Permission-matrix rows for the decision (SE-A4.4, SE-A4.8, X-6).

The object: the `asesi` persona's application taken through the assessment with the `asesor`
persona (matrix_rows_ak's candidate; its sheets made final through the records engine, every
unit K, FR.AK.02 signed by both, then FR.AK.05 by the lead assessor: the batch ready for a
pleno), and for the pleno's pages its pleno formed by the `manajer` persona with the `komite`
persona as its one member and the `ketua` persona as the SK's signer.

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


def _finish_sheets(c, p):
    """Each planned sheet of `p` made final through the records engine, signed by its
    parties with the personas' password (test_ak.finish_sheet's steps)."""
    from administrasi import services as records
    from administrasi.models import JenisDokumen
    from sertifikasi.models import Lembar
    from sertifikasi.services.asesmen import lembar_kode
    from tests.conftest import clear_own_cache

    people = {"asesor": c["asesor"], "asesi": p.asesi}
    for lembar in p.lembar.select_related("instrumen").order_by("pk"):
        jenis = JenisDokumen.objects.get(kode=lembar_kode(lembar))
        dokumen = records.dokumen_issue(
            kode=jenis.kode,
            subject=p,
            judul=f"{jenis.kode} {p.nama}",
            data={"instrumen": lembar.instrumen.judul},
            signers={party["pihak"]: people[party["pihak"]] for party in jenis.penandatangan},
            actor=c["asesor"],
        )
        clear_own_cache()  # dozens of sheets: not on the signing attempt limit
        for party in jenis.penandatangan:
            records.dokumen_sign(
                dokumen=dokumen, signer=people[party["pihak"]], secret=PASSWORD, consent=True
            )
        Lembar.objects.filter(pk=lembar.pk).update(status=Lembar.Status.FINAL, dokumen=dokumen)
    clear_own_cache()


def _ready(c):
    """The `asesi` persona waiting for the decision, the batch's FR.AK.05 final; once."""
    from sertifikasi import services
    from sertifikasi.models import Permohonan
    from sertifikasi.services import ak

    from .conftest import ttd

    found = Permohonan.objects.filter(asesi=c["asesi"], status=Permohonan.Status.MENUNGGU_KEPUTUSAN).first()
    if found:
        return found
    p = _kandidat(c)
    _finish_sheets(c, p)
    evidence = ak.ak02_evidence(p)
    hasil = {
        unit.pk: {
            "rekomendasi": "K",
            "bukti": [key for key, _ in ak.evidence_choices(evidence, unit.pk)][:1],
            "tindak_lanjut": "",
        }
        for unit in ak.ak02_units(p)
    }
    services.ak02_save(permohonan=p, hasil=hasil, actor=c["asesor"])
    services.ak02_sign_asesor(permohonan=p, komentar="", actor=c["asesor"], ttd=ttd(PASSWORD))
    p = services.ak02_sign_asesi(
        permohonan=Permohonan.objects.get(pk=p.pk), actor=c["asesi"], ttd=ttd(PASSWORD)
    )
    services.ak05_sign(
        jadwal=p.jadwal,
        isian={"aspek_positif": "Asesi siap.", "penolakan": "Tidak ada"},
        actor=c["asesor"],
        ttd=ttd(PASSWORD),
    )
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
    ),
    "sertifikasi:pleno": Row(_statuses(200), url=_pleno_url("pleno")),
    "sertifikasi:keputusan": Row(
        _statuses(403, komite=200),
        url=lambda c: reverse("sertifikasi:keputusan", args=[_pleno(c).pk, _ready(c).pk]),
    ),
    "sertifikasi:pleno-sk": Row(
        _statuses(403, manajer=200, ketua=200, superuser=200), url=_pleno_url("pleno-sk")
    ),
    "sertifikasi:pleno-tandatangan": Row(_statuses(403, ketua=200), url=_pleno_url("pleno-tandatangan")),
    "sertifikasi:konflik-pleno": Row(
        {**journey_statuses(asesi=403, staff=403, asesor=403), "komite": 200},
        url=lambda c: reverse("sertifikasi:konflik-pleno", args=[_ready(c).pk]),
    ),
}
