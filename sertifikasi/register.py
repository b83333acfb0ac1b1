"""The register of certificate holders (SE-A4.12, X-1): the one module that searches and reads
it, for the public pages (views_publik: search, verification by number, each certificate's
page) and the staff register (views_sertifikat: filters, counts, .xlsx export).

Public reads load only PUBLIC_FIELDS (never the NIK) and never a draft (`terbit` False). A
search by fragment is `icontains` on the holder's name, or (a fragment with a digit) on the
certificate number and the BNSP registration number: on PostgreSQL
`UPPER(col::text) LIKE UPPER('%...%')`, which the trigram GIN indexes of migration 0003 serve;
the verification by number is `iexact` on the numbers, `UPPER(col::text) = UPPER(...)`, which
the btree indexes of migration 0005 serve. Every read here costs a
fixed number of queries, whatever the register's size (tests/sertifikasi/test_register_*.py;
bench/register.py measures them on 1,000,000 holders).
"""

import datetime as dt
import functools
import io
import re
from dataclasses import dataclass

from django import forms
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from muk.models import Skema

from .models import Jadwal, Sertifikat
from .services.common import JourneyError

MIN_QUERY = 3  # characters: a one- or two-letter fragment would list the register
# A public search shows at most this many holders: enough to find a person, too few to copy
# the register out page by page; a broader fragment is told to narrow down. It also bounds
# the query's cost: the database stops after PUBLIC_CAP + 1 matches instead of sorting them all.
PUBLIC_CAP = 100
EKSPOR_MAKS = 20_000  # rows per .xlsx export (openpyxl keeps the sheet in memory)
PUBLIC_FIELDS = (
    "pk",
    "token",
    "nama",
    "skema_kode",
    "skema_judul",
    "nomor",
    "nomor_registrasi",
    "tanggal_terbit",
    "berlaku_sampai",
    "terbit",
    "status",
    "status_diubah_pada",
)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,24}$")
# What a certificate or registration number may hold once normalised (upper case).
NOMOR = re.compile(r"^[A-Z0-9 ./_\-()]+$")
K = Sertifikat.KEDALUWARSA
STATUS_EFEKTIF = [
    (Sertifikat.Status.AKTIF.value, Sertifikat.LABELS[Sertifikat.Status.AKTIF]),
    (K, Sertifikat.LABELS[K]),
    (Sertifikat.Status.DIBEKUKAN.value, Sertifikat.LABELS[Sertifikat.Status.DIBEKUKAN]),
    (Sertifikat.Status.DICABUT.value, Sertifikat.LABELS[Sertifikat.Status.DICABUT]),
    ("belum_terbit", Sertifikat.LABELS["belum_terbit"]),
]


def normalise(text: str | None) -> str:
    """What a person typed, as the register compares it: spaces collapsed and stripped,
    upper case ("  00012/sert/lsp/2026 " -> "00012/SERT/LSP/2026")."""
    return " ".join((text or "").split()).upper()


def long_enough(q: str) -> bool:
    """Whether a normalised query has MIN_QUERY characters besides spaces."""
    return len(q.replace(" ", "")) >= MIN_QUERY


WORD = re.compile(r"[\W_]+")  # what pg_trgm also takes as the gaps between words


def _contains(column: str, q: str, *, numbers: bool) -> Q:
    """`column` contains the normalised `q`, case aside, written for the trigram index (0003):
    the index is asked only for the words of `q` (three characters or more; for a number only
    the longest word with a digit, as "SERT" or "LSP" is in every number and a short run of
    digits such as the scheme's "0003" shares its trigrams with most of them), each
    `UPPER(col) LIKE '%word%'`, and the whole fragment is checked on `LOWER(col)`, which no
    index matches. Asked for the whole fragment, pg_trgm would also look up the trigrams at
    word edges ("  S", " SA"), whose lists hold most of the register, or the /SERT/LSP/ ones
    every number has: on 1,000,000 holders a name of two words took 19 ms instead of 7, a
    number 27 ms instead of 7, and a registration number asked for both its digit runs
    ("0003.000123") 4.4 ms instead of 1.7 for the longer one alone. The unindexed check also
    keeps PostgreSQL from reading the whole table in search of enough matches for the LIMIT
    (bench/register.py). The same rows as `column__icontains=q`."""
    words = [w for w in WORD.split(q) if len(w) >= MIN_QUERY and (not numbers or any(c.isdigit() for c in w))]
    if not words:
        return Q(**{f"{column}__icontains": q})
    if numbers:
        words = [max(words, key=len)]
    match = Q(**{f"{column}_lower__contains": q.lower()})
    for w in words:
        match &= Q(**{f"{column}__icontains": w})
    return match


