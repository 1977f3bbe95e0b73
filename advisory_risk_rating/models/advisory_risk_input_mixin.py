from odoo import api, models


class AdvisoryRiskInputMixin(models.AbstractModel):
    """Records that feed a client's risk rating (financial statements, credit
    records, management changes): creating, changing or deleting one marks the
    client for re-rating (see ``res.partner._risk_inputs_changed``)."""

    _name = "advisory.risk.input.mixin"
    _description = "Risk Rating Input"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.partner_id._risk_inputs_changed()
        return records

    def write(self, vals):
        partners = self.partner_id
        result = super().write(vals)
        (partners | self.partner_id)._risk_inputs_changed()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_mark_partner(self):
        self.partner_id._risk_inputs_changed()
