"""Writing one scenario's figures into bench/RESULTS.md: its section between its own markers,
and its row in the goals table (replaced when there, else added)."""

SECTION_ANCHOR = "\n## What bounds the figures"


def replace_section(text: str, block: str, *, start: str, end: str) -> str:
    """`text` with the part between `start` and `end` replaced by `block` (the markers are
    part of `block`), or `block` added before "What bounds the figures" (or at the end)."""
    if start in text and end in text:
        head, rest = text.split(start, 1)
        return head + block + rest.split(end, 1)[1]
    if SECTION_ANCHOR in text:
        return text.replace(SECTION_ANCHOR, "\n" + block + "\n" + SECTION_ANCHOR, 1)
    return text + "\n" + block + "\n"


def replace_row(lines: list[str], row: str, is_row) -> bool:
    """Replace the table row for which `is_row(line)` holds with `row`; False when none."""
    for i, line in enumerate(lines):
        if line.startswith("| ") and is_row(line):
            lines[i] = row
            return True
    return False
