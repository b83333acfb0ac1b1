"""Background work of `sertifikasi`."""

from celery import shared_task


@shared_task(acks_late=True)
def ujian_selesai_otomatis(lembar_id: int) -> bool:
    """Finish a timed FR.IA.05 at its deadline (scheduled with eta=deadline when it starts), so
    that an abandoned test is scored and its answer sheet issued. Idempotent: before the
    deadline (an eager run), or for a finished sheet, it does nothing (returns False)."""
    from .services.ujian import ujian_selesai_bila_habis

    return ujian_selesai_bila_habis(lembar_id=lembar_id)


@shared_task(acks_late=True)
def ujian_selesai_tertinggal() -> int:
    """Sweep: finish every FR.IA.05 past its deadline still open (its task lost with the
    broker). Returns how many were finished."""
    from .services.ujian import ujian_kedaluwarsa_ids, ujian_selesai_bila_habis

    return sum(1 for pk in ujian_kedaluwarsa_ids() if ujian_selesai_bila_habis(lembar_id=pk))
