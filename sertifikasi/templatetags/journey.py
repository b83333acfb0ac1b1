"""The progress stepper of the certification journey (issue 11 item 1): where an application
stands in the whole flow, from FR.APL.01 to the certificate (FLOW.md §1).

Every journey page shows it with
    {% include "sertifikasi/_stepper.html" with permohonan=p %}
which calls `{% journey_steps permohonan as steps %}`; Python code may call `journey_steps(p)`.
It reads only the application's status (no query).
"""

from dataclasses import dataclass

from django import template

from ..models import Permohonan

register = template.Library()

S = Permohonan.Status

# The whole flow, in order (FLOW.md §1). Journey II adds the assessment, the decision and the
# certificate; until then an application's last reachable step here is "Asesmen".
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
