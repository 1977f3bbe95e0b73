from odoo import models


class AdvisoryFinancialStatement(models.Model):
    """A new or changed statement marks its client for re-rating."""

    _name = "advisory.financial.statement"
    _inherit = ("advisory.financial.statement", "advisory.risk.input.mixin")
