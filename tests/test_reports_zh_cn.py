"""Documents for Chinese readers: every PDF carries its Chinese text (the server has a
CJK font), dates in the Chinese format, and the workbooks are in the user's language.

The PDFs are rendered by wkhtmltopdf as in production and read back with pdftotext
(poppler-utils, installed by setup/ with the font): the Chinese text must be there
and extractable (searchable, copyable). Latin text is drawn with Odoo's web font,
which wkhtmltopdf embeds as outlines that no extractor reads, so the dates' format
is checked in the document's HTML. The workbooks are downloaded through the report
route the web client calls."""

import io
import re
import shutil
import subprocess

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged

ADDONS = ["advisory_client_mgmt", "advisory_risk_rating", "advisory_feedback"]
CHINESE_DATE = "%Y年%m月%d日"


def pdf_text(content):
    """The text of a PDF, without the whitespace pdftotext puts between glyphs."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: ./setup/test installs poppler-utils"
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return re.sub(r"\s+", "", text)


@tagged("post_install", "-at_install")
class TestChineseDocuments(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(ADDONS, ["zh_CN"])
        cls.user = new_test_user(
            cls.env,
            login="zh_manager",
            lang="zh_CN",
            groups="advisory_client_mgmt.group_advisory_manager,"
            "advisory_risk_rating.group_advisory_risk_officer",
        )
        # a demo client of the firm reads Chinese
        cls.contract = cls.env["advisory.contract"].search(
            [("state", "=", "signed"), ("payment_line_ids", "!=", False)], limit=1
        )
        cls.client = cls.contract.partner_id
        cls.client.lang = "zh_CN"

    def _pdf(self, report, records, lang="en_US"):
        """The PDF's text and the HTML it was printed from, rendered by the manager
        in `lang` (en_US: only what follows the client's language is in Chinese)."""
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            .with_context(force_report_rendering=True, lang=lang)
        )
        content, kind = Report._render_qweb_pdf(report, records.ids)
        self.assertEqual(kind, "pdf")
        html = Report._render_qweb_html(report, records.ids)[0].decode()
        return pdf_text(content), html

    def _assert_chinese_date(self, html, day):
        self.assertIn(day.strftime(CHINESE_DATE), html)

    def test_contract_pdf_in_the_clients_language(self):
        self.assertTrue(self.contract, "the demo data has a signed contract")
        text, html = self._pdf(
            "advisory_client_mgmt.advisory_contract_action_report", self.contract
        )
        for heading in ("咨询服务协议", "协议各方", "期限", "费用", "付款计划"):
            self.assertIn(heading, text)
        self.assertNotIn("Parties", html)
        self._assert_chinese_date(html, self.contract.date_start)
        self._assert_chinese_date(html, self.contract.payment_line_ids[0].date_due)

    def test_client_profile_pdf_in_the_clients_language(self):
        text, html = self._pdf(
            "advisory_client_mgmt.action_report_client_profile", self.client
        )
        for heading in ("生命周期", "客户经理"):
            self.assertIn(heading, text)
        self.assertNotIn("Lifecycle", html)

    def test_assessment_and_kpi_pdfs_in_the_users_language(self):
        """Internal documents follow the reader's language, as Odoo's do."""
        assessment = self.env["advisory.risk.assessment"].search(
            [("state", "=", "validated")], limit=1
        )
        self.assertTrue(assessment, "the demo data has a validated assessment")
        text, html = self._pdf(
            "advisory_risk_rating.advisory_risk_assessment_action_report",
            assessment,
            lang="zh_CN",
        )
        for heading in ("风险评估", "因子", "风险水平"):
            self.assertIn(heading, text)
        self._assert_chinese_date(html, assessment.date)

        snapshot = self.env["advisory.kpi.snapshot"].search(
            [("period_type", "=", "quarter")], limit=1
        )
        self.assertTrue(snapshot, "the demo data has a quarterly KPI snapshot")
        text, html = self._pdf(
            "advisory_feedback.action_report_kpi_evaluation", snapshot, lang="zh_CN"
        )
        # Latin letters are outlines (see above): "KPI" is not in the text
        for heading in ("评估", "与目标对比", "季度"):
            self.assertIn(heading, text)
        self._assert_chinese_date(html, snapshot.date_from)
        self._assert_chinese_date(html, snapshot.date_to)

    def _xlsx(self, report_name, records):
        response = self.url_open(
            f"/report/xlsx/{report_name}/{','.join(map(str, records.ids))}"
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return openpyxl.load_workbook(io.BytesIO(response.content))

    def test_workbooks_in_the_users_language(self):
        """The workbooks a zh_CN user downloads have Chinese sheet names and headers."""
        self.authenticate("zh_manager", "zh_manager")
        self.env["res.users"].browse(self.user.id).lang = "zh_CN"
        engagements = self.contract.engagement_id
        book = self._xlsx("advisory_client_mgmt.engagement_pipeline_xlsx", engagements)
        self.assertEqual(book.active.title, "管道")
        header = [cell.value for cell in book.active[1]]
        self.assertIn("咨询项目", header)
        self.assertIn("客户", header)

        book = self._xlsx("advisory_risk_rating.risk_ratings_xlsx", self.client)
        header = [cell.value for cell in book.active[1]]
        self.assertIn("客户", header)
        self.assertIn("风险水平", header)

        snapshots = self.env["advisory.kpi.snapshot"].search([], limit=2)
        book = self._xlsx("advisory_feedback.kpi_workbook", snapshots)
        for sheet in book.worksheets:
            self.assertRegex(sheet.title, r"[\u4e00-\u9fff]")
            texts = [c.value for row in sheet.iter_rows(max_row=5) for c in row]
            self.assertTrue(
                any(
                    isinstance(v, str) and re.search(r"[\u4e00-\u9fff]", v)
                    for v in texts
                ),
                f"no Chinese in the first rows of sheet {sheet.title}",
            )
