from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .common import ALL_CLIENTS_GROUPS

CREDIT_RECORD_TYPES = [
    ("bank_loan", "Bank Loan"),
    ("overdue", "Overdue Payment"),
    ("default", "Default"),
]


class AdvisoryCreditRecord(models.Model):
    _name = "advisory.credit.record"
    _description = "Client Credit Record"
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

    @api.depends("partner_id", "record_type", "date")
    def _compute_display_name(self):
        types = dict(self._fields["record_type"]._description_selection(self.env))
        for record in self:
            record.display_name = " – ".join(
                part
                for part in (
                    record.partner_id.display_name,
                    types.get(record.record_type),
                    record.date and fields.Date.to_string(record.date),
                )
                if part
            )
