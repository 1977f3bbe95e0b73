"""Selections and small helpers shared by the risk models."""

import json

from odoo.tools import SQL

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


def insert_rows(model, vals_list):
    """Insert the rows ``vals_list`` (dicts with the same keys: stored column fields
    of ``model``) with ONE SQL statement, with the ORM's log-access columns.

    Only for the factor lines of the re-rating (see
    ``advisory.risk.assessment.line._insert_bulk``): the caller gives every column
    that ``create`` would fill and answers for the ORM side effects it replaces.
    The rows travel as one JSON parameter (``json_to_recordset``): PostgreSQL
    parses it faster than the ``ARRAY[...]`` expressions psycopg2 makes of Python
    lists (a third of the time for 16,000 rows).
    """
    if not vals_list:
        return
    env = model.env
    fnames = list(vals_list[0])
    not_bool = [fname for fname in fnames if model._fields[fname].type != "boolean"]
    rows = [
        dict(vals, **{fname: None for fname in not_bool if vals[fname] is False})
        for vals in vals_list
    ]
    columns = SQL(", ").join(SQL.identifier(fname) for fname in fnames)
    query = SQL(
        "INSERT INTO %(table)s (%(columns)s, create_uid, create_date, write_uid, "
        "write_date) SELECT %(columns)s, %(uid)s, %(now)s, %(uid)s, %(now)s "
        "FROM json_to_recordset(%(rows)s) AS rows(%(types)s)",
        table=SQL.identifier(model._table),
        columns=columns,
        uid=env.uid,
        now=env.cr.now(),
        # dates and datetimes as their ISO text, which PostgreSQL reads back
        rows=json.dumps(rows, default=str),
        types=SQL(", ").join(
            SQL(
                "%s %s",
                SQL.identifier(fname),
                SQL(model._fields[fname].column_type[1]),
            )
            for fname in fnames
        ),
    )
    env.cr.execute(query)
