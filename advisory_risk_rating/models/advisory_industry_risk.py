from odoo import fields, models

from .common import RISK_LEVELS


class AdvisoryIndustryRisk(models.Model):
    _name = "advisory.industry.risk"
    _description = "Industry Risk Level"
    _inherit = "advisory.protected.mixin"
    _order = "industry_id"
    _rec_name = "industry_id"

    industry_id = fields.Many2one(
        "res.partner.industry", required=True, ondelete="cascade", index=True
    )
    risk_level = fields.Selection(RISK_LEVELS, required=True, default="medium")
    note = fields.Text(help="Why the industry has this level.")

    _sql_constraints = (
        (
            "industry_uniq",
            "unique(industry_id)",
            "An industry has only one risk level.",
        ),
    )

    def _level_map(self):
        """``{industry id: level}`` of the whole table (small, read once)."""
        return {entry.industry_id.id: entry.risk_level for entry in self.search([])}
