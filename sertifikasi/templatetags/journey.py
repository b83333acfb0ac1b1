"""The progress stepper of the certification journey (issue 11 item 1): where an application
stands in the whole flow, from FR.APL.01 to the certificate (FLOW.md §1).

Every journey page shows it with
    {% include "sertifikasi/_stepper.html" with permohonan=p %}
which calls `{% journey_steps permohonan as steps %}`; Python code may call `journey_steps(p)`.
It reads only the application's status (no query).

Journey II (issue 13) joins its pages here too: `{% journey_two user p as two %}` on the
application's page says what the user does next during the assessment (the session, the
sheets, FR.AK.02 to sign, FR.AK.03) and `{% batch_links user jadwal as links %}` on the batch
page links the session, the FR.IA.11 review, the recordings, FR.AK.05 and FR.AK.06. Each link
is allowed by the permissions.can_* rule its page asks; a few queries, whatever the data.
"""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from .. import permissions as perms
from ..models import Jadwal, Permohonan

register = template.Library()

S = Permohonan.Status

# The whole flow, in order (FLOW.md §1), up to the certificate. An application reaches
# "Keputusan komite" once its FR.AK.02 is final (menunggu_keputusan); the SK keputusan final
# makes it kompeten (on to its certificate) or belum kompeten (the flow stops at the decision).
STEPS = (
    ("permohonan", "Permohonan (FR.APL.01)"),
    ("verifikasi", "Verifikasi oleh Admin LSP"),
    ("asesmen_mandiri", "Asesmen mandiri (FR.APL.02)"),
    ("jadwal", "Jadwal asesmen"),
    ("reviu_apl02", "Reviu APL.02 oleh asesor"),
    ("pra_asesmen", "Pra-asesmen (FR.AK.01)"),
    ("asesmen", "Asesmen"),
    ("keputusan", "Keputusan komite"),
    ("sertifikat", "Sertifikat"),
)
KEYS = [key for key, _ in STEPS]

# status -> (the step it is at, whether the flow stopped there)
AT = {
    S.DRAFT: ("permohonan", False),
    S.DIKEMBALIKAN: ("permohonan", False),
    S.DIAJUKAN: ("verifikasi", False),
    S.DITOLAK: ("verifikasi", True),
    S.ASESMEN_MANDIRI: ("asesmen_mandiri", False),
    S.MENUNGGU_JADWAL: ("jadwal", False),
    S.DIJADWALKAN: ("reviu_apl02", False),
    S.DIHENTIKAN: ("reviu_apl02", True),
    S.PRA_ASESMEN: ("pra_asesmen", False),
    S.SIAP_ASESMEN: ("asesmen", False),
    S.ASESMEN: ("asesmen", False),
    S.MENUNGGU_KEPUTUSAN: ("keputusan", False),
    S.KOMPETEN: ("sertifikat", False),
    S.BELUM_KOMPETEN: ("keputusan", True),
}

# What each state is called in words (the stepper never relies on colour alone).
STATE_TEXT = {
    "done": "selesai",
    "current": "langkah sekarang",
    "stopped": "berhenti di sini",
    "next": "belum",
}


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    state: str  # done | current | stopped | next

    @property
    def state_text(self) -> str:
        return STATE_TEXT[self.state]

    @property
    def is_current(self) -> bool:
        return self.state in ("current", "stopped")


def steps_for(permohonan: Permohonan) -> list[Step]:
    """The flow's steps with each one's state for `permohonan` (done, current, stopped, next)."""
    at, stopped = AT.get(permohonan.status, ("permohonan", False))
    index = KEYS.index(at)
    result = []
    for i, (key, label) in enumerate(STEPS):
        if i < index:
            state = "done"
        elif i == index:
            state = "stopped" if stopped else "current"
        else:
            state = "next"
        result.append(Step(key=key, label=label, state=state))
    return result


@register.simple_tag
def journey_steps(permohonan) -> list[Step]:
    return steps_for(permohonan)


# --- Journey II: what to do next during the assessment -----------------------------------------


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    primary: bool = True


@dataclass(frozen=True)
class Next:
    """A sentence (empty: the page keeps its own) and the buttons."""

    text: str
    actions: tuple[Link, ...] = ()


TWO = (S.SIAP_ASESMEN, S.ASESMEN, S.MENUNGGU_KEPUTUSAN)


def _url(name: str, *args) -> str:
    return reverse(f"sertifikasi:{name}", args=args)


