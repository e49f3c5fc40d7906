"""Read a roster file into a header and text rows: CSV (any common dialect), XLSX or YAML.

Every row keeps the line (or sheet row) it came from, so later checks can say where a
problem is. Nothing here knows what the columns mean.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from certpath.catalogue.documents import first_alias_line, read_yaml
from certpath.errors import CatalogueError, Issue, Location, RosterError

DELIMITERS = ",;\t"
#: Most rows and (XLSX) cells read from one file: a company of 250,000 people, 20 columns each.
#: Reading stops at the cap, so a small file that claims millions of rows costs little.
MAX_ROWS = 250_001
MAX_CELLS = 5_000_000
#: Rows this far down may still be report titles above the header.
HEADER_SEARCH = 20
#: A first cell like these ends the data: totals, counts and report footers.
FOOTER = re.compile(
    r"^(grand )?totals?\b|^(row |record )?count\b|^sum\b|^summe\b|^gesamt|^end of report|"
    r"^records?\b|^\d+ (rows|records|employees|people|workers)\b|^generated\b",
    re.IGNORECASE,
)
#: Scores a candidate header row (how many known fields its cells name); None takes the first row.
HeaderScore = Callable[[list[str]], int]
#: Most bytes an XLSX may unpack to. openpyxl holds the shared strings (and any one cell) whole in
#: memory, so a zip bomb of a few hundred KB unpacking to gigabytes would take the server down; a
#: roster that fits the upload limit as CSV unpacks to far less. zipfile stops at each part's
#: declared size, so the sizes in the archive's directory bound what is read.
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
#: Excel's own limit for the text of one cell.
MAX_CELL_CHARS = 32_767


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    source: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    header_line: int = 1
    notes: tuple[str, ...] = ()


def read_table(path: Path, *, header_score: HeaderScore | None = None) -> Table:
    """Read CSV, XLSX or YAML by extension (CSV for anything else); raise RosterError if unreadable.

    With `header_score`, report-title rows above the best-scoring header and totals or
    footer rows below the data are skipped (and said so in the table's notes).
    """
    if not path.is_file():
        _fail(path, None, "file not found; check the path")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, header_score)
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path)
    return _read_csv(path, header_score)


def _fail(path: Path, line: int | None, message: str) -> NoReturn:
    raise RosterError(str(path), [Issue(Location(str(path), line), message)])


def decode(path: Path, data: bytes) -> str:
    """Text from UTF-8 (with or without BOM) or UTF-16 with BOM, as Excel writes it."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        _fail(
            path,
            data[: error.start].count(b"\n") + 1,
            f"byte {error.start} is not valid {encoding.upper().replace('-SIG', '')} text; "
            "save the file as 'CSV UTF-8' (or Unicode text) and try again",
        )
    if "\x00" in text:
        _fail(
            path, text[: text.index("\x00")].count("\n") + 1, "contains NUL characters; is it a binary file?"
        )
    return text


def _read_csv(path: Path, header_score: HeaderScore | None) -> Table:
    text = decode(path, path.read_bytes())
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        _fail(path, None, "the file is empty; export the roster with a header row and one row per person")
    first = next(i for i, line in enumerate(lines) if line.strip())
    delimiter = max(DELIMITERS, key=lambda d: lines[first].count(d))
    # strict: a quote left open is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if "".join(cells).strip():
                records.append((start, cells))
                _check_rows(path, len(records), start)
            start = reader.line_num + 1
    except csv.Error as error:
        _fail(
            path,
            start,
            f"is not valid CSV ({error}): a quote opened on this line is never closed, or a value "
            "has a stray quote; close the quote or remove it",
        )
    table = _table(path, records, header_score)
    _check_widths(path, table, records)
    return table


def _check_widths(path: Path, table: Table, records: list[tuple[int, list[str]]]) -> None:
    """Refuse rows with more or fewer values than the header: their values would land in wrong columns."""
    width = len(table.columns)
    kept = {row.line for row in table.rows}
    issues = []
    for line, cells in records:
        while len(cells) > width and not cells[-1].strip():
            cells = cells[:-1]
        if line in kept and len(cells) != width:
            issues.append(
                Issue(
                    Location(str(path), line),
                    f"has {len(cells)} values but the header (line {table.header_line}) has {width} "
                    "columns; quote values that contain the delimiter, or fill the missing cells",
                )
            )
    if issues:
        raise RosterError(str(path), issues)


