"""Roles as the LSP defines them (SE-A4.4): built-in roles, the role screen where Ketua or
Admin LSP edit permissions and members, every change in the audit trail (X-4) and mailed
to the Ketua; no self-elevation through the screen (issue 10, item 1)."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from akun.models import AuditEntry, Role, User

from ..conftest import PASSWORD, make_user

pytestmark = pytest.mark.embedded


def perm(codename):
    return Permission.objects.get(content_type__app_label="akun", codename=codename)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@uji.lsp.id", PASSWORD, nama_lengkap="Root")


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


def test_ketua_role_must_keep_managing_roles(client, superuser):
    """SE-A4.4: nobody could fix the roles any more: refused with an Indonesian message."""
    client.force_login(superuser)
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


def test_the_last_ketua_cannot_be_removed(client, ketua, superuser):
    """SE-A4.4 edge: removing the last Ketua is refused."""
    client.force_login(superuser)
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


# --- no self-elevation (issue 10, item 1) ------------------------------------------------


def rights(code):
    return set(Role.objects.get(code=code).group.permissions.values_list("codename", flat=True))


def members(code):
    return set(User.objects.filter(groups__role__code=code).values_list("email", flat=True))


def refusal(role_code):
    """The newest refusal kept in the audit trail for the role."""
    role = Role.objects.get(code=role_code)
    return (
        AuditEntry.objects.filter(
            content_type__model="role", object_pk=str(role.pk), action=AuditEntry.Action.ACCESS
        )
        .order_by("-pk")
        .first()
    )


def assert_refused(response, role_code, actor, reason):
    """Refused with the Indonesian reason on the page, and the attempt kept in the trail."""
    assert response.status_code == 200
    assert reason in response.content.decode()
    entry = refusal(role_code)
    assert entry is not None and entry.actor == actor
    assert reason in entry.additional_data["ditolak"]
    assert mail.outbox == []


ONLY_KETUA = "Hanya Ketua/Direktur LSP yang dapat mengubah anggota atau hak akses peran"
OWN_ROLE = "Anda tidak dapat mengubah peran Anda sendiri."


def test_admin_cannot_add_itself_to_the_ketua_role(client, admin_lsp, ketua):
    """SE-A4.4, X-4: the review's attack, step 1: refused, nothing changed, audited."""
    client.force_login(admin_lsp)
    response = client.post("/akun/peran/ketua/anggota/tambah/", {"email": admin_lsp.email}, follow=True)
    assert_refused(response, "ketua", admin_lsp, f"{ONLY_KETUA} Ketua/Direktur LSP.")
    assert members("ketua") == {ketua.email}


def test_admin_cannot_remove_a_ketua(client, admin_lsp, ketua):
    """SE-A4.4, X-4: the review's attack, step 2 (with a second Ketua, so the last-Ketua
    rule is not what stops it)."""
    second = make_user("ketua.dua@uji.lsp.id", "ketua")
    client.force_login(admin_lsp)
    response = client.post(f"/akun/peran/ketua/anggota/{ketua.pk}/cabut/", follow=True)
    assert_refused(response, "ketua", admin_lsp, ONLY_KETUA)
    assert members("ketua") == {ketua.email, second.email}


def test_admin_is_not_offered_the_ketua_role_removal_page(client, admin_lsp, ketua):
    """SE-A4.4: the confirmation page asks the same rule (403)."""
    client.force_login(admin_lsp)
    assert client.get(f"/akun/peran/ketua/anggota/{ketua.pk}/cabut/").status_code == 403


def test_admin_cannot_change_the_ketua_roles_rights(client, admin_lsp):
    """SE-A4.4, X-4: only a Ketua changes the Ketua role's rights."""
    client.force_login(admin_lsp)
    before = rights("ketua")
    response = client.post("/akun/peran/ketua/hak-akses/", {"permissions": [perm("manage_roles").pk]})
    assert_refused(response, "ketua", admin_lsp, ONLY_KETUA)
    assert rights("ketua") == before


