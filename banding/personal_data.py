"""UU PDP 27/2022 (X-10): what `banding` holds on an appellant, for their own download
(akun: /akun/profil/data-saya/): each appeal with its answers, status history, the panel's
decision once sent, and the evidence files they uploaded. The panel's names and its internal
hearings are the LSP's working records, not the appellant's data."""

from lsp_portal.personal_data import Section
from lsp_portal.workflow import status_history

from .models import Banding, BuktiBanding


def banding_data(user) -> Section | None:
    appeals = list(Banding.objects.filter(asesi=user).order_by("diajukan_pada", "pk"))
    if not appeals:
        return None
    bukti = list(BuktiBanding.objects.filter(banding__asesi=user).order_by("banding_id", "pk"))
    data = []
    for b in appeals:
        sent = b.status == Banding.Status.DISAMPAIKAN
        data.append(
            {
                "nomor": b.nomor,
                "status": b.get_status_display(),
                "diajukan": b.diajukan_pada.isoformat(),
                "batas_keputusan": b.batas_keputusan.isoformat(),
                "pertanyaan": {
                    "dijelaskan": b.dijelaskan,
                    "didiskusikan": b.didiskusikan,
                    "didampingi": b.didampingi,
                },
                "alasan_banding": b.alasan_banding,
                "hasil": b.get_hasil_display() if sent else "",
                "alasan_keputusan": b.alasan_keputusan if sent else "",
                "riwayat_status": [
                    {
                        "dari": c.from_status,
                        "ke": c.to_status,
                        "pada": c.created_at.isoformat(),
                        "catatan": c.note,
                    }
                    for c in status_history(b)
                    # The panel's decision reaches the appellant with the signed letter only.
                    if sent or c.to_status != Banding.Status.DIPUTUSKAN
                ],
                "bukti": [
                    {"berkas": f.nama_asli, "sha256": f.sha256, "ukuran": f.ukuran}
                    for f in bukti
                    if f.banding_id == b.pk
                ],
            }
        )
    files = [
        (f"{f.banding_id}/{f.pk}-{f.berkas.name.rsplit('/', 1)[-1]}", f.berkas.storage, f.berkas.name)
        for f in bukti
    ]
    return Section(name="banding", data={"banding": data}, files=files)
