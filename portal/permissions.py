"""Who may see and do what in the public portal (SE-A4.1). Views and templates ask only here."""

from akun.permissions import has_module


def can_manage_portal(user) -> bool:
    """Edit the profile, licence, news and public pages (akun.manage_portal)."""
    return has_module(user, "manage_portal")


def visible_berita(user):
    """Published news for everyone; drafts too for those who edit the portal (a preview)."""
    from .models import Berita

    if can_manage_portal(user):
        return Berita.objects.all()
    return Berita.objects.filter(terbit=True)
