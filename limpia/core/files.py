"""Uploaded files: type sniffed from the content (never the name), size limit, SHA-256."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

# The types the platform accepts, by their first bytes; Office Open XML and OpenDocument are ZIP
# containers told apart by their content.
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]
ZIP_KINDS = [
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
]
EXTENSIONS = {
    "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}  # fmt: skip


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    mime_type: str
    sha256: str
    size: int


def sniff_mime(content: bytes) -> str | None:
    """The type the bytes really are, among the accepted ones; None for anything else."""
    for prefix, mime in MAGIC:
        if content.startswith(prefix):
            return mime
    if content.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    return None


def _zip_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "ignore").strip()
                return declared if declared in EXTENSIONS else None
    except zipfile.BadZipFile:
        return None
    return next((mime for folder, mime in ZIP_KINDS if any(n.startswith(folder) for n in names)), None)


def check_upload(upload, *, max_bytes: int | None = None) -> CheckedFile:
    """Read an upload, refuse it when too large or of a type not accepted, and fingerprint it."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1e6, 1), "limit": round(limit / 1e6, 1)}
        )
    content = upload.read()
    mime = sniff_mime(content)
    if mime is None:
        raise ValidationError(
            _("This type of file is not accepted; upload a PDF, an image (PNG, JPEG) or an office document.")
        )
    return CheckedFile(content=content, mime_type=mime, sha256=hashlib.sha256(content).hexdigest(), size=len(content))


def store_content(field_file, content: bytes) -> None:
    """Store under the field's content-addressed name; identical content is kept once."""
    name = field_file.field.generate_filename(field_file.instance, "upload")
    if field_file.storage.exists(name):
        field_file.name = name
    else:
        field_file.save(name, ContentFile(content), save=False)


def attach(stored, upload, *, by) -> None:
    """Check `upload` and fill a StoredFile subclass from it (type, fingerprint, size, uploader), then
    store the content under the record's content-addressed name. The caller saves the record."""
    checked = check_upload(upload)
    stored.original_name = upload.name[:255]
    stored.sha256, stored.size, stored.mime_type = checked.sha256, checked.size, checked.mime_type
    stored.uploaded_by = by
    stored.full_clean(exclude=["file"])
    store_content(stored.file, checked.content)


def content_name(folder: str, stored) -> str:
    """`folder/<sha256>.<ext>`: identical content is stored once; the name says nothing of the holder."""
    return f"{folder}/{stored.sha256}.{EXTENSIONS.get(stored.mime_type, 'bin')}"


# Stored files that may be shown inside a page (an <img>), by the bytes they must begin with.
INLINE_IMAGES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
# A served file is never a page: it runs no script and loads nothing, even if a browser renders it.
FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def file_response(handle, *, content_type: str, filename: str, inline: bool = False):
    """The one way a stored or generated file is served: downloaded as an attachment (a PDF that is also HTML
    is saved, never rendered as a page of this site), with its type fixed (`nosniff`) and a policy that forbids
    script. `inline` only for what a page shows itself (checked images)."""
    from django.http import FileResponse

    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return response


def download_response(stored, *, inline_image: bool = False):
    """An uploaded file with its original name and checked type. With `inline_image`, a PNG or JPEG whose stored
    bytes really begin as one may be shown inline (in an <img>); anything else is still an attachment."""
    handle = stored.file.open("rb")
    inline = False
    if inline_image and stored.mime_type in INLINE_IMAGES:
        magic = INLINE_IMAGES[stored.mime_type]
        inline = handle.read(len(magic)) == magic
        handle.seek(0)
    return file_response(handle, content_type=stored.mime_type, filename=stored.original_name, inline=inline)
