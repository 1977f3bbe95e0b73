from odoo import api, fields, models
from odoo.exceptions import ValidationError

FACTOR_KINDS = [
    ("debt_ratio", "Debt Ratio"),
    ("net_margin", "Net Margin"),
    ("current_ratio", "Current Ratio"),
    ("credit_history", "Credit History"),
    ("industry_risk", "Industry Risk"),
    ("management_stability", "Management Stability"),
    ("financing_exposure", "Financing Exposure"),
    ("region_risk", "Region Risk"),
    ("document_completeness", "Document File Completeness"),
]

FACTOR_KIND_HELP = """Where the raw value comes from:
- Debt ratio / net margin / current ratio: the client's latest financial statement
  (fractions: 0.45 = 45%); missing without a statement or when the ratio cannot be
  computed.
- Credit history: overdue payments + 3 x defaults recorded in the last 36 months;
  missing when the client has no credit record in that time.
- Industry risk / region risk: the level of the client's industry (region: state,
  else country) in the risk tables as 1 low, 2 medium, 3 high, 4 critical; missing
  when there is no entry.
- Management stability: the stability (1-5) set on the client minus one per
  management change of the last 12 months (at least 1); missing when not set.
- Financing exposure: amount of open contracts (to approve to active) plus expected
  financing of open opportunities, in the company currency.
- Document file completeness: the share of the due-diligence documents the client's
  situation requires that are valid or waived (1.0 = complete file). The shipped
  model shows it with weight 0: an input the risk officer sees, not yet scored."""


class AdvisoryRiskFactor(models.Model):
    _name = "advisory.risk.factor"
    _description = "Risk Scoring Factor"
    _inherit = "advisory.protected.mixin"
    _order = "model_id, sequence, id"

    model_id = fields.Many2one(
        "advisory.risk.model", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short technical code, unique per model.")
    kind = fields.Selection(FACTOR_KINDS, required=True, help=FACTOR_KIND_HELP)
    weight = fields.Float(
        required=True,
        help="Share of the score in percent; the weights of a model add up to 100.",
    )
    band_ids = fields.One2many(
        "advisory.risk.factor.band", "factor_id", string="Score Bands", copy=True
    )

    _sql_constraints = (
        ("code_uniq", "unique(model_id, code)", "A factor code is unique per model."),
    )

    @api.constrains("weight")
    def _check_weight(self):
        for factor in self:
            if factor.weight < 0:
                raise ValidationError(
                    self.env._(
                        "The weight of factor %(factor)s cannot be negative.",
                        factor=factor.name,
                    )
                )
