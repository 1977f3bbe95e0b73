"""Early warnings on the use of funds of financing contracts (plans and reports of
``advisory_client_mgmt``): a report overdue, a verified report whose variance is
above the threshold of the client's risk level."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.advisory_client_mgmt.models.advisory_fund_usage_plan import (
    FUND_USAGE_CONTRACT_STATES,
)

FUND_USAGE_OVERDUE = "fund_usage_overdue"
FUND_USAGE_VARIANCE = "fund_usage_variance"
DEFAULT_VARIANCE_THRESHOLD = 20.0  # percent


class AdvisoryRiskPolicy(models.Model):
    _inherit = "advisory.risk.policy"

    fund_usage_variance_threshold = fields.Float(
        string="Max Use of Funds Variance (%)",
        default=DEFAULT_VARIANCE_THRESHOLD,
        tracking=True,
        help="A verified use of funds report of a client of this level whose actual "
        "use differs from the plan by more than this percentage (either way, in a "
        "category or in total) raises an early warning.",
    )

    @api.constrains("fund_usage_variance_threshold")
    def _check_fund_usage_variance_threshold(self):
        for policy in self:
            if not 0 <= policy.fund_usage_variance_threshold <= 1000:
                raise ValidationError(
                    self.env._(
                        "The use of funds variance threshold is a percentage between "
                        "0 and 1000."
                    )
                )


class AdvisoryRiskAlertRule(models.Model):
    _inherit = "advisory.risk.alert.rule"

    kind = fields.Selection(
        selection_add=[
            (FUND_USAGE_OVERDUE, "Use of Funds Report Overdue"),
            (FUND_USAGE_VARIANCE, "Use of Funds Variance Above Threshold"),
        ],
        ondelete={FUND_USAGE_OVERDUE: "cascade", FUND_USAGE_VARIANCE: "cascade"},
    )

    @api.constrains("kind", "threshold")
    def _check_fund_usage_threshold(self):
        for rule in self:
            if rule.kind == FUND_USAGE_VARIANCE and not 0 <= rule.threshold <= 10:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s watches the use of funds variance: its "
                        "threshold (for the clients without a risk level's policy) is "
                        "a share between 0 and 10 (0.2 = 20 %%).",
                        rule=rule.name,
                    )
                )

    @api.model
    def _rating_kinds(self):
        # the variance threshold follows the client's risk level
        return [*super()._rating_kinds(), FUND_USAGE_VARIANCE]

    def _evaluate_fund_usage_overdue(self, partners):
        """The report of a period of a signed financing contract's plan is not
        handed in ``days`` days after its due date."""
        self.ensure_one()
        limit = fields.Date.context_today(self) - timedelta(days=self.days)
        plans = (
            self.env["advisory.fund.usage.plan"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("contract_id.state", "in", FUND_USAGE_CONTRACT_STATES),
                    ("next_due_date", "<", limit),
                ],
                order="next_due_date, id",
            )
        )
        result = {}
        for partner in plans.partner_id:
            overdue = plans.filtered(lambda p, partner=partner: p.partner_id == partner)
            result[partner.id] = self.env._(
                "Use of funds report overdue: %(plans)s",
                plans=", ".join(
                    self.env._(
                        "%(contract)s (due %(date)s)",
                        contract=plan.contract_id.name,
                        date=plan.next_due_date,
                    )
                    for plan in overdue
                ),
            )
        return result

    def _evaluate_fund_usage_variance(self, partners):
        """The latest verified report of a plan of the client differs from the
        plan by more than the threshold of the client's risk level (the rule's
        threshold without a policy), in a category or in total, or spends on a
        category without a planned amount."""
        self.ensure_one()
        Report = self.env["advisory.fund.usage.report"].sudo()
        latest = Report._read_group(
            [("partner_id", "in", partners.ids), ("state", "=", "verified")],
            ["plan_id"],
            ["date_from:max"],
        )
        if not latest:
            return {}
        reports = Report.search(
            [
                ("state", "=", "verified"),
                ("plan_id", "in", [plan.id for plan, _date in latest]),
            ]
        )
        last_dates = {plan: date for plan, date in latest}
        reports = reports.filtered(lambda r: r.date_from == last_dates[r.plan_id])
        thresholds = self._fund_usage_thresholds(reports.partner_id)
        result = {}
        for report in reports.sorted("id"):
            threshold = thresholds[report.partner_id]
            breaches = report._variance_breaches(threshold)
            if not breaches:
                continue
            message = self.env._(
                "%(report)s beyond %(threshold)s %%: %(breaches)s",
                report=report.name,
                threshold=round(threshold * 100, 1),
                breaches="; ".join(breaches),
            )
            partner_id = report.partner_id.id
            result[partner_id] = (
                f"{result[partner_id]} | {message}" if partner_id in result else message
            )
        return result

    def _fund_usage_thresholds(self, partners):
        """``{partner: threshold}`` (a share: 0.2 = 20 %) from the policy of each
        client's risk level, the rule's threshold for the others."""
        Policy = self.env["advisory.risk.policy"].sudo()
        policies = {}
        result = {}
        for partner in partners.sudo():
            company = partner.company_id or self.company_id or self.env.company
            if company not in policies:
                policies[company] = Policy._get_policies(company)
            policy = policies[company].get(partner.risk_level)
            result[partner] = (
                policy.fund_usage_variance_threshold / 100 if policy else self.threshold
            )
        return result


class AdvisoryFundUsageReport(models.Model):
    _inherit = "advisory.fund.usage.report"

    def _do_submit(self):
        result = super()._do_submit()
        # a report handed in may clear an overdue warning
        self.env["advisory.risk.alert.rule"]._evaluate_partners(
            self.partner_id, kinds=[FUND_USAGE_OVERDUE]
        )
        return result

    def _do_verify(self):
        result = super()._do_verify()
        # the verified figures are the latest: warn now, not at the next daily run
        self.env["advisory.risk.alert.rule"]._evaluate_partners(
            self.partner_id, kinds=[FUND_USAGE_VARIANCE]
        )
        return result
