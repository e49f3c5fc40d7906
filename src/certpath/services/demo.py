"""The bundled example people that `certpath demo` advises."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from certpath.kernel import Holding
from certpath.planning.advice import Profile

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True)
class ExamplePerson:
    name: str
    story: str
    profile: Profile


EXAMPLE_PEOPLE = (
    ExamplePerson(
        "Asha",
        "a backend developer on Azure who wants to build AI features",
        Profile(background="software-developer", cloud="azure", hours_per_week=6, genai=True),
    ),
    ExamplePerson(
        "Ben",
        "a data analyst at an AWS shop with a USD 600 training budget",
        Profile(background="data-analyst", cloud="aws", budget_usd=600, hours_per_week=5),
    ),
    ExamplePerson(
        "Chen",
        "an ML researcher on GCP who passed AWS's old ML Specialty in 2024",
        Profile(
            background="ml-researcher",
            cloud="gcp",
            ml_months=30,
            hours_per_week=8,
            held=(Holding("MLS-C01"),),
        ),
    ),
)


def example_roster(name: str = "small") -> Path:
    """Path of a shipped example roster: small (BambooHR CSV), mid (Workday XLSX), enterprise (SuccessFactors CSV)."""
    files = {
        "small": "small-team.bamboohr.csv",
        "mid": "mid-team.workday.xlsx",
        "enterprise": "enterprise-org.successfactors.csv",
    }
    return EXAMPLES_DIR / files[name]