@pytest.mark.parametrize(
    "path, data",
    [
        ("anggota/tambah/", lambda c: {"email": c["outsider"].email}),
        ("hak-akses/", lambda c: {"permissions": [perm("use_eksekutif").pk, perm("use_sdm").pk]}),
    ],
)
def test_admin_cannot_change_the_dewan_pengarah_role(client, admin_lsp, outsider, dewan, path, data):
    """SE-A4.4, X-4: Dewan Pengarah's members and rights are the Ketua's to change."""
    client.force_login(admin_lsp)
    before = (members("dewan_pengarah"), rights("dewan_pengarah"))
    response = client.post(f"/akun/peran/dewan_pengarah/{path}", data({"outsider": outsider}), follow=True)
    assert_refused(response, "dewan_pengarah", admin_lsp, ONLY_KETUA)
    assert (members("dewan_pengarah"), rights("dewan_pengarah")) == before


def test_ketua_adds_a_member_to_dewan_pengarah(client, ketua, outsider):
    """SE-A4.4: the Ketua may do what the Admin may not."""
    client.force_login(ketua)
    response = client.post("/akun/peran/dewan_pengarah/anggota/tambah/", {"email": outsider.email})
    assert response.status_code == 302
    assert outsider.email in members("dewan_pengarah")


def test_nobody_adds_themselves_to_a_role(client, admin_lsp):
    """SE-A4.4, X-4: not even to a role whose rights the user already holds."""
    client.force_login(admin_lsp)
    response = client.post("/akun/peran/asesor/anggota/tambah/", {"email": admin_lsp.email}, follow=True)
    assert_refused(response, "asesor", admin_lsp, OWN_ROLE)
    assert admin_lsp.email not in members("asesor")


def test_a_ketua_cannot_remove_their_own_ketua_role(client, ketua):
    """SE-A4.4, X-4: nobody changes their own roles, the Ketua included."""
    make_user("ketua.dua@uji.lsp.id", "ketua")
    client.force_login(ketua)
    response = client.post(f"/akun/peran/ketua/anggota/{ketua.pk}/cabut/", follow=True)
    assert_refused(response, "ketua", ketua, OWN_ROLE)
    assert ketua.email in members("ketua")


def test_nobody_changes_their_own_roles_rights(client, admin_lsp):
    """SE-A4.4, X-4: the Admin holds manage_roles but may not widen Admin LSP."""
    client.force_login(admin_lsp)
    before = rights("admin_lsp")
    wanted = [p.pk for p in Role.objects.get(code="admin_lsp").group.permissions.all()] + [
        perm("use_eksekutif").pk
    ]
    response = client.post("/akun/peran/admin_lsp/hak-akses/", {"permissions": wanted})
    assert_refused(response, "admin_lsp", admin_lsp, "Anda tidak dapat mengubah hak akses peran Anda sendiri")
    assert rights("admin_lsp") == before


def test_own_roles_rights_page_answers_403(client, admin_lsp):
    """SE-A4.4: the page is not offered to someone whose own role it is."""
    client.force_login(admin_lsp)
    assert client.get("/akun/peran/admin_lsp/hak-akses/").status_code == 403


def test_a_right_is_granted_only_by_someone_who_holds_it(client, admin_lsp):
    """SE-A4.4, X-4: the Admin lacks view_audit, so cannot give it to the Asesor role."""
    client.force_login(admin_lsp)
    before = rights("asesor")
    response = client.post(
        "/akun/peran/asesor/hak-akses/", {"permissions": [perm("use_muk").pk, perm("view_audit").pk]}
    )
    assert_refused(response, "asesor", admin_lsp, "Anda tidak memiliki: Melihat jejak audit.")
    assert rights("asesor") == before


def test_a_right_one_lacks_may_still_be_taken_away(client, admin_lsp):
    """SE-A4.4: the rule is about giving; removing auditor_internal's view_audit is a
    plain change."""
    client.force_login(admin_lsp)
    response = client.post("/akun/peran/auditor_internal/hak-akses/", {"permissions": []})
    assert response.status_code == 302
    assert rights("auditor_internal") == set()


