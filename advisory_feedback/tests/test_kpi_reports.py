import io
import zipfile
from datetime import date

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .kpi_common import EXPECTED, Q2, YEAR, KpiCase

Q1 = (date(2024, 1, 1), date(2024, 3, 31))


@tagged("post_install", "-at_install")
class TestKpiReports(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Snapshot = cls.env["advisory.kpi.snapshot"].with_user(cls.manager)
        cls.q1 = Snapshot.compute_snapshot(*Q1)
        cls.q2 = Snapshot.compute_snapshot(*Q2)
        cls.year = Snapshot.compute_snapshot(*YEAR)

    def test_workbook(self):
        snapshots = self.q1 | self.q2 | self.year
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_xlsx(
                "advisory_feedback.action_report_kpi_workbook", snapshots.ids, None
            )
        )
        self.assertEqual(kind, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        # a sheet per period, oldest first, and the trend
        self.assertEqual(
            workbook.sheetnames, ["2024 Q1", "Year 2024", "2024 Q2", "Trend"]
        )
        sheet = workbook["2024 Q2"]
        header = [cell.value for cell in sheet[3]]
        self.assertEqual(
            header[:7],
            [
                "KPI",
                "Value",
                "Numerator",
                "Denominator",
                "Direction",
                "Target",
                "Status",
            ],
        )
        rows = {
            row[0]: dict(zip(header, row, strict=True))
            for row in sheet.iter_rows(min_row=4, values_only=True)
        }
        self.assertEqual(len(rows), self.kpi_count())
        satisfaction = rows["Satisfaction Rate"]
        self.assertEqual(satisfaction["Value"], 0.5)
        self.assertEqual(satisfaction["Numerator"], 2)
        self.assertEqual(satisfaction["Denominator"], 4)
        self.assertEqual(satisfaction["Target"], 0.9)
        self.assertEqual(satisfaction["Status"], "Missed")
        growth = rows["Revenue Growth"]
        self.assertEqual(
            (growth["Numerator"], growth["Denominator"], growth["Value"]),
            EXPECTED[Q2]["revenue_growth"],
        )
        self.assertEqual(growth["Status"], "Met")
        self.assertEqual(rows["Conversion Rate"]["Status"], "No target")
        # the clients without survey consent: a row of their own, as a share
        coverage = rows["Survey Coverage"]
        self.assertEqual(
            (coverage["Numerator"], coverage["Denominator"], coverage["Value"]),
            EXPECTED[Q2]["survey_coverage"],
        )
        missing = rows["Survey Consent Missing"]
        self.assertEqual((missing["Numerator"], missing["Denominator"]), (2, 3))
        self.assertAlmostEqual(missing["Value"], 2 / 3)
        self.assertIsNone(rows["Feedback Response Time"]["Numerator"])
        self.assertEqual(rows["Feedback Response Time"]["Value"], 5.0)
        # trend: the value of each KPI per period, with a line chart per KPI
        trend = workbook["Trend"]
        self.assertEqual(
            [trend.cell(row, 1).value for row in (2, 3, 4)],
            ["2024 Q1", "Year 2024", "2024 Q2"],
        )
        self.assertEqual(trend.cell(1, 2).value, "Satisfaction Rate")
        self.assertEqual(trend.cell(4, 2).value, 0.5)
        self.assertAlmostEqual(trend.cell(3, 2).value, 4 / 6)
        charts = [
            name
            for name in zipfile.ZipFile(io.BytesIO(content)).namelist()
            if name.startswith("xl/charts/chart")
        ]
        self.assertEqual(len(charts), self.kpi_count())
        chart_xml = zipfile.ZipFile(io.BytesIO(content)).read(charts[0]).decode()
        self.assertIn("<c:lineChart>", chart_xml)
        self.assertIn("Trend!$B$2:$B$4", chart_xml)

    def test_evaluation_pdf(self):
        action = (
            self.env["advisory.improvement.action"]
            .sudo()
            .create(
                {
                    "name": "Answer within one working day",
                    "company_id": self.company.id,
                    "date_deadline": date(2024, 9, 30),
                }
            )
        )
        Report = self.env["ir.actions.report"].with_user(self.executive)
        content, kind = Report.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(
            "advisory_feedback.action_report_kpi_evaluation", self.q2.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        html = Report._render_qweb_html(
            "advisory_feedback.action_report_kpi_evaluation", self.q2.ids
        )[0].decode()
        self.assertIn("2024 Q2", html)
        self.assertIn("Satisfaction Rate", html)
        self.assertIn("50.0 %", html)
        self.assertIn("No target", html)
        self.assertIn("Survey Coverage", html)
        self.assertIn("Survey Consent Missing", html)
        self.assertIn("66.7 %", html)
        # the complaints of the quarter, by category (T1-T3, T6: 4 received in Q2)
        self.assertIn("Complaint", html)
        self.assertIn(action.name, html)
        has_risk = "risk_level" in self.env["res.partner"]._fields
        self.assertEqual("Risk distribution" in html, has_risk)

    def test_evaluation_refused_without_access(self):
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.employee)._render_qweb_html(
                "advisory_feedback.action_report_kpi_evaluation", self.q2.ids
            )
