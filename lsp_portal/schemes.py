"""Certification schemes as values, for the apps that may not import `muk` (STYLE.md §12).

The records engine (`administrasi`) files records by scheme and keeps them at least one
certificate validity of their scheme (SE-A3.Kb); sdm's demo data names the schemes an asesor
may assess. Neither imports `muk`: they read schemes here, as plain values, from the one
provider `muk` registers in MukConfig.ready():

    from lsp_portal import schemes
    schemes.register(selectors.scheme_values)   # (ids: Iterable[int] | None) -> list[Scheme]

`muk` also registers the scheme's technical requirements for a TUK (the equipment its MUK
needs), which the TUK verification checklist lists item by item:

    schemes.register_tuk_requirements(selectors.tuk_requirement_values)  # (id) -> [TukRequirement]

A record stores the scheme's id, code and title as values (`Scheme.of(obj)` turns a muk
`Skema`, or anything with `pk`, `kode`, `judul` and `masa_berlaku_tahun`, into one). With no
provider registered every lookup answers "no scheme".
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scheme:
    """A scheme as other apps see it: its id in `muk`, code, title and certificate validity."""

    id: int
    kode: str
    judul: str
    masa_berlaku_tahun: int | None = None

    def __str__(self) -> str:
        return f"{self.kode} {self.judul}"

    @classmethod
    def of(cls, obj) -> "Scheme":
        """`obj` as a Scheme: itself when it is one, else read from its `pk`, `kode`, `judul`
        and (if it has it) `masa_berlaku_tahun`."""
        if isinstance(obj, cls):
            return obj
        years = getattr(obj, "masa_berlaku_tahun", None)
        return cls(id=obj.pk, kode=obj.kode, judul=obj.judul, masa_berlaku_tahun=years)


Provider = Callable[[Iterable[int] | None], list[Scheme]]
_provider: Provider | None = None


def register(provider: Provider) -> Provider:
    """Set the one provider of schemes: called with ids, it returns those schemes; with None,
    every scheme, ordered by code. Registering again replaces it (a second ready() is harmless)."""
    global _provider
    _provider = provider
    return provider


def all_schemes() -> list[Scheme]:
    """Every scheme, ordered by code; [] when no provider is registered."""
    return list(_provider(None)) if _provider else []


def get(pk: int | None) -> Scheme | None:
    """The scheme with id `pk`, or None (no such scheme, no id, or no provider)."""
    if pk is None or _provider is None:
        return None
    found = _provider([pk])
    return found[0] if found else None


def by_kode(kode: str) -> Scheme | None:
    """The scheme whose code is `kode` (case-insensitive), or None."""
    wanted = kode.strip().casefold()
    return next((s for s in all_schemes() if s.kode.casefold() == wanted), None)


@dataclass(frozen=True)
class TukRequirement:
    """One item of a scheme's technical requirements for a TUK (persyaratan teknis TUK):
    equipment or material, the least quantity, and its specification."""

    nama: str
    jumlah: int | None = None
    spesifikasi: str = ""

    def __str__(self) -> str:
        return self.nama if self.jumlah is None else f"{self.nama} ({self.jumlah})"


RequirementsProvider = Callable[[int], list[TukRequirement]]
_requirements: RequirementsProvider | None = None


def register_tuk_requirements(provider: RequirementsProvider) -> RequirementsProvider:
    """Set the one provider of schemes' TUK requirements (registering again replaces it)."""
    global _requirements
    _requirements = provider
    return provider


def tuk_requirements(pk: int) -> list[TukRequirement]:
    """The technical requirements for a TUK of scheme `pk`, in order; [] when the scheme
    lists none (or no provider is registered)."""
    return list(_requirements(pk)) if _requirements else []
