# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Relationship - Feedback Bridge",
    "summary": "Loyalty points for answering a satisfaction survey and for a "
    "suggestion that led to an improvement; satisfaction next to the relationship "
    "cost and the relationship cost ratio KPI",
    "version": "18.0.1.1.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": ["advisory_relationship", "advisory_feedback"],
    "data": [
        "data/advisory_kpi_definition_data.xml",
        "views/advisory_relationship_return_report_views.xml",
    ],
    "auto_install": True,
}