def _applicant(user, p: Permohonan) -> Next:
    sesi = _url("sesi", p.jadwal_id)
    sheets = _url("asesmen", p.pk)
    if p.status == S.SIAP_ASESMEN:
        return Next(
            "Persetujuan asesmen lengkap. Masuk sesi asesmen pada waktunya; asesor memeriksa identitas "
            "Anda di awal sesi, lalu instrumen asesmen dibuka.",
            (Link("Sesi asesmen", sesi),),
        )
    if p.status == S.ASESMEN:
        if perms.ak02_turn(user, p):
            return Next(
                "Asesor telah menandatangani rekaman asesmen (FR.AK.02). Baca hasilnya lalu tandatangani.",
                (
                    Link("Tandatangani FR.AK.02", _url("ak02-tandatangan", p.pk)),
                    Link("Instrumen asesmen", sheets, False),
                ),
            )
        return Next(
            "Asesmen berlangsung. Kerjakan instrumen asesmen Anda; asesor mengisi lembar observasi dan "
            "tanya jawab.",
            (Link("Instrumen asesmen", sheets), Link("Sesi asesmen", sesi, False)),
        )
    if perms.can_fill_ak03(user, p):
        return Next(
            "Rekaman asesmen (FR.AK.02) lengkap; rekomendasi asesor menunggu keputusan komite. Isi umpan "
            "balik asesmen (FR.AK.03).",
            (Link("Isi umpan balik (FR.AK.03)", _url("ak03", p.pk)),),
        )
    return Next(
        "Rekomendasi asesor menunggu keputusan komite. Anda akan diberi tahu hasilnya.",
        (
            Link("Rekaman asesmen (FR.AK.02)", _url("ak02-tandatangan", p.pk), False),
            Link("Instrumen asesmen", sheets, False),
        ),
    )


def _assessor(user, p: Permohonan) -> Next:
    sesi = Link("Sesi asesmen", _url("sesi", p.jadwal_id), False)
    sheets = Link("Lembar instrumen", _url("asesmen", p.pk))
    if p.status == S.SIAP_ASESMEN:
        actions = [sesi]
        if perms.can_check_identity(user, p):
            actions.insert(0, Link("Periksa identitas asesi", _url("sesi-identitas", p.jadwal_id, p.pk)))
        return Next(
            "FR.AK.01 final. Periksa identitas asesi di awal sesi untuk memulai asesmennya.", tuple(actions)
        )
    if p.status == S.ASESMEN:
        if perms.can_fill_ak02(user, p) and not (p.ak02_id and p.ak02.status in ("draft", "final")):
            return Next(
                "Asesmen berlangsung. Isi dan kirim setiap lembar instrumen, lalu isi dan tandatangani "
                "rekaman asesmen (FR.AK.02).",
                (sheets, Link("Rekaman asesmen (FR.AK.02)", _url("ak02", p.pk), False), sesi),
            )
        return Next(
            "FR.AK.02 sudah Anda tandatangani; menunggu tanda tangan asesi.",
            (Link("Rekaman asesmen (FR.AK.02)", _url("ak02-tandatangan", p.pk), False),),
        )
    return Next(
        "FR.AK.02 final: rekomendasi menunggu keputusan komite.",
        (Link("Rekaman asesmen (FR.AK.02)", _url("ak02-tandatangan", p.pk), False), sheets),
    )


DECIDED = (S.KOMPETEN, S.BELUM_KOMPETEN)


def keputusan_of(p: Permohonan):
    """The pleno's decision on `p` once it took effect (the SK keputusan final: kompeten or
    belum kompeten), with its SK; None before: nobody reads a draft decision on the
    application's page, the candidate sees only that it waits for the decision."""
    from ..models import Keputusan

    if p.status not in DECIDED:
        return None
    return Keputusan.objects.filter(permohonan=p).select_related("pleno__sk").first()


def _decided(user, p: Permohonan) -> Next:
    """After the SK keputusan: the candidate's result (K: their certificate; BK: the reasons
    and how to appeal); staff who see the pleno: its page."""
    from ..services.pleno import BANDING_URL

    if perms.is_applicant(user, p):
        if p.status == S.KOMPETEN:
            return Next(
                "Rapat pleno menyatakan Anda kompeten. Sertifikat Anda tersedia setelah ditandatangani "
                "Ketua LSP.",
                (Link("Sertifikat saya", reverse("sertifikasi:sertifikat-saya")),),
            )
        from lsp_portal.navigation import decision_actions

        keputusan = keputusan_of(p)
        # The appeal's own rule (banding.permissions.can_file) decides if "Ajukan banding" shows.
        actions = (
            tuple(Link(label, url) for label, url in decision_actions(user, keputusan)) if keputusan else ()
        )
        return Next(
            "Rapat pleno menyatakan Anda belum kompeten. Baca alasannya di bawah; Anda dapat mengajukan "
            "banding (FR.AK.04) atau asesmen ulang.",
            (
                *actions,
                Link("Prosedur banding (FR.AK.04)", BANDING_URL, not actions),
                Link("Ajukan permohonan baru", reverse("sertifikasi:permohonan-baru"), False),
            ),
        )
    pleno = perms.visible_pleno(user).filter(jadwal_id=p.jadwal_id).first()
    return Next("", (Link("Rapat pleno", pleno.get_absolute_url(), False),) if pleno else ())


