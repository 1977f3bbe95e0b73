from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .common import RISK_LEVELS


class AdvisoryRegionRisk(models.Model):
    _name = "advisory.region.risk"
    _description = "Region Risk Level"
    _inherit = "advisory.protected.mixin"
    _order = "country_id, state_id"

    country_id = fields.Many2one("res.country", required=True, ondelete="cascade")
    state_id = fields.Many2one(
        "res.country.state",
        string="State / Province",
        ondelete="cascade",
        domain="[('country_id', '=', country_id)]",
        help="Empty: the level of the whole country. A state's level takes "
        "precedence over its country's.",
    )
    risk_level = fields.Selection(RISK_LEVELS, required=True, default="medium")
    note = fields.Text()

    _sql_constraints = (
        (
            "region_uniq",
            "unique NULLS NOT DISTINCT (country_id, state_id)",
            "A region has only one risk level.",
        ),
    )

    @api.depends("country_id", "state_id")
    def _compute_display_name(self):
        for region in self:
            region.display_name = (
                f"{region.country_id.name} / {region.state_id.name}"
                if region.state_id
                else region.country_id.name
            )

    @api.constrains("country_id", "state_id")
    def _check_state_country(self):
        for region in self:
            if region.state_id and region.state_id.country_id != region.country_id:
                raise ValidationError(
                    self.env._(
                        "%(state)s is not in %(country)s.",
                        state=region.state_id.name,
                        country=region.country_id.name,
                    )
                )

    def _level_maps(self):
        """``({country id: level}, {state id: level})`` of the whole table."""
        countries, states = {}, {}
        for region in self.search([]):
            if region.state_id:
                states[region.state_id.id] = region.risk_level
            else:
                countries[region.country_id.id] = region.risk_level
        return countries, states