def _read_xlsx(path: Path, header_score: HeaderScore | None) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    _check_unpacked_size(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as error:
        _fail(path, None, f"is not a readable XLSX workbook ({error}); save it from Excel as .xlsx")
    try:
        sheet = book.worksheets[0]
        records = []
        seen = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            seen += len(values)
            if seen > MAX_CELLS:
                _fail(path, number, f"has more than {MAX_CELLS:,} cells; delete unused rows and columns")
            cells = [_cell_text(v) for v in values]
            _check_cell_lengths(path, number, cells)
            if any(cells):
                records.append((number, cells))
                _check_rows(path, len(records), number)
    finally:
        book.close()
    return _table(path, records, header_score)


def _check_unpacked_size(path: Path) -> None:
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (BadZipFile, OSError, ValueError) as error:
        _fail(path, None, f"is not a readable XLSX workbook ({error}); save it from Excel as .xlsx")
    if unpacked > MAX_XLSX_UNPACKED:
        _fail(
            path,
            None,
            f"unpacks to {unpacked:,} bytes, more than the {MAX_XLSX_UNPACKED:,} a roster workbook may; "
            "save the roster as CSV, or delete unused sheets, rows and columns",
        )


def _check_cell_lengths(path: Path, line: int, cells: list[str]) -> None:
    for column, text in enumerate(cells, start=1):
        if len(text) > MAX_CELL_CHARS:
            raise RosterError(
                str(path),
                [
                    Issue(
                        Location(str(path), line, column),
                        f"a cell holds {len(text):,} characters, more than Excel's {MAX_CELL_CHARS:,}; "
                        "is it the right file?",
                    )
                ],
            )


def _check_rows(path: Path, count: int, line: int) -> None:
    if count > MAX_ROWS:
        _fail(
            path,
            line,
            f"has more than {MAX_ROWS - 1:,} people; import the roster in parts (for example by department)",
        )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_yaml(path: Path) -> Table:
    # Before parsing: a roster has no use for aliases, and naming the first one is the clearest fix.
    with contextlib.suppress(OSError):  # an unreadable file is read_yaml's to report
        _refuse_aliases(path, path.read_bytes().decode("utf-8-sig", errors="replace"))
    try:
        document = read_yaml(path)
    except CatalogueError as error:
        raise RosterError(str(path), error.issues) from None
    data = document.data
    key = next((k for k in ("members", "employees", "people") if isinstance(data, dict) and k in data), None)
    entries = data[key] if key else data
    if not isinstance(entries, list) or not entries:
        _fail(path, None, "expected a list of people (or a 'members:' list), one mapping per person")
    columns: dict[str, None] = {}
    rows = []
    for index, entry in enumerate(entries):
        line = document.location((key, index) if key else (index,)).line
        if not isinstance(entry, dict):
            _fail(path, line, "each person must be a mapping of column: value")
        values = {str(k): _yaml_text(v) for k, v in entry.items()}
        columns.update(dict.fromkeys(values))
        rows.append(Row(line or index + 1, values))
    return Table(str(path), tuple(columns), tuple(rows))


def _refuse_aliases(path: Path, text: str) -> None:
    """No aliases: a few hundred bytes of nested aliases expand to billions of values when read out."""
    line = first_alias_line(text)
    if line is not None:
        _fail(path, line, "uses a YAML alias (*name); write each person's values out in full")


def _yaml_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_yaml_text(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _cell_text(value)


def _table(
    path: Path, records: list[tuple[int, list[str]]], header_score: HeaderScore | None = None
) -> Table:
    if not records:
        _fail(path, None, "the file is empty; export the roster with a header row and one row per person")
    notes = []
    first = _header_index(records, header_score)
    if first:
        lines = f"{records[0][0]}-{records[first - 1][0]}" if first > 1 else str(records[0][0])
        notes.append(
            f"Skipped {first} report title row{'s' if first > 1 else ''} above the header (line {lines})."
        )
    header_line, header = records[first]
    columns = tuple(cell.strip() for cell in header)
    body = records[first + 1 :]
    if body and _is_label_row(columns, body[0][1]):
        body = body[1:]  # SuccessFactors files carry a second header row of labels
    if header_score is not None:
        body, footer = _split_footer(body)
        if footer:
            notes.append(
                f"Skipped a totals or footer row after the data (line {', '.join(map(str, footer))})."
            )
    rows = []
    for line, cells in body:
        values = {columns[i]: cells[i].strip() for i in range(min(len(columns), len(cells))) if columns[i]}
        rows.append(Row(line, values))
    return Table(str(path), columns, tuple(rows), header_line, tuple(notes))


def _header_index(records: list[tuple[int, list[str]]], header_score: HeaderScore | None) -> int:
    """The index of the header row: the first of the top rows naming the most known fields."""
    if header_score is None:
        return 0
    scores = [header_score([c.strip() for c in cells]) for _, cells in records[:HEADER_SEARCH]]
    best = max(scores)
    return scores.index(best) if best >= 2 else 0


def _split_footer(body: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], list[int]]:
    footer: list[int] = []
    while body:
        line, cells = body[-1]
        first = next((c.strip() for c in cells if c.strip()), "")
        if not FOOTER.search(first):
            break
        footer.insert(0, line)
        body = body[:-1]
    return body, footer


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _is_label_row(columns: tuple[str, ...], cells: list[str]) -> bool:
    pairs = [(_squash(c), _squash(v)) for c, v in zip(columns, cells, strict=False) if c and v]
    same = sum(1 for c, v in pairs if c == v)
    return bool(pairs) and same * 2 >= len(pairs)
