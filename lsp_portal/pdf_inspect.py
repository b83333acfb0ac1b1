"""Reading PDFs we did not write: an upload's structure and active content (pikepdf), and a
seal's status (pyHanko).

Hostile bytes can make either library decompress gigabytes or loop for minutes, so for an
upload these functions run in a child process with a memory, CPU and time limit
(`lsp_portal.bounded`). The child runs this file by path (`python -I pdf_inspect.py`), so
the module imports no project code, no Django and no settings: the child never holds a
secret, and it starts without setting Django up. The parent imports it like any module to
use the same functions on files from our own storage.
"""

import json
import logging
import os
import resource
import sys
from io import BytesIO

# Exit code of a child that ran out of memory (MemoryError under RLIMIT_AS).
EXIT_OUT_OF_MEMORY = 75

# /S action types that run code or open other files.
JAVASCRIPT_ACTIONS = {"/JavaScript", "/RichMediaExecute"}
LAUNCH_ACTIONS = {"/Launch"}
EMBEDDED_ACTIONS = {"/GoToE"}
EMBEDDED_SUBTYPES = {"/FileAttachment", "/RichMedia"}


def pdf_problems(data: bytes) -> dict:
    """{"problem": ""} for a whole PDF without active content, else the first problem found:
    "damaged" (truncated, broken cross-reference, unparsable content), "encrypted" (needs a
    password), "no_pages", "javascript" (anywhere: /OpenAction, /AA, the /JavaScript name
    tree, annotations, XFA), "launch" (runs a program), "embedded" (carries files)."""
    import pikepdf

    try:
        # No recovery: qpdf would rebuild a truncated file's cross-reference by scanning.
        pdf = pikepdf.open(BytesIO(data), attempt_recovery=False)
    except pikepdf.PasswordError:
        return {"problem": "encrypted"}
    except (pikepdf.PdfError, ValueError, RecursionError):
        return {"problem": "damaged"}
    with pdf:
        try:
            if len(pdf.pages) == 0:
                return {"problem": "no_pages"}
            # Decodes every stream and parses every page's content; warnings mean repairs.
            if pdf.check_pdf_syntax():
                return {"problem": "damaged"}
            found = _active_content(pdf)
        except (pikepdf.PdfError, ValueError, RecursionError, KeyError, TypeError):
            return {"problem": "damaged"}
        return {"problem": found, "pages": len(pdf.pages)}


def _active_content(pdf) -> str:
    """The first kind of active content in any object, indirect or nested, or ""."""
    import pikepdf

    stack = [pdf.trailer, *pdf.objects]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            kind = _dictionary_kind(obj)
            if kind:
                return kind
            children = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            continue
        # Indirect children are in pdf.objects already; direct ones are walked here.
        stack.extend(
            c for c in children if isinstance(c, (pikepdf.Dictionary, pikepdf.Array)) and not c.is_indirect
        )
    return ""


def _dictionary_kind(d) -> str:
    keys = set(d.keys())
    action = str(d.get("/S", ""))
    if "/JS" in keys or "/JavaScript" in keys or "/XFA" in keys or action in JAVASCRIPT_ACTIONS:
        return "javascript"
    if action in LAUNCH_ACTIONS:
        return "launch"
    if (
        "/EF" in keys
        or "/EmbeddedFiles" in keys
        or action in EMBEDDED_ACTIONS
        or str(d.get("/Type", "")) == "/EmbeddedFile"
        or str(d.get("/Subtype", "")) in EMBEDDED_SUBTYPES
    ):
        return "embedded"
    return ""


def seal_status(pdf: bytes, cert_path: str) -> dict:
    """Whether `pdf` carries an intact PAdES seal by the certificate at `cert_path` covering
    the entire file: {"sealed", "intact", "trusted", "whole_file", "signer"}, or
    {"uncheckable": True} when a stream would decode past pyHanko's limits (a bomb)."""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except PdfDecodeLimitError:
        return {"uncheckable": True}
    except MemoryError:
        raise
    except Exception:  # not a PDF we can read: certainly not ours
        return {"sealed": False}
    if not signatures:
        return {"sealed": False}
    with open(cert_path, "rb") as fh:
        der = fh.read()
    if pem.detect(der):
        _, _, der = pem.unarmor(der)
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except PdfDecodeLimitError:
        return {"uncheckable": True}
    except MemoryError:
        raise
    except Exception:
        return {"sealed": True}
    return {
        "sealed": True,
        "intact": bool(status.intact),
        "trusted": bool(status.trusted),
        "whole_file": status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        "signer": status.signing_cert.subject.human_friendly,
    }


TASKS = {"pdf_problems": pdf_problems, "seal_status": seal_status}


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))  # then SIGXCPU, SIGKILL
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # writes no file; the stdout pipe is not one
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> None:
    """`pdf_inspect.py TASK MEMORY_BYTES CPU_SECONDS [ARGS...]`, the file on stdin, the
    result as JSON on stdout. Limits itself before it reads a byte of the file."""
    task, memory_bytes, cpu_seconds, *args = argv[1:]
    _limit(int(memory_bytes), int(cpu_seconds))
    logging.disable(logging.CRITICAL)  # a hostile file can make a library warn millions of times
    try:
        result = TASKS[task](sys.stdin.buffer.read(), *args)
    except MemoryError:
        os._exit(EXIT_OUT_OF_MEMORY)
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)
