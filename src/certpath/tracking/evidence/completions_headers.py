"""How completions CSVs name their columns and statuses: one alias table for every LMS export.

Fields: who (employee id, or the work e-mail), item (catalogue id or exact name), completed_on;
optional expires_on, status, credential_id, url, note, evidence_id. ALIASES is the one table of
the headers LMS and LXP exports give them (compared like roster headers: without case, spaces,
punctuation or decoration), as their report builders name the columns (as of 2026-12):

- Cornerstone transcript reports: User ID, Training Title, Transcript Status, Transcript
  Completed Date, Training Record Expiration Date
  (https://help.csod.com/help/csod_0/Content/Reporting/Analytics/Custom_Reports_Project/Transcript_Report.htm).
- Pluralsight course completions: User ID, Email, Course ID, Course name, Completion date,
  Completion status (https://pluralsight.com/product/professional-services/resources/api).
- Docebo enrolments as its report API names them: user_id, course_id, enrollment_completion_date,
  enrollment_status, enrollment_validity_end_date
  (https://fivetran.com/docs/connectors/applications/docebo/connector-schema.md); its CSV reports
  say Username, Course Code, Course Name, Completion Date, Status.
- LinkedIn Learning: Unique User ID and Email name the learner
  (https://www.linkedin.com/help/learning/answer/a723459); Content Title, Completion Date.
- Workday Learning (Employee ID, Learning Content, Completion Date, Completion Status, Expiration
  Date), Degreed (Employee ID, Content Title, Completed Date) and SAP SuccessFactors Learning
  item history (User ID, Item ID, Item Title, Completion Date, Completion Status, Expiration
  Date): headers of typical exports, not checked here against each vendor's documentation.
"""

from __future__ import annotations

from certpath.roster.columns import header_keys
from certpath.tracking.model import EvidenceStatus

#: certpath field -> header aliases (squashed), most specific first.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employeeid",
        "employeenumber",
        "employee",
        "userid",
        "uniqueuserid",
        "learnerid",
        "workerid",
        "personid",
        "associateid",
        "username",
        "member",
        "person",
    ),
    "email": ("email", "workemail", "emailaddress", "useremail", "learneremail", "primaryemail", "mail"),
    "item": (
        "item",
        "itemid",
        "credential",
        "certification",
        "certificationname",
        "course",
        "coursecode",
        "courseid",
        "coursename",
        "coursetitle",
        "trainingtitle",
        "trainingname",
        "training",
        "itemtitle",
        "itemname",
        "contenttitle",
        "contentname",
        "learningcontent",
        "learningitem",
        "activityname",
    ),
    "completed_on": (
        "completedon",
        "completed",
        "completiondate",
        "completeddate",
        "datecompleted",
        "transcriptcompleteddate",
        "completedat",
        "completedatutc",
        "completiontime",
        "enrollmentcompletiondate",
        "passedon",
        "dateachieved",
        "date",
    ),
    "expires_on": (
        "expireson",
        "expires",
        "expiry",
        "expirydate",
        "expirationdate",
        "expiresat",
        "validuntil",
        "trainingrecordexpirationdate",
        "certificationexpirationdate",
        "enrollmentvalidityenddate",
    ),
    "status": ("status", "result", "completionstatus", "transcriptstatus", "enrollmentstatus"),
    "credential_id": ("credentialid", "certificateid", "certificatenumber", "certificationnumber", "license"),
    "url": ("url", "link", "verificationurl", "credentialurl", "certificateurl"),
    "note": ("note", "notes", "comment", "comments"),
    "evidence_id": ("evidenceid", "recordid", "transcriptid", "id"),
}
REQUIRED = ("employee_id", "item", "completed_on")
#: How a file may name each required field, for the message when it names none.
EXAMPLES = {
    "employee_id": "employee_id, User ID or Email",
    "item": "item, Course, Training Title or Content Title",
    "completed_on": "completed_on, Completion Date or Completed Date",
}
STATUS: dict[str, EvidenceStatus] = {
    "": "completed",
    "completed": "completed",
    "complete": "completed",
    "passed": "completed",
    "pass": "completed",
    "in-progress": "in-progress",
    "in progress": "in-progress",
    "started": "in-progress",
    "incomplete": "in-progress",
    "failed": "failed",
    "fail": "failed",
}
#: Statuses of rows that are not completions yet: with no completion date, such a row is skipped
#: (a whole transcript export lists registrations and courses under way beside the completions).
NOT_YET = {
    "in-progress",
    "in progress",
    "started",
    "incomplete",
    "registered",
    "enrolled",
    "subscribed",
    "not started",
    "pending",
    "pending approval",
    "approved",
    "assigned",
    "waitlisted",
    "withdrawn",
    "cancelled",
    "canceled",
}


def header_map(header: list[str]) -> dict[str, list[int]]:
    """Field -> the columns that hold it, best alias first; each column serves one field."""
    keys = [header_keys(h) for h in header]
    found: dict[str, list[int]] = {}
    taken: set[int] = set()
    for field, names in ALIASES.items():
        for name in names:
            for index, readings in enumerate(keys):
                if index not in taken and name in readings:
                    found.setdefault(field, []).append(index)
                    taken.add(index)
    return found
