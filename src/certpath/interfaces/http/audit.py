"""Every read of personal data and every export goes to the audit log, from the API and the pages alike."""

from __future__ import annotations

from typing import Any

from certpath.accounts.roles import Principal
from certpath.interfaces.http.context import AppContext
from certpath.services.audit_log import record_access


def log_access(
    context: AppContext,
    me: Principal,
    action: str,
    subject_type: str,
    subject_id: str,
    **detail: Any,
) -> None:
    """Append `read.*` or `export.*` to the audit log for this user."""
    work = context.account_work(me.username, autocommit=True)
    record_access(work, me, action, subject_type, subject_id, detail=detail)
