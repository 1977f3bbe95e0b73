from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.advisory_client_mgmt.fields import NullableFloat


class AdvisoryRiskFactorBand(models.Model):
    _name = "advisory.risk.factor.band"
    _description = "Risk Factor Score Band"
    _inherit = "advisory.protected.mixin"
    _order = "factor_id, sequence, value_from, id"

    factor_id = fields.Many2one(
        "advisory.risk.factor", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    value_from = NullableFloat(
        string="From",
        help="Lowest raw value of the band (included); empty: no lower bound.",
    )
    value_to = NullableFloat(
        string="To",
        help="Raw value where the band ends (excluded); empty: no upper bound.",
    )
    points = fields.Float(
        required=True,
        help="Points (0-100) a raw value in this band scores; 100 is the best.",
    )
    label = fields.Char(help="How the band reads, e.g. 'Low debt'.")

    @api.constrains("value_from", "value_to", "points")
    def _check_band(self):
        for band in self:
            if not 0 <= band.points <= 100:
                raise ValidationError(
                    self.env._(
                        "The points of a band of factor %(factor)s must be between "
                        "0 and 100.",
                        factor=band.factor_id.name,
                    )
                )
            if (
                band.value_from is not False
                and band.value_to is not False
                and band.value_to <= band.value_from
            ):
                raise ValidationError(
                    self.env._(
                        "A band of factor %(factor)s ends (%(to)s) before it starts "
                        "(%(from)s).",
                        factor=band.factor_id.name,
                        to=band.value_to,
                        **{"from": band.value_from},
                    )
                )
