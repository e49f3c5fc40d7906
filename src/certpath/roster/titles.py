"""Job title -> role, the way a recruiter reads a title.

A user's mapping file wins. Otherwise the title is normalised first (German, French and
Spanish titles in English words, abbreviations spelled out, "Data Scientist, Senior" and
"Director, Data Science" put in the usual order, levels such as II or L4 dropped) and
then matched against the catalogue's title patterns: the longest match wins, and
confidence says how clear the win was. Negative evidence is in the patterns themselves
("BI developer" is an analytics engineer, "executive assistant" is in the everyone role).
What matches nothing gets the three closest roles as suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz, process

from certpath.catalogue.documents import read_yaml
from certpath.catalogue.model import Catalogue
from certpath.errors import CatalogueError, Issue, Location, RosterError, closest_choice
from certpath.roster.model import RoleSource
from certpath.roster.title_guard import not_a_title

#: The role for people whose title names no AI-programme role: Layer 1 only.
EVERYONE = "everyone"
#: A fuzzy match must score at least this (0-100) and beat the next role by MARGIN; it is
#: never trusted above LOW_CONFIDENCE, so an admin is asked to confirm it.
FUZZY_CUTOFF = 90
MARGIN = 5
LOW_CONFIDENCE = 0.7

#: Whole phrases in other languages (accents removed), rewritten before anything else.
PHRASES: tuple[tuple[str, str], ...] = (
    # German
    (r"\b(?:assistenz|assistent(?:in)?) der geschaftsfuhrung\b", "executive assistant"),
    (r"\bdatenwissenschaftler(?:in)?\b", "data scientist"),
    (r"\bdateningenieur(?:in)?\b", "data engineer"),
    (r"\bdatenanalyst(?:in)?\b", "data analyst"),
    (r"\bdatenarchitekt(?:in)?\b", "data architect"),
    (r"\bdatenschutzbeauftragter?\b", "data protection officer"),
    (r"\bsoftwareentwicklung\b", "software development"),
    (r"\bsoftwareentwickler(?:in)?\b", "software developer"),
    (r"\bsoftwareingenieur(?:in)?\b", "software engineer"),
    (r"\bteamleit(?:er|erin|ung)\b", "team lead"),
    (r"\bleit(?:er|erin|ung)\b", "head of"),
    (r"\bgeschaftsfuhrer(?:in)?\b", "managing director"),
    (r"\bwerkstudent(?:in)?\b", "student"),
    (r"\bpraktikant(?:in)?\b", "intern"),
    (r"\bproduktmanager(?:in)?\b", "product manager"),
    (r"\bprojektleiter(?:in)?\b", "project manager"),
    (r"\b(?:syndikus(?:anwalt|anwaltin)?|justiziar(?:in)?|rechtsanwalt|rechtsanwaltin)\b", "legal counsel"),
    (r"\bentwickler(?:in)?\b", "developer"),
    (r"\bmaschinelles lernen\b", "machine learning"),
    (r"\bki\b", "ai"),
    (r"\bplattform", "platform "),
    (r"\b(\w+?)ingenieur(?:in)?\b", r"\1 engineer"),
    (r"\binformationssicherheit\b", "information security"),
    (r"\bdatenschutz\b", "data protection"),
    (r"\bingenieurin\b|\bingenieur$", "engineer"),
    # French
    (r"\bassistante? de direction\b", "executive assistant"),
    (r"\bsecurite des systemes d'information\b", "information security"),
    (r"\bcharge(?:e)? de projet\b", "project manager"),
    (r"\bcharge(?:e)? (?:de |des |du |d')?(.+)", r"\1 officer"),
    (
        r"\b(plateforme|plataforma|gouvernance|gobernanza|conformite|ethique|risques?) (?:de l'|de la |des |de )?(?:ia|ai)\b",
        r"ai \1",
    ),
    (r"\b(plateforme|plataforma) (?:de |des )?(data|donnees|datos|ia|ai|ml)\b", r"\2 \1"),
    (r"\bdelegue(?:e)? a la protection des donnees\b", "data protection officer"),
    (r"\bscientifique des donnees\b", "data scientist"),
    (r"\banalyste (?:de |des )?donnees\b", "data analyst"),
    (r"\banalyste (?:de |des |en )?(.+)", r"\1 analyst"),
    (r"\bingenieure? (?:de |des |en )?donnees\b", "data engineer"),
    (r"\bingenieure? (?:en |de |d')?(.+)", r"\1 engineer"),
    (r"\bdeveloppeu(?:r|se) (.+)", r"\1 developer"),
    (r"\bdeveloppeu(?:r|se)\b", "developer"),
    (r"\barchitecte (?:de |des )?(.+)", r"\1 architect"),
    (r"\bdirect(?:eur|rice) general(?:e)?\b", "managing director"),
    (r"\bdirect(?:eur|rice) technique\b", "chief technology officer"),
    (r"\bdirect(?:eur|rice) des systemes d'information\b", "chief information officer"),
    (r"\bdirect(?:eur|rice) (?:des |de la |du |de |d')?(.+)", r"director of \1"),
    (r"\bresponsable (?:des |de la |du |de |d')?(.+)", r"head of \1"),
    (r"\bchef d'equipe\b", "team lead"),
    (r"\bchef de projet\b", "project manager"),
    (r"\bchef de produit\b", "product manager"),
    (r"\bjuriste\b", "legal counsel"),
    (r"\bavocate?\b", "lawyer"),
    (r"\b(?:stagiaire|alternante?)\b", "intern"),
    (r"\bchercheu(?:r|se) (?:en |in )?(.+)", r"\1 researcher"),
    (r"\bchercheu(?:r|se)\b", "researcher"),
    (r"\bapprentissage automatique\b", "machine learning"),
    (r"\bdonnees\b", "data"),
    (r"\bia\b", "ai"),
    (r"\bconformite\b", "compliance"),
    (r"\bgouvernance\b", "governance"),
    (r"\bsecurite\b", "security"),
    (r"\blogiciel(?:s)?\b", "software"),
    (r"\bplateforme\b", "platform"),
    (r"\brisques?\b", "risk"),
    (r"\bjuridique\b", "legal"),
    # Spanish
    (r"\basistente ejecutiv[oa]\b", "executive assistant"),
    (r"\b(?:oficial|delegad[oa]) de proteccion de datos\b", "data protection officer"),
    (r"\bcientific[oa] de datos\b", "data scientist"),
    (r"\banalista de (.+)", r"\1 analyst"),
    (r"\bingenier[oa] de (.+)", r"\1 engineer"),
    (r"\bdesarrollador(?:a)? de (.+)", r"\1 developer"),
    (r"\bdesarrollador(?:a)?\b", "developer"),
    (r"\barquitect[oa] de (.+)", r"\1 architect"),
    (r"\bdirector(?:a)? general\b", "managing director"),
    (r"\bdirector(?:a)? de (.+)", r"director of \1"),
    (r"\bjef[ea] de (.+)", r"head of \1"),
    (r"\bgerente de producto\b", "product manager"),
    (r"\bgerente de (.+)", r"\1 manager"),
    (r"\babogad[oa]\b", "lawyer"),
    (r"\b(?:becari[oa]|practicante)\b", "intern"),
    (r"\baprendizaje automatico\b", "machine learning"),
    (r"\binteligencia artificial\b", "ai"),
    (r"\bdatos\b", "data"),
    (r"\btecnologia\b", "technology"),
    (r"\bcumplimiento\b", "compliance"),
    (r"\bseguridad\b", "security"),
    (r"\bplataforma\b", "platform"),
    (r"\bgobernanza\b", "governance"),
    (r"\briesgos?\b", "risk"),
    # English spellings
    (r"\bl and d\b", "learning and development"),
    (r"\bvice[- ]president\b", "vp"),
    (r"\b(?:s|e|a)vp\b", "vp"),
    (r"\bml ?ops\b", "mlops"),
    (r"\bdev ?ops\b", "devops"),
    (r"\bdata ?ops\b", "dataops"),
    (r"\bgen ?ai\b", "genai"),
    (r"\bai ml\b", "machine learning"),
    (r"\bfront[- ]?end\b", "frontend"),
    (r"\bback[- ]?end\b", "backend"),
    (r"^(vp|director|head) (?!of\b)", r"\1 of "),
)
#: Abbreviations, one word each; a word before "manager/lead/director" names the field, not the person.
WORDS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "engr": "engineer",
    "mgr": "manager",
    "dir": "director",
    "dev": "developer",
    "sci": "scientist",
    "arch": "architect",
    "assoc": "associate",
    "pm": "product manager",
    "tpm": "technical program manager",
    "swe": "software engineer",
    "sde": "software engineer",
    "mle": "machine learning engineer",
    "admin": "administrator",
    "mgmt": "management",
}
FIELD_WORDS = {"eng": ("engineer", "engineering"), "ds": ("data scientist", "data science")}
LEADS = {"manager", "lead", "director", "head", "vp", "chief", "team"}
SENIORITY = ("senior", "junior", "staff", "principal", "associate")
#: Words that say nothing about the role when they are left over around a match.
FILLER = {"of", "and", "the", "for", "in", "de", "des", "global", "regional", "group", "team", "i"}
LEVEL = re.compile(r"\b(?:i{1,3}|iv|v|l\d{1,2}|level \d|lvl \d|\d)\b")
GENDER = re.compile(r"\((?:[mwdfhx] ?/ ?){1,3}[mwdfhx]\)|\((?:all genders?|w|m|f)\)")


@dataclass(frozen=True)
class Resolution:
    """The role for a title, how it was found and how sure certpath is (0-1)."""

    role: str | None
    source: RoleSource | None
    confidence: float
    suggestions: tuple[str, ...] = ()


def normalise_title(title: str) -> str:
    """A title in plain lower-case English words, in the order the catalogue's patterns expect."""
    text = GENDER.sub(" ", title.lower())
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _specialised(text)
    text = re.sub(r"\s*&\s*|\s+\+\s+", " and ", text)
    text = re.sub(r"[/]", " ", text)
    for pattern, replacement in PHRASES:
        text = re.sub(pattern, replacement, text)
    text = _reorder_comma(re.sub(r"[^a-z0-9,' ]", " ", text))
    return _without_founder(SPECIALISED_SOFTWARE.sub(r"\1 ", _words(text)))


