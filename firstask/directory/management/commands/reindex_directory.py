"""Write every matter's substring-index keys again (``directory.search.reindex``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from firstask.directory.models import MatterKey
from firstask.directory.search import reindex


class Command(BaseCommand):
    help = (
        "Rewrite the type-ahead's substring index from every matter's search text: after "
        "matters were written without Matter.save() (a bulk load, SQL by hand)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            reindex()
        self.stdout.write(f"{MatterKey.objects.count()} keys written")
