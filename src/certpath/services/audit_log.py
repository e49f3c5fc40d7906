"""The audit log as people use it: reads of personal data and exports recorded, and the log listed.

Writes are logged by the use case that makes them, in its own transaction; this module adds the
reads, which change nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from certpath.reports.tracking import audit_json

if TYPE_CHECKING:
    from certpath.accounts.roles import Principal
    from certpath.tracking.ports import UnitOfWork


def record_access(
    uow: UnitOfWork,
    principal: Principal,
    action: str,
    subject_type: str,
    subject_id: str,
    *,
    detail: dict[str, Any] | None = None,
) -> None:
    """Log a read of personal data or an export (`read.*`, `export.*`) by `principal`, with their
    role; `uow` is opened for them and stamps the time."""
    with uow:
        uow.audit.append(
            action, subject_type, subject_id, after={"role": principal.role.value, **(detail or {})}
        )
        uow.commit()


def read_audit_log(
    uow: UnitOfWork,
    *,
    action: str | None = None,
    subject: str | None = None,
    actor: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Audit-log entries as JSON, newest first, filtered by action prefix, subject and actor."""
    with uow:
        rows = uow.audit.entries(action=action, subject=subject, actor=actor, limit=limit)
    return audit_json(rows)
