from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ALERT_KINDS = [
    ("ratio_breach", "Ratio Beyond Threshold"),
    ("downgrade", "Grade Downgrade"),
    ("review_overdue", "Review Overdue"),
    ("no_contact", "No Contact"),
    ("management_change", "Management Change"),
    ("exposure_limit", "Exposure Above Limit"),
    ("document_expired", "Required Document Expired"),
    ("rm_missing", "Dedicated RM Missing"),
]
SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
RATIO_FIELDS = [
    ("debt_ratio", "Debt Ratio"),
    ("net_margin", "Net Margin"),
    ("current_ratio", "Current Ratio"),
]


class AdvisoryRiskAlertRule(models.Model):
    """An early-warning condition evaluated for many clients at once.

    Each kind is evaluated by ``_evaluate_<kind>(partners)`` for the whole batch of
    clients; it returns ``{partner id: message}`` of the clients for which the
    condition holds. A module adds a kind with ``selection_add`` on ``kind`` and
    one such method.
    """

    _name = "advisory.risk.alert.rule"
    _description = "Early Warning Rule"
    _inherit = "advisory.client.rule.mixin"
    _order = "sequence, id"
    _check_company_auto = True
    _client_rule_batch = 5000

    kind = fields.Selection(ALERT_KINDS, required=True, tracking=True)
    severity = fields.Selection(
        SEVERITIES, required=True, default="medium", tracking=True
    )
    ratio_field = fields.Selection(
        RATIO_FIELDS, string="Ratio", help="Ratio of the latest financial statement."
    )
    ratio_operator = fields.Selection(
        [(">", "Above"), ("<", "Below")], string="Breached When", default=">"
    )
    threshold = fields.Float(
        tracking=True, help="Ratios as fractions: 0.7 = 70 % (current ratio: 1.0)."
    )
    days = fields.Integer(
        tracking=True,
        help="No contact: days without interaction (for the clients without a "
        "service matrix row: the others follow their row's cadence); management "
        "change: days back; review overdue: days of grace after the review date.",
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )
    amount_limit = fields.Monetary(
        string="Exposure Limit",
        tracking=True,
        help="Open contracts and expected financing above this amount.",
    )
    alert_ids = fields.One2many("advisory.risk.alert", "rule_id")
    open_alert_count = fields.Integer(compute="_compute_open_alert_count")

    @api.depends("alert_ids.state")
    def _compute_open_alert_count(self):
        counts = dict(
            self.env["advisory.risk.alert"]._read_group(
                [("rule_id", "in", self.ids), ("state", "!=", "resolved")],
                ["rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.open_alert_count = counts.get(rule, 0)

    @api.constrains("kind", "ratio_field", "days", "amount_limit")
    def _check_parameters(self):
        for rule in self:
            if rule.kind == "ratio_breach" and not (
                rule.ratio_field and rule.ratio_operator
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s watches a ratio: choose the ratio and when it "
                        "is breached.",
                        rule=rule.name,
                    )
                )
            if (
                rule.kind in ("no_contact", "management_change", "document_expired")
                and rule.days <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s needs a number of days above 0.", rule=rule.name
                    )
                )
            if rule.days < 0 or rule.amount_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The days and the exposure limit of rule %(rule)s cannot be "
                        "negative.",
                        rule=rule.name,
                    )
                )

    # ------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------

    @api.model
    def _rating_kinds(self):
        """Kinds whose condition depends on the rating: evaluated again right after
        a re-rating (the others by the daily evaluation)."""
        return ["downgrade", "review_overdue"]

    @api.model
    def _service_matrix_kinds(self):
        """Kinds whose condition depends on the client's service matrix row:
        evaluated again when the segment recompute applies the matrix."""
        return ["no_contact", "rm_missing"]

    @api.model
    def _evaluate_partners(self, partners, kinds=None):
        """Evaluate the active rules (of ``kinds``, default all) for the advisory
        clients of ``partners``: open the alerts of the conditions that hold (once
        per rule and client), resolve the open alerts whose condition cleared."""
        # sudo: the early warnings watch every client, whoever triggers them
        rules = self.sudo().search([("kind", "in", kinds)] if kinds else [])
        partners = partners.sudo()
        # one query (reading the fields one by one would fetch every column,
        # 1,000 clients per query)
        partners.fetch(["is_advisory_client", "company_id"])
        partners = partners.filtered("is_advisory_client")
        if not rules or not partners:
            return self.env["advisory.risk.alert"]
        created = self.env["advisory.risk.alert"]
        for rule in rules:
            scope = rule._rule_scope(partners)
            if scope:
                hits = getattr(rule, f"_evaluate_{rule.kind}")(scope)
                created |= rule._sync_alerts(scope, hits)
        return created

    def _sync_alerts(self, partners, hits):
        """Open an alert for each client of ``hits`` without one open for this
        rule; resolve this rule's open alerts of the other ``partners``."""
        self.ensure_one()
        Alert = self.env["advisory.risk.alert"].sudo()
        open_alerts = Alert.search(
            [
                ("rule_id", "=", self.id),
                ("partner_id", "in", partners.ids),
                ("state", "!=", "resolved"),
            ]
        )
        open_partner_ids = set(open_alerts.partner_id.ids)
        open_alerts.filtered(lambda a: a.partner_id.id not in hits)._auto_resolve()
        new = [
            {
                "rule_id": self.id,
                "partner_id": partner_id,
                "company_id": (
                    self.company_id
                    or partners.browse(partner_id).company_id
                    or self.env.company
                ).id,
                "message": message,
            }
            for partner_id, message in hits.items()
            if partner_id not in open_partner_ids
        ]
        alerts = Alert.with_context(tracking_disable=True).create(new)
        alerts._schedule_activities()
        return alerts

    def _evaluate_ratio_breach(self, partners):
        self.ensure_one()
        statements = partners.latest_statement_id
        statements.fetch(["partner_id", self.ratio_field])
        labels = dict(self._fields["ratio_field"]._description_selection(self.env))
        result = {}
        for statement in statements:
            value = statement[self.ratio_field]
            if value is False:
                continue
            if (self.ratio_operator == ">" and value > self.threshold) or (
                self.ratio_operator == "<" and value < self.threshold
            ):
                result[statement.partner_id.id] = self.env._(
                    "%(ratio)s %(value)s (threshold %(threshold)s) in %(period)s",
                    ratio=labels[self.ratio_field],
                    value=round(value, 4),
                    threshold=self.threshold,
                    period=statement.name,
                )
        return result

    def _evaluate_downgrade(self, partners):
        """The client's latest rating (validated or waiting for validation) is a
        downgrade."""
        self.ensure_one()
        latest = (
            self.env["advisory.risk.assessment"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "in", ("to_validate", "validated")),
                    ("project_id", "=", False),
                ],
                ["partner_id"],
                ["id:max"],
            )
        )
        assessments = (
            self.env["advisory.risk.assessment"]
            .sudo()
            .browse([assessment_id for _partner, assessment_id in latest])
        )
        assessments.fetch(["partner_id", "is_downgrade", "grade", "previous_grade"])
        return {
            assessment.partner_id.id: self.env._(
                "Grade lowered from %(old)s to %(new)s",
                old=assessment.previous_grade,
                new=assessment.grade,
            )
            for assessment in assessments
            if assessment.is_downgrade
        }

    def _evaluate_review_overdue(self, partners):
        self.ensure_one()
        limit = fields.Date.context_today(self) - timedelta(days=self.days)
        partners.fetch(["risk_next_review"])
        return {
            partner.id: self.env._(
                "Risk review due since %(date)s", date=partner.risk_next_review
            )
            for partner in partners
            if partner.risk_next_review and partner.risk_next_review < limit
        }

    def _evaluate_no_contact(self, partners):
        """No interaction with the client for longer than the cadence of its
        service matrix row plus the row's grace days; the rule's days for the
        clients without a row."""
        self.ensure_one()
        now = fields.Datetime.now()
        partners.fetch(["last_contact_date", "create_date", "service_matrix_id"])
        limits = {}
        result = {}
        for partner in partners:
            row = partner.service_matrix_id
            if row not in limits:
                limits[row] = (
                    now - row._cadence() - timedelta(days=row.no_contact_grace_days)
                    if row
                    else now - timedelta(days=self.days)
                )
            last = partner.last_contact_date or partner.create_date
            if not (last and last < limits[row]):
                continue
            if row:
                result[partner.id] = self.env._(
                    "No contact for longer than the service of %(row)s asks "
                    "(%(cadence)s, %(grace)s days of grace)",
                    row=row.display_name,
                    cadence=row._cadence_label(),
                    grace=row.no_contact_grace_days,
                )
            else:
                result[partner.id] = self.env._(
                    "No contact for more than %(days)s days", days=self.days
                )
        return result

    def _evaluate_rm_missing(self, partners):
        """The client's service matrix row asks for a dedicated relationship
        manager and the client has none."""
        self.ensure_one()
        partners.fetch(["relationship_manager_id", "service_matrix_id"])
        return {
            partner.id: self.env._(
                "The service of %(row)s asks for a dedicated relationship manager: "
                "none is assigned.",
                row=partner.service_matrix_id.display_name,
            )
            for partner in partners
            if partner.service_matrix_id.dedicated_rm_required
            and not partner.relationship_manager_id
        }

    def _evaluate_document_expired(self, partners):
        """A document the client's file requires expired more than ``days`` days
        ago and no valid version replaced it."""
        self.ensure_one()
        since = fields.Date.context_today(self) - timedelta(days=self.days)
        expired = (
            self.env["advisory.client.document"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "=", "expired"),
                    ("expiry_date", "<", since),
                ]
            )
        )
        result = {}
        for partner in expired.partner_id:
            # still missing from the file (not renewed, not waived)
            lacking = expired.filtered(
                lambda d, p=partner: d.partner_id == p
                and d.type_id in p.document_missing_type_ids
            )
            if lacking:
                result[partner.id] = self.env._(
                    "Expired for more than %(days)s days: %(documents)s",
                    days=self.days,
                    documents=", ".join(lacking.type_id.mapped("name")),
                )
        return result

    def _evaluate_management_change(self, partners):
        self.ensure_one()
        since = fields.Date.context_today(self) - timedelta(days=self.days)
        counts = (
            self.env["advisory.management.event"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partners.ids), ("date", ">", since)],
                ["partner_id"],
                ["__count", "date:max"],
            )
        )
        return {
            partner.id: self.env._(
                "%(count)s management change(s), the last on %(date)s",
                count=count,
                date=last,
            )
            for partner, count, last in counts
        }

    def _evaluate_exposure_limit(self, partners):
        self.ensure_one()
        exposure = self.env["res.partner"]._risk_exposure(partners)
        return {
            partner_id: self.env._(
                "Exposure %(amount)s above the limit of %(limit)s",
                amount=self.currency_id.format(amount),
                limit=self.currency_id.format(self.amount_limit),
            )
            for partner_id, amount in exposure.items()
            if amount > self.amount_limit
        }
