import io
from datetime import date

import openpyxl

from odoo import Command

from .test_engagement_flow import EngagementCase


class TestAdvisoryReports(EngagementCase):
    def test_client_profile_pdf(self):
        self.env["advisory.financial.statement"].create(
            self._statement_vals(self.client_a)
        )
        self._contract()
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "advisory_client_mgmt.action_report_client_profile", self.client_a.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "advisory_client_mgmt.action_report_client_profile", self.client_a.ids
            )[0]
            .decode()
        )
        self.assertIn("Alpha Trading Ltd", html)
        self.assertIn("45.0", html)  # latest debt ratio, in %
        self.assertIn(self.engagement.name, html)

    def test_engagement_pipeline_xlsx(self):
        proposal = self._proposal()
        contract = self._contract(
            amount=300000,
            payment_line_ids=[
                Command.create({"date_due": date(2026, 3, 1), "amount": 300000})
            ],
        )
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "advisory_client_mgmt.action_report_engagement_pipeline_xlsx",
            self.engagement.ids,
            None,
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [c.value for c in sheet[1]]
        row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
        self.assertEqual(row["Engagement"], self.engagement.name)
        self.assertEqual(row["Client"], "Alpha Trading Ltd")
        self.assertEqual(row["Fee Estimate"], proposal.fee_estimate)
        self.assertEqual(row["Contracts"], 1)
        self.assertEqual(row["Contract Value"], 0)  # not signed yet
        self.assertIn("Draft", row["Contract Status"])
        self.assertEqual(sheet.max_row, 2)
        self.assertTrue(contract)
