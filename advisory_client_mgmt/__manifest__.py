# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Client Management",
    "summary": "Client lifecycle for financial and financing advisory firms: "
    "profile, needs analysis, proposals, contracts and project execution",
    "description": """
Advisory Client Management
==========================
Manages an advisory firm's client from first contact to renewal: client profile and
financial statements on the partner, needs analysis on the lead, engagements with
proposals under internal review, contracts under legal and executive approval,
and project execution with milestones, KPIs and a risk register.
""",
    "version": "18.0.1.3.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": [
        "base_setup",
        "mail",
        "portal",
        "crm",
        "project",
        "base_tier_validation",
        "report_xlsx",
    ],
    "data": [
        "security/advisory_client_mgmt_groups.xml",
        "security/ir.model.access.csv",
        "security/advisory_client_mgmt_security.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "data/advisory_service_line_data.xml",
        "data/advisory_document_type_data.xml",
        "data/advisory_contract_template_data.xml",
        "data/tier_definition_data.xml",
        "data/tier_validation_exception_data.xml",
        "data/mail_template_data.xml",
        "report/advisory_contract_reports.xml",
        "report/advisory_contract_templates.xml",
        "report/advisory_client_mgmt_reports.xml",
        "report/res_partner_templates.xml",
        "report/advisory_proposal_reports.xml",
        "report/advisory_proposal_templates.xml",
        "views/res_partner_views.xml",
        "views/advisory_financial_statement_views.xml",
        "views/advisory_document_views.xml",
        "views/advisory_engagement_views.xml",
        "views/advisory_proposal_views.xml",
        "views/advisory_contract_views.xml",
        "views/advisory_contract_template_views.xml",
        "views/advisory_communication_plan_views.xml",
        "views/advisory_service_line_views.xml",
        "views/crm_lead_views.xml",
        "views/project_project_views.xml",
        "views/tier_definition_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/portal_sign_templates.xml",
        "views/advisory_client_mgmt_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/advisory_client_demo.xml",
        "demo/advisory_engagement_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "advisory_client_mgmt/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
