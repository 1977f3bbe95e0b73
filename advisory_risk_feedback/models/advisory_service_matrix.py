from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.advisory_feedback.models.advisory_feedback import (
    FEEDBACK_PRIORITIES,
)

# a survey at most every ten years: a larger interval is a typing error
MAX_SURVEY_MONTHS = 120


class AdvisoryServiceMatrix(models.Model):
    """The feedback side of the service: the priority floor of the client's
    tickets and how often it receives the periodic satisfaction survey."""

    _inherit = "advisory.service.matrix"

    ticket_priority_floor = fields.Selection(
        FEEDBACK_PRIORITIES,
        tracking=True,
        help="The feedback tickets of these clients have at least this priority "
        "(and the SLA of that priority): new tickets get it, the open ones are "
        "raised when the segments are recomputed. Empty: no floor.",
    )
    survey_interval_months = fields.Integer(
        string="Survey Every (months)",
        tracking=True,
        help="These clients receive the periodic satisfaction survey at most once "
        "in this many months; 0: the company's survey interval.",
    )

    @api.constrains("survey_interval_months")
    def _check_survey_interval_months(self):
        for row in self:
            if not 0 <= row.survey_interval_months <= MAX_SURVEY_MONTHS:
                raise ValidationError(
                    self.env._(
                        "Service matrix %(row)s: the survey interval is between 0 "
                        "(the company's) and %(max)s months.",
                        row=row.display_name,
                        max=MAX_SURVEY_MONTHS,
                    )
                )
