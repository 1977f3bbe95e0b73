from odoo import api, fields, models

from .common import ALL_CLIENTS_GROUPS

MANAGEMENT_EVENT_TYPES = [
    ("ceo", "Chief Executive Change"),
    ("cfo", "Chief Financial Officer Change"),
    ("ownership", "Ownership Change"),
    ("board", "Board Change"),
    ("key_staff", "Key Staff Departure"),
    ("other", "Other"),
]


class AdvisoryManagementEvent(models.Model):
    _name = "advisory.management.event"
    _description = "Client Management Change"
    _inherit = (
        "advisory.protected.mixin",
        "mail.thread",
        "advisory.risk.input.mixin",
    )
    _advisory_client_field = "partner_id"
    _advisory_all_clients_groups = ALL_CLIENTS_GROUPS
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    event_type = fields.Selection(
        MANAGEMENT_EVENT_TYPES, string="Change", required=True, tracking=True
    )
    description = fields.Text()

    @api.depends("partner_id", "event_type", "date")
    def _compute_display_name(self):
        types = dict(self._fields["event_type"]._description_selection(self.env))
        for event in self:
            event.display_name = " – ".join(
                part
                for part in (
                    event.partner_id.display_name,
                    types.get(event.event_type),
                    event.date and fields.Date.to_string(event.date),
                )
                if part
            )
