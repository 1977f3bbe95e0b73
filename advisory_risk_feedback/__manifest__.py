# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Risk Rating - Feedback Bridge",
    "summary": "Early warnings on low client satisfaction and breached feedback SLAs",
    "version": "18.0.1.1.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": ["advisory_risk_rating", "advisory_feedback"],
    "data": ["data/advisory_risk_alert_rule_data.xml"],
    "auto_install": True,
}
