from odoo import api, models


class ClientProfileReport(models.AbstractModel):
    """Values of the client profile PDF: the profile, latest ratios, engagements and
    contracts of each client, read in one search per model for all clients."""

    _name = "report.advisory_client_mgmt.report_client_profile"
    _description = "Client Profile Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        engagements = self.env["advisory.engagement"].search(
            [("partner_id", "in", partners.ids)], order="date_start desc, id desc"
        )
        contracts = self.env["advisory.contract"].search(
            [("partner_id", "in", partners.ids)], order="date_start desc, id desc"
        )
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "engagements_by_partner": engagements.grouped("partner_id"),
            "contracts_by_partner": contracts.grouped("partner_id"),
        }
