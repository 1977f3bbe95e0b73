from odoo import fields, models

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

from ..fields import NullableInteger
from .survey_user_input import NPS_CATEGORIES


class ResPartner(models.Model):
    _inherit = "res.partner"

    satisfaction_last = NullableFloat(
        string="Last Satisfaction (%)",
        readonly=True,
        copy=False,
        help="Satisfaction of the client's last completed survey.",
    )
    satisfaction_avg = NullableFloat(
        string="Satisfaction, 12 Months (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Average satisfaction of the client's surveys completed in the last 12 "
        "months.",
    )
    nps_last = NullableInteger(
        string="Last NPS Answer",
        readonly=True,
        copy=False,
        help="The client's last 0-10 answer to 'would you recommend us?'.",
    )
    nps_category_last = fields.Selection(
        NPS_CATEGORIES, string="Last NPS Category", readonly=True, copy=False
    )
    advisory_survey_last_sent = fields.Date(
        string="Survey Last Sent",
        readonly=True,
        copy=False,
        help="When the client last received a satisfaction survey: the periodic "
        "survey waits the company's interval after it.",
    )
    advisory_feedback_ids = fields.One2many(
        "advisory.feedback", "partner_id", string="Feedback Tickets"
    )
    advisory_feedback_open_count = fields.Integer(
        string="Open Tickets", compute="_compute_advisory_feedback_open_count"
    )

    def _compute_advisory_feedback_open_count(self):
        counts = dict(
            self.env["advisory.feedback"]._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "in", ("new", "acknowledged", "in_progress")),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.advisory_feedback_open_count = counts.get(partner, 0)