#: Words that make a qualifier a specialisation of the job ("Software Engineer (ML)") rather than
#: the team or the contract it sits in ("Data Engineer - Payments", "Lead Engineer (Contract)").
SPECIALISATION = re.compile(
    r"\b(ml|machine learning|ai|artificial intelligence|mlops|llm|genai|generative|nlp|"
    r"computer vision|deep learning|data|analytics|platform|infrastructure|security)\b"
)

#: "Software Engineer, Platform" reads "platform software engineer": the specialisation names the
#: job, so "software" is dropped and the title meets the pattern for "platform engineer".
SPECIALISED_SOFTWARE = re.compile(rf"{SPECIALISATION.pattern} software (?=(?:engineer|developer)\b)")


#: "Co-founder" beside a job ("CTO & Co-founder") says who started the company, not the job.
FOUNDER = re.compile(r"\s*(?:\band )?\b(?:co )?founder\b(?: and\b)?\s*")


def _without_founder(text: str) -> str:
    rest = " ".join(FOUNDER.sub(" ", text).split())
    return rest if rest else text


def _specialised(text: str) -> str:
    """Drop qualifiers in parentheses or after a dash, but put a specialisation before the job."""
    qualifiers = re.findall(r"\(([^)]*)\)", text)
    head, *after = re.split(r"\s+[-|@\u2013]\s+", re.sub(r"\([^)]*\)", " ", text))
    special = [q.strip() for q in [*qualifiers, *after] if SPECIALISATION.search(q)]
    if special and not SPECIALISATION.search(head):
        return " ".join([*special, head])
    return head


