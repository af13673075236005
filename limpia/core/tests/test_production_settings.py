"""Production settings refuse to start unsafely (issue 15, item 9): no default secret, `check --deploy` clean,
counters in a shared cache, a Content-Security-Policy without inline script, a Permissions-Policy, and every
served file an attachment (or a checked image) that the browser may not sniff."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from limpia.agreements import services as agreement_services
from limpia.core.security import create_cache_table

ROOT = Path(django_settings.BASE_DIR)
SECRET = "k3y-" + "x7Qp2" * 10  # 54 characters, not the development default
# A PDF that is also an HTML page with a script: what an attacker would upload to run script on the site.
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"


def _run(code_or_args, tmp_path, **env) -> subprocess.CompletedProcess:
    """Python (`-c code`) or the `limpia` command in a fresh process with the given environment (SQLite in tmp)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LIMPIA_", "DJANGO_", "REDIS_URL"))}
    base.pop("DATABASE_URL", None)
    base.update({"LIMPIA_DATA_DIR": str(tmp_path), "LIMPIA_ALLOWED_HOSTS": "limpia.example.cl", **env})
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else ["-m", "limpia", *code_or_args]
    return subprocess.run([sys.executable, *args], env=base, cwd=ROOT, capture_output=True, text=True, timeout=300)


SETUP = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'limpia.settings'); django.setup(); "


@pytest.mark.parametrize("secret", [None, "dev-only-insecure-key-change-me-in-production", "corta"])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret):
    env = {"LIMPIA_ENV": "production"} | ({"LIMPIA_SECRET_KEY": secret} if secret else {})
    result = _run(SETUP + "print('started')", tmp_path, **env)
    assert result.returncode != 0 and "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr and "LIMPIA_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, LIMPIA_ENV="production",
                  LIMPIA_SECRET_KEY=SECRET)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_turning_off_the_https_redirect_is_explicit_and_still_clean(tmp_path):
    """Behind a TLS-terminating proxy that redirects itself: LIMPIA_SECURE_SSL_REDIRECT=0 silences W008 only."""
    code = SETUP + "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SILENCED_SYSTEM_CHECKS)"
    result = _run(code, tmp_path, LIMPIA_ENV="production", LIMPIA_SECRET_KEY=SECRET, LIMPIA_SECURE_SSL_REDIRECT="0")
    assert result.stdout.strip() == "False ['security.W008']", result.stderr


def test_production_counters_live_in_a_shared_cache_never_in_process_memory(tmp_path):
    code = SETUP + "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    database = _run(code, tmp_path, LIMPIA_ENV="production", LIMPIA_SECRET_KEY=SECRET)
    assert database.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", database.stderr
    redis = _run(code, tmp_path, LIMPIA_ENV="production", LIMPIA_SECRET_KEY=SECRET, REDIS_URL="redis://r:6379/1")
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_database_cache_table():
    """`migrate` ends with post_migrate, which creates the table of a database cache (none for other caches)."""
    caches = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "limpia_cache_t"}}
    with override_settings(CACHES=caches):
        create_cache_table(using="default")
        assert "limpia_cache_t" in connection.introspection.table_names()
        from django.core.cache import caches as live

        live["default"].set("k", 1)
        assert live["default"].get("k") == 1
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE limpia_cache_t")
    from django.db.models.signals import post_migrate

    assert any("limpia-cache-table" in str(entry[0]) for entry in post_migrate.receivers)


@pytest.mark.django_db
def test_pages_carry_a_policy_without_inline_script_and_a_permissions_policy():
    response = Client().get(reverse("core:home"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and "unsafe" not in policy["script-src"]
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'" and policy["style-src-elem"] == "'self'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_event_handlers():
    """The policy forbids them, so none may remain: <script> without src (except JSON data), on…= attributes,
    javascript: links."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|\son[a-z]+\s*=|javascript:", re.I)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "limpia").rglob("templates/**/*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.django_db
def test_an_uploaded_pdf_that_is_also_html_is_served_as_an_attachment_never_sniffed(world):
    """A polyglot: starts with %PDF- (accepted as a PDF) but is an HTML page with a script. It is downloaded,
    with its checked type, `nosniff` and a sandboxing policy: never rendered as a page of the site."""
    upload = SimpleUploadedFile("acta.pdf", POLYGLOT, content_type="text/html")
    document = agreement_services.add_document(world.a.agreement, by=world.users["staff"], upload=upload,
                                               kind=world.a.document.kind, title="Acta")  # fmt: skip
    client = Client()
    client.force_login(world.users["staff"])
    response = client.get(reverse("agreements:document-download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"] and "script-src" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_only_real_png_or_jpeg_images_are_shown_inline(world):
    """A success-case image whose stored bytes are PNG is shown inline; one recorded as image/png whose bytes are
    not (altered on disk) is downloaded instead."""
    from limpia.programs import services as program_services
    from limpia.programs.choices import CaseStatus

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    case = world.a.case
    image = program_services.add_case_image(case, SimpleUploadedFile("a.png", png), by=world.users["staff"],
                                            alt_text="Planta")  # fmt: skip
    type(case).objects.filter(pk=case.pk).update(status=CaseStatus.PUBLISHED)
    shown = Client().get(reverse("public:case-image", args=[image.pk]))
    assert shown["Content-Type"] == "image/png" and shown["X-Content-Type-Options"] == "nosniff"
    assert shown["Content-Disposition"].startswith("inline")
    with open(image.file.path, "wb") as handle:
        handle.write(POLYGLOT)
    altered = Client().get(reverse("public:case-image", args=[image.pk]))
    assert altered["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_generated_pdfs_are_attachments_never_sniffed(world):
    client = Client()
    client.force_login(world.users["staff"])
    response = client.get(reverse("audits:certificate-pdf", args=[world.a.certificate.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
