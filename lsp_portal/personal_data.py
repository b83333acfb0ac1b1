"""A person's own data, from every app, for "download my data" (UU PDP 27/2022 art. 7 and
8: access and a copy; X-10).

Each app registers a provider in AppConfig.ready(); the kernel imports no app (as with
`lsp_portal.worklist`). A provider answers for one user with a `Section` of what the app
holds about them, or None when it holds nothing:

    from lsp_portal import personal_data

    def records_of(user):                      # administrasi/personal_data.py
        rows = ...                             # only the user's own rows, a query or two
        return personal_data.Section(
            name="administrasi",
            data={"dokumen": [...]},           # JSON-able: str, int, bool, None, list, dict
            files=[("FR.AK.01-001-v1.pdf", dokumen.pdf.storage, dokumen.pdf.name)],
        )

    personal_data.register(records_of, order=20)   # in AdministrasiConfig.ready()

`collect(user)` asks every provider; `write_zip` writes the sections as one ZIP: `data.json`
(every section's data under its name, pretty-printed UTF-8) and each section's files under
`berkas/<section>/`. A provider returns the user's own data only: the export has no other
person's id in its URL, so whatever a provider returns goes to the person signed in.
"""

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import Storage


@dataclass(frozen=True)
class Section:
    name: str  # a short key: the app's label ("akun", "administrasi")
    data: Any  # JSON-able; dates as ISO strings (json.dumps(default=str) is the fallback)
    # (name inside berkas/<section>/, the storage holding the file, its name in that storage)
    files: list[tuple[str, Storage, str]] = field(default_factory=list)


Provider = Callable[[object], Section | None]


@dataclass(frozen=True)
class _Entry:
    provider: Provider
    order: int


_registry: list[_Entry] = []


def register(provider: Provider, *, order: int = 100) -> Provider:
    """Add a provider (idempotent: ready() may run twice in tests)."""
    if all(e.provider is not provider for e in _registry):
        _registry.append(_Entry(provider, order))
    return provider


def collect(user) -> list[Section]:
    """Every registered provider's section for `user`, in registration order; providers
    that hold nothing about the user (None) are left out. Anonymous: nothing."""
    if not (user and user.is_authenticated):
        return []
    sections = []
    for entry in sorted(_registry, key=lambda e: e.order):
        section = entry.provider(user)
        if section is not None:
            sections.append(section)
    return sections


def _safe_part(text: str) -> str:
    """One path component with nothing that could leave its folder in an unzipper."""
    cleaned = re.sub(r"[^\w.\- ]+", "-", text, flags=re.ASCII).strip(" .-")
    return cleaned or "berkas"


def _arcname(section: str, name: str, taken: set[str]) -> str:
    parts = [
        _safe_part(p) for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("", ".", "..", "/")
    ]
    path = "/".join(["berkas", _safe_part(section), *(parts or ["berkas"])])
    stem, dot, ext = path.rpartition(".")
    if not dot or "/" in ext:
        stem, ext = path, ""
    candidate, n = path, 1
    while candidate in taken:  # two files of one name: the second gets "-2"
        n += 1
        candidate = f"{stem}-{n}.{ext}" if ext else f"{path}-{n}"
    taken.add(candidate)
    return candidate


def write_zip(sections: list[Section], fileobj, *, header: dict) -> dict:
    """Write `sections` as a ZIP into `fileobj` (a binary file opened for writing).

    `data.json` holds `header`, then {"bagian": {name: data}, "berkas": {name: [paths]}};
    each file is copied from its storage in chunks under `berkas/<section>/`. A file the
    storage cannot open is listed under "berkas_tidak_tersedia" instead of failing the whole
    export. Returns the counts: {"bagian": n, "berkas": n}. Raises ValueError when two
    sections share a name (a programming error in the providers).
    """
    names = [s.name for s in sections]
    if len(set(names)) != len(names):
        raise ValueError(f"Duplicate personal-data section names: {names}")
    taken: set[str] = set()
    listed: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for section in sections:
            for name, storage, stored_name in section.files:
                arcname = _arcname(section.name, name, taken)
                try:
                    source = storage.open(stored_name, "rb")
                except OSError:
                    missing.setdefault(section.name, []).append(name)
                    taken.discard(arcname)
                    continue
                with source, archive.open(arcname, "w", force_zip64=True) as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
                listed.setdefault(section.name, []).append(arcname)
        document = {
            **header,
            "bagian": {s.name: s.data for s in sections},
            "berkas": listed,
        }
        if missing:
            document["berkas_tidak_tersedia"] = missing
        archive.writestr(
            "data.json", json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
        )
    return {"bagian": len(sections), "berkas": sum(len(v) for v in listed.values())}
