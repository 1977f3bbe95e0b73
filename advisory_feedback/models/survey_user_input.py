from odoo import api, fields, models

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

from ..fields import NullableInteger

NPS_CATEGORIES = [
    ("promoter", "Promoter"),
    ("passive", "Passive"),
    ("detractor", "Detractor"),
]


def nps_category(score):
    """Promoters answer 9-10, passives 7-8, detractors 0-6 (Net Promoter Score)."""
    if score is False or score is None:
        return False
    if score >= 9:
        return "promoter"
    if score >= 7:
        return "passive"
    return "detractor"


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    advisory_partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        compute="_compute_advisory_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="The client (commercial partner) of the person who answers.",
    )
    advisory_project_id = fields.Many2one(
        "project.project",
        string="Advisory Project",
        index="btree_not_null",
        ondelete="set null",
        help="The closed project this satisfaction survey asks about.",
    )
    advisory_engagement_id = fields.Many2one(
        "advisory.engagement",
        string="Engagement",
        index="btree_not_null",
        ondelete="set null",
        help="The engagement this satisfaction survey closes: a completed answer "
        "moves it from closing to done.",
    )
    advisory_company_id = fields.Many2one(
        "res.company",
        string="Advisory Company",
        compute="_compute_advisory_company_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="The company whose client satisfaction this answer measures.",
    )
    advisory_survey_kind = fields.Selection(related="survey_id.advisory_survey_kind")
    advisory_score = NullableFloat(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Satisfaction in % of the maximum score of the scored (CSAT) questions; "
        "empty when the answer has no satisfaction part.",
    )
    advisory_nps_score = NullableInteger(
        string="NPS Answer",
        readonly=True,
        aggregator="avg",
        help="The 0-10 answer to 'How likely are you to recommend us?'; empty when "
        "the survey has no such question.",
    )
    advisory_nps_category = fields.Selection(
        NPS_CATEGORIES,
        string="NPS Category",
        readonly=True,
        index="btree_not_null",
        help="Promoter (9-10), passive (7-8) or detractor (0-6).",
    )
    advisory_feedback_id = fields.Many2one(
        "advisory.feedback",
        string="Feedback Ticket",
        readonly=True,
        ondelete="set null",
        help="The ticket opened automatically for a low score or a detractor.",
    )

    @api.depends("partner_id.commercial_partner_id")
    def _compute_advisory_partner_id(self):
        for user_input in self:
            if user_input.partner_id:
                user_input.advisory_partner_id = (
                    user_input.partner_id.commercial_partner_id
                )
            elif not user_input.advisory_partner_id:
                user_input.advisory_partner_id = False

    @api.depends("advisory_project_id.company_id", "advisory_engagement_id.company_id")
    def _compute_advisory_company_id(self):
        for user_input in self:
            user_input.advisory_company_id = (
                user_input.advisory_project_id.company_id
                or user_input.advisory_engagement_id.company_id
                or user_input.advisory_company_id
                or (user_input.survey_id.advisory_survey_kind and self.env.company)
            )
