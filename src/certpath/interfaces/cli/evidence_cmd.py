"""`certpath record` and `certpath evidence`: add completions, import and inspect evidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from certpath.errors import InputError
from certpath.interfaces.cli.guard import guarded
from certpath.interfaces.cli.options import OverlayOption, TodayOption, load, parse_today
from certpath.interfaces.cli.output import console, write_json
from certpath.interfaces.cli.roster_options import DateFormatOption, read_date_format
from certpath.interfaces.cli.store import TrackFormat, TrackFormatOption, open_unit_of_work

app = typer.Typer(
    help="Import and inspect evidence: Open Badges, Credly, xAPI, completion CSVs.", no_args_is_help=True
)

MapOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--map",
        help="Badge map YAML: trusted issuer keys and achievement -> item rules (repeatable).",
        show_default=False,
    ),
]


TrustOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--trust",
        help='An issuer\'s DID document, JWKS (with "issuer") or CryptographicKey: pin its keys (repeatable).',
        show_default=False,
    ),
]
StatusListOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status-list",
        help="A status list credential (BitstringStatusList, StatusList2021) to check revocation, matched by"
        " its id; URL=FILE for a list downloaded from a URL its id does not name (repeatable).",
        show_default=False,
    ),
]

trust_app = typer.Typer(help="Issuer keys pinned in the store: the only keys the key-trusted check accepts.")
app.add_typer(trust_app, name="trust")


def _date(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{flag} '{text}': write the date as YYYY-MM-DD.") from None


@guarded
def record(
    member: Annotated[str, typer.Argument(help="Employee id.")],
    item: Annotated[
        str, typer.Argument(help="Catalogue credential or course id, e.g. MLA-C01 or L1-EVERYONE.")
    ],
    on: Annotated[str, typer.Option("--date", help="Completion date YYYY-MM-DD.")],
    credential_id: Annotated[
        str | None,
        typer.Option("--credential-id", help="The vendor's certificate number.", show_default=False),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="Where the credential can be checked.", show_default=False)
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Free text kept with the record.", show_default=False)
    ] = None,
    today: TodayOption = None,
    overlay: OverlayOption = None,
) -> None:
    """Record one completion by hand (stored as claimed until a badge or LMS record backs it)."""
    from certpath.services.tracking import record_completion
    from certpath.services.write_scope import ORGANISATION

    uow, _ = open_unit_of_work()
    record_completion(
        uow,
        load(overlay),
        member,
        item,
        day=_date(on, "--date"),
        today=parse_today(today),
        scope=ORGANISATION,  # the operator at the command line writes for the whole organisation
        credential_id=credential_id,
        url=url,
        note=note,
    )
    console().print(f"recorded {item} for {member} on {on} (assurance: claimed).")


@app.command("import")
@guarded
def import_(
    files: Annotated[
        list[Path], typer.Argument(help="Badge JSON or JWT, Credly JSON, xAPI JSON/NDJSON, completions CSV.")
    ],
    map_files: MapOption = None,
    member: Annotated[
        str | None,
        typer.Option(
            "--member", help="Attribute badges that name no email to this employee id.", show_default=False
        ),
    ] = None,
    trust: TrustOption = None,
    status_lists: StatusListOption = None,
    date_format: DateFormatOption = None,
    today: TodayOption = None,
    overlay: OverlayOption = None,
    output: TrackFormatOption = TrackFormat.table,
) -> None:
    """Verify and import evidence files in one transaction: every file is written, or none is."""
    import os

    from certpath.services.tracking import import_evidence, load_badge_map
    from certpath.services.trust import fetch_url
    from certpath.services.write_scope import ORGANISATION

    uow, settings = open_unit_of_work()
    catalogue = load(overlay)
    badge_map = load_badge_map(catalogue, map_files, os.environ.get("CERTPATH_BADGE_MAP"))
    summaries = import_evidence(
        uow,
        catalogue,
        files,
        badge_map=badge_map,
        today=parse_today(today),
        scope=ORGANISATION,
        member=member,
        trust=trust,
        status_lists=status_lists,
        fetch=fetch_url if settings.allow_network else None,
        date_format=read_date_format(date_format),
    )
    if output is not TrackFormat.table:
        write_json([s.__dict__ for s in summaries])
        return
    out = console()
    for s in summaries:
        out.print(
            f"{s.file}: {s.kind}: {s.added} added, {s.already_there} already there, {s.voided} voided (import {s.import_id})."
        )
        for u in s.unmatched:
            out.print(
                f"  [yellow]unmatched[/]: {u['achievement']} from {u['issuer'] or 'unknown issuer'} for {u['person']}; map it with --map"
            )
        for note in s.notes:
            out.print(f"  [dim]note: {note}[/dim]")


@app.command("show")
@guarded
def show(
    member: Annotated[str, typer.Argument(help="Employee id.")],
    output: TrackFormatOption = TrackFormat.table,
) -> None:
    """A person's evidence with the verification record of each piece: every check and its outcome."""
    from certpath.services.people import person_evidence

    uow, _ = open_unit_of_work()
    found = person_evidence(uow, member)
    if output is not TrackFormat.table:
        write_json(found)
        return
    out = console()
    for e in found:
        out.print(
            f"[bold]#{e['id']} {e['item'] or '(unmatched: ' + str(e['achievement']) + ')'}[/] {e['completed_on']} "
            f"from {e['source']}, {e['status']}, assurance {e['assurance']}, expires {e['expires_on'] or 'never'}"
        )
        for check in e["verification"]["checks"]:
            colour = {"passed": "green", "warning": "yellow", "failed": "red"}.get(check["outcome"], "dim")
            out.print(f"    [{colour}]{check['outcome']:<11}[/] {check['check']:<12} {check['detail']}")


