"""Build a verification record that always names all six checks, in order."""

from __future__ import annotations

from certpath.tracking.model import CHECK_NAMES, Check, Outcome, Verification


class Checklist:
    """Collects check outcomes; any check never run is listed as not checked, with the reason."""

    def __init__(self, format_name: str, *, unchecked: dict[str, str] | None = None) -> None:
        self.format = format_name
        self._results: dict[str, Check] = {}
        self._unchecked = unchecked or {}

    def passed(self, name: str, detail: str) -> None:
        self._set(name, "passed", detail)

    def warned(self, name: str, detail: str) -> None:
        self._set(name, "warning", detail)

    def failed(self, name: str, detail: str) -> None:
        self._set(name, "failed", detail)

    def skipped(self, name: str, detail: str) -> None:
        self._set(name, "not-checked", detail)

    def _set(self, name: str, outcome: Outcome, detail: str) -> None:
        assert name in CHECK_NAMES, name
        self._results[name] = Check(name, outcome, detail)

    def record(self) -> Verification:
        checks = tuple(
            self._results.get(name)
            or Check(name, "not-checked", self._unchecked.get(name, "not applicable to this format"))
            for name in CHECK_NAMES
        )
        return Verification(self.format, checks)
