# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Risk Rating - Feedback Bridge",
    "summary": "Early warnings on low client satisfaction and breached feedback "
    "SLAs; ticket priority floor and survey frequency of the service matrix",
    "version": "18.0.1.4.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": ["advisory_risk_rating", "advisory_feedback"],
    "data": [
        "data/advisory_risk_alert_rule_data.xml",
        "data/advisory_service_matrix_data.xml",
        "data/advisory_kpi_definition_data.xml",
        "data/advisory_next_action_rule_data.xml",
        "views/advisory_service_matrix_views.xml",
    ],
    "demo": ["demo/advisory_risk_feedback_demo.xml"],
    "auto_install": True,
}
