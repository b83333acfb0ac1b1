"""The permission matrix (SE-A4.4): every URL pattern × anonymous, every role, an outsider
(signed in, no role) and a superuser. A URL without a row here fails the suite."""

import importlib
import os
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import PASSWORD, ROLE_PERSONAS, clear_own_cache, make_user, roll_back
from .matrix import PERSONAS, SIGNED_IN, Row, grid, only

MANAGERS = {"admin_lsp", "ketua", "superuser"}  # akun.manage_roles


def walk(patterns, prefix="", ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}" if ns and p.name else p.name
            yield name or prefix + str(p.pattern)


RECORD_STAFF = {"admin_lsp", "manajer", "ketua", "superuser"}  # akun.use_administrasi
# Visible: staff, the record's subject (asesor) and its signer (ketua); others 404 (no leak).
RECORD_VISIBLE = {"anon": 302, **{p: 200 if p in RECORD_STAFF | {"asesor"} else 404 for p in SIGNED_IN}}
# Download: streamed from local disk (200) or a redirect to a 5-minute presigned URL (S3).
RECORD_DOWNLOAD = {
    p: (302 if os.environ.get("S3_ENDPOINT_URL") else 200) if s == 200 else s
    for p, s in RECORD_VISIBLE.items()
}
# Correct/void: visible but not staff → 403.
RECORD_MANAGED = {**RECORD_VISIBLE, "asesor": 403}


def _dosier(c, *, built=False):
    """An export of the record's subject (the asesor), requested by the admin; `built`: its
    ZIP made by the task function, run here directly."""
    from administrasi.dossier import dossier_build, dossier_request

    ekspor = dossier_request(subject=c["dokumen"].subject, actor=c["admin_lsp"])
    if built:
        dossier_build(ekspor_id=ekspor.pk)
    return ekspor


# Dossier exports: the requester (admin_lsp) and the LSP's administration; others 404.
DOSIER_VISIBLE = {"anon": 302, **{p: 200 if p in RECORD_STAFF else 404 for p in SIGNED_IN}}
MUK_VIEW = {"asesor", "asesor_lain", "admin_lsp", "manajer", "komite", "ketua"}  # akun.use_muk
MUK_MANAGE = {"manajer", "ketua"}  # akun.manage_skema


def _skema(c):
    """A scheme made through the muk service, the Ketua acting."""
    from decimal import Decimal

    from muk import services as muk_services

    return muk_services.skema_create(
        actor=c["ketua"],
        kode="SKM/MATRIKS/001",
        judul="Skema Matriks",
        jenis="okupasi",
        acuan="SKKNI No. 282 Tahun 2016",
        masa_berlaku_tahun=3,
        biaya_tatap_muka=Decimal("1000000"),
        biaya_jarak_jauh=Decimal("900000"),
    )


PORTAL_STAFF = {"admin_lsp", "ketua"}  # akun.manage_portal (superuser always)


def _portal_berita(c, *, terbit=False):
    """A news item by the admin, via portal's services: a draft unless `terbit`."""
    from portal import services as portal

    berita = portal.berita_create(judul="Kabar matriks", ringkasan="R.", isi="I.", actor=c["admin_lsp"])
    return portal.berita_publish(berita=berita, actor=c["admin_lsp"]) if terbit else berita


