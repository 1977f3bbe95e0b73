from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    advisory_tier_a_share = fields.Float(
        string="Value Tier A Share (%)",
        default=80.0,
        help="Tier A: the clients making the top this-percent of the trailing "
        "12-month signed contract value.",
    )
    advisory_tier_b_share = fields.Float(
        string="Value Tier B Share (%)",
        default=15.0,
        help="Tier B: the clients making the next this-percent of the value; the "
        "rest (and clients without value) are tier C.",
    )
    advisory_financing_small = fields.Monetary(
        string="Small Financing Up To",
        currency_field="currency_id",
        default=1_000_000,
        help="Financing exposure up to this amount is the small band.",
    )
    advisory_financing_large = fields.Monetary(
        string="Large Financing From",
        currency_field="currency_id",
        default=10_000_000,
        help="Financing exposure from this amount is the large band; between the "
        "two limits the medium band.",
    )

    @api.constrains("advisory_tier_a_share", "advisory_tier_b_share")
    def _check_tier_shares(self):
        for company in self:
            a, b = company.advisory_tier_a_share, company.advisory_tier_b_share
            if a <= 0 or b < 0 or a + b > 100:
                raise ValidationError(
                    self.env._(
                        "The value tier shares must be positive and add up to at "
                        "most 100 percent (A: %(a)s, B: %(b)s).",
                        a=a,
                        b=b,
                    )
                )

    @api.constrains("advisory_financing_small", "advisory_financing_large")
    def _check_financing_bands(self):
        for company in self:
            if not (
                0 < company.advisory_financing_small <= company.advisory_financing_large
            ):
                raise ValidationError(
                    self.env._(
                        "The small financing limit must be positive and not above "
                        "the large financing limit."
                    )
                )
