"""Dashboard pages: sign-in, overview, team, person, audit log; each calls one service and renders it.

Pages authenticate with the session cookie only; every form posts the session's CSRF token.
A certpath error on a page renders the error page (401 sends the browser to the sign-in form).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from secrets import compare_digest
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from certpath.accounts.passwords import new_secret
from certpath.accounts.roles import Action, Principal
from certpath.errors import (
    AccessDeniedError,
    BudgetTooSmallError,
    CertpathError,
    EmptyStoreError,
    InputError,
    Issue,
    LastAdminError,
    PasswordChangeRequiredError,
    PersonLinkRequiredError,
    RateLimitedError,
    SettingError,
    SignInError,
    UnknownPersonError,
    UnknownUserError,
)
from certpath.interfaces.http.audit import log_access
from certpath.interfaces.http.context import (
    SESSION_COOKIE,
    AppContext,
    Caller,
    Context,
    client_address,
    context_of,
    identify,
    require_new_password,
    secure_cookies,
    set_session_cookie,
)
from certpath.interfaces.http.errors import status_of
from certpath.interfaces.web.summaries import overview_of, team_of
from certpath.interfaces.web.views import LAYERS, gantt, heatmap, web_link
from certpath.kernel import how_many
from certpath.reports.legend import LEGEND, claimed_note, legend_entry, percent
from certpath.services.accounts import sign_in as open_session
from certpath.services.accounts import sign_out as end
from certpath.services.audit_log import read_audit_log
from certpath.services.people import person_page as build
from certpath.services.views import cached_view

HERE = Path(__file__).parent
#: Every template escapes what it prints, whatever its suffix (select_autoescape would skip `.html.j2`).
#: auto_reload off: templates ship with the package, so skip a stat() per render.
templates = Jinja2Templates(
    env=Environment(autoescape=True, loader=FileSystemLoader(HERE / "templates"), auto_reload=False)
)
templates.env.filters["web_link"] = web_link
templates.env.globals["legend"] = LEGEND
templates.env.filters["mark"] = legend_entry
templates.env.filters["claimed_note"] = claimed_note
templates.env.filters["percent"] = percent
templates.env.filters["how_many"] = how_many
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PRE_SESSION = "certpath_presession"
#: The pages a session whose password an admin reset may still reach.
PAGES_WHILE_MUST_CHANGE = frozenset({"/account/password", "/sign-out"})
#: The team page's key in the view cache. Change it with team_body.html.j2 or the Gantt, so that no
#: body an older release rendered (and stored in the database) is served by this one.
TEAM_PAGE = "team-page/3"


def page_caller(request: Request, context: Context) -> Caller:
    """The signed-in caller (by session cookie); SignInError sends the browser to /sign-in."""
    caller = identify(request, context)
    if caller is None or caller.csrf is None:
        raise SignInError("Sign in to see this page.")
    require_new_password(caller, request.url.path, allowed=PAGES_WHILE_MUST_CHANGE)
    return caller


Visitor = Annotated[Caller, Depends(page_caller)]
CsrfField = Annotated[str, Form(alias="csrf_token")]


def check_csrf(caller: Caller, sent: str) -> None:
    if caller.csrf is None or not compare_digest(sent, caller.csrf):
        raise AccessDeniedError("The form's security token is missing or old; reload the page and try again.")


def render(
    request: Request, name: str, caller: Caller | None, status_code: int = 200, **values: Any
) -> Response:
    """A page with the signed-in user, their CSRF token and the navigation filled in."""
    me = caller.principal if caller else None
    values.update(
        me=me,
        csrf=caller.csrf if caller else None,
        may={a.value: me.may(a) for a in Action} if me else {},
        layers=list(LAYERS),
        path=request.url.path,
    )
    return templates.TemplateResponse(request, name, values, status_code=status_code)


def page_error(request: Request, error: CertpathError) -> Response:
    """A certpath error on a page: the sign-in form for 401, otherwise the error page with its status."""
    status, _ = status_of(error)
    if status == 401 and request.url.path != "/sign-in":
        return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)
    if isinstance(error, PasswordChangeRequiredError):
        return RedirectResponse("/account/password", status_code=303)
    message = str(error.args[0]) if error.args else str(error)
    if isinstance(error, BudgetTooSmallError):
        message = f"{message} {budget_fix(error)}"
    elif isinstance(error, UnknownPersonError):
        message = f"{message} Upload a roster that lists them on the Rosters page first."
    elif isinstance(error, EmptyStoreError):
        message = f"{message} Upload a roster on the Rosters page first."
    elif isinstance(error, SettingError):
        message = f"{SETTING_FIELDS.get(error.setting, error.setting)} {error.value}: {error.reason}"
    elif isinstance(error, UnknownUserError | LastAdminError | PersonLinkRequiredError):
        message = f"{message} {account_fix(error)}"
    return problem_page(request, status, message, issues=list(getattr(error, "issues", ())))


#: The dashboard's name for each report setting.
SETTING_FIELDS = {
    "bus_factor": "Bus factor",
    "min_freshness": "Minimum freshness",
    "within_days": "Days ahead",
    "horizon": "Horizon",
    "objective": "Objective",
    "budget_usd": "Budget (USD)",
    "quarterly_budget_usd": "Quarterly budget (USD)",
    "cohort_size": "Cohort size",
    "time_limit_s": "Time limit (seconds)",
    "held": "Credentials held",
    "hours_per_week": "Hours a week",
    "ml_months": "Months of ML work",
    "title": "Job title",
}


def budget_fix(error: BudgetTooSmallError) -> str:
    """The fix for a budget too small, in the dashboard's terms: the field to raise."""
    field = "the Budget (USD) field" if error.kind == "budget" else "the quarterly budget"
    otherwise = f", or {error.otherwise}" if error.otherwise else ""
    return f"Raise {field} to at least USD {error.required:,.0f}{otherwise}, then build the plan again."


