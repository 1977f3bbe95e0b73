import logging
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.osv import expression

from odoo.addons.advisory_feedback.models.advisory_feedback import (
    FEEDBACK_PRIORITIES,
    OPEN_STATES,
)

_logger = logging.getLogger(__name__)

# the leaf of the periodic survey's domain that says when a client is due again
SURVEY_DUE_FIELD = "advisory_survey_last_sent"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _apply_service_matrix_batch(self, cells, company):
        """Also raise the open feedback tickets of the batch's clients to the
        priority floor of their row (the SLA of the new priority follows): one
        search and one write per floor."""
        changed = super()._apply_service_matrix_batch(cells, company)
        by_floor = defaultdict(list)
        for partner in self:
            floor = partner.service_matrix_id.ticket_priority_floor
            if floor:
                by_floor[floor].append(partner.id)
        # sudo: the floor follows the client's service, whoever runs the recompute
        Feedback = self.env["advisory.feedback"].sudo()
        for floor, partner_ids in by_floor.items():
            below = [key for key, _label in FEEDBACK_PRIORITIES if key < floor]
            tickets = Feedback.search(
                [
                    ("partner_id", "in", partner_ids),
                    ("state", "in", OPEN_STATES),
                    ("priority", "in", below),
                ]
            )
            if tickets:
                # no tracking message per ticket: the batch stays a few queries
                tickets.with_context(tracking_disable=True).write({"priority": floor})
        return changed

    @api.model
    def _get_periodic_survey_domain(self, company, today):
        """The clients whose service matrix row has its own survey interval are
        due after that interval instead of the company's: the conditions of the
        domain on the company's due date (the last survey sent before it, and any
        other date compared with it) move to the row's due date for them; the rest
        of the domain applies to everybody."""
        domain = super()._get_periodic_survey_domain(company, today)
        # sudo: the survey cron reads the company's matrix, whoever runs it
        rows = (
            self.env["advisory.service.matrix"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("survey_interval_months", ">", 0),
                ]
            )
        )
        if not rows:
            return domain
        due = next(
            (
                leaf[2]
                for leaf in domain
                if self._is_date_leaf(leaf) and leaf[0] == SURVEY_DUE_FIELD
            ),
            None,
        )
        if due is None:
            _logger.warning(
                "The periodic survey domain has no due condition on %s: the survey "
                "intervals of the service matrix do not apply.",
                SURVEY_DUE_FIELD,
            )
            return domain
        parts = [
            expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("service_matrix_id", "=", False),
                        ("service_matrix_id", "not in", rows.ids),
                    ],
                ]
            )
        ]
        for months, tier_rows in rows.grouped("survey_interval_months").items():
            tier_due = today - relativedelta(months=months)
            parts.append(
                expression.AND(
                    [
                        [
                            (leaf[0], leaf[1], tier_due)
                            if self._is_date_leaf(leaf) and leaf[2] == due
                            else leaf
                            for leaf in domain
                        ],
                        [("service_matrix_id", "in", tier_rows.ids)],
                    ]
                )
            )
        return expression.OR(parts)

    @api.model
    def _is_date_leaf(self, leaf):
        """``(field, '<=' or '<', date)``: a condition of the periodic survey's
        domain on a day before which something happened."""
        return (
            isinstance(leaf, list | tuple)
            and len(leaf) == 3
            and leaf[1] in ("<=", "<")
            and isinstance(leaf[2], date)
        )
