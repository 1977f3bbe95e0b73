from odoo import models


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def get_readonly_dashboard(self):
        # A dashboard hidden from the user (its group_ids) is refused with an access
        # error: Odoo reads the file through its attachment, which the user cannot
        # read either, and would fail on the missing data instead.
        self.check_access("read")
        return super().get_readonly_dashboard()
