"""Demo letter for the embedded setup (`make run`): an SK Komite Teknis, signed by the
Ketua, so the letters register and its PDF layout have something to show.

Idempotent: nothing is issued when any SK Komite Teknis exists (the demo's or the LSP's).
Meant to be called from eksekutif.demo.seed_demo().
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from . import services, surat
from .models import Dokumen

MENIMBANG = (
    "bahwa untuk menjamin keputusan sertifikasi yang objektif, LSP memerlukan Komite Teknis "
    "yang tidak terlibat dalam asesmen;\n"
    "bahwa nama yang tercantum dalam keputusan ini dipandang memenuhi syarat kompetensi dan "
    "ketidakberpihakan;\n"
    "bahwa berdasarkan pertimbangan tersebut perlu menetapkan Keputusan Ketua LSP tentang "
    "Penetapan Komite Teknis."
)


@transaction.atomic
def seed_surat_demo(*, actor=None, password: str | None = None) -> Dokumen | None:
    """Issue the demo SK Komite Teknis with every Komite Teknis user (the first chairs);
    with `password` (the Ketua's) it is signed too, so its PDF is made."""
    if Dokumen.objects.filter(jenis__kode=surat.SK_KOMITE_TEKNIS).exists():
        return None
    members = list(surat.komite_users())
    ketua = surat.ketua_users().first()
    if not members or ketua is None:
        return None
    year = timezone.localdate().year
    dokumen = surat.sk_komite_teknis_issue(
        anggota=[(user, "ketua" if i == 0 else "anggota") for i, user in enumerate(members)],
        periode_mulai=dt.date(year, 1, 1),
        periode_selesai=dt.date(year + 2, 12, 31),
        menimbang=MENIMBANG,
        penandatangan=ketua,
        actor=actor or ketua,
    )
    if password:
        services.dokumen_sign(
            dokumen=dokumen,
            signer=ketua,
            secret=password,
            consent=True,
            ip="127.0.0.1",
            user_agent="seed_demo",
        )
    return dokumen
