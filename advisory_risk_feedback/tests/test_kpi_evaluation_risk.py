from collections import Counter

from odoo.tests import tagged

from odoo.addons.advisory_feedback.tests.kpi_common import Q2, KpiCase


@tagged("post_install", "-at_install")
class TestKpiEvaluationRisk(KpiCase):
    def test_risk_distribution(self):
        """The bridge gives the evaluation report the risk distribution of the
        company's active and dormant clients (advisory_feedback reads no risk
        field itself)."""
        snapshot = self.compute(Q2)
        clients = self.env["res.partner"].search(
            [
                ("is_advisory_client", "=", True),
                ("lifecycle_state", "in", ("active", "dormant")),
                ("company_id", "in", (self.company.id, False)),
            ]
        )
        self.assertTrue(clients)
        Report = self.env["report.advisory_feedback.report_kpi_evaluation"]
        risk = dict(Report._snapshot_risk(snapshot))
        levels = dict(clients._fields["risk_level"]._description_selection(self.env))
        expected = Counter(
            levels[client.risk_level] if client.risk_level else "Not rated"
            for client in clients.sudo()
        )
        self.assertEqual(risk, dict(expected))
        html = (
            self.env["ir.actions.report"]
            .with_user(self.executive)
            ._render_qweb_html(
                "advisory_feedback.action_report_kpi_evaluation", snapshot.ids
            )[0]
            .decode()
        )
        self.assertIn("Risk distribution", html)
        self.assertIn("Not rated", html)
