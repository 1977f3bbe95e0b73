from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .common import RISK_LEVELS


class AdvisoryContract(models.Model):
    _inherit = "advisory.contract"

    partner_risk_level = fields.Selection(
        RISK_LEVELS,
        string="Client Risk Level",
        compute="_compute_partner_risk_level",
        store=True,
        index=True,
        help="The client's risk level; it follows the client while the contract is "
        "a draft and is frozen when the contract is submitted.",
        protected=True,
        groups="base.group_user",
    )
    financing_term_months = fields.Integer(
        string="Financing Term (months)",
        tracking=True,
        groups="base.group_user",
        help="Term of the financing arranged by the contract; empty for a contract "
        "without financing (the risk controls then do not apply).",
    )
    margin_ratio = fields.Float(
        string="Margin / Deposit Ratio (%)",
        tracking=True,
        groups="base.group_user",
        help="Margin or deposit the client provides, in percent of the financing.",
    )

    @api.depends("partner_id.risk_level", "state")
    def _compute_partner_risk_level(self):
        for contract in self:
            if contract.state in ("draft", False):
                contract.partner_risk_level = contract.partner_id.risk_level

    @api.constrains("financing_term_months", "margin_ratio")
    def _check_risk_terms(self):
        for contract in self:
            if contract.financing_term_months < 0:
                raise ValidationError(
                    self.env._(
                        "The financing term of contract %(contract)s cannot be "
                        "negative.",
                        contract=contract.name,
                    )
                )
            if not 0 <= contract.margin_ratio <= 100:
                raise ValidationError(
                    self.env._(
                        "The margin ratio of contract %(contract)s is a percentage "
                        "between 0 and 100.",
                        contract=contract.name,
                    )
                )

    def _check_can_submit(self):
        super()._check_can_submit()
        self._check_risk_policy()

    def _check_risk_policy(self):
        """Refuse a financing contract outside the policy of its client's risk
        level: a longer term than allowed or a smaller margin than required."""
        levels = dict(
            self._fields["partner_risk_level"]._description_selection(self.env)
        )
        for contract in self.filtered("financing_term_months"):
            level = contract.partner_id.risk_level
            policy = (
                self.env["advisory.risk.policy"]
                ._get_policies(contract.company_id)
                .get(level)
            )
            if not policy:
                continue
            if (
                policy.max_term_months
                and contract.financing_term_months > policy.max_term_months
            ):
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has a financing term of %(term)s "
                        "months: the maximum for a client of %(level)s risk is "
                        "%(max)s months.",
                        contract=contract.name,
                        term=contract.financing_term_months,
                        level=levels[level].lower(),
                        max=policy.max_term_months,
                    )
                )
            if contract.margin_ratio < policy.min_margin_ratio:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has a margin ratio of %(ratio)s %%: "
                        "the minimum for a client of %(level)s risk is %(min)s %%.",
                        contract=contract.name,
                        ratio=contract.margin_ratio,
                        level=levels[level].lower(),
                        min=policy.min_margin_ratio,
                    )
                )

    def _do_sign(self):
        super()._do_sign()
        kinds = self.env["advisory.next.action.rule"]._nba_contract_outcome_kinds()
        for contract in self:
            # the suggestions of a renewal or a revival led to this signature
            self.env["advisory.next.action"]._nba_record_outcome(
                contract.partner_id.commercial_partner_id,
                kinds,
                self.env._("Contract %(contract)s signed", contract=contract.name),
            )
