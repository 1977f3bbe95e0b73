from odoo import api, models


class AdvisoryEngagement(models.Model):
    _inherit = "advisory.engagement"

    @api.depends("proposal_ids.fee_net")
    def _compute_value(self):
        # the value of an accepted proposal is its fee net of the loyalty discount
        return super()._compute_value()
