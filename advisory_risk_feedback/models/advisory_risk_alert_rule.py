from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AdvisoryRiskAlertRule(models.Model):
    """Early warnings fed by advisory_feedback: a low satisfaction score and
    feedback tickets past their SLA deadline."""

    _inherit = "advisory.risk.alert.rule"

    kind = fields.Selection(
        selection_add=[
            ("low_satisfaction", "Low Satisfaction"),
            ("sla_breach", "Feedback SLA Breached"),
        ],
        ondelete={"low_satisfaction": "cascade", "sla_breach": "cascade"},
    )

    @api.constrains("kind", "threshold")
    def _check_satisfaction_threshold(self):
        for rule in self.filtered(lambda r: r.kind == "low_satisfaction"):
            if not 0 < rule.threshold <= 1:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s watches the satisfaction score: its threshold "
                        "is a share between 0 and 1 (0.6 = 60 %%).",
                        rule=rule.name,
                    )
                )

    def _evaluate_low_satisfaction(self, partners):
        """The client's last completed satisfaction survey scored below the
        threshold (a share: 0.6 = 60 %), or its last NPS answer is a detractor's."""
        self.ensure_one()
        partners.fetch(["satisfaction_last", "nps_category_last", "nps_last"])
        result = {}
        for partner in partners:
            score = partner.satisfaction_last
            if score is not False and score < self.threshold * 100:
                result[partner.id] = self.env._(
                    "Last satisfaction score %(score)s %% (threshold %(threshold)s %%)",
                    score=round(score, 1),
                    threshold=round(self.threshold * 100, 1),
                )
            elif partner.nps_category_last == "detractor":
                result[partner.id] = self.env._(
                    "Last NPS answer %(nps)s: a detractor", nps=partner.nps_last
                )
        return result

    def _evaluate_sla_breach(self, partners):
        """The client has open feedback tickets past their response or resolution
        deadline."""
        self.ensure_one()
        groups = (
            self.env["advisory.feedback"]
            .sudo()  # the early warnings watch every client's tickets
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "not in", ("resolved", "closed")),
                    "|",
                    ("response_breached", "=", True),
                    ("resolution_breached", "=", True),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        return {
            partner.id: self.env._(
                "%(count)s open feedback ticket(s) past their SLA deadline",
                count=count,
            )
            for partner, count in groups
        }
