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
    "version": "18.0.1.0.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": ["advisory_client_mgmt"],
    "data": [
        "security/advisory_risk_rating_groups.xml",
        "security/ir.model.access.csv",
    ],
    "demo": ["demo/res_users_demo.xml"],
}