def _komite_links(user, p: Permohonan) -> list[Link]:
    """A Komite Teknis member: the candidate's decision in the batch's pleno if they sit on it,
    and the declaration of a conflict with the candidate (X-6)."""
    if not perms.can_declare_konflik_pleno(user):
        return []
    links = []
    if p.status == S.MENUNGGU_KEPUTUSAN:
        pleno = perms.visible_pleno(user).filter(jadwal_id=p.jadwal_id).first()
        if pleno is not None and perms.can_decide(user, pleno):
            links.append(Link("Keputusan pleno", _url("keputusan", pleno.pk, p.pk)))
    links.append(Link("Nyatakan benturan kepentingan (komite)", _url("konflik-pleno", p.pk), False))
    return links


def journey_two_next(user, p: Permohonan) -> Next | None:
    """What `user` does next with `p` during the assessment (siap_asesmen, asesmen,
    menunggu_keputusan) and after the decision (kompeten, belum kompeten), or None at other
    statuses (the page's own next step stays): the candidate, their assessor, and whoever
    else sees the candidate (links to read; a Komite member's decision and conflict)."""
    if not p.jadwal_id:
        return None
    if p.status in DECIDED:
        return _decided(user, p)
    if p.status not in TWO:
        return None
    if perms.is_applicant(user, p):
        return _applicant(user, p)
    if perms.is_assigned_asesor(user, p):
        return _assessor(user, p)
    links = [Link("Sesi asesmen", _url("sesi", p.jadwal_id), False)]
    if p.status != S.SIAP_ASESMEN:
        links.append(Link("Lembar instrumen", _url("asesmen", p.pk), False))
    if p.ak02_id:
        links.append(Link("Rekaman asesmen (FR.AK.02)", _url("ak02-tandatangan", p.pk), False))
    return Next("", tuple(_komite_links(user, p) + links))


@register.simple_tag
def journey_two(user, permohonan) -> Next | None:
    return journey_two_next(user, permohonan)


@register.simple_tag
def keputusan_final(permohonan):
    return keputusan_of(permohonan)


@register.simple_tag
def banding_url() -> str:
    """Where a BK candidate reads how to appeal (services.pleno.BANDING_URL)."""
    from ..services.pleno import BANDING_URL

    return BANDING_URL


def batch_links_for(user, jadwal: Jadwal) -> list[Link]:
    """The batch's Journey II pages for `user` (who sees the batch page): the session, the
    FR.IA.11 review (to sign for the lead assessor, to read otherwise), the recordings,
    FR.AK.05 and FR.AK.06 (to write for the lead assessor; to read once they exist)."""
    lead = perms.can_report_batch(user, jadwal)
    links = [Link("Sesi asesmen", _url("sesi", jadwal.pk))]
    reviewing = perms.can_review_instruments(user, jadwal)
    links.append(
        Link(
            "Tinjau instrumen (FR.IA.11)" if reviewing else "Tinjauan instrumen (FR.IA.11)",
            _url("reviu-instrumen", jadwal.pk),
            reviewing and not jadwal.reviu_instrumen_id,
        )
    )
    if (
        perms.can_add_rekaman(user, jadwal)
        or perms.visible_rekaman_jadwal(user).filter(pk=jadwal.pk).exists()
    ):
        links.append(Link("Rekaman sesi", _url("rekaman", jadwal.pk), False))
    if lead or jadwal.ak05_id:
        links.append(Link("Laporan asesmen (FR.AK.05)", _url("ak05", jadwal.pk), lead and not jadwal.ak05_id))
    if lead or jadwal.ak06_id:
        links.append(
            Link("Tinjauan proses asesmen (FR.AK.06)", _url("ak06", jadwal.pk), lead and not jadwal.ak06_id)
        )
    return links + _pleno_links(user, jadwal)


def _pleno_links(user, jadwal: Jadwal) -> list[Link]:
    """The batch's pleno for whoever sees it; "Bentuk rapat pleno" for an organize_pleno holder
    once the batch is ready (services.pleno.pleno_ready_refusal)."""
    from ..services.pleno import pleno_ready_refusal

    pleno = perms.visible_pleno(user).filter(jadwal=jadwal).first()
    if pleno is not None:
        return [Link("Rapat pleno", pleno.get_absolute_url())]
    if perms.can_organize_pleno(user) and jadwal.ak05_id and not pleno_ready_refusal(jadwal):
        return [Link("Bentuk rapat pleno", _url("pleno-baru", jadwal.pk))]
    return []


@register.simple_tag
def batch_links(user, jadwal) -> list[Link]:
    return batch_links_for(user, jadwal)
