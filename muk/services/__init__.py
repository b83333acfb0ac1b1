"""Every write of the `muk` app, audited with the actor (STYLE.md §1: a package past ~600 lines).

- skema: schemes and their basic requirements (SE-A4.1, SE-A4.6)
- struktur: units, elements and KUK: import, editor, completeness, the lock a validated MUK
  puts on what it uses, and skema_assessable() (SE-A4.6)
- versi: MUK versions, submission, FR.VA validation, "only validated is usable" (SE-A4.6)
- isi: a draft version's FR.MAPA.01/02 and its FR.IA instrument bank (SE-A4.6)
- persyaratan_tuk: a scheme's technical requirements for a TUK (the verification checklist's lines)

Validation raises django.core.exceptions.ValidationError with Indonesian messages keyed by
field, so a view can hand it straight to its form (`form.add_error(None, e)`).
"""

from .. import importer  # noqa: F401  (callers catch services.importer.ImportRefused)
from .isi import (  # noqa: F401
    butir_create,
    butir_delete,
    butir_update,
    instrumen_create,
    instrumen_delete,
    instrumen_update,
    mapa01_save,
    mapa02_save,
)
from .persyaratan_tuk import (  # noqa: F401
    persyaratan_tuk_add,
    persyaratan_tuk_remove,
    persyaratan_tuk_update,
)
from .skema import (  # noqa: F401
    JENIS_ORDER,
    SKEMA_FIELDS,
    persyaratan_replace,
    skema_create,
    skema_set_remote_approval,
    skema_update,
)
from .struktur import (  # noqa: F401
    StructureSummary,
    elemen_create,
    elemen_delete,
    elemen_move,
    elemen_update,
    kuk_create,
    kuk_delete,
    kuk_move,
    kuk_update,
    skema_assessable,
    skema_import_structure,
    skema_replace_structure,
    unit_create,
    unit_delete,
    unit_move,
    unit_refresh_lengkap,
    unit_update,
)
from .versi import (  # noqa: F401
    MukLocked,
    muk_require_validated,
    muk_versi_create,
    muk_versi_delete,
    muk_versi_return,
    muk_versi_submit,
    muk_versi_validate,
    versi_content,
)