@app.command("unmatched")
@guarded
def unmatched(output: TrackFormatOption = TrackFormat.table) -> None:
    """Evidence no catalogue item matched: add rules for it to a badge map and import again."""
    from certpath.services.people import unmatched_evidence

    uow, _ = open_unit_of_work()
    rows = unmatched_evidence(uow)
    if output is not TrackFormat.table:
        write_json(rows)
        return
    for r in rows:
        console().print(
            f"#{r['id']} {r['person']}: {r['achievement']} ({r['issuer'] or 'unknown issuer'}, {r['source']}, {r['completed_on']})"
        )
    if not rows:
        console().print("Every piece of evidence matched a catalogue item.")


@trust_app.command("add")
@guarded
def trust_add(
    files: Annotated[
        list[Path], typer.Argument(help='DID documents, JWKS files (with "issuer") or CryptographicKeys.')
    ],
    output: TrackFormatOption = TrackFormat.table,
) -> None:
    """Pin the public keys in FILES for their issuers, recording who pinned them and when."""
    from certpath.services.trust import list_trusted_keys, pin_trusted_keys

    uow, _ = open_unit_of_work()
    pin_trusted_keys(uow, files)
    _print_keys(list_trusted_keys(uow), output)


@trust_app.command("list")
@guarded
def trust_list(output: TrackFormatOption = TrackFormat.table) -> None:
    """List the pinned issuer keys: issuer, key id, type, source file, who pinned it and when."""
    from certpath.services.trust import list_trusted_keys

    uow, _ = open_unit_of_work()
    _print_keys(list_trusted_keys(uow), output)


def _print_keys(keys: list[dict[str, str]], output: TrackFormat) -> None:
    if output is not TrackFormat.table:
        write_json(keys)
        return
    if not keys:
        console().print("No issuer keys are pinned; pin some with `certpath evidence trust add FILE`.")
        return
    from rich.table import Table

    table = Table(title="Pinned issuer keys")
    for column in ("issuer", "key id", "type", "source", "pinned by", "pinned at"):
        table.add_column(column)
    for k in keys:
        table.add_row(k["issuer"], k["key_id"], k["key_type"], k["source"], k["pinned_by"], k["pinned_at"])
    console().print(table)
