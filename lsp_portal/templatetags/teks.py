from django import template

from ..text import render_text

register = template.Library()


@register.filter
def teks(value, heading_level=2):
    """{{ halaman.isi|teks }}: the LSP's plain text as safe HTML (see lsp_portal.text)."""
    return render_text(value, heading_level=int(heading_level))