def _reorder_comma(text: str) -> str:
    """'data scientist, senior' -> 'senior data scientist'; 'director, data science' -> 'director of ...'."""
    head, comma, tail = text.partition(",")
    if not comma:
        return text
    head, tail = head.strip(), tail.replace(",", " ").strip()
    if not tail:
        return head
    if set(head.split()) & LEADS and len(head.split()) <= 2:
        return f"{head} of {tail}"
    return f"{tail} {head}"


def _words(text: str) -> str:
    words = text.replace("'", " ").split()
    out: list[str] = []
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        if word in FIELD_WORDS:
            person, field = FIELD_WORDS[word]
            out.append(field if after in LEADS or after in ("team", "department") else person)
        else:
            out.append(WORDS.get(word, word))
    text = LEVEL.sub(" ", " ".join(out))
    seniority = [w for w in text.split() if w in SENIORITY]
    rest = [w for w in text.split() if w not in SENIORITY]
    return " ".join([*dict.fromkeys(seniority), *rest])


class TitleResolver:
    """Resolves job titles against one catalogue and an optional title -> role mapping."""

    def __init__(self, catalogue: Catalogue, mapping: dict[str, str] | None = None) -> None:
        self.catalogue = catalogue
        self.mapping = {_norm(title): role for title, role in (mapping or {}).items()}
        self._cache: dict[str, Resolution] = {}

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        found = [
            (re.compile(p, re.IGNORECASE), r.id)
            for r in self.catalogue.roles.values()
            for p in r.title_patterns
        ]
        found += [(re.compile(m.pattern, re.IGNORECASE), m.role) for m in self.catalogue.title_mappings]
        return found

    @cached_property
    def _phrases(self) -> dict[str, str]:
        """Plain phrases per role for suggestions: the role's name and id."""
        phrases = {}
        for role in self.catalogue.roles.values():
            phrases[normalise_title(role.name)] = role.id
            phrases[normalise_title(role.id.replace("-", " "))] = role.id
        return phrases

    def resolve(self, title: str) -> Resolution:
        """The role for one job title (cached: rosters repeat titles)."""
        key = _norm(title)
        if key not in self._cache:
            self._cache[key] = self._resolve(key)
        return self._cache[key]

    def _resolve(self, key: str) -> Resolution:
        if key in self.mapping:
            return Resolution(self.mapping[key], "mapping", 1.0)
        text = normalise_title(key)
        if not_a_title(key):  # a formula or noise: never a role, however close its words come
            return Resolution(None, None, 0.0, self._closest(text) if re.search("[a-z]{3}", text) else ())
        spans: dict[str, tuple[int, int]] = {}
        for pattern, role in self._patterns:
            found = pattern.search(text)
            if found and found.end() - found.start() > _length(spans.get(role)):
                spans[role] = found.span()
        if not spans:
            return self._fuzzy(text)
        best = max(_length(s) for s in spans.values())
        roles = sorted(r for r, s in spans.items() if _length(s) == best)
        if len(roles) > 1:
            return Resolution(None, None, 0.0, tuple(roles[:3]))
        return Resolution(roles[0], "title", _confidence(roles[0], spans, text))

    @cached_property
    def _word_roles(self) -> dict[str, set[str]]:
        """Each word of the roles' plain phrases -> the roles whose phrases use it."""
        roles: dict[str, set[str]] = {}
        for phrase, role in self._phrases.items():
            for word in phrase.split():
                roles.setdefault(word, set()).add(role)
        return roles

    def _generic(self, text: str) -> bool:
        """True when every word of the title is one that several roles share ('Engineer II',
        'Senior Engineer'): close to many roles, evidence for none, so fuzzy matching must not pick."""
        words = [w for w in text.split() if w not in SENIORITY and w not in FILLER]
        return bool(words) and all(len(self._word_roles.get(w, ())) > 1 for w in words)

    def _fuzzy(self, text: str) -> Resolution:
        if self._generic(text):
            return Resolution(None, None, 0.0, self._closest(text))
        ranked = self.suggest(text, limit=12)
        if not ranked:
            return Resolution(None, None, 0.0)
        scores = dict(ranked)
        (role, score), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
        if score >= FUZZY_CUTOFF and score - runner_up >= MARGIN:
            return Resolution(role, "fuzzy", round(min(LOW_CONFIDENCE, score / 100 - 0.25), 2))
        return Resolution(None, None, 0.0, tuple(r for r in scores if r != EVERYONE)[:3])

    def _closest(self, text: str) -> tuple[str, ...]:
        return tuple(r for r, _ in self.suggest(text, limit=4) if r != EVERYONE)[:3]

    def suggest(self, text: str, *, limit: int = 3) -> list[tuple[str, float]]:
        """Roles closest to a normalised title, best first, one score per role."""
        scored: dict[str, float] = {}
        for phrase, score, _ in process.extract(
            text, list(self._phrases), scorer=fuzz.WRatio, limit=limit * 3
        ):
            role = self._phrases[phrase]
            scored[role] = max(scored.get(role, 0.0), score)
        return sorted(scored.items(), key=lambda kv: -kv[1])[:limit]


