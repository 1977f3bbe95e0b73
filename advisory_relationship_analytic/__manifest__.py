# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Relationship - Analytic Bridge",
    "summary": "Relationship budget actuals from the analytic lines of an analytic "
    "account (costs booked in accounting)",
    "version": "18.0.1.0.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": ["advisory_relationship", "analytic"],
    "data": ["views/advisory_relationship_budget_views.xml"],
    "demo": ["demo/advisory_relationship_analytic_demo.xml"],
    "auto_install": True,
}
