"""`certpath evidence import --trust/--status-list` and `certpath evidence trust add/list` as a person runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from certpath.interfaces.cli import app
from tests.credentials import LIST_URL, status_list
from tests.e2e.test_cli_tracking import EXAMPLES, TODAY, run
from tests.unit.test_evidence_corpus import genuine


def test_import_with_a_trust_file_and_a_status_list_then_list_the_pinned_keys(
    runner: CliRunner, tmp_path: Path
) -> None:
    run(runner, "roster", "import", str(EXAMPLES / "enterprise-org.successfactors.csv"), *TODAY)
    by, signed = genuine("vc2", "rdfc+ed2020", "did:web", "status")
    (tmp_path / "badge.json").write_text(json.dumps(signed))
    (tmp_path / "did.json").write_text(json.dumps(by.did_document()))
    (tmp_path / "list.json").write_text(json.dumps(status_list("vc2", by, revoked={7})))
    run(runner, "evidence", "import", str(tmp_path / "badge.json"), "--trust", str(tmp_path / "did.json"),
        "--status-list", str(tmp_path / "list.json"), *TODAY)  # fmt: skip
    shown = next(e for e in json.loads(run(runner, "evidence", "show", "E000003", "--format", "json"))
                 if e["source"] == "ob3")  # fmt: skip
    checks = {c["check"]: c for c in shown["verification"]["checks"]}
    assert shown["status"] == "revoked" and checks["key-trusted"]["outcome"] == "passed"
    assert f"bit 7 of the status list {LIST_URL} is set" in checks["revocation"]["detail"]
    (key,) = json.loads(run(runner, "evidence", "trust", "list", "--format", "json"))
    assert key == key | {"issuer": by.did, "key_id": by.method, "pinned_by": "tester"}
    assert key["source"] == str(tmp_path / "did.json") and key["pinned_at"]
    table = runner.invoke(app, ["evidence", "trust", "list"], env={"COLUMNS": "250"}).stdout
    assert f"{by.method} " in table and "Ed25519 Multikey" in table and "tester" in table


def test_trust_add_refuses_a_file_that_is_not_a_key_document(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_text("")
    result = runner.invoke(app, ["evidence", "trust", "add", str(tmp_path / "empty.json")])
    assert result.exit_code == 2 and "empty.json: is empty or not a JSON object" in result.output
    assert "Traceback" not in result.output
    assert "No issuer keys are pinned" in run(runner, "evidence", "trust", "list")


def test_a_status_list_downloaded_from_an_address_its_id_does_not_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Some issuers serve a list at one URL while its id names another: URL=FILE says where it came from."""
    run(runner, "roster", "import", str(EXAMPLES / "enterprise-org.successfactors.csv"), *TODAY)
    by, signed = genuine("vc2", "rdfc", "did:web", "status")
    moved = status_list("vc2", by, revoked={7}, list_id="https://lists.example/old-home")
    (tmp_path / "badge.json").write_text(json.dumps(signed))
    (tmp_path / "did.json").write_text(json.dumps(by.did_document()))
    (tmp_path / "list.json").write_text(json.dumps(moved))
    common = [
        "evidence",
        "import",
        str(tmp_path / "badge.json"),
        "--trust",
        str(tmp_path / "did.json"),
        *TODAY,
    ]
    run(runner, *common, "--status-list", str(tmp_path / "list.json"), "--format", "json")
    shown = next(e for e in json.loads(run(runner, "evidence", "show", "E000003", "--format", "json"))
                 if e["source"] == "ob3")  # fmt: skip
    revocation = next(c for c in shown["verification"]["checks"] if c["check"] == "revocation")
    assert shown["status"] == "completed" and revocation["outcome"] == "not-checked"
    assert f"give a list downloaded from that URL as --status-list {LIST_URL}=FILE" in revocation["detail"]


def test_a_status_list_given_as_url_equals_file_counts_for_that_url(
    runner: CliRunner, tmp_path: Path
) -> None:
    run(runner, "roster", "import", str(EXAMPLES / "enterprise-org.successfactors.csv"), *TODAY)
    by, signed = genuine("vc2", "rdfc", "did:web", "status")
    moved = status_list("vc2", by, revoked={7}, list_id="https://lists.example/old-home")
    (tmp_path / "badge.json").write_text(json.dumps(signed))
    (tmp_path / "did.json").write_text(json.dumps(by.did_document()))
    (tmp_path / "list.json").write_text(json.dumps(moved))
    run(runner, "evidence", "import", str(tmp_path / "badge.json"), "--trust", str(tmp_path / "did.json"),
        "--status-list", f"{LIST_URL}={tmp_path / 'list.json'}", *TODAY)  # fmt: skip
    shown = next(e for e in json.loads(run(runner, "evidence", "show", "E000003", "--format", "json"))
                 if e["source"] == "ob3")  # fmt: skip
    assert shown["status"] == "revoked"
    missing = runner.invoke(app, ["evidence", "import", str(tmp_path / "badge.json"),
                                  "--status-list", f"{LIST_URL}={tmp_path / 'nowhere.json'}", *TODAY])  # fmt: skip
    assert missing.exit_code == 2 and "nowhere.json: cannot be read" in missing.output
