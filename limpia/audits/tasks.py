"""Background work of audits: a ceremony's certificate PDFs, and the daily watch of validity
(expiry, and warnings to the company 90 and 30 days before)."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from limpia.audits import certificates, services
from limpia.audits.choices import BatchStatus, CertificateState
from limpia.audits.models import Certificate, CertificateBatch
from limpia.core import jobs
from limpia.core.scheduling import schedule_daily

WARN_DAYS = (90, 30)
WATCH_AT_HOUR = 6


@task()
def generate_certificates(batch_id: int) -> int:
    """Render every PDF of the batch not stored yet, counting progress (the batch page polls it); how many this
    run stored. A batch whose worker died is resumed by another worker (limpia.core.jobs): the PDFs stored
    are skipped and each PDF is stored once (`certificates.store_pdf`), so no certificate is generated twice."""
    batch = CertificateBatch.objects.get(pk=batch_id)
    if not jobs.claim(batch):
        return 0  # finished, or a live worker holds it
    pending = Certificate.objects.filter(batch_id=batch_id, pdf="")
    stored_before = Certificate.objects.filter(batch_id=batch_id).exclude(pdf="").count()
    CertificateBatch.objects.filter(pk=batch_id).update(status=BatchStatus.RUNNING, done=stored_before, error="")
    stored = 0
    try:
        for certificate in pending.select_related("agreement", "installation__comuna__region", "company"):
            jobs.beat(batch)
            if certificates.store_pdf(certificate):
                stored += 1
                CertificateBatch.objects.filter(pk=batch_id).update(done=F("done") + 1)
    except jobs.LeaseLost:
        return stored  # another worker took the batch over and goes on from here
    except Exception as exc:
        jobs.release(batch, status=BatchStatus.FAILED, error=str(exc)[:500])
        raise
    jobs.release(batch, status=BatchStatus.DONE)
    return stored


@task()
def watch_certificates() -> dict:
    """Expire certificates past their date and warn holders 90 and 30 days ahead; then queue tomorrow's run."""
    today = timezone.localdate()
    result = {"expired": services.expire_certificates(today), "warned": send_expiry_warnings(today)}
    schedule_watch()
    return result


def schedule_watch():
    return schedule_daily(watch_certificates, WATCH_AT_HOUR)


def send_expiry_warnings(today) -> int:
    """E-mail each holder's representatives once per threshold; the sending is recorded on the certificate."""
    sent = 0
    for days in WARN_DAYS:
        field = f"warned_{days}_on"
        due = Certificate.objects.filter(
            state=CertificateState.VALID, valid_until__lte=today + timedelta(days=days), valid_until__gte=today,
            **{f"{field}__isnull": True},
        ).select_related("company", "installation", "agreement")  # fmt: skip
        for certificate in due:
            sent += _warn(certificate, days)
            Certificate.objects.filter(pk=certificate.pk).update(**{field: today})
    return sent


def _warn(certificate: Certificate, days: int) -> int:
    from limpia.accounts.models import RoleAssignment

    recipients = list(
        RoleAssignment.objects.filter(company=certificate.company, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("audits/expiry_email.txt", {"c": certificate, "days": days, "site": settings.SITE_URL})
        subject = translation.gettext("Limpia: certificate %(n)s expires in %(d)s days") % {
            "n": certificate.number, "d": days}  # fmt: skip
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return 1
