"""The records engine's writes (SE-A4.5, SE-A3.Kb, X-11), one module per concern.

Issue -> sign in order -> final -> PDF rendered, sealed and stored by Celery -> verifiable.
A correction is a new version; a retained record is never deleted or overwritten. Callers use
`from administrasi import services` and the names below; the modules are an internal layout.
"""

from .acts import (  # noqa: F401
    Tandatangan,
    issue_or_correct,
    issue_signed,
    sign,
)
from .approval import (  # noqa: F401
    VOID_REQUEST,
    approving_ketua,
    change_needs_ketua,
    pending_correction,
    pending_void_request,
)
from .common import (  # noqa: F401
    BROKER_ERRORS,
    STORAGE_ERRORS,
    RecordError,
    add_years,
    canonical_json,
    sha256_hex,
)
from .issuing import (  # noqa: F401
    dokumen_correct,
    dokumen_issue,
    dokumen_void,
    record_skema,
    retention_years,
)
from .numbering import (  # noqa: F401
    PATTERN_FIELDS,
    ROMAN,
    format_number,
    last_number,
    number_take,
    validate_pattern,
)
from .rendering import (  # noqa: F401
    dokumen_render_pdf,
    pdf_attach,
    pdf_context,
    pdf_name,
    pending_pdfs,
    queue_pdf,
)
from .retention import (  # noqa: F401
    dokumen_grant_view,
    dokumen_refuse_delete,
    file_refuse_delete,
)
from .signing import (  # noqa: F401
    CONSENT,
    DATA_URI,
    MAX_BATCH,
    MAX_SIGNATURE_IMAGE,
    batch_progress,
    dokumen_sign,
    dokumen_sign_batch,
    dokumen_sign_batch_fail,
    dokumen_sign_batch_run,
    finalize,
    signed_content_hash,
)
from .verification import (  # noqa: F401
    dokumen_by_kode,
    verify_upload,
)
