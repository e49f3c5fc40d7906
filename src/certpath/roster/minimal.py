"""A roster cut down to the columns certpath reads, to keep an upload until it is committed.

Pay, birth dates, addresses and every other column certpath does not read are left out, so
they never reach the database. Rows stay on the lines they had in the original file (blank
lines fill the gaps), so a problem found when the kept copy is read again names the same line.
"""

from __future__ import annotations

import csv
import io

from certpath.roster.reading import Table


def read_columns_csv(table: Table, columns: dict[str, str]) -> bytes:
    """UTF-8 CSV of `table` with only the mapped columns (certpath field -> header), headed by field."""
    fields = list(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    _pad(out, 0, table.header_line)
    writer.writerow(fields)
    lines = table.header_line
    for row in table.rows:
        cells = [row.values.get(columns[f], "") for f in fields]
        lines = _pad(out, lines, row.line)  # a row's line is the line its record starts on
        writer.writerow(cells)
        lines += 1 + sum(c.count("\n") for c in cells)
    return out.getvalue().encode()


def _pad(out: io.StringIO, written: int, line: int) -> int:
    """Blank lines so the next record starts on `line` (1-based); returns the lines written."""
    gap = line - 1 - written
    if gap > 0:
        out.write("\n" * gap)
        return written + gap
    return written
