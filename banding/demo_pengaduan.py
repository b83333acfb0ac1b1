"""Demo complaints (X-5) for `seed_demo`: one verified and answered, one received
and waiting for the staff. Made through the services; idempotent (a second seed finds them
by the complainants' demo addresses and makes nothing)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from akun.models import User

from . import services_pengaduan as svc
from .models import Pengaduan

DIJAWAB = {
    "nama_pelapor": "Rina Pelapor (demo)",
    "email": "pelapor.rina@demo.lsp.id",
    "subjek": Pengaduan.Subjek.TUK,
    "rujukan": "TUK Sewaktu demo",
    "uraian": "Koneksi internet di TUK terputus dua kali selama uji tulis.",
}
MENUNGGU = {
    "nama_pelapor": "Budi Pelapor (demo)",
    "email": "pelapor.budi@demo.lsp.id",
    "subjek": Pengaduan.Subjek.LSP,
    "uraian": "Jadwal asesmen diumumkan terlalu mendadak, hanya dua hari sebelumnya.",
}


def _received(data: dict, now: dt.datetime) -> Pengaduan | None:
    if Pengaduan.objects.filter(email=data["email"]).exists():
        return None
    _, token = svc.pengaduan_file(**data, now=now)
    return svc.pengaduan_verify(token=token, now=now)


@transaction.atomic
def seed_pengaduan_demo(*, actor: User) -> None:
    """Two complaints; `actor` (the demo Admin LSP) answers the first."""
    now = timezone.now()
    answered = _received(DIJAWAB, now - dt.timedelta(days=10))
    if answered is not None:
        answered = svc.pengaduan_acknowledge(pengaduan=answered, actor=actor, now=now - dt.timedelta(days=9))
        answered = svc.pengaduan_investigate(
            pengaduan=answered,
            catatan="Log koneksi TUK diminta dari pengelola TUK.",
            actor=actor,
            now=now - dt.timedelta(days=8),
        )
        svc.pengaduan_respond(
            pengaduan=answered,
            jawaban=(
                "Kami telah memeriksa log koneksi TUK. Waktu uji tulis Anda diperpanjang sesuai "
                "lamanya gangguan, dan TUK diminta menyiapkan jaringan cadangan."
            ),
            actor=actor,
            now=now - dt.timedelta(days=5),
        )
    _received(MENUNGGU, now - dt.timedelta(days=1))
