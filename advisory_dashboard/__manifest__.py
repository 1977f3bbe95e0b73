# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Dashboards",
    "summary": "Management dashboards of the advisory firm in Odoo's Dashboards app: "
    "client portfolio, pipeline and contracts, service quality, targets",
    "description": """
Advisory Dashboards
===================
Four spreadsheet dashboards in an "Advisory" section of Odoo's Dashboards app, built
on live pivots, lists and charts of the advisory models, with global filters for the
period, the company and the relationship manager: client portfolio, pipeline and
contracts, service quality, and the KPI targets. Each is shown only to the roles that
may read all of its data; a sample dashboard is shown while the database has no data.
""",
    "version": "18.0.1.1.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": [
        "advisory_client_mgmt",
        "advisory_risk_rating",
        "advisory_feedback",
        "spreadsheet_dashboard",
    ],
    "data": ["data/spreadsheet_dashboard_data.xml"],
    "assets": {
        "web.assets_tests": [
            "advisory_dashboard/static/tests/tours/*.js",
        ],
    },
}
