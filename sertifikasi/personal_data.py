"""UU PDP 27/2022 (X-10): what `sertifikasi` holds on an applicant, for their own download
(akun: /akun/profil/data-saya/): every application with its answers, verification rounds
and status history, and the evidence files they uploaded."""

from lsp_portal.personal_data import Section
from lsp_portal.workflow import status_history

from .models import Bukti, JawabanKuk, Permohonan
from .services.permohonan import FIELDS


def permohonan_data(user) -> Section | None:
    applications = list(
        Permohonan.objects.filter(asesi=user).select_related("skema").prefetch_related("putaran_verifikasi")
    )
    if not applications:
        return None
    bukti = list(Bukti.objects.filter(permohonan__asesi=user).order_by("permohonan_id", "pk"))
    answers: dict[int, dict] = {}
    for j in JawabanKuk.objects.filter(permohonan__asesi=user).select_related("kuk"):
        answers.setdefault(j.permohonan_id, {})[j.kuk.nomor] = j.jawaban
    data = []
    for p in applications:
        data.append(
            {
                "id": p.pk,
                "skema": f"{p.skema.kode} {p.skema.judul}",
                "status": p.get_status_display(),
                "dibuat": p.created_at.isoformat(),
                "diajukan": p.diajukan_pada.isoformat() if p.diajukan_pada else None,
                "data": {f: str(getattr(p, f)) if getattr(p, f) is not None else "" for f in FIELDS},
                "persetujuan_privasi": {
                    "versi": p.privasi_versi,
                    "pada": p.privasi_disetujui_pada.isoformat() if p.privasi_disetujui_pada else None,
                },
                "verifikasi": [
                    {
                        "putaran": v.nomor,
                        "hasil": v.get_hasil_display(),
                        "catatan": v.catatan,
                        "butir": v.butir,
                    }
                    for v in p.putaran_verifikasi.all()
                ],
                "asesmen_mandiri": answers.get(p.pk, {}),
                "riwayat_status": [
                    {
                        "dari": c.from_status,
                        "ke": c.to_status,
                        "pada": c.created_at.isoformat(),
                        "catatan": c.note,
                    }
                    for c in status_history(p)
                ],
                "bukti": [
                    {"keterangan": b.judul, "berkas": b.nama_asli, "sha256": b.sha256, "berlaku": b.aktif}
                    for b in bukti
                    if b.permohonan_id == p.pk
                ],
            }
        )
    files = [
        (f"{b.permohonan_id}/{b.pk}-{b.berkas.name.rsplit('/', 1)[-1]}", b.berkas.storage, b.berkas.name)
        for b in bukti
    ]
    return Section(name="sertifikasi", data={"permohonan": data}, files=files)
