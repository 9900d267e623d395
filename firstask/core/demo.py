"""The demo data registry: each app registers its own loader, the command runs them.

``manage.py load_demo`` lives in core, the bottom layer, so it cannot name the apps
above it. Each app that has demo records registers a loader from its
``AppConfig.ready`` instead; Django calls ``ready`` in INSTALLED_APPS order (bottom
layer first), so loaders run after what they build on: the calendar and the directory
before the inquiries that use them.
"""

from __future__ import annotations

from collections.abc import Callable

DEMO_LOADERS: list[Callable[[], None]] = []


def register(loader: Callable[[], None]) -> None:
    """Add an app's demo loader (idempotent: registering twice runs it once)."""
    if loader not in DEMO_LOADERS:
        DEMO_LOADERS.append(loader)
