"""Shared building blocks: timestamps and the record of loaded reference datasets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change times."""

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        abstract = True


def user_reference(name, **extra) -> models.ForeignKey:
    """An optional «who did it» reference to a user (reviewed by, decided by…), never cascading."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=name, **extra,
    )  # fmt: skip


class ReferenceDataset(models.Model):
    """One loaded version of a reference data file (regions, activity codes, factors…)."""

    name = models.CharField(max_length=80, verbose_name=_("dataset"))
    version = models.CharField(max_length=40, verbose_name=_("version"))
    source = models.CharField(max_length=300, verbose_name=_("source"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256 of the files"))
    rows = models.PositiveIntegerField(verbose_name=_("rows"))
    loaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("loaded at"))

    class Meta:
        verbose_name = _("reference dataset")
        verbose_name_plural = _("reference datasets")
        ordering = ["name", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="unique_dataset_version")]

    def __str__(self):
        return f"{self.name} {self.version}"


class StoredFile(models.Model):
    """An uploaded file's facts: checked type, fingerprint and who uploaded it. Subclasses add the
    `file` field (stored under a content-addressed name) and serve it only through a scoped view."""

    original_name = models.CharField(max_length=255, verbose_name=_("original file name"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    size = models.PositiveBigIntegerField(verbose_name=_("size (bytes)"))
    mime_type = models.CharField(max_length=120, verbose_name=_("type"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        abstract = True
