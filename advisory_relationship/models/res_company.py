from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    advisory_loyalty_window_months = fields.Integer(
        string="Loyalty Level Window (months)",
        default=12,
        help="A client's membership level counts the points earned over this many "
        "months; 0: every point ever earned.",
    )
    advisory_loyalty_expiry_months = fields.Integer(
        string="Loyalty Points Expire After (months)",
        default=24,
        help="Points not spent expire this many months after they were earned; 0: "
        "they never expire.",
    )

    _sql_constraints = (
        (
            "advisory_loyalty_months_range",
            "CHECK(advisory_loyalty_window_months >= 0 "
            "AND advisory_loyalty_window_months <= 120 "
            "AND advisory_loyalty_expiry_months >= 0 "
            "AND advisory_loyalty_expiry_months <= 240)",
            "Loyalty windows and expiry periods are between 0 and 120 (240) months.",
        ),
    )
