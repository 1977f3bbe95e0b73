from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from odoo.addons.advisory_client_mgmt.fields import NullableFloat

# code, label; the order of the dashboard cards
KPI_CODES = [
    ("satisfaction_rate", "Satisfaction Rate"),
    ("repeat_purchase_rate", "Repeat Purchase Rate"),
    ("churn_rate", "Churn Rate"),
    ("revenue_growth", "Revenue Growth"),
    ("strategic_partner_share", "Strategic Partner Share"),
    ("conversion_rate", "Conversion Rate"),
    ("renewal_rate", "Renewal Rate"),
    ("survey_coverage", "Survey Coverage"),
    ("survey_consent_missing", "Survey Consent Missing"),
    ("feedback_response_hours", "Feedback Response Time"),
    ("feedback_response_sla", "Feedback Response within SLA"),
    ("feedback_resolution_hours", "Feedback Resolution Time"),
    ("feedback_resolution_sla", "Feedback Resolution within SLA"),
]
# KPIs measured in hours (the others are fractions: 0.9 = 90 %)
HOUR_KPIS = ("feedback_response_hours", "feedback_resolution_hours")
# KPIs whose value is not numerator / denominator
MEDIAN_KPIS = HOUR_KPIS
# KPIs whose targets are "at most" by default (lower is better)
LOWER_IS_BETTER_KPIS = (*HOUR_KPIS, "survey_consent_missing")
DIRECTIONS = [
    (">=", "at least (≥)"),
    (">", "more than (>)"),
    ("<=", "at most (≤)"),
    ("<", "less than (<)"),
]
# the firm's plan: shipped for every company, editable in Settings → Advisory
DEFAULT_TARGETS = {
    "satisfaction_rate": (0.90, ">="),
    "repeat_purchase_rate": (0.50, ">="),
    "churn_rate": (0.05, "<"),
    "revenue_growth": (0.10, ">="),
    "strategic_partner_share": (0.30, ">="),
}


def target_met(value, target, direction):
    """Whether ``value`` reaches ``target`` in ``direction`` (6 decimals)."""
    cmp = float_compare(value, target, precision_digits=6)
    return {
        ">=": cmp >= 0,
        ">": cmp > 0,
        "<=": cmp <= 0,
        "<": cmp < 0,
    }[direction]


