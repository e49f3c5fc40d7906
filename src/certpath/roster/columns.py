"""Which roster column holds which field: HR-export aliases, a user's map, and what is never read.

ALIASES is the one table of the headers the common exports use (compared without case,
spaces or punctuation, and without decoration such as "[Required]" or "Work - "):

- Workday reports: Employee ID, Worker, Legal Name - First Name, Business Title,
  Supervisory Organization, Manager, Email - Work, Active Status / Worker Status, Worker Type.
- BambooHR: Employee #, First Name, Last Name, Preferred Name, Job Title, Reporting to,
  Work Email, Status, Employment Status (API names employeeNumber, jobTitle, supervisorEId).
- SAP SuccessFactors user data file: STATUS, USERID, FIRSTNAME, LASTNAME, EMAIL, MANAGER, TITLE.
- Personio: ID, First name, Last name, Email, Position, Department, Supervisor, Status.
- HiBob: Employee ID, Display name, Work - Title, Work - Reports to, Lifecycle - Status.
- Rippling: Full Name, Work Email, Title, Manager, Role State (no employee id: e-mail is the id).
- ADP Workforce Now: Associate ID, Legal First Name, Job Title Description,
  Home Department Description, Reports To Name ("Last, First"), Position Status.
- Microsoft Entra ID (portal or Graph export): userPrincipalName, displayName, givenName,
  surname, mail, jobTitle, employeeId, accountEnabled, userType, manager (principal name).
- Google Workspace: First Name [Required], Email Address [Required], Status [READ ONLY],
  Employee ID, Employee Title, Manager Email, Department.
- Okta: Username, First name, Primary email, Status, Employee number, Title, managerId.
- SCIM's enterprise extension, and generic spreadsheets (Name, Role title, Line manager, ...).
"""

from __future__ import annotations

import re
from pathlib import Path

from certpath.catalogue.documents import read_yaml
from certpath.errors import CatalogueError, Issue, Location, RosterError, closest_choice

#: certpath field -> header aliases (squashed), most specific first.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee_id",
        "employeenumber",
        "employeeid",
        "employee",
        "associateid",
        "userid",
        "empid",
        "workerid",
        "personid",
        "personnelnumber",
        "personalnummer",
        "matricule",
        "id",
    ),
    "name": ("name", "fullname", "displayname", "employeename", "workername", "worker"),
    "preferred_name": ("preferred_name", "preferredname", "preferredfirstname", "nickname", "knownas"),
    "given_name": ("given_name", "firstname", "legalfirstname", "givenname", "first", "vorname", "prenom"),
    "family_name": (
        "family_name",
        "lastname",
        "legallastname",
        "familyname",
        "surname",
        "last",
        "nachname",
        "nom",
        "apellidos",
    ),
    "email": (
        "email",
        "workemail",
        "emailwork",
        "bestemail",
        "primaryworkemail",
        "emailaddress",
        "primaryemail",
        "mail",
    ),
    "username": ("username", "userprincipalname", "upn", "login"),
    "title": (
        "job_title",
        "jobtitle",
        "title",
        "businesstitle",
        "jobtitledescription",
        "employeetitle",
        "roletitle",
        "jobprofile",
        "position",
        "positiontitle",
        "stellenbezeichnung",
        "poste",
        "puesto",
    ),
    "team": (
        "team",
        "department",
        "homedepartmentdescription",
        "homedepartment",
        "supervisoryorganization",
        "division",
        "orgunit",
        "costcenter",
        "abteilung",
    ),
    "manager_id": (
        "manager_id",
        "manageremployeeid",
        "managerid",
        "supervisoreid",
        "supervisorid",
        "managerworkerid",
        "manageremail",
        "managerupn",
        "reportsto",
        "reportingto",
        "reportstoname",
        "manager",
        "linemanager",
        "supervisor",
        "vorgesetzter",
    ),
    "status": (
        "status",
        "workerstatus",
        "activestatus",
        "employeestatus",
        "rolestate",
        "positionstatus",
        "lifecyclestatus",
        "accountstatus",
        "active",
    ),
    "employment_status": ("employmentstatus",),
    "account_enabled": ("accountenabled", "enabled"),
    "user_type": ("usertype", "accounttype", "workertype", "employeetype"),
    "role": ("role", "airole", "certpathrole"),
    "background": ("background",),
    "cloud": ("cloud", "cloudstack", "stack", "cloudplatform", "clouds"),
    "hours_per_week": (
        "hours_per_week",
        "hoursperweek",
        "studyhours",
        "weeklystudyhours",
        "studyhoursperweek",
        "weeklylearninghours",
        "learninghoursperweek",
        "learninghours",
        "traininghoursperweek",
    ),
    "deploys_to_production": ("deploys_to_production", "deploystoproduction", "deploys", "production"),
    "leads_externally": ("leads_externally", "leadsexternally", "externallead"),
    "held": (
        "held",
        "credentials",
        "heldcredentials",
        "certifications",
        "certificationsheld",
        "certificates",
    ),
}
FIELDS = tuple(ALIASES)
_FIELD_OF = {alias: field for field, aliases in ALIASES.items() for alias in aliases}

