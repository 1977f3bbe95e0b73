from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .common import GRADES, RISK_LEVELS


class AdvisoryRiskGradeBand(models.Model):
    _name = "advisory.risk.grade.band"
    _description = "Risk Grade Band"
    _inherit = "advisory.protected.mixin"
    _order = "model_id, min_score desc, id"

    model_id = fields.Many2one(
        "advisory.risk.model", required=True, index=True, ondelete="cascade"
    )
    grade = fields.Selection(GRADES, required=True)
    min_score = fields.Float(
        required=True,
        help="Lowest score (0-100, included) of the grade; the grade reaches up to "
        "the next better grade's minimum.",
    )
    risk_level = fields.Selection(RISK_LEVELS, required=True)

    _sql_constraints = (
        (
            "grade_uniq",
            "unique(model_id, grade)",
            "A grade appears once per scoring model.",
        ),
    )

    @api.constrains("min_score")
    def _check_min_score(self):
        for band in self:
            if not 0 <= band.min_score <= 100:
                raise ValidationError(
                    self.env._(
                        "The minimum score of grade %(grade)s must be between 0 "
                        "and 100.",
                        grade=band.grade,
                    )
                )