def _portal_files(c):
    """The profile with an organisation chart (demo PNG) and the licence with its SK PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal import services as portal
    from portal.demo import seed_portal_demo
    from tests.hostile_files import valid_pdf

    seed_portal_demo(actor=c["admin_lsp"])
    return portal.lisensi_update(
        data={
            "nomor_sk": "KEP.1/BNSP/2025",
            "tanggal_terbit": "2025-01-01",
            "tanggal_kedaluwarsa": "2030-01-01",
        },
        berkas_sk=SimpleUploadedFile("sk.pdf", valid_pdf()),
        actor=c["admin_lsp"],
    )


from .matrix import ANON_ONLY, LOGIN_REQUIRED, PUBLIC  # noqa: E402

MATRIX = {
    "portal:home": Row(PUBLIC),
    "healthz": Row(PUBLIC),
    # allauth (login, sign-up, password, e-mail, MFA)
    "account_login": Row(ANON_ONLY),
    "account_signup": Row(ANON_ONLY),
    "account_logout": Row(grid(302, 200)),
    "account_inactive": Row(PUBLIC),
    "account_reauthenticate": Row(LOGIN_REQUIRED),
    "account_email": Row(LOGIN_REQUIRED),
    "account_email_verification_sent": Row(PUBLIC),
    "account_change_password": Row(LOGIN_REQUIRED),
    "account_set_password": Row(grid(302, 302)),  # users with a password go to "change"
    "account_reset_password": Row(PUBLIC),
    "account_reset_password_done": Row(PUBLIC),
    "account_reset_password_from_key_done": Row(PUBLIC),
    "account_reset_password_from_key": Row(
        PUBLIC,
        url=lambda c: reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "salah"}),
    ),
    "account_confirm_email": Row(
        PUBLIC, url=lambda c: reverse("account_confirm_email", kwargs={"key": "salah"})
    ),
    "account_confirm_login_code": Row(grid(302, 302)),  # no login by code pending
    "mfa_index": Row(LOGIN_REQUIRED),
    "mfa_authenticate": Row(grid(302, 302)),  # no login waiting for a second factor
    "mfa_reauthenticate": Row(grid(302, 302)),  # nothing to reauthenticate with MFA
    # Enrolling or regenerating a factor asks for the password again first (reauthenticate).
    "mfa_activate_totp": Row(grid(302, 302)),
    "mfa_deactivate_totp": Row(grid(302, 404)),  # no TOTP enrolled yet
    "mfa_view_recovery_codes": Row(grid(302, 404)),
    "mfa_generate_recovery_codes": Row(grid(302, 302)),
    "mfa_download_recovery_codes": Row(grid(302, 404)),
    # akun
    "akun:home": Row(LOGIN_REQUIRED),  # the dashboard
    "akun:profile": Row(LOGIN_REQUIRED),
    "akun:profile-edit": Row(LOGIN_REQUIRED),
    "akun:role-list": Row(only(MANAGERS)),
    "akun:role-create": Row(only(MANAGERS)),
    "akun:role-detail": Row(only(MANAGERS), url=lambda c: reverse("akun:role-detail", args=["asesi"])),
    "akun:role-permissions": Row(
        only(MANAGERS), url=lambda c: reverse("akun:role-permissions", args=["asesi"])
    ),
    "akun:role-member-add": Row(
        only(MANAGERS, ok=302),
        method="post",
        data={"email": "tidak.ada@uji.lsp.id"},
        url=lambda c: reverse("akun:role-member-add", args=["asesi"]),
    ),
    "akun:role-member-remove": Row(
        only(MANAGERS),
        url=lambda c: reverse("akun:role-member-remove", args=["asesi", c["asesi"].pk]),
    ),
    "akun:audit-list": Row(only({"ketua", "auditor"})),
    # the applications
    "sdm:home": Row(only({"admin_lsp", "manajer", "ketua"})),
    "tuk:home": Row(only({"admin_lsp", "manajer", "ketua", "pengelola_tuk"})),
    "administrasi:home": Row(only({"admin_lsp", "manajer", "ketua"})),
    "muk:home": Row(only({"asesor", "asesor_lain", "admin_lsp", "manajer", "komite", "ketua"})),
    "sertifikasi:home": Row(
        only({"asesi", "asesi_lain", "asesor", "asesor_lain", "admin_lsp", "manajer", "komite", "ketua"})
    ),
    "verifikasi_tuk:home": Row(
        only({"asesor", "asesor_lain", "admin_lsp", "manajer", "ketua", "pengelola_tuk"})
    ),
    "banding:home": Row(only({"asesi", "asesi_lain", "admin_lsp", "manajer", "ketua"})),
    "eksekutif:home": Row(only({"manajer", "ketua", "dewan", "auditor"})),
    "eksekutif:system-status": Row(only({"ketua", "staf_ti"})),
    # records (administrasi): the record is an SPT about the asesor, signed by the Ketua.
    "administrasi:dokumen-list": Row(LOGIN_REQUIRED),
    "administrasi:dokumen-detail": Row(
        RECORD_VISIBLE, url=lambda c: reverse("administrasi:dokumen-detail", args=[c["dokumen"].pk])
    ),
    "administrasi:dokumen-sign": Row(
        RECORD_VISIBLE, url=lambda c: reverse("administrasi:dokumen-sign", args=[c["dokumen"].pk])
    ),
    "administrasi:dokumen-download": Row(
        RECORD_DOWNLOAD, url=lambda c: reverse("administrasi:dokumen-download", args=[c["dokumen"].pk])
    ),
    "administrasi:dokumen-correct": Row(
        RECORD_MANAGED, url=lambda c: reverse("administrasi:dokumen-correct", args=[c["dokumen"].pk])
    ),
    "administrasi:dokumen-void": Row(
        RECORD_MANAGED, url=lambda c: reverse("administrasi:dokumen-void", args=[c["dokumen"].pk])
    ),
    "administrasi:dokumen-grant": Row(
        {**RECORD_MANAGED, **{p: 302 for p in RECORD_STAFF}},
        method="post",
        data={"email": "x@uji.lsp.id"},
        url=lambda c: reverse("administrasi:dokumen-grant", args=[c["dokumen"].pk]),
    ),
    "administrasi:jenis-list": Row(only(RECORD_STAFF)),
    "administrasi:jenis-edit": Row(
        only(RECORD_STAFF), url=lambda c: reverse("administrasi:jenis-edit", args=["SPT-ASESOR"])
    ),
    # POST: staff → 302 to the progress page; asesor sees the record but may not export → 403.
    "administrasi:dosier-request": Row(
        {**RECORD_MANAGED, **{p: 302 for p in RECORD_STAFF}},
        method="post",
        url=lambda c: reverse("administrasi:dosier-request", args=[c["dokumen"].pk]),
    ),
    "administrasi:dosier-detail": Row(
        DOSIER_VISIBLE, url=lambda c: reverse("administrasi:dosier-detail", args=[_dosier(c).pk])
    ),
    "administrasi:dosier-download": Row(
        {
            p: (302 if os.environ.get("S3_ENDPOINT_URL") else 200) if s == 200 else s
            for p, s in DOSIER_VISIBLE.items()
        },
        url=lambda c: reverse("administrasi:dosier-download", args=[_dosier(c, built=True).pk]),
    ),
    # public portal and its staff pages
    "portal:profil": Row(PUBLIC),
    "portal:struktur-organisasi": Row(
        PUBLIC, url=lambda c: _portal_files(c) and reverse("portal:struktur-organisasi")
    ),
    "portal:lisensi": Row(PUBLIC),
    "portal:lisensi-berkas": Row(PUBLIC, url=lambda c: _portal_files(c) and reverse("portal:lisensi-berkas")),
    "portal:berita-list": Row(PUBLIC),
    "portal:berita-detail": Row(
        PUBLIC, url=lambda c: reverse("portal:berita-detail", args=[_portal_berita(c, terbit=True).slug])
    ),
    "portal:alur-sertifikasi": Row(PUBLIC),
    "portal:admin-home": Row(only(PORTAL_STAFF)),
    "portal:profil-edit": Row(only(PORTAL_STAFF)),
    "portal:lisensi-edit": Row(only(PORTAL_STAFF)),
    "portal:berita-admin-list": Row(only(PORTAL_STAFF)),
    "portal:berita-create": Row(only(PORTAL_STAFF)),
    "portal:berita-edit": Row(
        only(PORTAL_STAFF), url=lambda c: reverse("portal:berita-edit", args=[_portal_berita(c).pk])
    ),
    "portal:berita-publish": Row(  # GET = confirmation page; the item is a draft
        only(PORTAL_STAFF), url=lambda c: reverse("portal:berita-publish", args=[_portal_berita(c).pk])
    ),
    "portal:berita-unpublish": Row(  # GET = confirmation page; the item is published
        only(PORTAL_STAFF),
        url=lambda c: reverse("portal:berita-unpublish", args=[_portal_berita(c, terbit=True).pk]),
    ),
    "portal:berita-delete": Row(
        only(PORTAL_STAFF), url=lambda c: reverse("portal:berita-delete", args=[_portal_berita(c).pk])
    ),
    "portal:halaman-edit": Row(
        only(PORTAL_STAFF), url=lambda c: reverse("portal:halaman-edit", args=["sop-banding-pengaduan"])
    ),
    # schemes (muk)
    "muk:skema-list": Row(only(MUK_VIEW)),
    "muk:skema-create": Row(only(MUK_MANAGE)),
    "muk:skema-detail": Row(only(MUK_VIEW), url=lambda c: reverse("muk:skema-detail", args=[_skema(c).pk])),
    "muk:skema-edit": Row(only(MUK_MANAGE), url=lambda c: reverse("muk:skema-edit", args=[_skema(c).pk])),
    "muk:skema-import": Row(only(MUK_MANAGE), url=lambda c: reverse("muk:skema-import", args=[_skema(c).pk])),
    "muk:import-template": Row(only(MUK_MANAGE)),
    "muk:persyaratan-edit": Row(
        only(MUK_MANAGE), url=lambda c: reverse("muk:persyaratan-edit", args=[_skema(c).pk])
    ),
    "verifikasi:dokumen": Row(PUBLIC, url=lambda c: reverse("verifikasi:dokumen", args=[c["dokumen"].token])),
    "verifikasi:start": Row(PUBLIC),
}

# Django admin ("admin-teknis"): only active staff get past its login; no role makes anyone
# staff, so every persona but the superuser is sent to allauth's login page.
ADMIN_ONLY = grid(302, 302, superuser=200)
ADMIN_SITE_ROWS = {
    "admin:index": Row(ADMIN_ONLY),
    "admin:login": Row(grid(302, 302)),  # staff: already in → index; others → allauth login
    "admin:logout": Row(grid(302, 302, superuser=405)),  # POST only for the one who is in
    "admin:password_change": Row(ADMIN_ONLY),
    "admin:password_change_done": Row(ADMIN_ONLY),
    "admin:jsi18n": Row(ADMIN_ONLY),
    "admin:autocomplete": Row(grid(302, 302, superuser=403)),  # no field named: refused
    "admin:view_on_site": Row(
        grid(302, 302, superuser=404), url=lambda c: reverse("admin:view_on_site", args=[1, "tidak-ada"])
    ),
    "admin-teknis/(?P<url>.*)$": Row(grid(302, 302, superuser=404), url=lambda c: "/admin-teknis/tidak-ada/"),
}

# Per registered model: (sample object factory, superuser status for add, delete, app_list).
ADMIN_MODELS = {
    "auth.group": (lambda c: c["role_group"], 200, 200),
    "account.emailaddress": (lambda c: c["email_address"], 200, 200),
    "mfa.authenticator": (lambda c: c["authenticator"], 200, 200),
    "akun.user": (lambda c: c["asesi"], 200, 403),  # people are deactivated, never deleted
    "akun.role": (lambda c: c["role"], 403, 403),  # roles are made on the role screen
    "akun.auditentry": (lambda c: c["audit_entry"], 403, 403),  # the trail is append-only
    "administrasi.dokumen": (lambda c: c["dokumen"], 403, 403),  # records: services only, never deleted
}


def _admin_rows():
    rows = dict(ADMIN_SITE_ROWS)
    app_labels = set()
    for model in admin.site._registry:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        obj, add, delete = ADMIN_MODELS[label]  # KeyError: a new admin model needs a row
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        app_labels.add(model._meta.app_label)

        def obj_url(name, obj=obj):
            return lambda c: reverse(name, args=[obj(c).pk])

        rows[f"{base}_changelist"] = Row(ADMIN_ONLY)
        rows[f"{base}_add"] = Row(grid(302, 302, superuser=add))
        rows[f"{base}_change"] = Row(ADMIN_ONLY, url=obj_url(f"{base}_change"))
        rows[f"{base}_history"] = Row(ADMIN_ONLY, url=obj_url(f"{base}_history"))
        rows[f"{base}_delete"] = Row(grid(302, 302, superuser=delete), url=obj_url(f"{base}_delete"))
        rows[f"admin-teknis/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"] = Row(
            grid(302, 302, superuser=302),  # old-style object URL → its change page
            url=lambda c, m=model, obj=obj: (
                f"/admin-teknis/{m._meta.app_label}/{m._meta.model_name}/{obj(c).pk}/"
            ),
        )
        if label == "akun.user":
            rows["admin:auth_user_password_change"] = Row(
                ADMIN_ONLY, url=obj_url("admin:auth_user_password_change")
            )
    rows["admin:app_list"] = Row(ADMIN_ONLY, url=lambda c: reverse("admin:app_list", args=["akun"]))
    return rows


def _app_rows():
    """Rows each app's tests keep next to them: `tests/<app>/matrix_rows.py` with ROWS
    (url name -> Row) and, for Django admin models, ADMIN_MODELS like the one above."""
    for path in sorted(Path(__file__).parent.glob("*/matrix_rows.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.matrix_rows")
        clash = MATRIX.keys() & module.ROWS.keys()
        assert not clash, f"{path}: baris ganda {sorted(clash)}"
        MATRIX.update(module.ROWS)
        ADMIN_MODELS.update(getattr(module, "ADMIN_MODELS", {}))


_app_rows()
MATRIX.update(_admin_rows())


def test_every_url_pattern_has_a_matrix_row():
    """SE-A4.4: no URL escapes the matrix, and the matrix names no URL that is gone."""
    patterns = set(walk(get_resolver().url_patterns))
    assert sorted(patterns - MATRIX.keys()) == [], "URL tanpa baris di matriks hak akses"
    assert sorted(MATRIX.keys() - patterns) == [], "baris matriks untuk URL yang tidak ada"


class _Context(dict):
    """A row's context: the module's people and objects, what the row's world built, and the
    signed SPT (`dokumen`), made with its PDF rendered and sealed only for a row that reads
    it (about a second each)."""

    def __init__(self, *args, make_dokumen, **kwargs):
        super().__init__(*args, **kwargs)
        self._make_dokumen = make_dokumen

    def __missing__(self, key):
        if key != "dokumen":
            raise KeyError(key)
        self[key] = self._make_dokumen(self)
        return self[key]


def _make_dokumen(c):
    from django.test import TestCase

    from administrasi import services as records

    dokumen = records.dokumen_issue(
        kode="SPT-ASESOR",
        subject=c["asesor"],
        judul="Penugasan",
        data={"tugas": "uji"},
        signers={"ketua": c["ketua"]},
        actor=c["ketua"],
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        records.dokumen_sign(dokumen=dokumen, signer=c["ketua"], secret=PASSWORD, consent=True)
    return dokumen


def _people() -> dict:
    """One user per persona, a superuser, and the objects the account rows open."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from akun.models import AuditEntry, Role, User

    people = {
        name: make_user(f"{name.replace('_', '.')}@matriks.lsp.id", code)
        for name, code in ROLE_PERSONAS.items()
    }
    people["superuser"] = User.objects.create_superuser("super@matriks.lsp.id", "x", nama_lengkap="Super")
    other = make_user("lain@matriks.lsp.id")
    role = Role.objects.get(code="asesi")
    return {
        **people,
        "role": role,
        "role_group": role.group,
        "email_address": EmailAddress.objects.get(user=other),
        "authenticator": Authenticator.objects.create(
            user=other, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00", "used_mask": 0}
        ),
        "audit_entry": AuditEntry.objects.order_by("-pk").first(),
    }


