"""Every read of personal data and every export goes to the audit log, from the API and the pages alike."""

from __future__ import annotations

from typing import Any

from certpath.accounts.roles import Principal
from certpath.interfaces.http.context import AppContext
from certpath.services.accounts import record_access


def log_access(
    context: AppContext,
    me: Principal,
    action: str,
    subject_type: str,
    subject_id: str,
    **detail: Any,
) -> None:
    """Append `read.*` or `export.*` to the audit log for this user."""
    record_access(context.engine, me, action, subject_type, subject_id, now=context.now(), detail=detail)
