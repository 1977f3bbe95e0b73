from odoo import models


class AdvisoryKpiEvaluationReport(models.AbstractModel):
    _inherit = "report.advisory_feedback.report_kpi_evaluation"

    def _snapshot_risk(self, snapshot):
        """The risk distribution of the company's active and dormant clients (risk
        level of their latest rating), for the evaluation PDF."""
        # sudo: the evaluation covers the whole company, like the KPIs it explains
        # (the reader may read the snapshot)
        env = self.sudo().env
        Partner = env["res.partner"]
        levels = dict(Partner._fields["risk_level"]._description_selection(env))
        return [
            (levels.get(level, level) if level else env._("Not rated"), count)
            for level, count in Partner._read_group(
                [
                    ("is_advisory_client", "=", True),
                    ("lifecycle_state", "in", ("active", "dormant")),
                    ("company_id", "in", (snapshot.company_id.id, False)),
                ],
                ["risk_level"],
                ["__count"],
            )
        ]
