"""Certificate PDFs (WeasyPrint, with the APL seal and a QR code of the public verification address)
and the unguessable verification codes."""

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from limpia.audits.models import Certificate

SALT = "limpia.audits.certificate-verification"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=".")


def verification_code(certificate: Certificate) -> str:
    """The certificate's number signed with the site's key: a code nobody can make up or alter."""
    return _signer().sign(certificate.number)


def certificate_for_code(code: str) -> Certificate | None:
    """The certificate a code names; None for a tampered or unknown code."""
    try:
        number = _signer().unsign(code)
    except signing.BadSignature:
        return None
    return (
        Certificate.objects.select_related("installation__comuna", "company", "agreement").filter(number=number).first()
    )


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("public:verify", args=[verification_code(certificate)])


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (segno), for the certificate and its page."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, dark="#0b3d2e")


def render_pdf(certificate: Certificate) -> bytes:
    """The certificate in Spanish, whatever the language of whoever asked for it."""
    from weasyprint import HTML

    url = verification_url(certificate)
    with translation.override("es-cl"):
        html = render_to_string("audits/certificate_pdf.html", {"c": certificate, "url": url, "qr": qr_svg(url)})
    return HTML(string=html).write_pdf()


def store_pdf(certificate: Certificate) -> bool:
    """Render and store the PDF unless one is stored meanwhile: the record takes the file name only while it has
    none (a conditional update), so two workers, or a worker and a download, never both store one. True when
    this call stored it."""
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(render_pdf(certificate)), save=False)
    if Certificate.objects.filter(pk=certificate.pk, pdf="").update(pdf=certificate.pdf.name):
        return True
    certificate.pdf.storage.delete(certificate.pdf.name)
    certificate.pdf.name = Certificate.objects.values_list("pdf", flat=True).get(pk=certificate.pk)
    return False
