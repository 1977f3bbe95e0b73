from odoo import models


class RiskRatingsXlsx(models.AbstractModel):
    """Ratings per client: current grade, score, level, review dates, segment and
    the controls in force."""

    _name = "report.advisory_risk_rating.risk_ratings_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Risk Ratings Workbook"

    def _rating_columns(self):
        return [
            (self.env._("Client"), 30),
            (self.env._("Reference"), 12),
            (self.env._("Relationship Manager"), 22),
            (self.env._("Score"), 8),
            (self.env._("Grade"), 8),
            (self.env._("Risk Level"), 10),
            (self.env._("Rated On"), 12),
            (self.env._("Next Review"), 12),
            (self.env._("Value Tier"), 8),
            (self.env._("Financing Band"), 14),
            (self.env._("Service Level"), 24),
            (self.env._("Industry"), 20),
            (self.env._("Region"), 20),
        ]

    def generate_xlsx_report(self, workbook, data, partners):
        sheet = workbook.add_worksheet(self.env._("Risk Ratings")[:31])
        bold = workbook.add_format(
            {"bold": True, "bg_color": "#1F4E79", "font_color": "white"}
        )
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for col, (title, width) in enumerate(self._rating_columns()):
            sheet.write(0, col, title, bold)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        labels = {
            fname: dict(partners._fields[fname]._description_selection(self.env))
            for fname in ("risk_level", "financing_band", "service_level")
        }
        for row, partner in enumerate(partners.filtered("is_advisory_client"), start=1):
            sheet.write(row, 0, partner.display_name)
            sheet.write(row, 1, partner.advisory_ref or "")
            sheet.write(row, 2, partner.relationship_manager_id.name or "")
            if partner.risk_grade:
                sheet.write_number(row, 3, partner.risk_score)
            sheet.write(row, 4, partner.risk_grade or "")
            sheet.write(row, 5, labels["risk_level"].get(partner.risk_level, ""))
            if partner.risk_rated_on:
                sheet.write_datetime(row, 6, partner.risk_rated_on, day)
            if partner.risk_next_review:
                sheet.write_datetime(row, 7, partner.risk_next_review, day)
            sheet.write(row, 8, partner.value_tier or "")
            sheet.write(
                row, 9, labels["financing_band"].get(partner.financing_band, "")
            )
            sheet.write(row, 10, labels["service_level"].get(partner.service_level, ""))
            sheet.write(row, 11, partner.industry_id.name or "")
            sheet.write(
                row,
                12,
                partner.state_id.name or partner.country_id.name or "",
            )
