from odoo import api, fields, models
from odoo.exceptions import ValidationError

RISK_CATEGORIES = [
    ("market", "Market"),
    ("credit", "Credit"),
    ("liquidity", "Liquidity"),
    ("operational", "Operational"),
    ("legal", "Legal"),
    ("regulatory", "Regulatory"),
    ("reputational", "Reputational"),
    ("other", "Other"),
]


class AdvisoryProjectRisk(models.Model):
    _name = "advisory.project.risk"
    _description = "Advisory Project Risk"
    _inherit = "advisory.protected.mixin"
    _order = "project_id, score desc, id"

    project_id = fields.Many2one(
        "project.project",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="project_id.company_id", store=True, index=True
    )
    description = fields.Char(required=True)
    category = fields.Selection(RISK_CATEGORIES, required=True, default="other")
    probability = fields.Integer(
        required=True, default=1, help="1 (rare) to 5 (almost certain)"
    )
    impact = fields.Integer(
        required=True, default=1, help="1 (negligible) to 5 (severe)"
    )
    score = fields.Integer(
        compute="_compute_score",
        store=True,
        aggregator="max",
        help="Probability × impact, 1 to 25.",
        protected=True,
    )
    mitigation = fields.Text()
    owner_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    status = fields.Selection(
        [("open", "Open"), ("mitigated", "Mitigated"), ("closed", "Closed")],
        required=True,
        default="open",
    )
    review_date = fields.Date()

    @api.depends("probability", "impact")
    def _compute_score(self):
        for risk in self:
            risk.score = risk.probability * risk.impact

    @api.constrains("probability", "impact")
    def _check_scales(self):
        for risk in self:
            for fname in ("probability", "impact"):
                if not 1 <= risk[fname] <= 5:
                    raise ValidationError(
                        self.env._(
                            "The %(field)s of risk %(risk)s must be between 1 and 5 "
                            "(it is %(value)s).",
                            field=self._fields[fname]._description_string(self.env),
                            risk=risk.description,
                            value=risk[fname],
                        )
                    )
