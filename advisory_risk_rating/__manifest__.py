# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Risk Rating",
    "summary": "Client risk scoring, validated assessments, control policies, "
    "segments and early warnings for advisory firms",
    "description": """
Advisory Risk Rating
====================
Scores advisory clients with an editable model (financial ratios, credit history,
industry and region risk, management stability, financing exposure), has risk officers
validate the assessments, applies stricter controls to riskier clients, segments
clients by value and risk, and raises early warnings.
""",
    "version": "18.0.1.8.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": ["advisory_client_mgmt"],
    "data": [
        "security/advisory_risk_rating_groups.xml",
        "security/ir.model.access.csv",
        "security/advisory_risk_rating_security.xml",
        "data/ir_cron_data.xml",
        "data/tier_definition_data.xml",
        "data/advisory_risk_model_data.xml",
        "data/advisory_risk_policy_data.xml",
        "data/advisory_service_matrix_data.xml",
        "data/advisory_risk_alert_rule_data.xml",
        "data/advisory_next_action_rule_data.xml",
        "data/advisory_industry_risk_data.xml",
        "report/advisory_risk_assessment_reports.xml",
        "report/advisory_risk_assessment_templates.xml",
        "views/advisory_risk_assessment_views.xml",
        "views/advisory_risk_model_views.xml",
        "views/advisory_service_matrix_views.xml",
        "views/advisory_communication_plan_views.xml",
        "views/advisory_proposal_views.xml",
        "views/advisory_credit_record_views.xml",
        "views/advisory_risk_alert_views.xml",
        "views/advisory_next_action_views.xml",
        "views/res_partner_views.xml",
        "views/advisory_contract_views.xml",
        "views/advisory_document_type_views.xml",
        "views/res_config_settings_views.xml",
        "views/advisory_risk_rating_menus.xml",
    ],
    "demo": ["demo/res_users_demo.xml", "demo/advisory_risk_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "advisory_risk_rating/static/tests/tours/*.js",
        ],
    },
}
