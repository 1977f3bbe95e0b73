from odoo import fields, models


class AdvisoryClientRecordMixin(models.AbstractModel):
    """A record of a client's file (financial statements, credit records,
    management changes): it belongs to the client and its company, and only the
    staff serving the client create or move it (``_advisory_client_field``, see
    ``advisory.protected.mixin``)."""

    _name = "advisory.client.record.mixin"
    _description = "Advisory Record of a Client"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _advisory_client_field = "partner_id"

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
