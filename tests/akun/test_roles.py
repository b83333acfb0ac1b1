"""Roles as the LSP defines them (SE-A4.4): built-in roles, the role screen where Ketua or
Admin LSP edit permissions and members, every change in the audit trail (X-4)."""

import pytest
from django.contrib.auth.models import Permission

from akun.models import AuditEntry, Role, User

from ..conftest import make_user

pytestmark = pytest.mark.embedded


def perm(codename):
    return Permission.objects.get(content_type__app_label="akun", codename=codename)


def test_builtin_roles_exist_after_migrate(db):
    """SE-A4.4: at least the ten roles the issue names, each with its own group."""
    assert set(Role.objects.filter(is_builtin=True).values_list("code", flat=True)) == set(Role.Code.values)
    assert Role.objects.get(code="asesi").is_staff_role is False
    assert Role.objects.filter(is_staff_role=True).count() == 9


def test_ketua_grants_a_permission_and_it_takes_effect(client, ketua, pengelola_tuk):
    """SE-A4.4: a right given on the screen opens the module to the role's members."""
    client.force_login(pengelola_tuk)
    assert client.get("/sdm/").status_code == 403
    client.force_login(ketua)
    role = Role.objects.get(code="pengelola_tuk")
    wanted = [p.pk for p in role.group.permissions.all()] + [perm("use_sdm").pk]
    response = client.post("/akun/peran/pengelola_tuk/hak-akses/", {"permissions": wanted})
    assert response.status_code == 302
    client.force_login(User.objects.get(pk=pengelola_tuk.pk))
    assert client.get("/sdm/").status_code == 200


def test_permission_change_is_audited_with_actor_and_ip(client, ketua):
    """X-4: the m2m change on the role's group names who made it and from where."""
    client.force_login(ketua)
    role = Role.objects.get(code="asesor")
    client.post(
        "/akun/peran/asesor/hak-akses/", {"permissions": [perm("use_tuk").pk]}, REMOTE_ADDR="198.51.100.4"
    )
    entries = AuditEntry.objects.filter(content_type__model="group", object_pk=str(role.group_id)).order_by(
        "pk"
    )
    changes = [e.changes["permissions"] for e in entries if "permissions" in (e.changes or {})]
    removed = [o for c in changes if c["operation"] == "delete" for o in c["objects"]]
    added = [o for c in changes if c["operation"] == "add" for o in c["objects"]]
    assert any(o.endswith("Membuka aplikasi skema dan MUK") for o in removed)
    assert any(o.endswith("Membuka aplikasi TUK") for o in added)
    assert {(e.actor_id, e.remote_addr) for e in entries.filter(timestamp__gte=ketua.date_joined)} >= {
        (ketua.pk, "198.51.100.4")
    }


def test_ketua_role_must_keep_managing_roles(client, ketua):
    """Nobody could fix the roles any more: refused with an Indonesian message."""
    client.force_login(ketua)
    before = set(Role.objects.get(code="ketua").group.permissions.all())
    response = client.post("/akun/peran/ketua/hak-akses/", {"permissions": [perm("view_audit").pk]})
    assert response.status_code == 200
    assert "harus tetap dapat mengelola peran" in response.content.decode()
    assert set(Role.objects.get(code="ketua").group.permissions.all()) == before


def test_admin_adds_a_user_to_a_role_and_it_is_audited(client, admin_lsp, outsider):
    client.force_login(admin_lsp)
    response = client.post("/akun/peran/asesor/anggota/tambah/", {"email": outsider.email.upper()})
    assert response.status_code == 302
    assert outsider.groups.filter(role__code="asesor").exists()
    entry = AuditEntry.objects.filter(content_type__model="user", object_pk=str(outsider.pk)).latest("pk")
    assert entry.changes["groups"]["operation"] == "add"
    assert entry.actor == admin_lsp


