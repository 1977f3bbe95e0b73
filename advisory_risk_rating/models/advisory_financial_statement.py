from odoo import api, models


class AdvisoryFinancialStatement(models.Model):
    _inherit = "advisory.financial.statement"

    @api.model_create_multi
    def create(self, vals_list):
        statements = super().create(vals_list)
        statements.partner_id._risk_inputs_changed()
        return statements

    def write(self, vals):
        partners = self.partner_id
        result = super().write(vals)
        (partners | self.partner_id)._risk_inputs_changed()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_mark_partner(self):
        self.partner_id._risk_inputs_changed()
