from django.core.management.base import BaseCommand

from limpia.core.models import ReferenceDataset
from limpia.registry.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the versioned reference data: regions, provinces, comunas, CIIU4.CL activity codes."

    def handle(self, *args, **options):
        loaded = load_reference_data()
        for dataset in loaded:
            self.stdout.write(self.style.SUCCESS(f"loaded {dataset.name} {dataset.version}: {dataset.rows} rows"))
        if not loaded:
            current = ", ".join(f"{d.name} {d.version}" for d in ReferenceDataset.objects.all())
            self.stdout.write(f"reference data already current ({current})")