def _matching(rows: QuerySet, q: str, *, nik: bool = False) -> QuerySet:
    """`rows` with a fragment of a name or of a number (`q`, normalised), or the whole NIK
    when `nik` and `q` is all digits. Numbers always hold digits and names never do, so a
    query with a digit searches the certificate and registration numbers, one without
    searches the names: no name matched by a number, and one trigram index less per search."""
    if any(c.isdigit() for c in q):
        rows = rows.alias(nomor_lower=Lower("nomor"), nomor_registrasi_lower=Lower("nomor_registrasi"))
        match = _contains("nomor", q, numbers=True) | _contains("nomor_registrasi", q, numbers=True)
        if nik and q.isdigit():
            match |= Q(nik=q)
        return rows.filter(match)
    return rows.alias(nama_lower=Lower("nama")).filter(_contains("nama", q, numbers=False))


def _on_status(rows: QuerySet, status: str, day: dt.date) -> QuerySet:
    """Rows whose effective status (Sertifikat.status_efektif) on `day` is `status`."""
    S = Sertifikat.Status
    if status == S.AKTIF:
        return rows.berlaku(day)
    if status == K:
        return rows.filter(terbit=True, status=S.AKTIF, berlaku_sampai__lt=day)
    if status in (S.DIBEKUKAN, S.DICABUT):
        return rows.filter(terbit=True, status=status)
    if status == "belum_terbit":
        return rows.filter(terbit=False)
    return rows


# --- public ------------------------------------------------------------------------------------


def public_rows() -> QuerySet:
    """Issued certificates with the fields the public may read (no NIK, no reason, no account)."""
    return Sertifikat.objects.filter(terbit=True).only(*PUBLIC_FIELDS)


@dataclass(frozen=True)
class Hasil:
    """A public search's answer: the holders found (at most PUBLIC_CAP, by name) and whether
    more matched than are shown."""

    rows: list
    terpotong: bool


def public_search(
    *, q: str, skema_id: int | None = None, semua: bool = False, day: dt.date | None = None
) -> Hasil:
    """Issued certificates whose holder name, certificate number or registration number
    contains `q` (normalised; at least MIN_QUERY characters, else nothing), of scheme `skema_id` if
    given; only those valid on `day` (today) unless `semua`. By name, then number. One query
    of at most PUBLIC_CAP + 1 rows, however many match: the database stops there (no ORDER
    BY), and the rows are sorted here."""
    q = normalise(q)
    if not long_enough(q):
        return Hasil(rows=[], terpotong=False)
    day = day or timezone.localdate()
    rows = _matching(public_rows(), q)
    if not semua:
        # Valid today, as SertifikatQuerySet.berlaku, but the date compared through COALESCE
        # (the column is NOT NULL: the same value), which no index matches. On the column
        # itself PostgreSQL ANDs the name's matches with a bitmap of every valid certificate
        # read from the berlaku_sampai index, a third of the register (on 1,000,000 holders a
        # common surname took 25 ms instead of 14; bench/register.py).
        rows = rows.alias(sampai=Coalesce("berlaku_sampai", Value(day))).filter(
            status=Sertifikat.Status.AKTIF, sampai__gte=day
        )
    if skema_id is not None:
        rows = rows.filter(skema_id=skema_id)
    found = list(rows.order_by()[: PUBLIC_CAP + 1])
    found.sort(key=lambda s: (s.nama.casefold(), s.nomor))
    return Hasil(rows=found[:PUBLIC_CAP], terpotong=len(found) > PUBLIC_CAP)


