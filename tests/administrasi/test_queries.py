"""Record visibility scales (SE-A4.4, SE-A4.5, X-11; issue 10 item 15).

Which records a user may see is one queryset whose conditions are subqueries: the archive
costs the same queries at 10 and at 10,000 records, for every way of seeing a record, and
the check on one record is one query.
"""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from administrasi.models import Dokumen, JenisDokumen, TandaTangan
from administrasi.permissions import can_view, visible_dokumen

# Not `embedded`: who may open what and how many queries a page costs are decided by the
# views and the ORM, not by the database or the storage; run once per make test, on PostgreSQL.

LIST = "/administrasi/arsip/"
FEW, MANY = 10, 10_000


def asesor_profile(user):
    """The asesor's own profile in sdm (a subject whose records its asesor sees)."""
    from sdm.models import Asesor, Personel

    personel = Personel.objects.create(
        user=user,
        nama="Asesor Sendiri",
        fungsi=Personel.Fungsi.ASESOR,
        jabatan="Asesor",
        aktif_dari=dt.date(2020, 1, 1),
    )
    return Asesor.objects.create(
        personel=personel,
        nomor_met="MET.000.000100.2024",
        met_terbit=dt.date(2024, 1, 1),
        met_berlaku_sampai=dt.date(2030, 1, 1),
    )


def bulk_records(count, *, subject, issuer, signer=None):
    """`count` draft SPTs about `subject`, made with bulk_create (seconds for 10,000); with a
    signature row for `signer` when given."""
    jenis = JenisDokumen.objects.get(kode="SPT-ASESOR")
    subject_type = ContentType.objects.get_for_model(type(subject))
    keep_until = timezone.localdate() + dt.timedelta(days=365)
    records = Dokumen.objects.bulk_create(
        [
            Dokumen(
                jenis=jenis,
                judul=f"Massal {n}",
                subject_type=subject_type,
                subject_id=str(subject.pk),
                data={"n": n},
                data_hash="0" * 64,
                diterbitkan_oleh=issuer,
                retained_until=keep_until,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    if signer is not None:
        TandaTangan.objects.bulk_create(
            [
                TandaTangan(dokumen=d, urutan=1, pihak="ketua", label="Ketua", penandatangan=signer)
                for d in records
            ],
            batch_size=2000,
        )
    return records


def grant_all(user, records):
    from guardian.shortcuts import assign_perm

    assign_perm("administrasi.view_dokumen", user, Dokumen.objects.filter(pk__in=[d.pk for d in records]))


def archive_queries(client):
    """(queries, records on the page, records in all) for one archive page, caches warm."""
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    page = response.context["page"]
    return len(queries), len(page.object_list), page.paginator.count


# How each viewer comes to see the records: (viewer persona, records' subject, signer, grant).
WAYS = {
    "staff": ("admin_lsp", "ketua", None, False),
    "signer": ("asesi", "ketua", "asesi", False),
    "subject": ("asesi", "asesi", None, False),
    "subject rule (asesor profile)": ("asesor", "asesor_profile", None, False),
    "explicit grant": ("auditor", "ketua", None, True),
}


@pytest.mark.parametrize("way", list(WAYS))
def test_archive_costs_the_same_queries_at_10_and_10000_records(request, login, ketua, admin_lsp, way):
    """SE-A4.5, SE-A4.4: the archive page's query count does not grow with the archive,
    whichever way the viewer sees the records."""
    viewer_name, subject_name, signer_name, grant = WAYS[way]
    viewer = request.getfixturevalue(viewer_name)
    if subject_name == "asesor_profile":
        subject = asesor_profile(viewer)
    else:
        subject = request.getfixturevalue(subject_name)
    signer = request.getfixturevalue(signer_name) if signer_name else None

    def add(count):
        records = bulk_records(count, subject=subject, issuer=ketua, signer=signer)
        if grant:
            grant_all(viewer, records)

    client = login(viewer)
    add(FEW)
    few = archive_queries(client)
    add(MANY - FEW)
    many = archive_queries(client)
    assert (few[1:], many[1:]) == ((FEW, FEW), (25, MANY))
    assert few[0] == many[0]


def test_others_see_none_of_10000_records_about_someone_else(login, ketua, asesi_lain):
    """SE-A4.4: the subqueries keep the meaning: records neither signed by, about, nor granted
    to the viewer stay hidden."""
    bulk_records(MANY, subject=ketua, issuer=ketua, signer=ketua)
    assert archive_queries(login(asesi_lain))[1:] == (0, 0)


def test_building_the_visible_records_runs_no_query(asesor):
    """X-11: visible_dokumen is a lazy queryset: subject rules and grants are subqueries,
    not lists of ids read first."""
    asesor_profile(asesor)
    visible_dokumen(asesor).exists()  # loads the user's rights and the content types
    with CaptureQueriesContext(connection) as queries:
        visible_dokumen(asesor)
    assert len(queries) == 0


@pytest.mark.parametrize("theirs", [True, False], ids=["their record", "not theirs"])
def test_checking_one_record_is_one_query(asesor, ketua, theirs):
    """X-11: can_view(user, dokumen) answers with one query, yes or no."""
    profile = asesor_profile(asesor)
    (dokumen,) = bulk_records(1, subject=profile if theirs else ketua, issuer=ketua)
    can_view(asesor, dokumen)  # loads the user's rights and the content types
    with CaptureQueriesContext(connection) as queries:
        answer = can_view(asesor, dokumen)
    assert (answer, len(queries)) == (theirs, 1)
