"""administrasi's part of "download my data" (UU PDP 27/2022, X-10): the records a person
signs or that are about them, registered in `lsp_portal.personal_data` from ready()."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from akun.models import User
from lsp_portal.personal_data import Section

from .models import Dokumen, TandaTangan


def _iso(value):
    return value.isoformat() if value else None


def records_of(user) -> Section | None:
    """Every version of every record `user` is a signer of or the subject of: kind, number,
    version, status, dates, their own signatures' evidence, and the PDF of each final one
    that is stored. Three queries, whatever the number of records. None: no record."""
    user_type = ContentType.objects.get_for_model(User)
    own = Q(pk__in=TandaTangan.objects.filter(penandatangan=user).values("dokumen")) | Q(
        subject_type=user_type, subject_id=str(user.pk)
    )
    records = list(
        Dokumen.objects.filter(own)
        .select_related("jenis")
        .prefetch_related(
            Prefetch(
                "tanda_tangan",
                queryset=TandaTangan.objects.filter(penandatangan=user).order_by("urutan"),
                to_attr="signed_by_user",
            )
        )
        .order_by("diterbitkan_pada", "pk")
    )
    if not records:
        return None
    rows, files = [], []
    for dokumen in records:
        pdf = None
        if dokumen.status == Dokumen.Status.FINAL and dokumen.pdf:
            label = dokumen.nomor or f"dokumen-{dokumen.pk}"
            name = re.sub(
                r"[^\w.\-]+", "-", f"{dokumen.jenis.kode}-{label}-v{dokumen.versi}.pdf", flags=re.ASCII
            )
            files.append((name, dokumen.pdf.storage, dokumen.pdf.name))
            pdf = f"berkas/administrasi/{name}"
        rows.append(
            {
                "jenis": dokumen.jenis.kode,
                "nama_jenis": dokumen.jenis.nama,
                "judul": dokumen.judul,
                "nomor": dokumen.nomor,
                "versi": dokumen.versi,
                "status": dokumen.get_status_display(),
                "tentang_saya": dokumen.subject_type_id == user_type.pk
                and dokumen.subject_id == str(user.pk),
                "diterbitkan_pada": _iso(dokumen.diterbitkan_pada),
                "final_pada": _iso(dokumen.difinalkan_pada),
                "disimpan_sampai": _iso(dokumen.retained_until),
                "sha256_pdf": dokumen.pdf_sha256,
                "berkas_pdf": pdf,
                "tanda_tangan_saya": [
                    {
                        "sebagai": t.label,
                        "ditandatangani_pada": _iso(t.ditandatangani_pada),
                        "alamat_ip": t.ip,
                        "perangkat": t.user_agent,
                        "metode": t.get_metode_display() if t.metode else "",
                    }
                    for t in dokumen.signed_by_user
                ],
            }
        )
    return Section(name="administrasi", data={"dokumen": rows}, files=files)
