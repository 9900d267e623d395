"""The inquiry (工单) and its append-only history.

Rules live here: each transition says from where to where, under which condition and
for whom (permissions.py), and only changes fields of this instance. Everything else
— locking, the event row, deadlines, notifications — is the transition service's job
(services.py), so that views, admin and tasks change a ticket the same way.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from firstask.core.models import AppendOnlyError, person_ref, reference
from firstask.directory.models import Matter
from firstask.org.categories import category_choices
from firstask.org.models import Department
from firstask.tickets import permissions as perms
from firstask.tickets.choices import (
    AnswerKind,
    Channel,
    Satisfaction,
    State,
    Urgency,
)

OPEN_STATES = (State.RECEIVED, State.ANSWERED, State.REFERRED, State.FOLLOWED_UP)
MATTER_MAX = 2000
NOTE_MAX = 2000


def being_handled(ticket) -> bool:
    """Signed for and no result yet: the receiving department is working on it."""
    return ticket.is_signed and not ticket.has_result


# The receiving department's steps while it holds a signed referral.
WHILE_HANDLING = {
    "source": State.REFERRED,
    "target": State.REFERRED,
    "conditions": [being_handled],
    "permission": perms.can_handle,
}


class DaySequence(models.Model):
    """Last number handed out per day: ``20261121-0007`` is the 7th inquiry of that day."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class Ticket(ConcurrentTransitionMixin, models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=20, choices=category_choices)
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    visitor_name = models.CharField(_("visitor name"), max_length=50, blank=True)
    visitor_unit = models.CharField(_("organisation / unit"), max_length=100, blank=True)
    visitor_phone = models.CharField(_("phone"), max_length=30, blank=True)
    visitor_address = models.CharField(_("address"), max_length=200, blank=True)
    matter = models.TextField(_("matter"), max_length=MATTER_MAX)
    materials_received = models.CharField(_("materials received"), max_length=300, blank=True)

    call_time = models.DateTimeField(_("call time"), null=True, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    letter_reference = models.CharField(_("letter reference"), max_length=60, blank=True)
    online_source = models.CharField(_("online source"), max_length=100, blank=True)

    # Fixed forever: whoever registered it answers for it (首问责任人).
    # No index of its own: ticket_responder_state and ticket_responder_name start with it.
    first_responder = person_ref(
        _("first responder"),
        related_name="first_responder_tickets",
        editable=False,
        db_index=False,
    )
    first_responder_department = reference(
        Department,
        _("first responder's department"),
        related_name="registered_tickets",
        null=True,
        editable=False,
    )
    promised_at = models.DateTimeField(_("promised time"), null=True, blank=True)

    state = FSMField(_("state"), default=State.RECEIVED, choices=State.choices, protected=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    answer_kind = models.CharField(
        _("answer kind"), max_length=30, choices=AnswerKind.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    # The referral currently open (history is in Referral rows).
    # No index of its own: ticket_dept_state starts with it.
    referred_department = reference(
        Department,
        _("referred to"),
        related_name="referred_tickets",
        optional=True,
        db_index=False,
    )
    referred_handler = person_ref(_("handler"), related_name="handled_tickets", optional=True)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    result_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    last_progress_at = models.DateTimeField(_("last progress note"), null=True, blank=True)
    referral_count = models.PositiveSmallIntegerField(_("referrals"), default=0)
    return_count = models.PositiveSmallIntegerField(_("returns"), default=0)
    redo_count = models.PositiveSmallIntegerField(_("redos"), default=0)

    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    void_reason = models.CharField(_("void reason"), max_length=300, blank=True)

    # Deadlines, stored and indexed so the warning sweep reads only what is due.
    answer_due_at = models.DateTimeField(_("answer or refer by"), null=True, blank=True)
    sign_for_due_at = models.DateTimeField(_("sign for by"), null=True, blank=True)
    handle_due_at = models.DateTimeField(_("handle by"), null=True, blank=True)
    follow_up_due_at = models.DateTimeField(_("follow up by"), null=True, blank=True)
    progress_due_at = models.DateTimeField(_("next progress note by"), null=True, blank=True)
    due_at = models.DateTimeField(_("current deadline"), null=True, blank=True)
    due_soon_at = models.DateTimeField(_("due soon from"), null=True, blank=True)
    deadline_provisional = models.BooleanField(_("provisional deadline"), default=False)
    # 延期: an approved extension replaces the handling deadline (the visitor is told).
    extended_until = models.DateTimeField(_("extended until"), null=True, blank=True)
    extension_pending = models.BooleanField(_("extension requested"), default=False)
    # When the warning sweep must first look at this ticket's running clock (due soon,
    # or a missing progress note), as the last transition set it. The database copies
    # it into the warning app's narrow schedule table, which the sweep then moves on;
    # not indexed here, so the sweep never rewrites this wide row.
    next_warning_at = models.DateTimeField(
        _("next warning check"), null=True, blank=True, editable=False
    )
    # Which clock runs now (see tickets.deadlines.CLOCKS): named wherever it is shown.
    clock = models.CharField(_("running clock"), max_length=20, blank=True, editable=False)
    # The handling limit the referrer set on the slip (working days, within the policy).
    handle_days_limit = models.PositiveSmallIntegerField(
        _("working days to handle (set by the referrer)"), null=True, blank=True
    )
    # 002: an extended item's visitor is told of progress at least every 24 hours.
    last_visitor_contact_at = models.DateTimeField(
        _("visitor last told of progress"), null=True, blank=True
    )
    # Waiting on the visitor (因宾客的原因): the clocks stop while paused; the office time
    # spent paused on the running clock is added to its deadline when it resumes.
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    pause_reason = models.CharField(_("pause reason"), max_length=300, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0, editable=False)

    # The matter of the responsibility directory this inquiry is about, when known:
    # it names the department to refer to and the materials to tell all at once.
    directory_matter = reference(
        Matter, _("directory matter"), related_name="tickets", optional=True
    )
    # A new inquiry about the same matter soon after a one-time notice (一次性告知) is a
    # repeat visit: the notice was probably incomplete. Set at registration.
    repeat_of = reference(
        "self", _("repeat visit of"), related_name="repeat_visits", optional=True, editable=False
    )

    # The token of the rendered intake form this inquiry was registered from: the same
    # form posted twice (a double click, the browser's "resubmit") registers it once.
    intake_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # 合并: a duplicate registration points at the inquiry that carries on; its own
    # events stay. ``state_before_merge`` lets a manager undo the merge exactly.
    merged_into = reference(
        "self", _("merged into"), related_name="merged_duplicates", optional=True, editable=False
    )
    state_before_merge = models.CharField(max_length=20, blank=True, editable=False)

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-received_at"]
        indexes = [
            models.Index(
                fields=["first_responder", "state", "-received_at"], name="ticket_responder_state"
            ),
            models.Index(
                fields=["referred_department", "state", "-received_at"], name="ticket_dept_state"
            ),
            models.Index(fields=["-received_at"], name="ticket_received"),
            models.Index(
                fields=["visitor_name"],
                name="ticket_visitor_name",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["visitor_unit"],
                name="ticket_visitor_unit",
                opclasses=["varchar_pattern_ops"],
            ),
            # A receptionist searches their own tickets by name: both columns in one index.
            models.Index(fields=["first_responder", "visitor_name"], name="ticket_responder_name"),
            # The daily audit asks "which deadlines passed today?" of each clock; with an
            # index per column the OR of those ranges is a union of index ranges, not a scan.
            *(
                models.Index(fields=[name], name=f"ticket_{name}")
                for name in ("answer_due_at", "sign_for_due_at", "handle_due_at", "progress_due_at")
            ),
            # Plain indexes only: nothing searches these two by LIKE 'prefix%' (a
            # fragment goes through the search table), so PostgreSQL needs no
            # varchar_pattern_ops twin (db_index=True would add one to each).
            models.Index(fields=["state"], name="ticket_state"),
            models.Index(fields=["visitor_phone"], name="ticket_visitor_phone"),
            # "我登记的": a person's open inquiries, newest first. Without it PostgreSQL
            # reads the whole open set through ticket_open_due (≈ 10,000 rows at a
            # city's scale) and filters by person: 8.6 ms where this reads their 224.
            models.Index(
                fields=["first_responder", "-received_at"],
                name="ticket_responder_open",
                condition=Q(state__in=list(OPEN_STATES)),
            ),
            models.Index(
                fields=["due_at"],
                name="ticket_open_due",
                condition=Q(state__in=list(OPEN_STATES)),
            ),
        ]
        permissions = [
            ("view_all_tickets", "Can see every inquiry"),
        ]

    def __str__(self) -> str:
        return self.number

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("inquiries are never deleted; void them with a reason")

    # --- derived facts used by conditions and templates ---------------------------------
    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def light(self) -> str:
        """Traffic light of the running deadline, for lists and the ticket page."""
        from firstask.tickets.deadlines import traffic_light

        return traffic_light(self, timezone.now())

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def has_result(self) -> bool:
        return self.result_at is not None

    @property
    def visitor_noun(self) -> str:
        """来访人 / 来电人 / 来信人 / 网络留言人: the word for the person on this channel."""
        from firstask.tickets.choices import VISITOR_NOUN

        return str(VISITOR_NOUN.get(self.channel, VISITOR_NOUN["walk_in"]))

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def clock_label(self) -> str:
        """The running clock's name (答复/转办期限, 签收期限, 办理期限, 回访期限…)."""
        from firstask.tickets.deadlines import CLOCKS

        return str(CLOCKS.get(self.clock, ""))

    @property
    def referral_status(self) -> str:
        """Where the referral stands, shown beside the state: a code for ``status_label``.

        待签收 / 已签收 / 已办理 while referred; 被退回 when back with the first responder
        after a return; "" otherwise. A redo shows separately (``redo_count``)."""
        if self.state == State.REFERRED:
            if not self.is_signed:
                return "awaiting_sign_for"
            return "handled" if self.has_result else "signed_for"
        if self.state == State.RECEIVED and self.return_count and not self.referred_department_id:
            return "returned"
        return ""

    @property
    def is_redo(self) -> bool:
        return bool(self.redo_count) and self.is_open

    def referred_to_general_office(self) -> bool:
        return bool(self.referred_department_id and self.referred_department.is_general_office)

    # --- transitions: fields of this instance only -----------------------------------------
    @transition(
        field=state,
        source=State.RECEIVED,
        target=State.ANSWERED,
        permission=perms.can_act_as_first_responder,
    )
    def answer(self, *, kind: str, at) -> None:
        self.answer_kind = kind
        self.answered_at = at

    @transition(
        field=state,
        source=State.RECEIVED,
        target=State.REFERRED,
        permission=perms.can_act_as_first_responder,
    )
    def refer(self, *, department, handler, at) -> None:
        self.referred_department = department
        self.referred_handler = handler
        self.referred_at = at
        self.signed_at = None
        self.result_at = None
        self.referral_count += 1

    @transition(
        field=state,
        source=State.REFERRED,
        target=State.REFERRED,
        conditions=[referred_to_general_office],
        permission=perms.can_assign,
    )
    def assign(self, *, department, handler, at) -> None:
        self.referred_department = department
        self.referred_handler = handler
        self.referred_at = at
        self.signed_at = None

    @transition(
        field=state,
        source=State.REFERRED,
        target=State.REFERRED,
        conditions=[lambda t: not t.is_signed],
        permission=perms.can_handle,
    )
    def sign_for(self, *, by, at) -> None:
        self.signed_at = at
        if self.referred_handler_id is None:
            self.referred_handler = by

    @transition(
        field=state,
        source=State.REFERRED,
        target=State.RECEIVED,
        conditions=[lambda t: not t.has_result],
        permission=perms.can_handle,
    )
    def return_referral(self, *, at) -> None:
        self.return_count += 1
        self.referred_department = None
        self.referred_handler = None
        self.referred_at = None
        self.signed_at = None

    @transition(field=state, **WHILE_HANDLING)
    def post_progress(self, *, at) -> None:
        self.last_progress_at = at

    @transition(field=state, **WHILE_HANDLING)
    def record_result(self, *, at) -> None:
        self.result_at = at
        self.last_progress_at = at

    @transition(
        field=state,
        source=State.REFERRED,
        target=State.REFERRED,
        conditions=[lambda t: being_handled(t) and not t.extension_pending],
        permission=perms.can_handle,
    )
    def request_extension(self) -> None:
        self.extension_pending = True

    @transition(
        field=state,
        source=State.REFERRED,
        target=State.REFERRED,
        conditions=[lambda t: t.extension_pending],
        permission=perms.can_decide_extension,
    )
    def decide_extension(self, *, approved: bool, until) -> None:
        self.extension_pending = False
        if approved:
            self.extended_until = until

    @transition(
        field=state,
        source=[State.ANSWERED, State.REFERRED],
        target=State.FOLLOWED_UP,
        conditions=[lambda t: t.state == State.ANSWERED or t.has_result],
        permission=perms.can_act_as_first_responder,
    )
    def follow_up(self, *, satisfaction: str, at) -> None:
        self.satisfaction = satisfaction
        self.followed_up_at = at

    @transition(
        field=state,
        source=State.FOLLOWED_UP,
        target=RETURN_VALUE(State.REFERRED, State.RECEIVED),
        conditions=[lambda t: t.satisfaction == Satisfaction.DISSATISFIED],
        permission=perms.can_act_as_first_responder,
    )
    def reopen(self, *, at) -> str:
        """不满意 sends it back to be redone: to the handling department if it was
        referred (result cleared), otherwise to the first responder to answer again."""
        self.redo_count += 1
        self.followed_up_at = None
        # A redo starts new clocks: a new promise, a new sign-for, no old extension.
        self.promised_at = None
        self.extended_until = None
        if self.referred_department_id:
            self.result_at = None
            self.signed_at = None
            self.referred_at = at
            self.last_progress_at = at
            return State.REFERRED
        self.answer_kind = ""
        self.answered_at = None
        return State.RECEIVED

    @transition(
        field=state,
        source=[State.RECEIVED, State.REFERRED],
        target=RETURN_VALUE(State.RECEIVED, State.REFERRED),
        conditions=[lambda t: t.paused_at is None and not t.has_result],
        permission=perms.can_pause,
    )
    def pause(self, *, reason: str, at) -> str:
        """Waiting on the visitor (missing materials, 001 "因宾客的原因"): clocks stop."""
        self.paused_at = at
        self.pause_reason = reason
        return self.state

    @transition(
        field=state,
        source=[State.RECEIVED, State.REFERRED],
        target=RETURN_VALUE(State.RECEIVED, State.REFERRED),
        conditions=[lambda t: t.paused_at is not None],
        permission=perms.can_pause,
    )
    def resume(self, *, at, paused_for_seconds: int) -> str:
        self.paused_at = None
        self.pause_reason = ""
        self.paused_seconds += paused_for_seconds
        return self.state

    @transition(
        field=state,
        source=State.REFERRED,
        target=State.REFERRED,
        conditions=[lambda t: t.extended_until is not None and not t.has_result],
        permission=perms.can_contact_visitor,
    )
    def contact_visitor(self, *, at) -> None:
        """The visitor of an extended item told of progress (002, every 24 hours)."""
        self.last_visitor_contact_at = at

    @transition(
        field=state,
        source=State.FOLLOWED_UP,
        target=State.CLOSED,
        conditions=[
            lambda t: t.followed_up_at is not None and t.satisfaction != Satisfaction.DISSATISFIED
        ],
        permission=perms.can_act_as_first_responder,
    )
    def close(self, *, at) -> None:
        self.closed_at = at

    # --- casework on the ticket page (督办, 催办, 协办): the state stays as it is ------------
    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=RETURN_VALUE(*OPEN_STATES),
        permission=perms.can_supervise,
    )
    def supervise(self) -> str:
        return self.state

    @transition(
        field=state,
        source=State.REFERRED,
        target=State.REFERRED,
        conditions=[lambda t: not t.has_result],
        permission=perms.can_chase,
    )
    def chase(self) -> None:
        pass

    @transition(
        field=state,
        source=State.REFERRED,
        target=State.REFERRED,
        conditions=[lambda t: not t.has_result],
        permission=perms.can_add_co_department,
    )
    def add_co_department(self) -> None:
        pass

    @transition(
        field=state, source=list(OPEN_STATES), target=State.MERGED, permission=perms.can_merge
    )
    def merge_into(self, *, survivor=None, at=None, **_data) -> None:
        self.state_before_merge = self.state
        self.merged_into = survivor

    @transition(
        field=state,
        source=State.MERGED,
        target=RETURN_VALUE(*OPEN_STATES),
        permission=perms.can_unmerge,
    )
    def unmerge(self, *, at=None, **_data) -> str:
        previous = self.state_before_merge or State.RECEIVED
        self.merged_into = None
        self.state_before_merge = ""
        return previous

    @transition(field=state, source=list(OPEN_STATES), target=State.VOID, permission=perms.can_void)
    def void(self, *, reason: str, at) -> None:
        self.void_reason = reason
        self.closed_at = at
