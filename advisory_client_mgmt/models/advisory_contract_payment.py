from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class AdvisoryContractPayment(models.Model):
    _name = "advisory.contract.payment"
    _description = "Advisory Contract Payment"
    _inherit = "advisory.protected.mixin"
    _order = "contract_id, sequence, date_due, id"

    contract_id = fields.Many2one(
        "advisory.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    sequence = fields.Integer(default=10)
    date_due = fields.Date(string="Due Date", required=True)
    amount = fields.Monetary()
    note = fields.Char(help="e.g. Upon signature, On delivery of the report")

    @api.model_create_multi
    def create(self, vals_list):
        self.env["advisory.contract"].browse(
            {vals.get("contract_id") for vals in vals_list if vals.get("contract_id")}
        )._check_payments_editable()
        return super().create(vals_list)

    def write(self, vals):
        contracts = self.contract_id
        if vals.get("contract_id"):
            contracts |= contracts.browse(vals["contract_id"])
        contracts._check_payments_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_contract(self):
        # a deleted contract takes its lines along (cascade)
        self.contract_id.filtered(
            lambda contract: contract.state != "cancelled"
        )._check_payments_editable()

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The payment of %(date)s of contract %(contract)s cannot be "
                        "negative.",
                        date=format_date(self.env, line.date_due),
                        contract=line.contract_id.name,
                    )
                )

    @api.constrains("date_due", "contract_id")
    def _check_date_due(self):
        for line in self:
            contract = line.contract_id
            if not (line.date_due and contract.date_start and contract.date_end):
                continue
            if not contract.date_start <= line.date_due <= contract.date_end:
                raise ValidationError(
                    self.env._(
                        "The payment due on %(date)s falls outside the term of "
                        "contract %(contract)s (%(start)s to %(end)s).",
                        date=format_date(self.env, line.date_due),
                        contract=contract.name,
                        start=format_date(self.env, contract.date_start),
                        end=format_date(self.env, contract.date_end),
                    )
                )
