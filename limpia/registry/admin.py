"""Django admin for the reference data (territory and activity codes)."""

from django.contrib import admin

from limpia.core.models import ReferenceDataset
from limpia.registry.models import (
    ActivityDivision,
    ActivitySection,
    Comuna,
    EconomicActivity,
    Province,
    Region,
    Sector,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["order", "cut", "iso_code", "name", "capital"]
    ordering = ["order"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["cut", "name", "region"]
    list_filter = ["region"]


@admin.register(Comuna)
class ComunaAdmin(admin.ModelAdmin):
    list_display = ["cut", "name", "province", "region"]
    list_filter = ["region"]
    search_fields = ["name", "cut"]
    list_select_related = ["province", "region"]


@admin.register(ActivitySection)
class ActivitySectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(ActivityDivision)
class ActivityDivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "section"]
    list_filter = ["section"]


@admin.register(EconomicActivity)
class EconomicActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division"]
    search_fields = ["code", "name"]
    list_select_related = ["division"]


@admin.register(ReferenceDataset)
class ReferenceDatasetAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "rows", "loaded_at", "source"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    filter_horizontal = ["divisions"]
