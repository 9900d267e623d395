"""Load the demo organisation and every app's demo records (firstask.core.demo)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from firstask.core.demo import DEMO_LOADERS
from firstask.org.demo import DEMO_PASSWORD, load_organisation


class Command(BaseCommand):
    help = "Create or update the demo organisation, staff and records (idempotent)."

    def handle(self, *args, **options) -> None:
        people = load_organisation()
        for load in DEMO_LOADERS:
            load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for person in people:
            roles = ", ".join(str(role.label) for role in person.roles)
            self.stdout.write(f"  {person.username:<10} {person.family}{person.given}  {roles}")