def public_detail(token: str) -> Sertifikat | None:
    """The issued certificate whose public page (QR code) is `token`; None for a token of
    a draft, an unknown one or one that cannot be a token (no query then). One query, by
    the token's unique index."""
    if not TOKEN.match(token or ""):
        return None
    by_token = _by_token(connection.alias, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(by_token.sql, [token])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for i, (converters, expression) in by_token.converters.items():
        for convert in converters:
            values[i] = convert(values[i], expression, connection)
    return Sertifikat.from_db(connection.alias, by_token.fields, values)


_TOKEN_PARAM = "token-param"


@dataclass(frozen=True)
class _ByToken:
    sql: str
    fields: list  # the attnames of the selected columns, in the SQL's order
    converters: dict  # the ORM's own converters of those columns (none on PostgreSQL)


@functools.cache
def _by_token(alias: str, vendor: str) -> _ByToken:
    """public_detail's SQL as the ORM writes it for this database, with the token as its one
    parameter: `public_rows().filter(token=...)[:1]`, built once per process, with the
    columns and the converters the ORM applies to them (SQLite's dates, for one), so the row
    becomes the same deferred instance the queryset would give. A certificate's page is what
    its QR code opens and does little besides this lookup: building the queryset, or a raw()
    queryset from the SQL, cost more than PostgreSQL's answer (on 1,000,000 holders ~0.4 and
    ~0.2 ms against ~0.1 ms, bench/register.py)."""
    compiler = public_rows().filter(token=_TOKEN_PARAM).order_by()[:1].query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    if list(params) != [_TOKEN_PARAM]:  # the SQL must take the token and nothing else
        raise RuntimeError(f"public_detail: unexpected parameters {params!r}")
    columns = [column for column, _, _ in compiler.select]
    return _ByToken(
        sql=sql,
        fields=[column.target.attname for column in columns],
        converters=compiler.get_converters(columns),
    )


def public_by_number(nomor: str) -> Sertifikat | None:
    """The issued certificate whose certificate number or BNSP registration number is
    `nomor`, compared normalised (spaces, case); the certificate number wins if both match
    different certificates. None for a draft's number or an unknown one. One query."""
    nomor = normalise(nomor)
    if not long_enough(nomor):
        return None
    found = list(
        public_rows().filter(Q(nomor__iexact=nomor) | Q(nomor_registrasi__iexact=nomor)).order_by()[:5]
    )
    found.sort(key=lambda s: (normalise(s.nomor) != nomor, -s.tanggal_terbit.toordinal(), -s.pk))
    return found[0] if found else None


# --- staff -------------------------------------------------------------------------------------


class StaffFilterForm(forms.Form):
    """The staff register's filters; the list and its export read the query string through
    this one form, so the export holds exactly the rows the list shows."""

    q = forms.CharField(
        label="Cari nama, nomor sertifikat, atau nomor registrasi", required=False, max_length=120
    )
    skema = forms.ModelChoiceField(
        label="Skema", required=False, queryset=Skema.objects.order_by("kode"), empty_label="Semua skema"
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *STATUS_EFEKTIF]
    )
    tahun = forms.IntegerField(label="Tahun terbit", required=False, min_value=1990, max_value=2100)
    jadwal = forms.ModelChoiceField(
        label="Batch",
        required=False,
        # Batches with a certificate: EXISTS per batch (an index probe), not a join of the register.
        queryset=Jadwal.objects.filter(Exists(Sertifikat.objects.filter(jadwal=OuterRef("pk")))).order_by(
            "-mulai", "-pk"
        ),
        empty_label="Semua batch",
    )

    def __init__(self, data, *, cari_nik: bool):
        super().__init__(data)
        self.fields["q"].widget.input_type = "search"
        if cari_nik:
            self.fields["q"].label = "Cari nama, NIK, nomor sertifikat, atau nomor registrasi"
            self.fields["q"].help_text = "NIK dicari utuh (16 angka)."

    def filters(self) -> dict:
        """The valid filters (none when the form is not valid: the whole register)."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


def staff_register(
    *,
    q: str = "",
    skema: Skema | None = None,
    tahun: int | None = None,
    jadwal: Jadwal | None = None,
    cari_nik: bool = False,
) -> QuerySet:
    """Every certificate (drafts too) for the staff register, newest issue first, with its
    batch: a fragment of name, certificate or registration number (`q`, and the whole NIK
    when `cari_nik`), scheme, issue year, batch. Filter the status with `on_status`."""
    rows = Sertifikat.objects.select_related("jadwal")
    q = normalise(q)
    if q:
        rows = _matching(rows, q, nik=cari_nik)
    if skema is not None:
        rows = rows.filter(skema=skema)
    if tahun:
        rows = rows.filter(tanggal_terbit__year=tahun)
    if jadwal is not None:
        rows = rows.filter(jadwal=jadwal)
    return rows.order_by("-tanggal_terbit", "-pk")


def on_status(rows: QuerySet, status: str, *, day: dt.date | None = None) -> QuerySet:
    """`rows` with the effective status `status` on `day` (today); all for ""."""
    return _on_status(rows, status, day or timezone.localdate())


def status_counts(rows: QuerySet, *, day: dt.date | None = None) -> dict[str, int]:
    """How many of `rows` have each effective status on `day` (today), and "total". One query."""
    day = day or timezone.localdate()
    S = Sertifikat.Status
    issued = Q(terbit=True)
    return rows.order_by().aggregate(
        total=Count("pk"),
        aktif=Count("pk", filter=issued & Q(status=S.AKTIF, berlaku_sampai__gte=day)),
        kedaluwarsa=Count("pk", filter=issued & Q(status=S.AKTIF, berlaku_sampai__lt=day)),
        dibekukan=Count("pk", filter=issued & Q(status=S.DIBEKUKAN)),
        dicabut=Count("pk", filter=issued & Q(status=S.DICABUT)),
        belum_terbit=Count("pk", filter=~issued),
    )


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # 20.000, as Indonesian writes it


EKSPOR_KOLOM = [
    ("No.", 6),
    ("Nama pemegang", 32),
    ("NIK/nomor paspor", 20),
    ("Kode skema", 26),
    ("Judul skema", 40),
    ("Nomor sertifikat", 24),
    ("Nomor registrasi BNSP", 24),
    ("Tanggal terbit", 14),
    ("Berlaku sampai", 14),
    ("Status", 16),
    ("Status diubah pada", 18),
    ("Alasan perubahan status", 40),
    ("Batch", 30),
    ("Sumber", 20),
]


def register_workbook(rows: QuerySet, *, see_nik: bool, day: dt.date | None = None) -> bytes:
    """The staff register's rows as an .xlsx (sheet "Register"): one line per certificate in
    the list's order, the effective status on `day` (today), dates as dates, the NIK whole
    only when `see_nik` (X-10), else masked; every text written so it cannot run as a formula.
    Refused (JourneyError) past EKSPOR_MAKS rows: the staff member narrows the filters."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .identitas import samarkan_nik
    from .services.impor import safe_cell

    day = day or timezone.localdate()
    total = rows.count()
    if total > EKSPOR_MAKS:
        raise JourneyError(
            f"Terlalu banyak untuk satu berkas: {_angka(total)} sertifikat (paling banyak "
            f"{_angka(EKSPOR_MAKS)}). Persempit saringan, misalnya per tahun terbit atau per skema, "
            "lalu unduh lagi.",
            code="too_many",
        )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Register"
    sheet.append([title for title, _ in EKSPOR_KOLOM])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, s in enumerate(rows.iterator(chunk_size=2000), start=1):
        code = s.status_efektif(day)
        changed = (
            timezone.localtime(s.status_diubah_pada).replace(tzinfo=None) if s.status_diubah_pada else None
        )
        sheet.append(
            [
                n,
                safe_cell(s.nama),
                safe_cell(s.nik if see_nik else samarkan_nik(s.nik)),
                safe_cell(s.skema_kode),
                safe_cell(s.skema_judul),
                safe_cell(s.nomor),
                safe_cell(s.nomor_registrasi),
                s.tanggal_terbit,
                s.berlaku_sampai,
                Sertifikat.LABELS[code],
                changed,
                safe_cell(s.alasan_status),
                safe_cell(s.jadwal.nama if s.jadwal_id else ""),
                s.get_sumber_display(),
            ]
        )
    for i, (_, width) in enumerate(EKSPOR_KOLOM):
        letter = chr(ord("A") + i)
        sheet.column_dimensions[letter].width = width
    for letter in ("H", "I"):
        for cell in sheet[letter][1:]:
            cell.number_format = "DD-MM-YYYY"
    for cell in sheet["K"][1:]:
        cell.number_format = "DD-MM-YYYY HH:MM"
    for cell in sheet["C"][1:]:
        cell.number_format = "@"  # 16 digits kept as text
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
