"""`certpath demo`: validate the catalogue and advise the bundled example people."""

from __future__ import annotations

from certpath.interfaces.cli.advise_cmd import print_advice
from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import OverlayOption, TodayOption, load, parse_today
from certpath.interfaces.cli.output import console


@guarded
def demo(today: TodayOption = None, overlay: OverlayOption = None) -> None:
    """Run certpath on the bundled example data and show what it produces."""
    from certpath.services.advising import advise_person
    from certpath.services.catalogue import catalogue_counts
    from certpath.services.demo import EXAMPLE_PEOPLE

    catalogue = load(overlay)
    day = parse_today(today)
    out = console()
    counts = ", ".join(f"{n} {k}" for k, n in catalogue_counts(catalogue).items())
    out.print(f"[bold]certpath demo[/bold]: catalogue valid ({counts}; facts as of {catalogue.as_of}).\n")
    for person in EXAMPLE_PEOPLE:
        out.rule(f"{person.name}: {person.story}")
        print_advice(advise_person(catalogue, person.profile, today=day))
        out.print()
