from odoo import models


class AdvisoryContract(models.Model):
    _inherit = "advisory.contract"

    def _do_sign(self):
        result = super()._do_sign()
        self._advisory_loyalty_earn_on_sign()
        return result

    def _advisory_loyalty_earn_on_sign(self):
        """A signed contract earns its client points per amount (in the company
        currency), a renewal the renewal's points too; an amendment earns nothing
        (its contract did)."""
        contracts = self.filtered(lambda c: not c.amended_contract_id)
        Entry = self.env["advisory.loyalty.entry"]
        items = []
        for contract in contracts:
            company = contract.company_id or self.env.company
            amount = contract.currency_id._convert(
                contract.amount or 0.0,
                company.currency_id,
                company,
                contract.signed_date or contract.date_start,
            )
            items.append((contract.partner_id, contract, amount))
        Entry._advisory_loyalty_earn_many("contract", items)
        Entry._advisory_loyalty_earn_many(
            "renewal",
            [
                (contract.partner_id, contract, None)
                for contract in contracts.filtered("renewed_from_id")
            ],
        )
