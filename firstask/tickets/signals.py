"""Notices the inquiry layer asks the layers above to deliver.

Tickets cannot import notify (layers point one way), so a service that must tell
someone — a chase to the handler, a supervision order to its addressee — sends
``notice`` inside its transaction; notify turns it into inbox rows (and the email
outbox) in the same transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: ticket, kind (a notify WarningKind code), level (int), to (user ids),
# cc (user ids), deadline (datetime | None), at (datetime)
notice = Signal()
