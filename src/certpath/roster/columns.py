"""Which roster column holds which field: HR-export aliases, a user's map, and what is never read.

Aliases cover BambooHR (employeeNumber, jobTitle, supervisorEId), Workday reports
(Employee_ID, Business_Title, Supervisory_Organization, Manager_ID), SAP SuccessFactors
user data files (USERID, TITLE, DEPARTMENT, MANAGER) and SCIM's enterprise extension.
Headers are compared without case, spaces or punctuation.
"""

from __future__ import annotations

import re
from pathlib import Path

from certpath.errors import Issue, Location, RosterError, closest_choice

#: certpath field -> header aliases, most specific first.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee_id",
        "employeenumber",
        "employeeid",
        "userid",
        "empid",
        "workerid",
        "personid",
        "id",
    ),
    "name": ("name", "fullname", "displayname", "employeename", "workername", "preferredname"),
    "given_name": ("given_name", "firstname", "legalfirstname", "givenname", "first"),
    "family_name": ("family_name", "lastname", "legallastname", "familyname", "surname", "last"),
    "email": ("email", "workemail", "bestemail", "emailaddress", "primaryworkemail", "mail"),
    "title": ("job_title", "jobtitle", "title", "businesstitle", "jobprofile", "position", "positiontitle"),
    "team": ("team", "department", "supervisoryorganization", "division", "orgunit", "costcenter"),
    "manager_id": (
        "manager_id",
        "manageremployeeid",
        "supervisoreid",
        "manager",
        "supervisorid",
        "managerworkerid",
        "reportsto",
    ),
    "status": ("status", "employmentstatus", "workerstatus", "active"),
    "role": ("role", "airole", "certpathrole"),
    "background": ("background",),
    "cloud": ("cloud", "cloudstack", "stack", "cloudplatform"),
    "hours_per_week": (
        "hours_per_week",
        "hoursperweek",
        "studyhours",
        "weeklystudyhours",
        "studyhoursperweek",
    ),
    "deploys_to_production": ("deploys_to_production", "deploystoproduction", "deploys", "production"),
    "leads_externally": ("leads_externally", "leadsexternally", "externallead"),
    "held": ("held", "credentials", "heldcredentials", "certifications", "certificates"),
}
FIELDS = tuple(ALIASES)

#: Columns never read, even when present: pay, birth, identity and other special-category data.
SENSITIVE = re.compile(
    r"salary|pay|compensation|bonus|wage|birth|dob|age$|gender|sex$|ssn|socialsecurity|nationalid|"
    r"^nin$|^sin$|taxid|passport|ethnic|race|religio|marital|disab|veteran|health|homeaddress|homephone"
)


def squash(header: str) -> str:
    """A header without case, spaces or punctuation, for comparing with aliases."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


def map_columns(
    columns: tuple[str, ...], overrides: dict[str, str]
) -> tuple[dict[str, str], list[str], list[str]]:
    """Field -> header for this file, the sensitive headers ignored, and the other unused headers."""
    by_squash = {squash(c): c for c in columns if c}
    mapping = {field: header for field, header in overrides.items() if header in columns}
    for field, aliases in ALIASES.items():
        if field in mapping:
            continue
        for alias in aliases:
            header = by_squash.get(squash(alias))
            if header is not None and header not in mapping.values() and not SENSITIVE.search(squash(header)):
                mapping[field] = header
                break
    used = set(mapping.values())
    sensitive = [c for c in columns if c and c not in used and SENSITIVE.search(squash(c))]
    unused = [c for c in columns if c and c not in used and c not in sensitive]
    return mapping, sensitive, unused


def read_column_map(path: Path, columns: tuple[str, ...]) -> dict[str, str]:
    """A `--columns` YAML file (certpath field: the file's header), checked against the roster."""
    from certpath.catalogue.documents import read_yaml
    from certpath.errors import CatalogueError

    try:
        document = read_yaml(path)
    except CatalogueError as error:
        raise RosterError(str(path), error.issues) from None
    data = document.data
    if not isinstance(data, dict):
        raise RosterError(str(path), [Issue(Location(str(path)), "expected 'field: column header' lines")])
    issues, mapping = [], {}
    for field, header in data.items():
        where = document.location((field,))
        if field not in ALIASES:
            hint = closest_choice(str(field), FIELDS)
            did = f" (did you mean '{hint}'?)" if hint else ""
            issues.append(Issue(where, f"unknown field '{field}'{did}; fields: {', '.join(FIELDS)}"))
        elif str(header) not in columns:
            hint = closest_choice(str(header), [c for c in columns if c])
            did = f" (did you mean '{hint}'?)" if hint else ""
            issues.append(Issue(where, f"the roster has no column '{header}'{did}"))
        else:
            mapping[str(field)] = str(header)
    if issues:
        raise RosterError(str(path), issues)
    return mapping
