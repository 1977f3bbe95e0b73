from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .advisory_feedback import FEEDBACK_CATEGORIES, FEEDBACK_PRIORITIES

MAX_SLA_HOURS = 2000


class AdvisoryFeedbackSla(models.Model):
    _name = "advisory.feedback.sla"
    _description = "Feedback Service Level Policy"
    _inherit = "advisory.protected.mixin"
    _order = "company_id, priority desc, category, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    priority = fields.Selection(
        FEEDBACK_PRIORITIES,
        required=True,
        default="1",
        help="The policy applies to tickets of this priority.",
    )
    category = fields.Selection(
        FEEDBACK_CATEGORIES,
        help="Optional: the policy applies only to tickets of this category; a "
        "policy with a category wins over one without for those tickets.",
    )
    response_hours = fields.Float(
        required=True,
        default=8.0,
        help="Working hours (company calendar) to acknowledge the ticket.",
    )
    resolution_hours = fields.Float(
        required=True,
        default=40.0,
        help="Working hours (company calendar) to resolve the ticket.",
    )
    escalation_hours = fields.Float(
        string="Second Escalation After (hours)",
        required=True,
        default=8.0,
        help="Working hours after the first escalation (team manager) before the "
        "ticket escalates to the executives.",
    )

    @api.constrains("response_hours", "resolution_hours", "escalation_hours")
    def _check_hours(self):
        for sla in self:
            hours = (sla.response_hours, sla.resolution_hours, sla.escalation_hours)
            if not all(0 < value <= MAX_SLA_HOURS for value in hours):
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: response, resolution and escalation "
                        "hours must be positive and at most %(max)s (a year of "
                        "working hours).",
                        name=sla.name,
                        max=MAX_SLA_HOURS,
                    )
                )
            if sla.resolution_hours < sla.response_hours:
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: the resolution time cannot be shorter "
                        "than the response time.",
                        name=sla.name,
                    )
                )