class _Worlds:
    """The module's database, in nested transactions that are all rolled back: the people
    (made once per module and xdist worker, each signed in once: rows reuse the session),
    then the world of the rows being run (Row.world: made once for a run of rows that share
    it, rows being ordered by world) on top of its base if it names one (`world.base`: made
    once for a run of worlds that share it), then each row in a savepoint of its own. A
    row's requests and whatever its `url` builds are undone with it, so every row starts
    from its world exactly as it was built."""

    def __init__(self):
        from django.conf import settings

        self.people = _people()
        self.sessions = {}
        for persona in SIGNED_IN:
            client = Client()
            client.force_login(self.people[persona])
            self.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.open = []  # (name, atomic, ctx) from the outermost world in
        self.ctx = self.people

    def enter(self, world):
        from django.db import transaction

        chain = _world_chain(world)
        names = [_world_name(w) for w in chain]
        kept = 0
        while kept < min(len(names), len(self.open)) and self.open[kept][0] == names[kept]:
            kept += 1
        while len(self.open) > kept:
            roll_back(self.open.pop()[1])
        self.ctx = self.open[-1][2] if self.open else self.people
        for built in chain[kept:]:
            atomic = transaction.atomic()
            atomic.__enter__()
            self.ctx = dict(self.ctx)
            self.open.append((_world_name(built), atomic, self.ctx))
            built(self.ctx)
            clear_own_cache()  # the world's signatures are not on the rows' signature limits

    def leave(self):
        self.enter(None)

    def client(self, persona):
        """A test client signed in as `persona` (its session made once, with the people)."""
        from django.conf import settings

        client = Client()
        if persona != "anon":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return client


