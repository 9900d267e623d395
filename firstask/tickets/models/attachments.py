"""Files on an inquiry (scanned letters, photos, PDFs) — or on any other record that
registers itself as an owner (the complaints register does): see
firstask.tickets.attachments.

The stored file gets a random name; what the uploader called it is kept as text only
(``name``), so a name can never become a path. Rows are never deleted.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.core.models import person_ref, reference


class Attachment(models.Model):
    owner_type = reference(ContentType)
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")

    name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, editable=False)
    stored_as = models.CharField(max_length=100, unique=True, editable=False)
    uploaded_by = person_ref(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="attachment_owner")]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        from firstask.core.models import AppendOnlyError

        raise AppendOnlyError("attachments are never deleted")
