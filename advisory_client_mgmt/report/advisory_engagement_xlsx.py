from odoo import models


class EngagementPipelineXlsx(models.AbstractModel):
    """Engagement pipeline workbook: one row per engagement with its latest proposal
    and its contracts (values, states and dates)."""

    _name = "report.advisory_client_mgmt.engagement_pipeline_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Engagement Pipeline Workbook"

    def _pipeline_columns(self):
        return [
            (self.env._("Engagement"), 22),
            (self.env._("Client"), 30),
            (self.env._("Relationship Manager"), 22),
            (self.env._("Stage"), 14),
            (self.env._("Start"), 12),
            (self.env._("End"), 12),
            (self.env._("Proposal Version"), 10),
            (self.env._("Proposal Status"), 14),
            (self.env._("Fee Estimate"), 16),
            (self.env._("Contracts"), 10),
            (self.env._("Contract Value"), 16),
            (self.env._("Contract Status"), 24),
            (self.env._("Signed On"), 12),
            (self.env._("Currency"), 9),
        ]

    def generate_xlsx_report(self, workbook, data, engagements):
        sheet = workbook.add_worksheet(self.env._("Pipeline")[:31])
        bold = workbook.add_format(
            {"bold": True, "bg_color": "#1F4E79", "font_color": "white"}
        )
        money = workbook.add_format({"num_format": "#,##0.00"})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        columns = self._pipeline_columns()
        for col, (title, width) in enumerate(columns):
            sheet.write(0, col, title, bold)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        state_labels = dict(
            self.env["advisory.engagement"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        proposal_states = dict(
            self.env["advisory.proposal"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        contract_states = dict(
            self.env["advisory.contract"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        signed_states = ("signed", "active", "expired", "terminated")
        for row, engagement in enumerate(engagements, start=1):
            # prefetching loads the proposals and contracts of all engagements at once
            proposal = engagement.proposal_ids.sorted("version")[-1:]
            contracts = engagement.contract_ids
            signed = contracts.filtered(lambda c: c.state in signed_states)
            signed_dates = [d for d in signed.mapped("signed_date") if d]
            values = [
                engagement.name,
                engagement.partner_id.display_name,
                engagement.relationship_manager_id.name or "",
                state_labels.get(engagement.state, ""),
                engagement.date_start,
                engagement.date_end,
                proposal.version or "",
                proposal_states.get(proposal.state, "") if proposal else "",
                proposal.fee_estimate if proposal else "",
                len(contracts),
                sum(signed.mapped("amount")),
                ", ".join(contract_states[c.state] for c in contracts),
                min(signed_dates) if signed_dates else None,
                engagement.currency_id.name or "",
            ]
            for col, value in enumerate(values):
                if value is None or value is False:
                    sheet.write_blank(row, col, None)
                elif col in (4, 5, 12):
                    sheet.write_datetime(row, col, value, day)
                elif col in (8, 10) and value != "":
                    sheet.write_number(row, col, value, money)
                else:
                    sheet.write(row, col, value)
