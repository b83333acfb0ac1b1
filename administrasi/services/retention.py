"""Retention (SE-A3.Kb): a retained record or its file is never deleted; attempts are kept."""

import logging

from django.db import transaction

from akun.audit import acting_as, current_actor
from akun.models import User

from ..models import Dokumen, UpayaHapus
from ..storage import RetentionError

log = logging.getLogger(__name__)


def _log_refusal(*, dokumen=None, name="", via: str):
    actor, _ = current_actor()
    UpayaHapus.objects.create(dokumen=dokumen, nama_berkas=name, melalui=via, pelaku=actor)
    log.warning("Penghapusan arsip ditolak (%s): %s", via, dokumen or name)


def dokumen_refuse_delete(*, dokumen: Dokumen, via: str):
    """Records are never deleted while retained (SE-A3.Kb), whoever asks; the attempt is kept."""
    if dokumen.is_retained():
        with transaction.atomic():
            _log_refusal(dokumen=dokumen, via=via)
        raise RetentionError(
            f"Dokumen {dokumen} wajib disimpan sampai {dokumen.retained_until:%d-%m-%Y} "
            "dan tidak dapat dihapus."
        )
    raise RetentionError(
        "Dokumen arsip tidak dihapus dari aplikasi; pemusnahan setelah masa simpan dicatat terpisah."
    )


def file_refuse_delete(*, name: str):
    """Called by the record storage before deleting a file: refuse while a record holds it."""
    dokumen = Dokumen.objects.filter(pdf=name).first()
    if dokumen is not None:
        with transaction.atomic():
            _log_refusal(dokumen=dokumen, name=name, via="storage")
        raise RetentionError(f"Berkas {name} milik dokumen arsip {dokumen} dan tidak dapat dihapus.")


def dokumen_grant_view(*, dokumen: Dokumen, user: User, actor: User) -> None:
    """Let `user` (e.g. an auditor) see one record. Kept by guardian; audited."""
    from guardian.shortcuts import assign_perm

    with acting_as(actor):
        assign_perm("administrasi.view_dokumen", user, dokumen)
