from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def label(key):
    """snake_case data keys as headings: "nama_asesi" → "Nama asesi"."""
    return str(key).replace("_", " ").strip().capitalize()


@register.filter
def is_rows(value):
    """A list of flat dicts, shown as a table."""
    return isinstance(value, list) and value and all(isinstance(v, dict) for v in value)


@register.filter
def is_mapping(value):
    return isinstance(value, dict)


@register.filter
def is_list(value):
    return isinstance(value, list)


@register.filter
def columns(rows):
    seen = []
    for row in rows:
        for key in row:
            if key not in seen:
                seen.append(key)
    return seen


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


@register.filter
def css_string(value):
    """Text safe inside a CSS double-quoted string in a <style> block (@page margin boxes):
    backslash, quote and "<" are CSS-escaped, so the text can neither end the string nor
    close the style element; HTML escaping does not apply inside <style>."""
    text = str(value).replace("\\", "\\5C ").replace('"', "\\22 ").replace("<", "\\3C ")
    return mark_safe(text.replace("\n", " ").replace("\r", " "))
