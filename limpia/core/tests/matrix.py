"""The permission matrix: the expected answer of every URL and API operation, per role and scope.

`RULES` is written by hand from domain.md §2; the test enumerates the URL configuration and
the API's operations, so a new URL without a rule here fails `test_every_url_has_a_rule`.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["staff", "regional", "association", "company", "auditor", "validator"]
ALL = frozenset(ROLES)
READERS = frozenset({"staff", "regional", "association", "company"})  # of companies and installations


@dataclass(frozen=True)
class Rule:
    """What a URL is, for the matrix.

    kind: public | entry (public; signed-in users are sent on) | login | list | detail | edit
    | create | post | delete | skip (covered by a named test elsewhere).
    """

    kind: str
    obj: str = ""
    own: frozenset = frozenset()  # roles that reach the object of their own scope (A)
    other: frozenset = frozenset({"staff"})  # roles that reach the object of the other scope (B)
    change: frozenset = frozenset()  # roles that may change the own object
    roles: frozenset = frozenset()  # create: roles allowed


def _object(obj, own, change, other=frozenset({"staff"})):
    return {
        "list": Rule("list", obj, own=own, other=other),
        "detail": Rule("detail", obj, own=own, other=other),
        "edit": Rule("edit", obj, own=own, other=other, change=change),
    }


COMPANY = _object("company", READERS, frozenset({"staff", "regional", "company"}))
INSTALLATION = _object("installation", READERS, frozenset({"staff", "regional", "company"}))
ASSOCIATION = _object("association", ALL, frozenset({"staff", "association"}), other=ALL)
AGENCY = _object("agency", ALL, frozenset({"staff", "validator"}), other=ALL)
CONTACT = _object("contact", READERS, frozenset({"staff", "regional", "company"}))
SIGNED = ALL - {"auditor"}  # who reaches an agreement of their scope: region, signatories, adhered company
AGREEMENT = _object("agreement", SIGNED, frozenset({"staff", "regional"}))
ADHESION = _object("adhesion", SIGNED, frozenset({"staff", "regional", "association", "company"}))

AUDIT = _object("audit", ALL, frozenset({"staff", "regional"}))  # the audited company and auditor read theirs
LINE = Rule("detail", "line", own=ALL)
CERTIFICATE = _object("certificate", SIGNED, frozenset({"staff"}))
AUDITOR = _object("auditor", ALL, frozenset({"staff"}), other=ALL)  # the registry of approved auditors
MRV_REPORT = _object("mrv_report", ALL, frozenset({"staff", "regional", "company"}))
FILLERS = frozenset({"staff", "regional", "auditor"})  # who may change lines of audit A
REGION_RECORD = _object("committee", ALL, frozenset({"staff", "regional"}), other=ALL)  # read by all, changed by region
APPLICATION = _object("application", frozenset({"staff", "regional", "company"}), frozenset({"staff", "regional"}))
CASE = _object("case", SIGNED, frozenset({"staff", "regional", "company"}))
INSPECTORS = frozenset({"staff", "regional", "validator"})

RULES: dict[str, Rule] = {
    "core:home": Rule("entry"),
    "core:dashboard": Rule("login"),
    "core:language": Rule("skip"),  # redirects with a cookie; limpia/portal/tests/test_portal.py
    "accounts:login": Rule("public"),
    "accounts:login-totp": Rule("skip"),  # needs a pending login; covered in accounts tests
    "accounts:logout": Rule("skip"),  # Django's LogoutView, POST only; covered in accounts tests
    "accounts:profile": Rule("login"),
    "accounts:token-create": Rule("post"),
    "accounts:token-revoke": Rule("skip"),  # own tokens only; covered in accounts tests
    "accounts:totp-setup": Rule("login"),
    "accounts:password-reset": Rule("public"),
    "accounts:password-reset-done": Rule("public"),
    "accounts:password-reset-confirm": Rule("skip"),  # needs a signed token; covered in accounts tests
    "accounts:password-reset-complete": Rule("public"),
    "registry:company-list": COMPANY["list"],
    "registry:company-create": Rule("create", roles=frozenset({"staff", "regional"})),
    "registry:company-detail": COMPANY["detail"],
    "registry:company-edit": COMPANY["edit"],
    "registry:installation-list": INSTALLATION["list"],
    "registry:installation-create": Rule("create", roles=frozenset({"staff", "regional", "company"})),
    "registry:installation-detail": INSTALLATION["detail"],
    "registry:installation-edit": INSTALLATION["edit"],
    "registry:association-list": ASSOCIATION["list"],
    "registry:association-create": Rule("create", roles=frozenset({"staff"})),
    "registry:association-detail": ASSOCIATION["detail"],
    "registry:association-edit": ASSOCIATION["edit"],
    "registry:association-member-add": Rule("post", "association"),
    "registry:association-member-remove": Rule("skip"),  # POST with a member; covered in registry screen tests
    "registry:membership-decide": Rule("post", "membership"),
    "registry:company-search": Rule("create", roles=frozenset({"staff", "auditor", "association"})),
    "registry:agency-list": AGENCY["list"],
    "registry:agency-create": Rule("create", roles=frozenset({"staff"})),
    "registry:agency-detail": AGENCY["detail"],
    "registry:agency-edit": AGENCY["edit"],
    "registry:contact-list": CONTACT["list"],
    "registry:contact-create": Rule("create", roles=ALL - {"auditor"}),
    "registry:contact-detail": CONTACT["detail"],
    "registry:contact-edit": CONTACT["edit"],
    "registry:contact-delete": Rule(
        "delete", "contact", own=READERS, change=frozenset({"staff", "regional", "company"})
    ),
    "registry:import": Rule("create", roles=frozenset({"staff", "regional"})),
    "registry:import-template": Rule("skip"),  # same guard as registry:import; covered in registry tests
    "agreements:agreement-list": AGREEMENT["list"],
    "agreements:agreement-create": Rule("create", roles=frozenset({"staff", "regional"})),
    "agreements:inbox": Rule("login"),
    "agreements:agreement-detail": AGREEMENT["detail"],
    "agreements:agreement-edit": AGREEMENT["edit"],
    "agreements:terms-edit": AGREEMENT["edit"],
    "agreements:action-create": AGREEMENT["edit"],
    "agreements:actions-import": AGREEMENT["edit"],
    "agreements:action-edit": Rule("edit", "action", own=SIGNED, change=AGREEMENT["edit"].change),
    "agreements:actions-template": AGREEMENT["detail"],
    "agreements:agreement-report": AGREEMENT["detail"],
    "agreements:adhesion-request": AGREEMENT["detail"],
    "agreements:agreement-transition": Rule("post", "agreement"),
    "agreements:agreement-extension": Rule("post", "agreement"),
    "agreements:document-upload": Rule("post", "agreement"),
    "agreements:goal-create": Rule("post", "agreement"),
    "agreements:committee-add": Rule("post", "agreement"),
    "agreements:meeting-add": Rule("post", "agreement"),
    "agreements:document-download": Rule("detail", "document", own=SIGNED),
    "agreements:adhesion-detail": ADHESION["detail"],
    "agreements:adhesion-decide": Rule("post", "adhesion"),
    "agreements:adhesion-withdraw": Rule("post", "adhesion"),
    "agreements:diagnosis-edit": Rule("edit", "diagnosis", own=SIGNED, change=ADHESION["edit"].change),
    "agreements:calendar-feed": Rule("skip"),  # signed personal address; covered in agreements tests
    "GET /api/v1/agreements": AGREEMENT["list"],
    "GET /api/v1/agreements/{item_id}": AGREEMENT["detail"],
    "GET /api/v1/agreements/{item_id}/timeline": AGREEMENT["detail"],
    "GET /api/v1/agreements/{item_id}/calendar": AGREEMENT["detail"],
    "GET /api/v1/adhesions": ADHESION["list"],
    "POST /api/v1/agreements": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/transitions": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/actions/import": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/adhesions": Rule("skip"),
    "POST /api/v1/adhesions/{item_id}/decision": Rule("skip"),
    "POST /api/v1/adhesions/{item_id}/withdrawal": Rule("skip"),
    "PATCH /api/v1/agreements/{item_id}": Rule("skip"),
    "PUT /api/v1/agreements/{item_id}/terms": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/extensions": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/documents": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/goals": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/actions": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/committee": Rule("skip"),
    "POST /api/v1/agreements/{item_id}/meetings": Rule("skip"),
    "PATCH /api/v1/adhesions/{item_id}/diagnosis": Rule("skip"),
    "audits:audit-list": AUDIT["list"],
    "audits:audit-open": AGREEMENT["edit"],
    "audits:audit-detail": AUDIT["detail"],
    "audits:audit-assign": Rule("post", "audit"),
    "audits:audit-approve": Rule("post", "audit"),
    "audits:audit-validate": Rule("post", "audit"),
    "audits:audit-close": Rule("post", "audit"),
    "audits:audit-certify": Rule("post", "audit"),
    "audits:audit-renew": Rule("post", "audit"),
    "audits:audit-publish": Rule("post", "audit"),
    "audits:lines-template": AUDIT["detail"],
    "audits:lines-import": Rule("detail", "audit", own=FILLERS),
    "audits:line-list": AUDIT["detail"],
    "audits:compliance": AUDIT["detail"],
    "audits:line-detail": LINE,
    "audits:line-fill": Rule("post", "line"),
    "audits:line-evidence": Rule("post", "line"),
    "audits:line-review": Rule("post", "line"),
    "audits:line-validate": Rule("post", "line"),
    "audits:evidence-download": Rule("detail", "evidence", own=ALL),
    "audits:assignment-plan": Rule("post", "assignment"),
    "audits:survey": Rule("detail", "assignment", own=ALL),
    "audits:auditor-list": AUDITOR["list"],
    "audits:auditor-apply": Rule("create", roles=frozenset({"staff", "auditor"})),
    "audits:auditor-detail": AUDITOR["detail"],
    "audits:auditor-document-upload": Rule("post", "auditor"),
    "audits:auditor-review": Rule("post", "auditor"),
    "audits:auditor-status": Rule("post", "auditor"),
    "audits:auditor-relation-add": Rule("post", "auditor"),
    "audits:agreement-search": Rule("create", roles=frozenset({"staff", "auditor"})),
    "audits:auditor-document": Rule("detail", "auditor_document", own=frozenset({"staff", "auditor"})),
    "audits:certificate-list": CERTIFICATE["list"],
    "audits:certificate-detail": CERTIFICATE["detail"],
    "audits:certificate-pdf": CERTIFICATE["detail"],
    "audits:certificate-state": Rule("post", "certificate"),
    "audits:certificate-reviews": Rule("create", roles=frozenset({"staff"})),  # national staff's review screen
    "audits:certificate-review": Rule("post", "certificate"),
    "audits:batch-detail": Rule("skip"),  # needs a ceremony; covered in limpia/audits/tests
    "audits:batch-resume": Rule("skip"),  # needs a stalled ceremony; covered in limpia/audits/tests/test_jobs.py
    "public:verify": Rule("skip"),  # signed code; covered in limpia/audits/tests/test_certificates.py
    "public:public-lists": Rule("skip"),  # public once published; covered in limpia/audits/tests
    "GET /api/v1/auditors": AUDITOR["list"],
    "GET /api/v1/auditors/{item_id}": AUDITOR["detail"],
    "POST /api/v1/auditors": Rule("skip"),
    "POST /api/v1/auditors/{item_id}/decision": Rule("skip"),
    "POST /api/v1/auditors/{item_id}/suspension": Rule("skip"),
    "POST /api/v1/auditors/{item_id}/relations": Rule("skip"),
    "GET /api/v1/audits": AUDIT["list"],
    "GET /api/v1/audits/{item_id}": AUDIT["detail"],
    "POST /api/v1/agreements/{item_id}/audits": Rule("skip"),
    "POST /api/v1/audits/{item_id}/assignments": Rule("skip"),
    "GET /api/v1/audits/{item_id}/lines": AUDIT["detail"],
    "GET /api/v1/audits/{item_id}/compliance": AUDIT["detail"],
    "GET /api/v1/audits/{item_id}/lines/template": AUDIT["detail"],
    "POST /api/v1/audits/{item_id}/lines/import": Rule("skip"),
    "GET /api/v1/audit-lines/{item_id}": LINE,
    "PATCH /api/v1/audit-lines/{item_id}": Rule("skip"),
    "GET /api/v1/audit-lines/{item_id}/evidence": LINE,
    "POST /api/v1/audit-lines/{item_id}/evidence": Rule("skip"),
    "GET /api/v1/evidence/{item_id}": Rule("detail", "evidence", own=ALL),
    "POST /api/v1/audit-lines/{item_id}/review": Rule("skip"),
    "POST /api/v1/audit-lines/{item_id}/validation": Rule("skip"),
    "POST /api/v1/audits/{item_id}/close": Rule("skip"),
    "POST /api/v1/audits/{item_id}/certificates": Rule("skip"),
    "GET /api/v1/certificate-batches/{item_id}": Rule("skip"),  # covered in limpia/audits/tests
    "GET /api/v1/certificates": CERTIFICATE["list"],
    "GET /api/v1/certificates/{item_id}": CERTIFICATE["detail"],
    "POST /api/v1/certificates/{item_id}/state": Rule("skip"),
    "mrv:dashboard": Rule("login"),
    "mrv:agreement": AGREEMENT["detail"],
    "mrv:installation": INSTALLATION["detail"],
    "mrv:report-form": INSTALLATION["edit"],
    "mrv:claim-add": Rule("post", "installation"),
    "mrv:import-start": Rule("login"),
    "mrv:template-csv": Rule("login"),
    "mrv:import": Rule("skip"),  # needs an upload; covered in limpia/mrv/tests/test_views.py
    "mrv:report-list": Rule("login"),
    "mrv:report": MRV_REPORT["detail"],
    "mrv:report-verify": Rule("post", "mrv_report"),
    "mrv:report-decide": Rule("post", "mrv_report"),
    "mrv:evidence-upload": Rule("post", "mrv_report"),
    "mrv:evidence-download": Rule("skip"),  # covered in limpia/mrv/tests/test_views.py
    "mrv:calculator": Rule("public"),
    "mrv:factor-sets": Rule("login"),
    "mrv:factor-set": Rule("skip"),  # reference data; covered in limpia/mrv/tests/test_views.py
    "mrv:national-reports": Rule("login"),
    "mrv:national-report": Rule("skip"),  # covered in limpia/mrv/tests/test_views.py
    "POST /api/v1/mrv/calculate": Rule("skip"),  # public, rate-limited; limpia/mrv/tests/test_api.py
    "GET /api/v1/mrv/variables": Rule("public"),
    "GET /api/v1/mrv/factor-sets": Rule("public"),
    "GET /api/v1/mrv/reports": MRV_REPORT["list"],
    "GET /api/v1/mrv/reports/{item_id}": MRV_REPORT["detail"],
    "POST /api/v1/mrv/reports": Rule("skip"),
    "POST /api/v1/mrv/imports": Rule("skip"),
    "GET /api/v1/mrv/imports/{item_id}": Rule("skip"),
    "POST /api/v1/mrv/reports/{item_id}/verification": Rule("skip"),
    "POST /api/v1/mrv/reports/{item_id}/decision": Rule("skip"),
    "POST /api/v1/mrv/claims": Rule("skip"),
    "GET /api/v1/mrv/figures": Rule("skip"),  # needs a year; limpia/mrv/tests/test_api.py
    "programs:overview": Rule("login"),
    "programs:goal-create": Rule("create", roles=frozenset({"staff"})),
    "programs:goal-detail": Rule("detail", "goal", own=ALL, other=ALL),
    "programs:goal-edit": Rule("edit", "goal", own=ALL, other=ALL, change=frozenset({"staff"})),
    "programs:regions": Rule("login"),
    "programs:committee-create": Rule("create", roles=frozenset({"staff"})),
    "programs:committee-detail": REGION_RECORD["detail"],
    "programs:committee-edit": REGION_RECORD["edit"],
    "programs:committee-member-add": Rule("post", "committee"),
    "programs:committee-meeting-add": Rule("post", "committee"),
    "programs:committee-agenda-add": Rule("post", "committee"),
    "programs:funding": Rule("login"),
    "programs:call-create": Rule("create", roles=frozenset({"staff"})),
    "programs:call-detail": Rule("detail", "call", own=ALL, other=ALL),
    "programs:application-detail": APPLICATION["detail"],
    "programs:application-evaluate": Rule("post", "application"),
    "programs:application-award": Rule("post", "application"),
    "programs:application-reject": Rule("post", "application"),
    "programs:application-disburse": Rule("post", "application"),
    "programs:application-expense": Rule("post", "application"),
    "programs:expense-review": Rule("post", "application"),
    "programs:activity-list": Rule("login"),
    "programs:activity-create": Rule("create", roles=frozenset({"staff", "regional"})),
    "programs:attendance-template": Rule("login"),
    "programs:activity-detail": Rule("detail", "activity", own=ALL, other=ALL),
    "programs:activity-attendance": Rule("post", "activity"),
    "programs:activity-count": Rule("post", "activity"),
    "programs:activity-import": Rule("post", "activity"),
    "programs:case-list": Rule("login"),
    "programs:case-create": Rule("create", roles=frozenset({"staff", "regional", "company"})),
    "programs:case-detail": CASE["detail"],
    "programs:case-edit": CASE["edit"],
    "programs:case-submit": Rule("post", "case"),
    "programs:case-publish": Rule("post", "case"),
    "programs:case-send-back": Rule("post", "case"),
    "programs:case-refresh": Rule("post", "case"),
    "programs:case-indicator-add": Rule("post", "case"),
    "programs:case-image-add": Rule("post", "case"),
    "programs:territory": Rule("skip"),  # needs a territorial agreement; limpia/programs/tests/test_views.py
    "programs:territory-add": Rule("skip"),  # idem
    "programs:project": Rule("skip"),  # needs a pre-investment agreement; limpia/programs/tests/test_views.py
    "programs:project-add": Rule("skip"),  # idem
    "programs:commitment-follow-up": Rule("post", "case"),
    "programs:inspection": Rule("create", roles=INSPECTORS),
    "public:cases": Rule("public"),
    "public:case": Rule("skip"),  # published cases only; limpia/programs/tests/test_views.py
    "public:case-image": Rule("skip"),  # idem
    "GET /api/v1/programs/goals": Rule("login"),
    "GET /api/v1/programs/goals/{item_id}": Rule("detail", "goal", own=ALL, other=ALL),
    "GET /api/v1/programs/goals/{item_id}/records": Rule("detail", "goal", own=ALL, other=ALL),
    "GET /api/v1/programs/committees": Rule("login"),
    "GET /api/v1/programs/calls": Rule("list", "call", own=ALL, other=ALL),
    "POST /api/v1/programs/calls/{item_id}/applications": Rule("skip"),
    "GET /api/v1/programs/applications": APPLICATION["list"],
    "POST /api/v1/programs/applications/{item_id}/evaluation": Rule("skip"),
    "POST /api/v1/programs/applications/{item_id}/award": Rule("skip"),
    "GET /api/v1/programs/activities": Rule("list", "activity", own=ALL, other=ALL),
    "POST /api/v1/programs/activities/{item_id}/attendance": Rule("skip"),
    "GET /api/v1/programs/success-cases": CASE["list"],
    "GET /api/v1/programs/inspection": Rule("create", roles=INSPECTORS),
    "portal:agreements": Rule("public"),
    "portal:agreement": Rule("skip"),  # by code; limpia/portal/tests/test_portal.py
    "portal:certified": Rule("public"),
    "portal:region": Rule("skip"),  # by CUT code; limpia/portal/tests/test_portal.py
    "portal:indicators": Rule("public"),
    "portal:open-data": Rule("public"),
    "portal:datapackage": Rule("public"),
    "portal:dataset": Rule("skip"),  # by name and format; limpia/portal/tests/test_portal.py
    "portal:verify-form": Rule("public"),
    "portal:sitemap": Rule("public"),
    "portal:robots": Rule("public"),
    "portal:publication": Rule("skip"),  # national staff only; limpia/portal/tests/test_portal.py
    **{
        f"GET /api/v1/public/{name}": Rule("public")
        for name in ("acuerdos", "instalaciones-certificadas", "indicadores", "metas", "casos-de-exito", "regiones")
    },
    "set_language": Rule("skip"),  # Django's language switch (POST, no data)
    "api:openapi-json": Rule("public"),
    "api:openapi-view": Rule("public"),
    # API operations: "METHOD /path" as in the OpenAPI document. Writes are "skip" here and
    # covered with payloads in limpia/registry/tests/test_api.py (own scope, other scope, roles).
    "GET /api/v1/registry/regions": Rule("login"),
    "GET /api/v1/registry/comunas": Rule("login"),
    "POST /api/v1/registry/imports/{kind}": Rule("skip"),
    "POST /api/v1/registry/associations/{item_id}/members": Rule("skip"),
    "DELETE /api/v1/registry/associations/{item_id}/members/{company_id}": Rule("skip"),
    "GET /api/v1/registry/memberships": Rule("list", "membership", own=frozenset({"staff", "association", "company"})),
    "POST /api/v1/registry/memberships/{item_id}/decision": Rule("skip"),  # limpia/registry/tests/test_membership.py
    "DELETE /api/v1/registry/contacts/{item_id}": Rule("skip"),
    "GET /api/v1/registry/companies": COMPANY["list"],
    "GET /api/v1/registry/companies/{item_id}": COMPANY["detail"],
    "GET /api/v1/registry/companies/{item_id}/history": COMPANY["detail"],
    "POST /api/v1/registry/companies": Rule("skip"),
    "PATCH /api/v1/registry/companies/{item_id}": Rule("skip"),
    "GET /api/v1/registry/installations": INSTALLATION["list"],
    "GET /api/v1/registry/installations/{item_id}": INSTALLATION["detail"],
    "GET /api/v1/registry/installations/{item_id}/history": INSTALLATION["detail"],
    "POST /api/v1/registry/installations": Rule("skip"),
    "PATCH /api/v1/registry/installations/{item_id}": Rule("skip"),
    "GET /api/v1/registry/associations": ASSOCIATION["list"],
    "GET /api/v1/registry/associations/{item_id}": ASSOCIATION["detail"],
    "GET /api/v1/registry/associations/{item_id}/history": ASSOCIATION["detail"],
    "POST /api/v1/registry/associations": Rule("skip"),
    "PATCH /api/v1/registry/associations/{item_id}": Rule("skip"),
    "GET /api/v1/registry/agencies": AGENCY["list"],
    "GET /api/v1/registry/agencies/{item_id}": AGENCY["detail"],
    "GET /api/v1/registry/agencies/{item_id}/history": AGENCY["detail"],
    "POST /api/v1/registry/agencies": Rule("skip"),
    "PATCH /api/v1/registry/agencies/{item_id}": Rule("skip"),
    "GET /api/v1/registry/contacts": CONTACT["list"],
    "GET /api/v1/registry/contacts/{item_id}": CONTACT["detail"],
    "GET /api/v1/registry/contacts/{item_id}/history": CONTACT["detail"],
    "POST /api/v1/registry/contacts": Rule("skip"),
    "PATCH /api/v1/registry/contacts/{item_id}": Rule("skip"),
}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from _walk(pattern.url_patterns, f"{namespace}:{ns}".strip(":") if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def ui_url_names(urlconf=None) -> set[str]:
    """Every named URL of the site except the Django admin (staff-only, its own checks) and API paths."""
    names = set(_walk(get_resolver(urlconf).url_patterns))
    return {
        n for n in names if not n.startswith("admin:") and (not n.startswith("api:") or n.startswith("api:openapi"))
    }


def api_operations(api=None) -> set[str]:
    """Every operation of the API as «METHOD /api/v1/path»."""
    from limpia.core.api import api as default_api

    schema = (api or default_api).get_openapi_schema(path_prefix="/api/v1")
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def uncovered(urlconf=None, api=None) -> set[str]:
    return (ui_url_names(urlconf) | api_operations(api)) - set(RULES)
