from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .common import RISK_LEVELS, SERVICE_LEVELS


class AdvisoryRiskPolicy(models.Model):
    _name = "advisory.risk.policy"
    _description = "Risk Control Policy"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _order = "company_id, sequence, id"
    _rec_name = "risk_level"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    risk_level = fields.Selection(RISK_LEVELS, required=True, tracking=True)
    review_interval_days = fields.Integer(
        string="Review Interval (days)",
        required=True,
        default=365,
        tracking=True,
        help="A validated assessment of a client of this level is valid this many "
        "days; then the client is due for a review.",
    )
    max_term_months = fields.Integer(
        string="Max Financing Term (months)",
        tracking=True,
        help="Longest financing term of a contract of a client of this level; 0: "
        "no limit.",
    )
    min_margin_ratio = fields.Float(
        string="Min Margin / Deposit Ratio (%)",
        tracking=True,
        help="Lowest margin or deposit ratio of a financing contract of a client of "
        "this level, in percent.",
    )
    service_level = fields.Selection(
        SERVICE_LEVELS,
        required=True,
        default="standard",
        tracking=True,
        help="Service of the clients of this level (tier-A clients always get a "
        "dedicated relationship manager).",
    )
    extra_approval = fields.Boolean(
        string="Extra Approval Required",
        tracking=True,
        help="Contracts of clients of this level also need a risk officer's approval.",
    )

    _sql_constraints = (
        (
            "level_uniq",
            "unique(company_id, risk_level)",
            "A company has one policy per risk level.",
        ),
    )

    @api.constrains("review_interval_days", "max_term_months", "min_margin_ratio")
    def _check_values(self):
        for policy in self:
            if not 0 < policy.review_interval_days <= 3660:
                raise ValidationError(
                    self.env._(
                        "The review interval is between 1 day and 10 years (3660 days)."
                    )
                )
            if not 0 <= policy.max_term_months <= 600:
                raise ValidationError(
                    self.env._(
                        "The maximum financing term is between 0 and 600 months."
                    )
                )
            if not 0 <= policy.min_margin_ratio <= 100:
                raise ValidationError(
                    self.env._(
                        "The minimum margin ratio is a percentage between 0 and 100."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        self.env.registry.clear_cache()
        policies._sync_after_change(set().union(*vals_list))
        return policies

    def write(self, vals):
        result = super().write(vals)
        if {"risk_level", "company_id"} & set(vals):
            self.env.registry.clear_cache()
        self._sync_after_change(vals)
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        self.env["advisory.risk.policy"]._sync_extra_approval_tier()
        return result

    def _sync_after_change(self, fnames):
        if {"extra_approval", "risk_level", "company_id"} & set(fnames):
            self._sync_extra_approval_tier()
        if {"service_level", "risk_level", "company_id"} & set(fnames):
            partners = self.env["res.partner"].search(
                [("risk_level", "in", self.mapped("risk_level"))]
            )
            self.env.add_to_compute(
                self.env["res.partner"]._fields["service_level"], partners
            )

    @api.model
    def _sync_extra_approval_tier(self):
        """Keep the domain of the shipped risk-officer tier of the contracts on the
        levels whose policy requires an extra approval (in any company)."""
        tier = self.env.ref(
            "advisory_risk_rating.tier_definition_contract_risk_officer",
            raise_if_not_found=False,
        )
        if not tier:
            return
        # sudo: risk officers edit policies, the tier definition follows them
        levels = sorted(
            set(
                self.sudo().search([("extra_approval", "=", True)]).mapped("risk_level")
            )
        )
        domain = repr([("partner_risk_level", "in", levels)])
        if tier.sudo().definition_domain != domain:
            tier.sudo().definition_domain = domain

    @api.model
    def _get_policies(self, company):
        """``{risk level: policy}`` of ``company``: none of a company the user does
        not work in (the policies' company rule)."""
        if not self.env.su:
            self.check_access("read")
            if company not in self.env.companies:
                return {}
        pairs = self._policy_ids(company.id)
        policies = self.browse([policy_id for _level, policy_id in pairs])
        return {
            level: policy for (level, _id), policy in zip(pairs, policies, strict=False)
        }

    @tools.ormcache("company_id")
    def _policy_ids(self, company_id):
        """``((risk level, policy id), ...)`` of the company: read by every client
        form and rating, changed by a risk officer now and then (the cache is
        cleared on every change of a policy)."""
        # sudo: the company's configuration, the same whoever asks first (the
        # cache is shared; _get_policies applies the access rules). Another
        # worker learns of a change at its next request (Odoo's cache signal).
        return tuple(
            (policy.risk_level, policy.id)
            for policy in self.sudo().search([("company_id", "=", company_id)])
        )
