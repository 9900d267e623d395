"""Load the demo organisation (and, as later apps add them, their demo records)."""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand

from firstask.org.demo import DEMO_PASSWORD, load_organisation

# Each later app may offer a module with a load() function; they run in this order.
DEMO_LOADERS: list[str] = [
    "firstask.workdays.demo",
    "firstask.directory.demo",
    "firstask.tickets.demo",
    "firstask.notify.demo",
]


class Command(BaseCommand):
    help = "Create or update the demo organisation, staff and records (idempotent)."

    def handle(self, *args, **options) -> None:
        people = load_organisation()
        for dotted in DEMO_LOADERS:
            import_module(dotted).load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for person in people:
            roles = ", ".join(str(role.label) for role in person.roles)
            self.stdout.write(f"  {person.username:<10} {person.family}{person.given}  {roles}")
