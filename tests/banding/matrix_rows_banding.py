"""Permission-matrix rows for the appeal's pages (SE-A4.4, SE-A4.13, X-6).

The object (`_banding`, one world for every row): the `asesi` persona's application decided
BK in the pleno of matrix_rows_pleno (the `komite` persona deciding), its pleno marked in
effect, and an appeal on it under review (dikaji) with one evidence file, the `komite`
persona on its panel and the `ketua` persona named to sign its SK. Written directly: the rows
ask who may open the pages; the services' rules (X-6 among them) have their own tests.

- FR.AK.04 (ajukan): only the candidate the decision is about (200: the page says an appeal
  is open); everyone else 404.
- The list: banding staff (admin_lsp, manajer, ketua) and anyone on a panel (komite); others
  403.
- The appeal, its evidence: banding staff, the appellant, the panel; others 404.
- Actions: hearing and decision the panel (komite 200); registration, panel, follow-up not
  at this status (403 for those who see it); others 404.
Anonymous 302.
"""

from django.urls import reverse

from tests.matrix import SIGNED_IN, Row
from tests.sertifikasi.matrix_rows_pleno import _pleno, _ready

STAFF = {"admin_lsp", "manajer", "ketua", "superuser"}
SEES = STAFF | {"asesi", "komite"}


def _banding(c):
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from banding.models import AnggotaPanel, Banding, BuktiBanding
    from sertifikasi import services
    from sertifikasi.models import Keputusan, Pleno
    from tests.hostile_files import valid_pdf

    found = Banding.objects.filter(asesi=c["asesi"]).first()
    if found:
        return found
    pleno, p = _pleno(c), _ready(c)
    services.keputusan_save(pleno=pleno, permohonan=p, hasil="BK", alasan="Matriks.", actor=c["komite"])
    Pleno.objects.filter(pk=pleno.pk).update(status=Pleno.Status.DITETAPKAN, ditetapkan_pada=timezone.now())
    now = timezone.now()
    banding = Banding.objects.create(
        nomor="MATRIKS/BDG/1",
        keputusan=Keputusan.objects.get(pleno=pleno, permohonan=p),
        asesi=c["asesi"],
        status=Banding.Status.DIKAJI,
        dijelaskan=True,
        didiskusikan=True,
        didampingi=False,
        alasan_banding="Matriks.",
        diajukan_pada=now,
        batas_keputusan=now.date() + dt.timedelta(days=30),
        penandatangan=c["ketua"],
    )
    AnggotaPanel.objects.create(banding=banding, user=c["komite"], ketua=True, ditetapkan_oleh=c["manajer"])
    bukti = BuktiBanding(
        banding=banding, judul="bukti.pdf", jenis="pdf", ukuran=1, sha256="0" * 64, diunggah_oleh=c["asesi"]
    )
    bukti.berkas.save("bukti.pdf", ContentFile(valid_pdf()), save=False)
    bukti.save()
    return banding


def _statuses(allowed=(), *, seen_denied=403) -> dict:
    """200 for `allowed`; `seen_denied` for others who see the appeal; 404 for the rest."""
    out = {"anon": 302}
    for p in SIGNED_IN:
        out[p] = 200 if p in allowed else (seen_denied if p in SEES else 404)
    return out


def _url(name, *extra):
    def url(c):
        b = _banding(c)
        args = [b.pk]
        if extra:
            args.append(b.bukti.get().pk)
        return reverse(f"banding:{name}", args=args)

    return url


ROWS = {
    "banding:ajukan": Row(
        {"anon": 302, **{p: 200 if p == "asesi" else 404 for p in SIGNED_IN}},
        url=lambda c: reverse("banding:ajukan", args=[_banding(c).keputusan_id]),
        world=_banding,
    ),
    "banding:daftar": Row(
        {"anon": 302, **{p: 200 if p in STAFF | {"komite"} else 403 for p in SIGNED_IN}}, world=_banding
    ),
    "banding:detail": Row(_statuses(SEES), url=_url("detail"), world=_banding),
    "banding:bukti": Row(_statuses(SEES), url=_url("bukti", "bukti"), world=_banding),
    "banding:registrasi": Row(_statuses(), url=_url("registrasi"), world=_banding),
    "banding:panel": Row(_statuses(), url=_url("panel"), world=_banding),
    "banding:sidang": Row(_statuses({"komite"}), url=_url("sidang"), world=_banding),
    "banding:putuskan": Row(_statuses({"komite"}), url=_url("putuskan"), world=_banding),
    "banding:tindak-lanjut": Row(_statuses(), url=_url("tindak-lanjut"), world=_banding),
}
