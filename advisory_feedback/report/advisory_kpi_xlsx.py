import re

from odoo import models

INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class AdvisoryKpiWorkbook(models.AbstractModel):
    """KPI workbook: a sheet per snapshot (value, numerator, denominator, target,
    status of each KPI) and a "Trend" sheet with the values over the periods and a
    line chart per KPI."""

    _name = "report.advisory_feedback.kpi_workbook"
    _inherit = "report.report_xlsx.abstract"
    _description = "KPI Workbook"

    def _sheet_name(self, name, used):
        base = INVALID_SHEET_CHARS.sub("-", name or "")[:31] or "KPIs"
        sheet_name, index = base, 2
        while sheet_name.lower() in used:
            suffix = f" ({index})"
            sheet_name = base[: 31 - len(suffix)] + suffix
            index += 1
        used.add(sheet_name.lower())
        return sheet_name

    def _formats(self, workbook):
        return {
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#1F4E79", "font_color": "white"}
            ),
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "hours": workbook.add_format({"num_format": "0.0"}),
            "days": workbook.add_format({"num_format": "0.0"}),
            "count": workbook.add_format({"num_format": "#,##0.#"}),
            "amount": workbook.add_format({"num_format": "#,##0.00"}),
            "number": workbook.add_format({"num_format": "#,##0.##"}),
            "met": workbook.add_format({"font_color": "#1E7B34", "bold": True}),
            "missed": workbook.add_format({"font_color": "#B02A37", "bold": True}),
            "no_data": workbook.add_format({"font_color": "#6C757D"}),
        }

    def _write_value(self, sheet, row, col, value, cell_format):
        if value is False or value is None:
            sheet.write_blank(row, col, None)
        else:
            sheet.write_number(row, col, value, cell_format)

    def generate_xlsx_report(self, workbook, data, snapshots):
        snapshots = snapshots.sorted(lambda s: (s.date_from, s.date_to, s.id))
        formats = self._formats(workbook)
        Line = self.env["advisory.kpi.snapshot.line"]
        statuses = dict(Line._fields["status"]._description_selection(self.env))
        trends = dict(Line._fields["trend"]._description_selection(self.env))
        Definition = self.env["advisory.kpi.definition"]
        labels = dict(Definition._kpi_labels())
        descriptions = Definition._kpi_descriptions()
        columns = [
            (self.env._("KPI"), 34),
            (self.env._("Value"), 12),
            (self.env._("Numerator"), 14),
            (self.env._("Denominator"), 14),
            (self.env._("Direction"), 10),
            (self.env._("Target"), 12),
            (self.env._("Status"), 12),
            (self.env._("Previous"), 12),
            (self.env._("Trend"), 10),
            (self.env._("Definition"), 90),
        ]
        used = set()
        for snapshot in snapshots:
            sheet = workbook.add_worksheet(
                self._sheet_name(snapshot._period_label(), used)
            )
            sheet.write(
                0,
                0,
                self.env._(
                    "%(company)s – KPIs %(period)s",
                    company=snapshot.company_id.name,
                    period=snapshot._period_label(),
                ),
                formats["title"],
            )
            for col, (title, width) in enumerate(columns):
                sheet.write(2, col, title, formats["header"])
                sheet.set_column(col, col, width)
            sheet.freeze_panes(3, 1)
            for row, line in enumerate(snapshot.line_ids.sorted("sequence"), start=3):
                unit = formats.get(line.unit, formats["number"])
                sheet.write(row, 0, labels[line.kpi_code])
                self._write_value(sheet, row, 1, line.value, unit)
                self._write_value(sheet, row, 2, line.numerator, formats["number"])
                self._write_value(sheet, row, 3, line.denominator, formats["number"])
                sheet.write(row, 4, line.direction if line.target is not False else "")
                self._write_value(sheet, row, 5, line.target, unit)
                sheet.write(
                    row,
                    6,
                    statuses.get(line.status, self.env._("No target")),
                    formats.get(line.status or "no_data"),
                )
                self._write_value(sheet, row, 7, line.previous_value, unit)
                sheet.write(row, 8, trends.get(line.trend, ""))
                sheet.write(row, 9, descriptions.get(line.kpi_code, ""))
        self._write_trend_sheet(workbook, snapshots, formats, labels, used)

    def _write_trend_sheet(self, workbook, snapshots, formats, labels, used):
        sheet = workbook.add_worksheet(self._sheet_name(self.env._("Trend"), used))
        sheet.write(0, 0, self.env._("Period"), formats["header"])
        sheet.set_column(0, 0, 22)
        # the active KPIs of the registry and those of the snapshots, in its order
        specs = self.env["advisory.kpi.definition"]._kpi_specs()
        shown = set(snapshots.line_ids.mapped("kpi_code"))
        codes = [
            code for code, spec in specs.items() if spec["active"] or code in shown
        ]
        for col, code in enumerate(codes, start=1):
            sheet.write(0, col, labels[code], formats["header"])
            sheet.set_column(col, col, 16)
        values = {
            (line.snapshot_id.id, line.kpi_code): line.value
            for line in snapshots.line_ids
        }
        for row, snapshot in enumerate(snapshots, start=1):
            sheet.write(row, 0, snapshot._period_label())
            for col, code in enumerate(codes, start=1):
                unit = formats.get(specs[code]["unit"], formats["number"])
                self._write_value(
                    sheet, row, col, values.get((snapshot.id, code), False), unit
                )
        last_row = len(snapshots)
        chart_row = last_row + 3
        for index, code in enumerate(codes):
            col = index + 1
            chart = workbook.add_chart({"type": "line"})
            chart.add_series(
                {
                    "name": labels[code],
                    "categories": [sheet.name, 1, 0, last_row, 0],
                    "values": [sheet.name, 1, col, last_row, col],
                    "marker": {"type": "circle"},
                }
            )
            chart.set_title({"name": labels[code]})
            chart.set_legend({"none": True})
            percent = specs[code]["unit"] == "percent"
            chart.set_y_axis({"num_format": "0%" if percent else "0.0"})
            chart.show_blanks_as("gap")
            chart.set_size({"width": 480, "height": 260})
            sheet.insert_chart(chart_row + (index // 2) * 14, (index % 2) * 7, chart)