def test_adding_an_unknown_email_says_so_and_changes_nothing(client, admin_lsp):
    client.force_login(admin_lsp)
    before = AuditEntry.objects.count()
    response = client.post("/akun/peran/asesor/anggota/tambah/", {"email": "siapa@uji.lsp.id"}, follow=True)
    assert "Tidak ada pengguna dengan email ini." in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_inactive_user_cannot_be_given_a_role(client, admin_lsp):
    client.force_login(admin_lsp)
    gone = make_user("keluar@uji.lsp.id")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    response = client.post("/akun/peran/asesor/anggota/tambah/", {"email": gone.email}, follow=True)
    assert "nonaktif" in response.content.decode()
    assert not gone.groups.exists()


def test_removing_a_member_asks_first_then_removes(client, admin_lsp, asesor):
    client.force_login(admin_lsp)
    url = f"/akun/peran/asesor/anggota/{asesor.pk}/cabut/"
    confirm = client.get(url)
    assert "Cabut peran Asesor?" in confirm.content.decode()
    assert asesor.groups.filter(role__code="asesor").exists()
    client.post(url)
    assert not asesor.groups.filter(role__code="asesor").exists()


def test_the_last_ketua_cannot_be_removed(client, ketua):
    """SE-A4.4 edge: removing the last Ketua is refused."""
    client.force_login(ketua)
    response = client.post(f"/akun/peran/ketua/anggota/{ketua.pk}/cabut/", follow=True)
    assert "Ketua/Direktur LSP terakhir tidak dapat dicabut perannya." in response.content.decode()
    assert ketua.groups.filter(role__code="ketua").exists()


def test_a_ketua_can_be_removed_while_another_remains(client, ketua):
    second = make_user("ketua.dua@uji.lsp.id", "ketua")
    client.force_login(ketua)
    client.post(f"/akun/peran/ketua/anggota/{second.pk}/cabut/")
    assert not second.groups.filter(role__code="ketua").exists()


def test_lsp_creates_its_own_role(client, ketua):
    client.force_login(ketua)
    response = client.post(
        "/akun/peran/baru/", {"name": "Komite Skema", "description": "Menyusun skema", "is_staff_role": "on"}
    )
    role = Role.objects.get(name="Komite Skema")
    assert response.status_code == 302 and response.url == f"/akun/peran/{role.code}/hak-akses/"
    assert (role.is_builtin, role.is_staff_role, role.group.permissions.count()) == (False, True, 0)


def test_duplicate_role_name_is_refused(client, ketua):
    client.force_login(ketua)
    response = client.post("/akun/peran/baru/", {"name": "asesor"})
    assert "Peran dengan nama ini sudah ada." in response.content.decode()
    assert Role.objects.filter(name__iexact="asesor").count() == 1


def test_unknown_role_is_404(client, ketua):
    client.force_login(ketua)
    assert client.get("/akun/peran/tidak-ada/").status_code == 404


def test_role_list_query_count_does_not_grow_with_members(client, ketua):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ketua)
    counts = []
    for batch in (3, 40):
        for i in range(batch):
            make_user(f"anggota{batch}.{i}@uji.lsp.id", "asesi")
        with CaptureQueriesContext(connection) as ctx:
            client.get("/akun/peran/")
            client.get("/akun/peran/asesi/")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_role_screen_offers_only_rights_the_portal_checks_in_declared_order(client, ketua):
    from akun.models import AccessRight

    client.force_login(ketua)
    form = client.get("/akun/peran/asesi/hak-akses/").context["form"]
    offered = [p.codename for p in form.fields["permissions"].queryset]
    assert offered == [codename for codename, _ in AccessRight._meta.permissions]


def test_a_permission_outside_the_screen_cannot_be_posted(client, ketua):
    client.force_login(ketua)
    default_perm = Permission.objects.get(codename="delete_user")
    response = client.post("/akun/peran/asesi/hak-akses/", {"permissions": [default_perm.pk]})
    assert response.status_code == 200
    assert not Role.objects.get(code="asesi").group.permissions.filter(pk=default_perm.pk).exists()
