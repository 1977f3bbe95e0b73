from odoo import api, models


class AdvisoryNextAction(models.Model):
    _inherit = "advisory.next.action"

    @api.model
    def _nba_source_models(self):
        return [*super()._nba_source_models(), "survey.user_input", "advisory.feedback"]