#: Columns never read, even when present: pay, birth, identity and other special-category data.
SENSITIVE = re.compile(
    r"salary|pay|compensation|bonus|wage|birth|dob|age$|gender|sex$|ssn|socialsecurity|nationalid|"
    r"^nin$|^sin$|taxid|passport|ethnic|race|religio|marital|disab|veteran|health|homeaddress|homephone|"
    r"password"
)
#: Words that make an unread column look like a field certpath knows (named as a near miss).
NEAR_MISS = {
    "hours_per_week": ("hours", "hrs", "stunden"),
    "held": ("cert", "credential", "badge"),
    "cloud": ("cloud",),
    "manager_id": ("manager", "supervisor", "reports"),
    "title": ("title", "job"),
    "status": ("status", "state", "terminat"),
}
_DECORATION = re.compile(r"\[[^\]]*\]|\((required|read only|upload only|optional)\)", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s+-\s+|:\s*")
#: Abbreviations of hand-made study-time headers ("Study hrs/week", "Training hrs per wk"),
#: spelt out. Only where the header says study, learning or training: a bare "Hours/Week" is
#: an HR system's contracted working hours (40, 37.5), never study time.
_STUDY = re.compile(r"stud|learn|train", re.IGNORECASE)
_SPELT_OUT = (
    (re.compile(r"\b(hrs?|h)\b", re.IGNORECASE), "hours"),
    (re.compile(r"\b(wks?|wk)\b", re.IGNORECASE), "week"),
    (re.compile(r"\s*/\s*"), " per "),
)


def squash(header: str) -> str:
    """A header without case, spaces or punctuation, for comparing with aliases."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


def header_keys(header: str) -> list[str]:
    """Squashed readings of a header: whole, undecorated, and each side of a 'Work - ' style prefix."""
    plain = _DECORATION.sub("", header).strip()
    parts = [p for p in _SEPARATOR.split(plain) if p.strip()]
    keys = [squash(header), squash(plain)]
    if len(parts) > 1:
        keys += [squash(parts[-1]), squash(parts[0])]
    if _STUDY.search(plain):
        spelt = re.sub(r"[()]", " ", plain)
        for pattern, word in _SPELT_OUT:
            spelt = pattern.sub(word, spelt)
        keys.append(squash(spelt))
    return list(dict.fromkeys(k for k in keys if k))


def field_of(header: str) -> str | None:
    """The certpath field a header names, if any."""
    return next((_FIELD_OF[k] for k in header_keys(header) if k in _FIELD_OF), None)


def header_score(cells: list[str]) -> int:
    """How many different certpath fields a row's cells name: high for a header row."""
    return len({f for cell in cells if cell and (f := field_of(cell))})


def map_columns(
    columns: tuple[str, ...], overrides: dict[str, str]
) -> tuple[dict[str, str], list[str], list[str]]:
    """Field -> header for this file, the sensitive headers ignored, and the other unused headers."""
    by_key: dict[str, str] = {}
    for column in columns:
        if column and not SENSITIVE.search(squash(column)):
            for key in header_keys(column):
                by_key.setdefault(key, column)
    mapping = {field: header for field, header in overrides.items() if header in columns}
    for field, aliases in ALIASES.items():
        if field in mapping:
            continue
        header = next(
            (h for a in aliases if (h := by_key.get(squash(a))) and h not in mapping.values()), None
        )
        if header is not None:
            mapping[field] = header
    used = set(mapping.values())
    sensitive = [c for c in columns if c and c not in used and SENSITIVE.search(squash(c))]
    unused = [c for c in columns if c and c not in used and c not in sensitive]
    return mapping, sensitive, unused


def near_misses(unused: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """Unread header -> the field it looks like (and that no other column fills)."""
    found = {}
    for header in unused:
        key = squash(header)
        for field, words in NEAR_MISS.items():
            if field not in mapping and any(word in key for word in words):
                found[header] = field
                break
    return found


def read_column_map(path: Path, columns: tuple[str, ...]) -> dict[str, str]:
    """A `--columns` YAML file (certpath field: the file's header), checked against the roster."""
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
