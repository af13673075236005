"""axe-core (vendored from npm) in Chromium: no serious or critical WCAG violation on the pages people use."""

from urllib.parse import urljoin

import pytest
from django.urls import reverse

from limpia.core.tests.browser import browser_page, log_in
from limpia.core.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Loaded from the site's own static files: the Content-Security-Policy refuses an inline copy of the script.
AXE = "/static/vendor/axe-core/axe.min.js"
RUN = """axe.run({resultTypes: ['violations']}).then(r => r.violations
  .filter(v => ['serious', 'critical'].includes(v.impact))
  .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`))"""


def _violations(page, url):
    page.goto(url)
    page.add_script_tag(url=urljoin(url, AXE))
    return page.evaluate(RUN)


def public_pages(world) -> list[str]:
    """Every page of the public site (the portal), as the public sees it."""
    return [reverse("core:home"), reverse("portal:agreements"), reverse("portal:agreements") + "?q=APL",
            reverse("portal:agreement", args=[world.a.agreement.code]), reverse("portal:certified"),
            reverse("portal:certified") + "?q=Empresa", reverse("portal:region", args=[world.a.region.cut]),
            reverse("portal:indicators"), reverse("portal:open-data"), reverse("portal:verify-form"),
            reverse("public:cases"), reverse("accounts:login")]  # fmt: skip


def test_pages_have_no_serious_or_critical_violations(live_server, world):
    from limpia.mrv import accounting

    accounting.compute(accounting.new_version(reason="prueba"))  # MRV pages with figures and charts
    pages = {
        "staff": [
            reverse("core:dashboard"),
            reverse("agreements:agreement-list"),
            world.a.agreement.get_absolute_url(),
            reverse("agreements:agreement-create"),
            reverse("registry:company-list"),
            world.a.company.get_absolute_url(),
            reverse("registry:installation-list"),
            world.a.installation.get_absolute_url(),
            reverse("registry:import"),
            reverse("accounts:profile"),
            world.a.audit.get_absolute_url(),
            reverse("audits:compliance", args=[world.a.audit.pk]),
            reverse("audits:line-list", args=[world.a.audit.pk]),
            world.a.line.get_absolute_url(),
            reverse("audits:auditor-list"),
            world.a.auditor.get_absolute_url(),
            world.a.certificate.get_absolute_url(),
            reverse("mrv:dashboard"),
            reverse("mrv:agreement", args=[world.a.agreement.pk]),
            reverse("mrv:installation", args=[world.a.installation.pk]),
            reverse("mrv:report-list"),
            world.a.mrv_report.get_absolute_url(),
            reverse("mrv:calculator"),
            reverse("mrv:factor-sets"),
            reverse("mrv:national-reports"),
            reverse("programs:overview"),
            world.a.goal.get_absolute_url(),
            reverse("programs:regions"),
            world.a.committee.get_absolute_url(),
            reverse("programs:funding"),
            world.a.call.get_absolute_url(),
            world.a.application.get_absolute_url(),
            reverse("programs:activity-list"),
            world.a.activity.get_absolute_url(),
            reverse("programs:case-list"),
            world.a.case.get_absolute_url(),
            reverse("programs:inspection") + "?rut=76.123.456-0",
        ],
        "auditor": [world.a.line.get_absolute_url(), reverse("audits:lines-import", args=[world.a.audit.pk])],
        "company": [
            reverse("agreements:inbox"),
            reverse("agreements:adhesion-detail", args=[world.a.adhesion.pk]),
            reverse("mrv:import-start"),
            reverse("mrv:report-form", args=[world.a.installation.pk]),
        ],
    }
    found = {}
    from limpia.audits.certificates import verification_code

    with browser_page() as page:
        found["login"] = _violations(page, live_server.url + reverse("accounts:login"))
        for url in public_pages(world):
            found[url] = _violations(page, live_server.url + url)
        found["verify"] = _violations(page, live_server.url + f"/verificar/{verification_code(world.a.certificate)}/")
        for role, urls in pages.items():
            log_in(page, live_server.url, world.users[role].email, PASSWORD)
            for url in urls:
                found[url] = _violations(page, live_server.url + url)
            page.get_by_role("button", name="Salir").click()
    assert {url: v for url, v in found.items() if v} == {}
