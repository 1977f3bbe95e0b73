"""Selections and small helpers shared by the risk models."""

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    MANAGER_GROUP,
)

OFFICER_GROUP = "advisory_risk_rating.group_advisory_risk_officer"
# the groups that work on every client's risk data (record rules)
ALL_CLIENTS_GROUPS = (MANAGER_GROUP, OFFICER_GROUP)

RISK_LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
# numeric value of a level when it is a factor input (industry, region)
LEVEL_VALUES = {"low": 1, "medium": 2, "high": 3, "critical": 4}

GRADES = [
    ("AAA", "AAA"),
    ("AA", "AA"),
    ("A", "A"),
    ("BBB", "BBB"),
    ("BB", "BB"),
    ("B", "B"),
    ("C", "C"),
]
# lower rank = better grade
GRADE_RANK = {grade: rank for rank, (grade, _label) in enumerate(GRADES)}

SERVICE_LEVELS = [
    ("dedicated", "Dedicated Relationship Manager"),
    ("standard", "Standard"),
    ("pooled", "Pooled"),
]

VALUE_TIERS = [("A", "A"), ("B", "B"), ("C", "C")]

# rows of the service matrix: the risk levels, and the clients not rated yet
SERVICE_RISK_LEVELS = [*RISK_LEVELS, ("unrated", "Not Rated")]

PROPOSAL_REVIEW_DEPTHS = [
    ("light", "Light"),
    ("standard", "Standard"),
    ("thorough", "Thorough"),
]

FINANCING_BANDS = [
    ("none", "No Financing"),
    ("small", "Small"),
    ("medium", "Medium"),
    ("large", "Large"),
]

# contracts whose amount counts as the client's financing exposure
EXPOSURE_CONTRACT_STATES = ("to_approve", "approved", "signed", "active")


def is_downgrade(previous_grade, grade):
    """Whether ``grade`` is worse than ``previous_grade`` (no previous: no)."""
    return bool(
        previous_grade and grade and GRADE_RANK[grade] > GRADE_RANK[previous_grade]
    )
