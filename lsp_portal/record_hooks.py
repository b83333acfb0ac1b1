"""What a domain app does when one of its records becomes final (signed by every party).

The records engine (administrasi) imports no domain app (STYLE.md §12), yet some records
change the domain when they are signed: the Ketua's signature on an SK keputusan makes the
pleno's decisions take effect, and on a certificate publishes it in the register. The domain
app registers a hook per record kind here (in its AppConfig.ready); `administrasi` calls
`run_on_final` in the transaction that makes the record final, so the record and its effect
commit together or not at all (a hook that raises rolls the signature back).
"""

from collections.abc import Callable

Hook = Callable[..., None]  # hook(dokumen, *, actor)

_hooks: dict[str, list[Hook]] = {}


def on_final(kode: str) -> Callable[[Hook], Hook]:
    """Decorator: run the hook when a record of kind `kode` becomes final. Registering the
    same function twice (a reloaded AppConfig) keeps one."""

    def register(fn: Hook) -> Hook:
        hooks = _hooks.setdefault(kode, [])
        if fn not in hooks:
            hooks.append(fn)
        return fn

    return register


def run_on_final(dokumen, *, actor) -> None:
    for fn in _hooks.get(dokumen.jenis.kode, ()):
        fn(dokumen, actor=actor)