def _length(span: tuple[int, int] | None) -> int:
    return span[1] - span[0] if span else 0


def _confidence(role: str, spans: dict[str, tuple[int, int]], text: str) -> float:
    """0.95 when the match is the whole title (give or take seniority), less for words left over or rivals."""
    start, end = spans[role]
    if any(not (start <= s and e <= end) for r, (s, e) in spans.items() if r != role):
        return 0.8  # another role matched words outside the winner's match
    left = [w for w in (text[:start] + " " + text[end:]).split() if w not in SENIORITY and w not in FILLER]
    return 0.95 if not left else 0.9 if len(left) == 1 else 0.8


def _norm(title: str) -> str:
    return " ".join(title.lower().split())


def read_title_map(path: Path, catalogue: Catalogue) -> dict[str, str]:
    """A `--titles` YAML file ('Job title': role-id), with every role checked."""
    try:
        document = read_yaml(path)
    except CatalogueError as error:
        raise RosterError(str(path), error.issues) from None
    if not isinstance(document.data, dict):
        raise RosterError(str(path), [Issue(Location(str(path)), "expected 'Job title: role-id' lines")])
    issues, mapping = [], {}
    for title, role in document.data.items():
        if str(role) not in catalogue.roles:
            hint = closest_choice(str(role), sorted(catalogue.roles))
            did = f" (did you mean '{hint}'?)" if hint else ""
            issues.append(Issue(document.location((title,)), f"unknown role '{role}'{did}"))
        else:
            mapping[str(title)] = str(role)
    if issues:
        raise RosterError(str(path), issues)
    return mapping
