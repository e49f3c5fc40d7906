"""A seeded synthetic organisation: realistic AI-team role mixes, teams of 5-60 under managers.

Used for the shipped example rosters, the benchmarks and property tests; the same seed
always gives the same people.
"""

from __future__ import annotations

import random
from dataclasses import replace

from certpath.kernel import Holding
from certpath.roster.model import Member, Roster

#: Team kinds: (name, manager title, [(job title, role, weight)]).
TEAM_KINDS: tuple[tuple[str, str, tuple[tuple[str, str, int], ...]], ...] = (
    (
        "Data Platform",
        "Data Engineering Manager",
        (
            ("Data Engineer", "data-engineer", 5),
            ("Senior Data Engineer", "data-engineer", 2),
            ("Analytics Engineer", "analytics-engineer", 2),
            ("Platform Engineer", "platform-engineer", 1),
            ("Data Analyst", "data-analyst", 1),
        ),
    ),
    (
        "ML Engineering",
        "Head of Machine Learning",
        (
            ("Machine Learning Engineer", "ml-engineer", 4),
            ("Data Scientist", "data-scientist", 3),
            ("MLOps Engineer", "mlops-engineer", 2),
            ("Senior Data Scientist", "senior-data-scientist", 1),
            ("DevOps Engineer", "devops-engineer", 1),
        ),
    ),
    (
        "AI Applications",
        "Engineering Manager",
        (
            ("AI Engineer", "ai-developer", 4),
            ("Software Engineer", "software-developer", 3),
            ("GenAI Engineer", "genai-engineer", 1),
            ("Solutions Architect", "solution-architect", 1),
            ("Product Designer", "designer", 1),
            ("AI Product Manager", "ai-product-manager", 1),
        ),
    ),
    (
        "Governance and Risk",
        "Head of AI Governance",
        (
            ("Compliance Manager", "compliance-officer", 3),
            ("Legal Counsel", "legal-counsel", 2),
            ("Privacy Officer", "privacy-officer", 1),
            ("Responsible AI Lead", "ai-governance-lead", 1),
        ),
    ),
    (
        "Product",
        "Director of Product",
        (
            ("Product Manager", "product-manager", 4),
            ("Technical Program Manager", "technical-program-manager", 2),
            ("Business Analyst", "business-analyst", 2),
        ),
    ),
)
#: A small team that has a bit of everything (seed 000's 5-15 person AI team).
MIXED = (
    "Applied AI",
    "Head of AI",
    (
        ("Data Engineer", "data-engineer", 2),
        ("Machine Learning Engineer", "ml-engineer", 2),
        ("Data Scientist", "data-scientist", 1),
        ("AI Engineer", "ai-developer", 2),
        ("Compliance Manager", "compliance-officer", 1),
        ("AI Product Manager", "ai-product-manager", 1),
    ),
)
MANAGER_ROLE = {
    "Head of AI": "team-lead",
    "Data Engineering Manager": "team-lead",
    "Head of Machine Learning": "team-lead",
    "Engineering Manager": "team-lead",
    "Head of AI Governance": "ai-governance-lead",
    "Director of Product": "product-manager",
}
FIRST = (
    "Asha",
    "Ben",
    "Chen",
    "Dana",
    "Eli",
    "Farah",
    "Gus",
    "Hana",
    "Ivan",
    "Jia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
)
LAST = (
    "Adams",
    "Bose",
    "Costa",
    "Diaz",
    "Eze",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Moreau",
    "Novak",
    "Okafor",
    "Park",
    "Quist",
    "Rossi",
    "Singh",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Yilmaz",
)
CLOUDS = ("aws", "azure", "gcp", "databricks")
HELD = {
    "ml-engineer": "MLA-C01",
    "ai-developer": "AI-102",
    "data-scientist": "DP-100",
    "mlops-engineer": "MLA-C01",
}


def generate_org(size: int, *, seed: int = 7, cloud: str | None = None) -> Roster:
    """`size` people in teams of 5-60 (the first team may be smaller for tiny orgs), same seed same org."""
    rng = random.Random(seed)
    members: list[Member] = []
    cto = _person(rng, 1, "Chief Technology Officer", "cto", "Leadership", None, cloud or rng.choice(CLOUDS))
    members.append(replace(cto, leads_externally=True))
    number = 2
    offset = rng.randrange(len(TEAM_KINDS))
    teams: list[str] = []
    while len(members) < size:
        kind_name, manager_title, mix = (
            MIXED if size <= 15 else TEAM_KINDS[(len(teams) + offset) % len(TEAM_KINDS)]
        )
        team_size = min(size - len(members), _team_size(rng, size))
        team_cloud = cloud or rng.choice(CLOUDS)
        team = f"{kind_name} {number // 7 + 1}"
        teams.append(team)
        lead = _person(rng, number, manager_title, MANAGER_ROLE[manager_title], team, cto.id, team_cloud)
        members.append(lead)
        number += 1
        titles, roles, weights = zip(*mix, strict=True)
        for _ in range(team_size - 1):
            pick = rng.choices(range(len(titles)), weights=weights)[0]
            members.append(_person(rng, number, titles[pick], roles[pick], team, lead.id, team_cloud))
            number += 1
    if len(members) > 1:
        members[0] = replace(members[0], team=members[1].team)  # the CTO sits with the first team
    return Roster(f"synthetic org of {size} (seed {seed})", tuple(members[:size]), {})


def _team_size(rng: random.Random, org: int) -> int:
    if org <= 15:
        return org
    if org <= 50:
        return rng.randint(5, 12)
    return int(min(60, max(5, rng.lognormvariate(2.9, 0.5))))


def _person(
    rng: random.Random, number: int, title: str, role: str, team: str, manager: str | None, cloud: str
) -> Member:
    held: tuple[Holding, ...] = ()
    if role in HELD and rng.random() < 0.25:
        from datetime import date, timedelta

        held = (Holding(HELD[role], date(2026, 9, 1) - timedelta(days=rng.randint(30, 900))),)
    return Member(
        id=f"E{number:06d}",
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        role=role,
        resolved_from="column",
        confidence=1.0,
        team=team,
        title=title,
        email=f"e{number:06d}@example.com",
        manager_id=manager,
        cloud=cloud,
        hours_per_week=rng.choice((4.0, 5.0, 6.0, 8.0)),
        deploys_to_production=role in ("ml-engineer", "mlops-engineer", "data-scientist", "ai-developer"),
        held=held,
    )