def test_nobody_adds_a_member_to_a_role_with_rights_they_lack(client, admin_lsp, outsider):
    """SE-A4.4, X-4: adding a member hands over the role's rights; the Admin lacks
    view_audit, so cannot make anyone an Auditor Internal."""
    client.force_login(admin_lsp)
    response = client.post(
        "/akun/peran/auditor_internal/anggota/tambah/", {"email": outsider.email}, follow=True
    )
    assert_refused(response, "auditor_internal", admin_lsp, "Melihat jejak audit")
    assert outsider.email not in members("auditor_internal")


@pytest.mark.parametrize(
    "codename", ["use_sdm", "view_audit", "validate_muk", "issue_letters", "manage_roles"]
)
def test_the_asesi_role_never_holds_a_staff_right(client, superuser, codename):
    """SE-A4.4, X-4: whoever signs up gets Asesi, so Asesi gets no staff right, even from a
    superuser who holds them all."""
    client.force_login(superuser)
    response = client.post("/akun/peran/asesi/hak-akses/", {"permissions": [perm(codename).pk]})
    assert_refused(response, "asesi", superuser, "tidak boleh memiliki hak akses staf")
    assert rights("asesi") == set()


def test_every_role_change_emails_the_ketua(
    client, admin_lsp, ketua, outsider, django_capture_on_commit_callbacks
):
    """SE-A4.4: after commit, through the task, naming role, actor, IP and change."""
    client.force_login(admin_lsp)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/akun/peran/asesor/anggota/tambah/", {"email": outsider.email}, REMOTE_ADDR="198.51.100.8"
        )
    assert [m.to for m in mail.outbox] == [[ketua.email]]
    message = mail.outbox[0]
    assert message.subject == "[LSP] Perubahan peran Asesor"
    assert f"Admin Lsp ({admin_lsp.email}) dari alamat IP 198.51.100.8 menambahkan Outsider" in message.body
    assert "/akun/peran/asesor/" in message.body


@pytest.mark.parametrize(
    "path, data",
    [
        ("hak-akses/", lambda c: {"permissions": [perm("use_muk").pk, perm("use_tuk").pk]}),
        ("anggota/tambah/", lambda c: {"email": c["outsider"].email}),
        ("anggota/{asesor}/cabut/", lambda c: {}),
    ],
)
def test_rights_and_member_changes_each_mail_the_ketua_once(
    client, admin_lsp, ketua, outsider, asesor, django_capture_on_commit_callbacks, path, data
):
    """SE-A4.4"""
    client.force_login(admin_lsp)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/akun/peran/asesor/{path.format(asesor=asesor.pk)}", data({"outsider": outsider}))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ketua.email]


def test_creating_a_role_mails_the_ketua(client, admin_lsp, ketua, django_capture_on_commit_callbacks):
    """SE-A4.4"""
    client.force_login(admin_lsp)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/akun/peran/baru/", {"name": "Komite Skema", "description": ""})
    assert "membuat peran baru pada peran Komite Skema" in mail.outbox[0].body


def test_role_page_offers_only_the_changes_the_user_may_make(client, admin_lsp, ketua):
    """SE-A4.4: buttons ask the same rules as the services (no edit on the Ketua role for
    the Admin; no "Cabut" on the Admin's own row)."""
    client.force_login(admin_lsp)
    page = client.get("/akun/peran/ketua/").content.decode()
    assert "Ubah hak akses" not in page and "Tambahkan ke peran" not in page
    assert f"/akun/peran/ketua/anggota/{ketua.pk}/cabut/" not in page
    own = client.get("/akun/peran/admin_lsp/").content.decode()
    assert "Ubah hak akses" not in own
    assert f"/akun/peran/admin_lsp/anggota/{admin_lsp.pk}/cabut/" not in own
    other = client.get("/akun/peran/asesor/").content.decode()
    assert "Ubah hak akses" in other and "Tambahkan ke peran" in other


def test_refusals_are_listed_in_the_audit_trail(client, admin_lsp, ketua):
    """X-4: the Ketua sees the refused attempt on the audit page."""
    client.force_login(admin_lsp)
    client.post("/akun/peran/ketua/anggota/tambah/", {"email": admin_lsp.email})
    client.force_login(ketua)
    page = client.get("/akun/audit/").content.decode()
    assert "ditolak" in page
    assert f"tambah anggota {admin_lsp.email}: {ONLY_KETUA}" in page
