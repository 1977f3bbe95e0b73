# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advisory Relationship Programme",
    "summary": "Client care calendar (birthdays, founding anniversaries, holidays) and "
    "client events on Odoo Events, targeted by segment",
    "version": "18.0.1.0.0",
    "category": "Services/Advisory",
    "website": "https://github.com/advisory-odoo/advisory",
    "author": "Advisory Client Management contributors",
    "license": "LGPL-3",
    "depends": ["advisory_risk_rating", "event"],
    "data": [
        "security/advisory_relationship_groups.xml",
        "security/ir.model.access.csv",
        "security/advisory_relationship_security.xml",
        "data/advisory_care_holiday_data.xml",
        "data/mail_template_data.xml",
        "data/advisory_care_rule_data.xml",
        "data/ir_cron_data.xml",
        "views/advisory_care_occasion_views.xml",
        "views/advisory_care_holiday_views.xml",
        "views/advisory_care_rule_views.xml",
        "views/event_event_views.xml",
        "views/event_registration_views.xml",
        "views/res_partner_views.xml",
        "views/advisory_relationship_menus.xml",
    ],
    "demo": ["demo/advisory_relationship_demo.xml"],
}
