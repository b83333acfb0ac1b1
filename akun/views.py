from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from lsp_portal.errors import show_error
from lsp_portal.pagination import paginate

from . import services
from .forms import ProfileForm, RoleCreateForm, RoleMemberForm, RolePermissionsForm
from .models import AuditEntry, Role, User
from .permissions import (
    can_add_members,
    can_change_rights,
    can_manage_roles,
    can_remove_member,
    can_view_audit,
    role_requires_mfa,
    roles_of,
)


@login_required
def profile_view(request):
    """Akun saya: who I am, my roles, security settings (the dashboard is views_dashboard)."""
    from allauth.mfa.models import Authenticator

    return render(
        request,
        "akun/profile.html",
        {
            "roles": roles_of(request.user),
            "has_totp": Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists(),
        },
    )


@login_required
def profile_edit_view(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profil berhasil diperbarui.")
        return redirect("akun:profile")
    return render(request, "akun/profile_form.html", {"form": form})


def _require_role_manager(user):
    if not can_manage_roles(user):
        raise PermissionDenied


@login_required
def role_list_view(request):
    _require_role_manager(request.user)
    from django.db.models import Count, Q

    roles = list(
        Role.objects.select_related("group")
        .prefetch_related("group__permissions__content_type")
        .annotate(
            member_count=Count("group__user", filter=Q(group__user__is_active=True), distinct=True),
            permission_count=Count("group__permissions", distinct=True),
        )
    )
    for role in roles:
        role.requires_mfa = role_requires_mfa(role)
    return render(request, "akun/role_list.html", {"roles": roles})


@login_required
def role_create_view(request):
    _require_role_manager(request.user)
    form = RoleCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        role = services.role_create(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            is_staff_role=form.cleaned_data["is_staff_role"],
            actor=request.user,
        )
        messages.success(request, f"Peran {role.name} dibuat. Tentukan hak aksesnya.")
        return redirect("akun:role-permissions", code=role.code)
    return render(request, "akun/role_form.html", {"form": form})


@login_required
def role_detail_view(request, code):
    _require_role_manager(request.user)
    role = get_object_or_404(Role.objects.select_related("group"), code=code)
    members = User.objects.filter(groups=role.group).order_by("nama_lengkap", "email")
    page = paginate(request, members, per_page=50)
    return render(
        request,
        "akun/role_detail.html",
        {
            "role": role,
            "members": page,
            "removable": {m.pk for m in page if can_remove_member(request.user, role, m)},
            "permissions": role.group.permissions.select_related("content_type").order_by("codename"),
            "member_form": RoleMemberForm(),
            "can_change_rights": can_change_rights(request.user, role),
            "can_add_members": can_add_members(request.user, role),
            "requires_mfa": role_requires_mfa(role),
        },
    )


@login_required
def role_permissions_view(request, code):
    _require_role_manager(request.user)
    role = get_object_or_404(Role.objects.select_related("group"), code=code)
    if request.method != "POST" and not can_change_rights(request.user, role):
        raise PermissionDenied
    # A refused POST still reaches the service, which keeps the attempt in the audit trail.
    # Unticking every box posts no field at all: still a submission.
    form = RolePermissionsForm(request.POST if request.method == "POST" else None, role=role)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_set_permissions(
                role=role, permissions=form.cleaned_data["permissions"], actor=request.user
            )
        except services.RoleError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Hak akses peran {role.name} disimpan.")
            return redirect("akun:role-detail", code=role.code)
    return render(request, "akun/role_permissions.html", {"role": role, "form": form})


@login_required
@require_POST
def role_member_add_view(request, code):
    _require_role_manager(request.user)
    role = get_object_or_404(Role.objects.select_related("group"), code=code)
    form = RoleMemberForm(request.POST)
    if form.is_valid():
        try:
            services.role_add_member(role=role, user=form.user, actor=request.user)
        except services.RoleError as e:
            show_error(request, e)
        else:
            messages.success(request, f"{form.user} kini berperan sebagai {role.name}.")
    else:
        messages.error(request, " ".join(form.errors["email"]))
    return redirect("akun:role-detail", code=role.code)


@login_required
def role_member_remove_view(request, code, user_id):
    _require_role_manager(request.user)
    role = get_object_or_404(Role.objects.select_related("group"), code=code)
    member = get_object_or_404(User.objects.filter(groups=role.group), pk=user_id)
    if request.method == "POST":
        try:
            services.role_remove_member(role=role, user=member, actor=request.user)
        except services.RoleError as e:
            show_error(request, e)
        else:
            messages.success(request, f"Peran {role.name} dicabut dari {member}.")
        return redirect("akun:role-detail", code=role.code)
    if not can_remove_member(request.user, role, member):
        raise PermissionDenied
    return render(request, "akun/role_member_remove.html", {"role": role, "member": member})


AUDIT_PAGE_SIZE = 50


@login_required
def audit_list_view(request):
    """Audit trail (X-4) filtered by object type, object id, user and date range."""
    if not can_view_audit(request.user):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    f = request.GET
    errors = []
    if f.get("jenis"):
        entries = entries.filter(content_type_id=f["jenis"]) if f["jenis"].isdigit() else entries.none()
    if f.get("objek"):
        entries = entries.filter(object_pk=f["objek"].strip())
    if f.get("pengguna"):
        entries = entries.filter(actor_email__icontains=f["pengguna"].strip())
    for key, lookup in (("dari", "timestamp__date__gte"), ("sampai", "timestamp__date__lte")):
        if f.get(key):
            day = parse_date(f[key]) if _is_iso_date(f[key]) else None
            if day is None:
                errors.append(f"Tanggal '{f[key]}' tidak valid; gunakan format TTTT-BB-HH.")
            else:
                entries = entries.filter(**{lookup: day})
    page = paginate(request, entries, per_page=AUDIT_PAGE_SIZE)
    used_types = ContentType.objects.filter(
        pk__in=AuditEntry.objects.values("content_type_id").distinct()
    ).order_by("app_label", "model")
    return render(
        request,
        "akun/audit_list.html",
        {
            "page": page,
            "content_types": used_types,
            "filters": f,
            "errors": errors,
            "actions": dict(AuditEntry.Action.choices),
        },
    )


def _is_iso_date(value):
    try:
        return parse_date(value) is not None
    except ValueError:
        return False
