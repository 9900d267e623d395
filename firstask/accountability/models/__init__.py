"""Accountability (责任追究) and commendation: catalogues, the complaints register,
violation cases with their parties, evidence, decisions and appeals, commendations,
and the append-only journal of every step."""

from firstask.accountability.models.cases import Appeal, Case, CaseParty, Decision, Evidence
from firstask.accountability.models.catalogue import RuleItem, Sanction
from firstask.accountability.models.commendations import Commendation
from firstask.accountability.models.complaints import Complaint
from firstask.accountability.models.events import Event
from firstask.accountability.models.tallies import DepartmentYear

__all__ = [
    "Appeal",
    "Case",
    "CaseParty",
    "Commendation",
    "Complaint",
    "Decision",
    "DepartmentYear",
    "Event",
    "Evidence",
    "RuleItem",
    "Sanction",
]
