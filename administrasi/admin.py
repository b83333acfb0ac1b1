from django.contrib import admin

from .models import Dokumen


@admin.register(Dokumen)
class DokumenAdmin(admin.ModelAdmin):
    """Read-only: records change only through their services, and are never deleted here,
    not even by a superuser (SE-A3.Kb)."""

    list_display = ["jenis", "nomor", "versi", "status", "diterbitkan_pada", "retained_until"]
    list_filter = ["status", "jenis"]
    search_fields = ["nomor", "judul"]
    # The file has no public URL: link to the download view, which checks access.
    exclude = ["pdf"]
    readonly_fields = ["berkas_pdf"]

    @admin.display(description="PDF")
    def berkas_pdf(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        if not obj.pdf:
            return "belum dibuat"
        return format_html('<a href="{}">unduh</a>', reverse("administrasi:dokumen-download", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
