from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    PRODUCTION = "production", _("Production")
    ELECTRICITY = "electricity", _("Electricity")
    FUEL = "fuel", _("Fuel")
    WATER = "water", _("Water")
    WASTE = "waste", _("Waste")
    REFRIGERANT = "refrigerant", _("Refrigerant")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")


class ReportStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified by the auditor")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Destination(models.TextChoices):
    LANDFILL = "landfill", _("Landfill")
    RECYCLING = "recycling", _("Recycling")
    COMPOSTING = "composting", _("Composting")
    DIGESTION = "digestion", _("Anaerobic digestion")
    INCINERATION = "incineration", _("Incineration")


class FactorKind(models.TextChoices):
    FUELS = "fuels", _("Fuels (IPCC 2006 Vol.2)")
    GRID = "grid", _("SEN electricity grid")
    GWP = "gwp", _("Global warming potentials")
    WASTE = "waste", _("Waste (IPCC 2006 Vol.5)")


class GwpSet(models.TextChoices):
    AR5 = "AR5", _("IPCC AR5 (Chile's inventory)")
    AR6 = "AR6", _("IPCC AR6")


class Programme(models.TextChoices):
    HUELLACHILE = "huellachile", _("HuellaChile")
    CARBON_MARKET = "carbon_market", _("Carbon market")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
