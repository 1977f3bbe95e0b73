import io

import openpyxl
from freezegun import freeze_time

from .common import RiskCase


@freeze_time("2026-03-01")
class TestRiskReports(RiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._perfect_client("Report Co")
        cls.empty = cls._client("Report Empty Co")

    def test_assessment_pdf(self):
        assessment = self._validated(self.empty)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "advisory_risk_rating.advisory_risk_assessment_action_report",
                assessment.ids,
            )[0]
            .decode()
        )
        self.assertIn("Report Empty Co", html)
        self.assertIn("Debt Ratio", html)
        self.assertIn("Missing", html)
        self.assertIn("<div>28.0</div>", html)  # the score
        self.assertIn("Controls in Force", html)  # critical: the policy's controls
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "advisory_risk_rating.advisory_risk_assessment_action_report",
                assessment.ids,
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))

    def test_ratings_xlsx(self):
        self._validated(self.client)
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "advisory_risk_rating.action_report_risk_ratings_xlsx",
            (self.client | self.empty).ids,
            None,
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [cell.value for cell in sheet[1]]
        rows = [
            dict(zip(header, [cell.value for cell in row], strict=True))
            for row in sheet.iter_rows(min_row=2)
        ]
        by_client = {row["Client"]: row for row in rows}
        self.assertEqual(by_client["Report Co"]["Grade"], "AAA")
        self.assertEqual(by_client["Report Co"]["Score"], 100)
        self.assertEqual(by_client["Report Co"]["Risk Level"], "Low")
        self.assertFalse(by_client["Report Empty Co"]["Grade"])