class AdvisoryKpiTarget(models.Model):
    _name = "advisory.kpi.target"
    _description = "Advisory KPI Target"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _order = "company_id, sequence, id"
    _rec_name = "kpi_code"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kpi_code = fields.Selection(KPI_CODES, string="KPI", required=True)
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    description = fields.Text(
        compute="_compute_description",
        help="How the KPI is computed.",
    )
    target = NullableFloat(
        tracking=True,
        help="The value to reach, as a fraction (0.9 = 90 %) or in hours for the "
        "time KPIs. Empty: the KPI is measured without a target (no status).",
    )
    direction = fields.Selection(
        DIRECTIONS,
        required=True,
        tracking=True,
        default=">=",
        help="How the value compares with the target when the target is met.",
    )
    unit = fields.Selection(
        [("percent", "Percentage"), ("hours", "Hours")],
        compute="_compute_unit",
    )

    _sql_constraints = [  # noqa: RUF012
        (
            "company_kpi_uniq",
            "unique(company_id, kpi_code)",
            "A company has one target per KPI.",
        )
    ]

    @api.depends("kpi_code")
    def _compute_sequence(self):
        order = {code: index for index, (code, _label) in enumerate(KPI_CODES)}
        for target in self:
            target.sequence = order.get(target.kpi_code, 99)

    @api.depends("kpi_code")
    @api.depends_context("lang")
    def _compute_description(self):
        descriptions = self._kpi_descriptions()
        for target in self:
            target.description = descriptions.get(target.kpi_code, "")

    @api.depends("kpi_code")
    def _compute_unit(self):
        for target in self:
            target.unit = "hours" if target.kpi_code in HOUR_KPIS else "percent"

    @api.constrains("target", "kpi_code")
    def _check_target(self):
        for target in self:
            if target.target is False:
                continue
            if target.target < 0 and target.kpi_code != "revenue_growth":
                raise ValidationError(
                    self.env._(
                        "The target of %(kpi)s cannot be negative.",
                        kpi=target._kpi_label(),
                    )
                )
            if target.kpi_code not in HOUR_KPIS + ("revenue_growth",) and (
                target.target > 1
            ):
                raise ValidationError(
                    self.env._(
                        "The target of %(kpi)s is a share: between 0 and 1 "
                        "(0.9 = 90 %%).",
                        kpi=target._kpi_label(),
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _kpi_label(self):
        self.ensure_one()
        return dict(self._fields["kpi_code"]._description_selection(self.env))[
            self.kpi_code
        ]

    @api.model
    def _kpi_descriptions(self):
        """The definition of each KPI, as documented in the README (help texts of
        the targets and the snapshot lines)."""
        return {
            "satisfaction_rate": self.env._(
                "Completed survey answers of the company with a satisfaction score "
                "(CSAT) finished in the period: share of those scoring at least 80 % "
                "of the maximum."
            ),
            "repeat_purchase_rate": self.env._(
                "Advisory clients with at least two signed contracts (signed on or "
                "before the end of the period, whatever their status since) among "
                "the clients with at least one."
            ),
            "churn_rate": self.env._(
                "Clients active at the start of the period (lifecycle history) that "
                "became churned during the period, among the clients active at the "
                "start."
            ),
            "revenue_growth": self.env._(
                "Value (in company currency) of the contracts signed in the period "
                "divided by the value of those signed in the same period one year "
                "earlier, minus 1. No data when nothing was signed a year earlier."
            ),
            "strategic_partner_share": self.env._(
                "Clients active at the end of the period (lifecycle history) that are "
                "strategic partners since that date or earlier, among the active "
                "clients."
            ),
            "conversion_rate": self.env._(
                "Leads won among the leads won or lost (archived with probability 0) "
                "whose closing date falls in the period."
            ),
            "renewal_rate": self.env._(
                "Signed contracts (signed, active or expired) ending in the period "
                "that have a renewal contract, among all of them."
            ),
            "survey_coverage": self.env._(
                "Clients active during the period (lifecycle history) that were "
                "sent a satisfaction survey in the period, among the active clients "
                "with the data processing consent (given on or before the end of "
                "the period). Clients without it get no survey and are not counted "
                "here: see Survey Consent Missing."
            ),
            "survey_consent_missing": self.env._(
                "Clients active during the period (lifecycle history) without the "
                "data processing consent on the last day of the period (no survey "
                "can be sent to them), among all the active clients."
            ),
            "feedback_response_hours": self.env._(
                "Median hours from creation to acknowledgement of the feedback "
                "tickets acknowledged in the period."
            ),
            "feedback_response_sla": self.env._(
                "Feedback tickets acknowledged in the period before their response "
                "deadline, among all tickets acknowledged in the period."
            ),
            "feedback_resolution_hours": self.env._(
                "Median hours from creation to resolution of the feedback tickets "
                "resolved in the period."
            ),
            "feedback_resolution_sla": self.env._(
                "Feedback tickets resolved in the period before their resolution "
                "deadline, among all tickets resolved in the period."
            ),
        }

    @api.model
    def _ensure_targets(self, companies=None):
        """Create the missing targets of ``companies`` (all companies by default):
        one per KPI, with the firm's default values where the plan sets one."""
        companies = companies or self.env["res.company"].sudo().search([])
        # sudo: targets are created for the company whoever computes its KPIs
        Target = self.sudo().with_context(active_test=False)
        existing = set(
            Target._read_group(
                [("company_id", "in", companies.ids)], ["company_id", "kpi_code"]
            )
        )
        vals_list = []
        for company in companies:
            for code, _label in KPI_CODES:
                if (company, code) in existing:
                    continue
                target, direction = DEFAULT_TARGETS.get(code, (False, ">="))
                if code in LOWER_IS_BETTER_KPIS:
                    direction = "<="
                vals_list.append(
                    {
                        "company_id": company.id,
                        "kpi_code": code,
                        "target": target,
                        "direction": direction,
                    }
                )
        return Target.create(vals_list)


class ResCompany(models.Model):
    # targets for new companies; the company's own fields are in res_company.py
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["advisory.kpi.target"]._ensure_targets(companies)
        return companies
