"""The appeals' test world: the demo LSP (seeded once per worker, each module in a savepoint
of it, each test in a savepoint of that: tests.sertifikasi.conftest)."""

from tests.sertifikasi.conftest import DEMO_PASSWORD, demo, pdf_upload, ttd  # noqa: F401  (fixtures and helpers)