def _world_chain(world) -> list:
    """[base, world], [world] or [] for a row's world (see Row.world)."""
    if world is None:
        return []
    base = getattr(world, "base", None)
    return [base, world] if base else [world]


def _world_name(world) -> str:
    return "" if world is None else f"{world.__module__}.{world.__qualname__}"


def _row_order(key) -> tuple:
    """Rows that share a world, and worlds that share a base, run one after another."""
    chain = _world_chain(MATRIX[key].world)
    return (bool(chain), *(_world_name(w) for w in chain), key)


@pytest.fixture(scope="module")
def _worlds(django_db_setup, django_db_blocker):
    from django.db import connection, transaction

    clear_own_cache()
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "the matrix's people must be made outside a test's transaction"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            worlds = _Worlds()
            yield worlds
            worlds.leave()
        finally:
            roll_back(atomic)


@pytest.fixture(autouse=True)
def _isolated_files():
    """Replaces the suite's per-test media folder: a world's stored files outlive the row
    that made them, in the module's folder (conftest's `_module_files`)."""


@pytest.fixture
def _world(request, _worlds, django_db_blocker):
    """The row's world, entered before the row's own transaction (`db`) opens inside it."""
    with django_db_blocker.unblock():
        _worlds.enter(MATRIX[request.node.callspec.params["key"]].world)
    return _worlds.ctx


@pytest.fixture
def ctx(_world, db):
    return _Context(_world, make_dokumen=_make_dokumen)


# Not `embedded`: who may open what is decided by the views and permissions.py, the same on
# every database; once per `make test` (the services pass), where it is a third of the
# embedded pass's time otherwise.
# Rows that share a world run one after another (see _Worlds).
@pytest.mark.parametrize("key", sorted(MATRIX, key=_row_order))
def test_url_answers_each_persona_as_the_matrix_says(key, ctx, _worlds):
    """SE-A4.4: each persona gets exactly the status the matrix gives for this URL."""
    row = MATRIX[key]
    path = row.url(ctx) if row.url else reverse(key)
    actual = {}
    for persona in PERSONAS:
        response = getattr(_worlds.client(persona), row.method)(path, row.data)
        actual[persona] = response.status_code
    mismatches = {p: (row.expect[p], actual[p]) for p in PERSONAS if row.expect[p] != actual[p]}
    assert mismatches == {}, f"{row.method.upper()} {path}: persona → (diharapkan, didapat)"
