"""Demo appeals (issue 14): on the demo's remote batch's BK candidate (sertifikasi.demo), one
appeal decided (ditolak, the SK keputusan banding signed by the Ketua: sent) and one in
progress (registered, its panel formed). Each step is the appeal's own service. Idempotent:
nothing is made when the candidate already has an appeal."""

from django.db import transaction

from administrasi.services import Tandatangan
from administrasi.services.signing import sign_attempts_reset
from akun.models import User
from sertifikasi.models import Keputusan, Pleno
from sertifikasi.services import involvement_refusals

from . import services
from .models import Banding

ALASAN_1 = (
    "Langkah pengujian program sudah saya tunjukkan pada menit ke-40 rekaman sesi, tetapi tidak "
    "dicatat oleh asesor di FR.IA.01."
)
ALASAN_KEPUTUSAN_1 = (
    "Tim banding memeriksa rekaman sesi: langkah yang ditunjukkan adalah kompilasi, bukan pengujian "
    "program. Keputusan belum kompeten tetap; asesi dapat mengikuti asesmen ulang unit tersebut."
)
ALASAN_2 = "Saya meminta tinjauan ulang atas tes tertulis unit pertama karena soal nomor 3 ambigu."


def _ttd(password: str) -> Tandatangan:
    return Tandatangan(secret=password, consent=True, ip="127.0.0.1", user_agent="seed_demo")


def _panel(keputusan: Keputusan) -> list[User]:
    """Three active staff with no part in the assessment or the decision (X-6)."""
    choices = list(services.panel_choices())
    involved = involvement_refusals(choices, keputusan.permohonan)
    return [u for u in choices if u.pk not in involved][:3]


def _filed_and_panelled(keputusan, *, alasan, password, admin, manajer, ketua, panel) -> Banding:
    asesi = keputusan.permohonan.asesi
    sign_attempts_reset(asesi)
    banding = services.banding_file(
        keputusan=keputusan,
        asesi=asesi,
        dijelaskan=True,
        didiskusikan=True,
        didampingi=False,
        alasan=alasan,
        bukti=[],
        ttd=_ttd(password),
    )
    banding = services.banding_register(banding=banding, actor=admin)
    return services.panel_form(
        banding=banding, anggota=panel, ketua_tim=panel[0], penandatangan=ketua, actor=manajer
    )


@transaction.atomic
def seed_banding_demo(*, password: str) -> int:
    """The two demo appeals; returns how many were made (0 on a second run, or without a BK
    candidate in effect or three people for a panel)."""
    keputusan = (
        Keputusan.objects.filter(
            hasil="BK",
            pleno__status=Pleno.Status.DITETAPKAN,
            permohonan__asesi__email__endswith="@demo.lsp.id",
        )
        .select_related("permohonan__asesi")
        .order_by("pk")
        .first()
    )
    if keputusan is None or Banding.objects.filter(keputusan=keputusan).exists():
        return 0
    staff = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.lsp.id")}
    admin, manajer, ketua = staff["admin"], staff["manajer"], staff["ketua"]
    panel = _panel(keputusan)
    if len(panel) < 3:
        return 0
    people = {"password": password, "admin": admin, "manajer": manajer, "ketua": ketua, "panel": panel}
    first = _filed_and_panelled(keputusan, alasan=ALASAN_1, **people)
    services.sidang_record(
        banding=first,
        waktu=first.diajukan_pada,
        tautan="https://meet.example/demo-banding",
        catatan="Asesi dan asesor didengar; rekaman sesi diperiksa bersama.",
        actor=panel[0],
    )
    first = services.banding_decide(banding=first, hasil="ditolak", alasan=ALASAN_KEPUTUSAN_1, actor=panel[0])
    sign_attempts_reset(ketua)
    services.banding_sk_sign(banding=first, actor=ketua, ttd=_ttd(password))
    _filed_and_panelled(keputusan, alasan=ALASAN_2, **people)
    return 2
