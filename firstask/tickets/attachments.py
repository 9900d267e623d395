"""Attachments: scanned letters, photos and PDFs on an inquiry (or any registered owner).

Checked by content, never by the file name: the first bytes must be a PDF or an image
of an allowed kind (puremagic), images are decoded and re-encoded by Pillow (which drops
metadata and anything hidden after the picture), and the size is limited. Files are
stored under a random name in the attachments storage (``var/attachments`` unless a
storage called "attachments" is configured); the uploader's name for the file is kept
as text only. Downloads go through a view that checks the owner's visibility and
answers ``Content-Disposition: attachment`` with ``nosniff``.

Other apps attach files to their own records by registering an owner (see
``register_owner``): the complaints register does so for complaints. Tickets cannot
import upwards, so the owner brings its own visibility rule.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from firstask.tickets import events
from firstask.tickets import permissions as perms
from firstask.tickets.choices import EventKind
from firstask.tickets.models import Attachment, Ticket

MAX_BYTES = 10 * 2**20
MAX_PIXELS = 40_000_000
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "PNG", "image/tiff": "PNG"}
ALLOWED_TYPES = {"application/pdf", *IMAGE_TYPES}
SAVED_AS = {"JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass(frozen=True)
class Owner:
    can_view: Callable[[models.Model, object], bool]
    can_attach: Callable[[models.Model, object], bool]
    on_attached: Callable[[models.Model, Attachment, object], None] | None = None


_OWNERS: dict[str, Owner] = {}


def register_owner(model: type[models.Model], owner: Owner) -> None:
    """Let ``model`` carry attachments, seen by whoever ``owner.can_view`` allows."""
    _OWNERS[model._meta.label_lower] = owner


def owner_rules(obj: models.Model) -> Owner:
    rules = _OWNERS.get(obj._meta.label_lower)
    if rules is None:
        raise PermissionDenied
    return rules


def owner_object(label: str, pk: int) -> models.Model | None:
    """The registered owner ``label`` ("accountability.complaint") with ``pk``, or None."""
    from django.apps import apps

    if label not in _OWNERS:
        return None
    model = apps.get_model(label)
    return model._default_manager.filter(pk=pk).first()


def attachment_storage() -> Storage:
    if "attachments" in settings.STORAGES:
        return storages["attachments"]
    return FileSystemStorage(location=settings.ATTACHMENTS_DIR)


def clean_name(name: str) -> str:
    """The uploader's name as text: the last path part, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or str(_("file"))


def checked_content(data: bytes) -> tuple[bytes, str]:
    """(the bytes to store, their type) or ValidationError with the user's message."""
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // 2**20},
            code="too_big",
        )
    try:
        kind = puremagic.from_string(data[:8192], mime=True)
    except puremagic.PureError:
        kind = ""
    if kind not in ALLOWED_TYPES:
        raise ValidationError(
            _("Only PDF files and pictures (JPEG, PNG, GIF, TIFF) can be attached."),
            code="type",
        )
    if kind == "application/pdf":
        if not data.startswith(b"%PDF-"):
            raise ValidationError(_("This is not a valid PDF file."), code="type")
        return data, kind
    return _reencoded(data, IMAGE_TYPES[kind])


def _reencoded(data: bytes, target: str) -> tuple[bytes, str]:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The picture is too large."), code="too_big")
            image.load()
            if target == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif target == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
                image = image.convert("RGBA")
            out = io.BytesIO()
            image.save(out, format=target, **({"quality": 90} if target == "JPEG" else {}))
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The picture could not be read."), code="type") from error
    return out.getvalue(), SAVED_AS[target]


def attach(
    *, owner: models.Model, actor, name: str, data: bytes, description: str = ""
) -> Attachment:
    """Check, store and record one file on ``owner``; the file is written before the
    row, and a failed transaction leaves at most an unreferenced file, never a row
    without its file."""
    rules = owner_rules(owner)
    if not rules.can_attach(owner, actor):
        raise PermissionDenied
    content, content_type = checked_content(data)
    storage = attachment_storage()
    stored_as = storage.save(f"{uuid.uuid4().hex}", ContentFile(content))
    with transaction.atomic():
        attachment = Attachment.objects.create(
            owner_type=ContentType.objects.get_for_model(owner),
            owner_id=owner.pk,
            name=clean_name(name),
            description=description[:200],
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            stored_as=stored_as,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        if rules.on_attached is not None:
            rules.on_attached(owner, attachment, actor)
    return attachment


def attachments_of(owner: models.Model):
    """One query, the same on the first page of a process as on the next (no separate
    content-type look-up)."""
    meta = owner._meta
    return Attachment.objects.filter(
        owner_type__app_label=meta.app_label, owner_type__model=meta.model_name, owner_id=owner.pk
    ).select_related("uploaded_by")


def visible_attachment(attachment_id: int, user) -> Attachment | None:
    """The attachment if ``user`` may see its owner, else None (the view answers 404)."""
    attachment = Attachment.objects.select_related("owner_type").filter(pk=attachment_id).first()
    if attachment is None:
        return None
    rules = _OWNERS.get(f"{attachment.owner_type.app_label}.{attachment.owner_type.model}")
    owner = attachment.owner
    if rules is None or owner is None or not rules.can_view(owner, user):
        return None
    return attachment


def open_file(attachment: Attachment):
    return attachment_storage().open(attachment.stored_as, "rb")


# --- inquiries are the first owner ------------------------------------------------------------


def _ticket_attached(ticket: Ticket, attachment: Attachment, actor) -> None:
    events.note(
        ticket,
        actor,
        EventKind.ATTACHED,
        at=attachment.uploaded_at,
        data={"attachment_id": attachment.pk, "name": attachment.name},
    )


def _ticket_visible(ticket: Ticket, user) -> bool:
    from firstask.tickets.selectors import visible_tickets

    # The row was loaded without the page's prefetches: ask the one visibility filter.
    return visible_tickets(user).filter(pk=ticket.pk).exists()


register_owner(
    Ticket,
    Owner(
        can_view=_ticket_visible,
        can_attach=perms.can_attach,
        on_attached=_ticket_attached,
    ),
)
