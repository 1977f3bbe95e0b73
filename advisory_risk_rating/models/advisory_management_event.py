from odoo import fields, models

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
    _inherit = "advisory.client.event.mixin"
    _order = "date desc, id desc"
    _check_company_auto = True
    _client_event_type_field = "event_type"

    event_type = fields.Selection(
        MANAGEMENT_EVENT_TYPES, string="Change", required=True, tracking=True
    )
    description = fields.Text()
