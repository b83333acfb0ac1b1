from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEntry, Role, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "nama_lengkap", "nomor_hp", "is_active", "is_staff"]
    search_fields = ["email", "nama_lengkap"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Data diri", {"fields": ("nama_lengkap", "nomor_hp")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Waktu", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "nama_lengkap", "password1", "password2")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # people are deactivated, never deleted: evidence points at them


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_builtin", "is_staff_role"]
    readonly_fields = ["code", "group", "is_builtin"]

    def has_add_permission(self, request):
        return False  # roles are created on the role screen, which makes their group

    def has_delete_permission(self, request, obj=None):
        return False


if admin.site.is_registered(AuditEntry):
    admin.site.unregister(AuditEntry)  # auditlog's own admin allows deleting entries


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["timestamp", "actor_email", "content_type", "object_repr", "action", "remote_addr"]
    list_filter = ["action", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
