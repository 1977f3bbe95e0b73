# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Feedback & KPIs",
    "summary": "Satisfaction surveys, feedback tickets with SLAs and a closed loop, "
    "improvement actions and KPI reporting for advisory firms",
    "description": """
Advisory Feedback & KPIs
========================
Sends CSAT and NPS surveys after projects and periodically, handles client feedback
tickets with SLA deadlines, escalation and a closed loop with the client (portal and
email), tracks improvement actions and process reviews, and measures the firm's KPIs
against its targets with dashboards and xlsx / PDF reports.
""",
    "version": "18.0.1.6.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": ["advisory_client_mgmt", "survey", "portal", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/advisory_feedback_security.xml",
        "security/advisory_kpi_security.xml",
        "security/advisory_staff_security.xml",
        "data/ir_sequence_data.xml",
        "data/advisory_kpi_definition_data.xml",
        "data/advisory_kpi_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/mail_alias_data.xml",
        "data/advisory_feedback_sla_data.xml",
        "data/survey_survey_data.xml",
        "report/advisory_kpi_reports.xml",
        "report/advisory_kpi_templates.xml",
        "views/advisory_feedback_views.xml",
        "views/advisory_improvement_action_views.xml",
        "views/survey_user_input_views.xml",
        "views/res_partner_views.xml",
        "views/project_project_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/advisory_kpi_snapshot_line_views.xml",
        "views/advisory_kpi_snapshot_views.xml",
        "views/advisory_kpi_target_views.xml",
        "views/advisory_kpi_definition_views.xml",
        "views/advisory_staff_scorecard_views.xml",
        "views/advisory_training_views.xml",
        "views/advisory_kpi_comparison_views.xml",
        "views/advisory_feedback_menus.xml",
    ],
    "demo": [
        "demo/advisory_feedback_demo.xml",
        "demo/advisory_kpi_demo.xml",
        "demo/advisory_staff_demo.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_tests": [
            "advisory_feedback/static/tests/tours/*.js",
        ],
    },
}
