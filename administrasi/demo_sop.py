"""Demo SOPs for the embedded setup (`make run`): the appeal and complaint SOP in force
(version 1, approved by the Ketua's signature, so the public page and each demo appeal link
it, SE-A1.4), and the remote assessment SOP as a draft (never public).

Idempotent: nothing is made when any SOP exists. Meant to be called from
eksekutif.demo.seed_demo(), before the demo appeals.
"""

from django.db import transaction
from django.utils import timezone

from . import services, sop
from .models import Sop
from .surat import ketua_users


@transaction.atomic
def seed_sop_demo(*, actor, password: str) -> Sop | None:
    """Write, submit and (with the Ketua's `password`) approve SOP banding version 1, effective
    today; start the SOP asesmen jarak jauh as a draft. Returns the SOP in force."""
    if Sop.objects.exists():
        return None
    ketua = ketua_users().first()
    if ketua is None:
        return None
    draft = sop.sop_draft_start(jenis=Sop.Jenis.BANDING, actor=actor)
    submitted = sop.sop_submit(
        sop=draft, berlaku_mulai=timezone.localdate(), penandatangan=ketua, actor=actor
    )
    services.dokumen_sign(
        dokumen=submitted.dokumen,
        signer=ketua,
        secret=password,
        consent=True,
        ip="127.0.0.1",
        user_agent="seed_demo",
    )
    sop.sop_draft_start(jenis=Sop.Jenis.ASESMEN_JJ, actor=actor)
    return sop.in_force(Sop.Jenis.BANDING)
