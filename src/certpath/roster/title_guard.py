"""Job-title cells that hold no job title: spreadsheet formulas, error values, placeholders, noise.

A roster edited in a spreadsheet can carry `=1+2 Engineer` or `#N/A` in its title column. Matched
like a title, such text reached a role (ml-engineer at 0.7 for the formula, which made its person a
production deployer); it is left unresolved instead, so an admin confirms the role.
"""

from __future__ import annotations

import re

#: A cell a spreadsheet computes: '=' first, or '+', '-', '@' before a number or a call ('@SUM(A1)').
FORMULA = re.compile(r"^\s*(?:=|[+\-@]\s*[\d(=+\-@$]|[+\-@]\S*[()!])")
#: Spreadsheet error values (#N/A, #REF!, #VALUE!, #DIV/0!, #NAME?, #NULL!, #NUM!, #SPILL!, #CALC!).
ERROR_VALUE = re.compile(
    r"^\s*#(?:n/a|ref!|value!|div/0!|name\?|null!|num!|spill!|calc!|getting_data)\s*$", re.I
)
#: Cells that say there is no title.
PLACEHOLDERS = {
    "n/a",
    "na",
    "none",
    "null",
    "nil",
    "tbd",
    "tba",
    "tbc",
    "unknown",
    "?",
    "-",
    "x",
    "xx",
    "xxx",
}


def not_a_title(title: str) -> str | None:
    """Why a title cell holds no job title (a formula, an error value, mostly digits or punctuation), or None."""
    text = title.strip()
    if FORMULA.match(text):
        return "looks like a spreadsheet formula"
    if ERROR_VALUE.match(text):
        return "is a spreadsheet error value"
    if text.lower() in PLACEHOLDERS:
        return "is a placeholder, not a title"
    visible = [c for c in text if not c.isspace()]
    if visible and sum(c.isalpha() for c in visible) * 2 <= len(visible):
        return "is mostly digits or punctuation"
    return None