def account_fix(error: UnknownUserError | LastAdminError | PersonLinkRequiredError) -> str:
    """The fix for an account error, in the dashboard's terms: the page or field to use."""
    if isinstance(error, UnknownUserError):
        return (
            "The Users page lists them." if error.token_id is None else "Their user page lists their tokens."
        )
    if isinstance(error, LastAdminError):
        return "Make another user admin first (on the Users page, open them and set Role to admin), then try again."
    return "Fill in the Roster person (employee id) field."


def problem_page(
    request: Request,
    status: int,
    message: str,
    *,
    issues: Sequence[Issue] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The error page (with the navigation when someone is signed in) for `status`, saying `message`."""
    context = context_of(request)
    try:
        caller = identify(request, context)
    except CertpathError:
        caller = None
    response = render(
        request, "error.html.j2", caller, status_code=status, status=status, message=message, issues=issues
    )
    response.headers.update(headers or {})
    return response


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/") -> Response:
    token = request.cookies.get(PRE_SESSION) or new_secret()
    response = render(request, "sign_in.html.j2", None, next=_local(next), form_token=token, failed=None)
    response.set_cookie(PRE_SESSION, token, httponly=True, samesite="strict", secure=secure_cookies(request))
    return response


def _local(target: str) -> str:
    """Only same-site paths after sign-in (no open redirect).

    Browsers read a backslash as a slash and drop tabs and newlines inside a URL, so a path with a
    backslash or a control character can leave the site as surely as `//evil.example` does.
    """
    if any(ord(c) < 0x20 or c in "\\\x7f" for c in target):
        return "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/sign-in")
def sign_in(
    request: Request,
    context: Context,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    form_token: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    expected = request.cookies.get(PRE_SESSION, "")
    if not expected or not compare_digest(form_token, expected):
        raise AccessDeniedError("The sign-in form is old; reload the page and try again.")
    try:
        work = context.account_work(username)
        cookie, _ = open_session(work, username, password, address=client_address(request))
    except SignInError as error:
        status = 429 if isinstance(error, RateLimitedError) else 401
        return render(
            request,
            "sign_in.html.j2",
            None,
            status_code=status,
            next=_local(next),
            form_token=expected,
            failed=str(error),
        )
    response = RedirectResponse(_local(next), status_code=303)
    set_session_cookie(request, response, cookie)
    response.delete_cookie(PRE_SESSION)
    return response


@router.post("/sign-out")
def sign_out(request: Request, context: Context, caller: Visitor, csrf: CsrfField) -> Response:
    check_csrf(caller, csrf)
    end(context.account_work(caller.principal.username), request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def overview(request: Request, context: Context, caller: Visitor) -> Response:
    me = caller.principal
    try:
        summary = overview_of(context, me)
    except InputError as error:  # an empty store: say what to do first
        return render(request, "overview.html.j2", caller, summary=None, empty=str(error))
    log_access(context, me, "read.overview", "team", "*")
    return render(request, "overview.html.j2", caller, summary=summary, empty=None)


@router.get("/teams/{team:path}")  # a team name may hold "/" ("ML / AI")
def team_page(request: Request, team: str, context: Context, caller: Visitor) -> Response:
    me = caller.principal
    key = context.view_key(me, TEAM_PAGE, team)
    body = cached_view(context.engine, key, lambda: _team_body(context, me, team), now=context.now())
    log_access(context, me, "read.team", "team", team)
    # The cached body is HTML that _team_body rendered with the autoescaping environment above,
    # so every stored value in it is already escaped; marking it safe does not let markup through.
    return render(request, "team.html.j2", caller, team=team, body=Markup(body))


def _team_body(context: AppContext, me: Principal, team: str) -> str:
    page = team_of(context, me, team)
    rows = heatmap(page["gaps"].matrix, page["names"])
    bars, ticks = gantt(page["assignments"], page["names"])
    may = {a.value: me.may(a) for a in Action}
    values = dict(page, team=team, rows=rows, bars=bars, ticks=ticks, layers=list(LAYERS), may=may)
    return templates.get_template("team_body.html.j2").render(**values)


@router.get("/people/{person_id}")
def person_page(request: Request, person_id: str, context: Context, caller: Visitor) -> Response:
    me = caller.principal
    page = build(
        context.unit_of_work(me.username), context.catalogue, person_id, scope=me.scope, today=context.today()
    )
    log_access(context, me, "read.person", "person", person_id)
    bars, ticks = gantt(page.assignments, {page.person.id: page.person.name})
    items = sorted({*context.catalogue.courses, *context.catalogue.credentials})
    return render(
        request,
        "person.html.j2",
        caller,
        page=page,
        bars=bars,
        ticks=ticks,
        items=items,
        today=context.today(),
    )


@router.get("/audit-log")
def audit_log_page(
    request: Request, context: Context, caller: Visitor, action: str | None = None, actor: str | None = None
) -> Response:
    caller.principal.require(Action.READ_AUDIT_LOG)
    work = context.account_work(caller.principal.username, autocommit=True)
    rows = read_audit_log(work, action=action or None, actor=actor or None, limit=200)
    return render(request, "audit_log.html.j2", caller, rows=rows, action=action or "", actor=actor or "")
