"""The Advisory dashboards (advisory_dashboard) in Chromium, tours
advisory_dashboard/static/tests/tours/advisory_dashboard_tour.js: a manager opens each
of them, live and as samples, and no cell shows an error (the tours read the cells the
canvas draws from the dashboard's spreadsheet model); the period filtered by quarter;
a figure of a pivot opens its records; an advisor's Dashboards app has no Advisory
section."""

from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.spreadsheet_dashboard.models.spreadsheet_dashboard import (
    SpreadsheetDashboard,
)


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="dashboard_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.advisor = new_test_user(
            cls.env,
            login="dashboard_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )

    def test_manager_opens_the_dashboards(self):
        """Each dashboard loads its live data without an error cell, filters by
        quarter, and a figure of a pivot opens its records."""
        self.start_tour(
            "/odoo/dashboards", "advisory_dashboard_manager", login=self.manager.login
        )

    def test_samples_without_data(self):
        """With no data yet, each dashboard shows its sample, without an error."""
        with patch.object(
            SpreadsheetDashboard, "_dashboard_is_empty", return_value=True
        ):
            self.start_tour(
                "/odoo/dashboards",
                "advisory_dashboard_samples",
                login=self.manager.login,
            )

    def test_advisor_has_no_advisory_dashboards(self):
        self.start_tour(
            "/odoo/dashboards", "advisory_dashboard_hidden", login=self.advisor.login
        )
