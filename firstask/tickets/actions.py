"""The ticket actions, each written once: its label, done message, form and handler.

This table is the vocabulary every layer reads: the transition service finds the
handler here (``services.ticket_transition``), the ticket page builds one form per
action the user may take and labels its buttons from here, the view words its "done"
message from here. An action's ``name`` is also the name of the model's
``@transition`` method (``Ticket.answer``, ``Ticket.refer``, …), which holds its rule:
the source states, the conditions and the ``permission=`` predicate.

Adding an action is one entry below, one handler in ``tickets/handlers.py`` and one
form in ``tickets/forms/actions.py`` (plus the model's transition that the handler
calls): see docs/tickets.md, "Adding an action".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from firstask.tickets import casework, handlers
from firstask.tickets.forms import actions as forms
from firstask.tickets.forms import casework as casework_forms


@dataclass(frozen=True)
class Action:
    name: str  # the model's transition method and the URL segment
    label: Promise  # the page's heading and button
    done: Promise  # completes "Done: %(action)s." after it succeeded
    form: type[forms.ActionForm]
    handler: handlers.Handler
    confirm: Promise | str = ""  # asked in the browser before the form is sent
    # Other inquiries the action touches, by name: ``others(ticket_id, data)`` → {name:
    # id}, read before any lock. The service locks them with this one in ascending id
    # order and gives the handler ``data["others"][name]`` (merge: the survivor).
    others: Callable[[int, dict], dict[str, int | None]] | None = None

    def form_for(self, ticket, data=None) -> forms.ActionForm:
        """This action's form for ``ticket``: blank (starting from the ticket) or bound."""
        form = self.form(data, ticket=ticket, prefix=self.name)
        form.action = self
        return form


class Vocabulary:
    """The actions in the order the page offers them; looked up by name."""

    def __init__(self, *actions: Action) -> None:
        self._by_name = {action.name: action for action in actions}

    def __iter__(self) -> Iterator[Action]:
        return iter(self._by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Action:
        return self._by_name[name]

    def get(self, name: str) -> Action | None:
        return self._by_name.get(name)


ACTIONS = Vocabulary(
    Action("answer", _("Answer"), _("answer recorded"), forms.AnswerForm, handlers.answer),
    Action("refer", _("Refer to a department"), _("referred"), forms.ReferForm, handlers.refer),
    Action("assign", _("Assign to a department"), _("assigned"), forms.AssignForm, handlers.assign),
    Action("sign_for", _("Sign for"), _("signed for"), forms.SignForForm, handlers.sign_for),
    Action(
        "return_referral",
        _("Return (not ours)"),
        _("returned to the first responder"),
        forms.ReturnForm,
        handlers.return_referral,
    ),
    Action(
        "post_progress",
        _("Post progress"),
        _("progress note posted"),
        forms.ProgressForm,
        handlers.post_progress,
    ),
    Action(
        "record_result",
        _("Record result"),
        _("result recorded"),
        forms.ResultForm,
        handlers.record_result,
    ),
    Action(
        "follow_up",
        _("Follow up with the visitor"),
        _("follow-up recorded"),
        forms.FollowUpForm,
        handlers.follow_up,
    ),
    Action(
        "contact_visitor",
        _("Tell the visitor of progress"),
        _("contact with the visitor recorded"),
        forms.VisitorContactForm,
        handlers.contact_visitor,
    ),
    Action(
        "pause",
        _("Pause: waiting on the visitor"),
        _("paused; the clocks stop"),
        forms.PauseForm,
        handlers.pause,
    ),
    Action("resume", _("Resume the clocks"), _("resumed"), forms.ResumeForm, handlers.resume),
    Action("close", _("Close"), _("closed"), forms.CloseForm, handlers.close),
    Action(
        "void",
        _("Void (registration error)"),
        _("voided"),
        forms.VoidForm,
        handlers.void,
        confirm=_("Void this registration? It stays on record."),
    ),
    Action(
        "request_extension",
        _("Ask for an extension"),
        _("extension requested"),
        forms.ExtensionRequestForm,
        handlers.request_extension,
    ),
    Action(
        "decide_extension",
        _("Decide on the extension"),
        _("extension decided"),
        forms.ExtensionDecisionForm,
        handlers.decide_extension,
    ),
    # Casework (issue 13): the state stays, except for merge; see tickets/casework.py.
    # Merge and its undo touch two inquiries: ``others`` names the survivor.
    Action(
        "chase",
        _("Chase the department"),
        _("the department has been chased"),
        casework_forms.ChaseForm,
        casework.chase_handler,
    ),
    Action(
        "add_co_department",
        _("Ask a co-department to join"),
        _("the co-department has been asked to join"),
        casework_forms.CoDepartmentForm,
        casework.co_department_handler,
    ),
    Action(
        "supervise",
        _("Issue a supervision order"),
        _("supervision order issued"),
        casework_forms.SupervisionForm,
        casework.supervise,
    ),
    Action(
        "merge_into",
        _("Merge into another inquiry"),
        _("merged into the other inquiry"),
        casework_forms.MergeForm,
        casework.merge_handler,
        confirm=_("Merge this inquiry into the other one? It stays on record, marked as merged."),
        others=casework.survivor_of,
    ),
    Action(
        "unmerge",
        _("Undo the merge"),
        _("merge undone"),
        casework_forms.UnmergeForm,
        casework.unmerge_handler,
        others=casework.survivor_of_merged,
    ),
)
