from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_advisory_client = fields.Boolean(
        string="Advisory Client",
        index=True,
        tracking=True,
        help="The partner is a client (or prospect) of the advisory firm.",
    )
