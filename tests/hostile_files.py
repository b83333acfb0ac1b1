"""Files to upload in tests, made on the spot: a small valid PDF, and the hostile kinds an
outsider would try on an upload field (issue 10 item 9) or on the public verification page
(item 2). Nothing here is shipped; every file is built from a few lines of pikepdf or Pillow.
"""

import functools
import struct
import zlib
from io import BytesIO

GPS_IFD = 0x8825  # Exif pointer to the GPS block
GPS_LATITUDE = 2


@functools.cache
def valid_pdf(text: str = "Dokumen uji") -> bytes:
    """A one-page PDF with a line of text that every reader opens without a warning."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(
            F1=pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
    )
    page.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode())
    out = BytesIO()
    pdf.save(out)
    return out.getvalue()


def _edited(edit) -> bytes:
    import pikepdf

    pdf = pikepdf.open(BytesIO(valid_pdf()))
    edit(pdf, pikepdf)
    out = BytesIO()
    pdf.save(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    """A valid PDF cut off before its cross-reference table (an interrupted upload)."""
    content = valid_pdf()
    return content[: content.rindex(b"xref") - 20]


def javascript_pdf() -> bytes:
    """/OpenAction runs JavaScript when the PDF is opened."""

    def edit(pdf, pikepdf):
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))

    return _edited(edit)


def page_action_javascript_pdf() -> bytes:
    """JavaScript hidden in a page's additional actions (/AA), as an indirect object."""

    def edit(pdf, pikepdf):
        action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1")))
        pdf.pages[0].AA = pikepdf.Dictionary(O=action)

    return _edited(edit)


def launch_pdf() -> bytes:
    """/OpenAction launches a program."""

    def edit(pdf, pikepdf):
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))

    return _edited(edit)


def embedded_file_pdf() -> bytes:
    """A PDF carrying another file (here an .exe) in its /EmbeddedFiles name tree."""

    def edit(pdf, pikepdf):
        pdf.attachments["setup.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 not really a program")

    return _edited(edit)


def _zeros_deflate(size: int) -> bytes:
    """A zlib stream of `size` zero bytes, ~1 KB per MiB, made in milliseconds: one flushed
    block of a MiB of zeros repeated, then the rest."""
    mib = 1 << 20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * mib) + packer.flush(zlib.Z_FULL_FLUSH)
    rest = packer.compress(b"\0" * (size % mib)) + packer.flush(zlib.Z_FULL_FLUSH)
    adler32_of_zeros = ((size % 65521) << 16) | 1
    return b"\x78\xda" + block * (size // mib) + rest + b"\x03\x00" + struct.pack(">I", adler32_of_zeros)


def deflate_bomb_pdf(mib: int = 20_000) -> bytes:
    """A PDF whose cross-reference stream inflates to `mib` MiB of zeros: 20,000 MiB (about
    20 GB) from a file of 19.8 MiB."""
    stream = _zeros_deflate(mib << 20)
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    catalog = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    pages = b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref_at = len(head) + len(catalog) + len(pages)
    xref = (
        b"3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(stream)
    )
    tail = b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return head + catalog + pages + xref + stream + tail


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A JPEG photo whose Exif holds a GPS position (Monas, Jakarta) and a camera owner."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = "Pemilik Kamera"  # Artist
    exif.get_ifd(GPS_IFD).update({1: "S", GPS_LATITUDE: (6.0, 10.0, 32.0), 3: "E", 4: (106.0, 49.0, 37.0)})
    out = BytesIO()
    Image.new("RGB", size, "teal").save(out, format="JPEG", exif=exif)
    return out.getvalue()


@functools.cache
def image_bomb(side: int = 20_000) -> bytes:
    """A grey PNG of side x side pixels in a few hundred KB: by default 400 megapixels (400 MB
    decoded), past Pillow's own bomb limit; 8,000 is 64 megapixels, past only ours."""
    width = height = side
    data = _zeros_deflate(height * (1 + width))  # each row: filter byte 0, then grey 0 pixels

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def html_named_pdf() -> bytes:
    """A web page with a script, to be uploaded under a .pdf name."""
    return b"<!doctype html><script>alert(document.cookie)</script>"
