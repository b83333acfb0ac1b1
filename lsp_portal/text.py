"""Plain text the LSP writes (portal pages, SOPs), shown as HTML: paragraphs, `## ` headings, lists and
`**bold**`, and nothing else. Every character is escaped first, so no markup typed by staff
reaches the page."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^[-*]\s+(.*)$")
NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
HEADING = re.compile(r"^##\s+(.*)$")
BOLD = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")

HELP = (
    "Teks biasa; HTML tidak dijalankan. Pisahkan paragraf dengan baris kosong. "
    "Baris yang diawali “## ” menjadi subjudul, “- ” menjadi butir daftar, "
    "dan “1. ” menjadi daftar bernomor. Apit kata dengan ** untuk menebalkannya, misalnya **penting**."
)


def _inline(text: str) -> str:
    """Escape, then turn **x** into <strong>x</strong> (the asterisks survive escaping)."""
    return BOLD.sub(r"<strong>\1</strong>", escape(text))


def _list(lines, pattern, tag):
    items = []
    for line in lines:
        match = pattern.match(line)
        if match:
            items.append(match.group(match.lastindex))
        elif items:  # a wrapped line continues the previous item
            items[-1] += " " + line
    start = ""
    if tag == "ol":
        first = int(NUMBERED.match(lines[0]).group(1))
        start = f' start="{first}"' if first != 1 else ""
    return f"<{tag}{start}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{tag}>"


def render_text(text: str, *, heading_level: int = 2) -> SafeString:
    """HTML for `text`: blocks split on blank lines; a block of `- ` lines is a list, of `1. `
    lines a numbered list; a `## ` line a heading (level `heading_level`); else a paragraph
    whose single line breaks are kept."""
    html = []
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        while lines and HEADING.match(lines[0]):
            html.append(f"<h{heading_level}>{escape(HEADING.match(lines[0]).group(1))}</h{heading_level}>")
            lines = lines[1:]
        if not lines:
            continue
        if BULLET.match(lines[0]):
            html.append(_list(lines, BULLET, "ul"))
        elif NUMBERED.match(lines[0]):
            html.append(_list(lines, NUMBERED, "ol"))
        else:
            html.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # every piece of text above went through escape()
