from odoo import api, fields, models
from odoo.exceptions import ValidationError

CREDIT_RECORD_TYPES = [
    ("bank_loan", "Bank Loan"),
    ("overdue", "Overdue Payment"),
    ("default", "Default"),
]


class AdvisoryCreditRecord(models.Model):
    _name = "advisory.credit.record"
    _description = "Client Credit Record"
    _inherit = "advisory.client.event.mixin"
    _order = "date desc, id desc"
    _check_company_auto = True
    _client_event_type_field = "record_type"

    record_type = fields.Selection(
        CREDIT_RECORD_TYPES,
        string="Type",
        required=True,
        tracking=True,
        help="Bank loans build the credit history; overdue payments and defaults "
        "lower the credit-history factor (a default counts as three overdue "
        "payments).",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    amount = fields.Monetary(tracking=True)
    lender = fields.Char(help="Bank or creditor.")
    note = fields.Text()

    @api.constrains("amount")
    def _check_amount(self):
        for record in self:
            if record.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The amount of a credit record of %(client)s cannot be "
                        "negative.",
                        client=record.partner_id.display_name,
                    )
                )
