from odoo import fields, models


class AdvisoryCareHoliday(models.Model):
    """A holiday on which clients are greeted, one record per year (the dates of
    the lunar holidays move: each year's date is entered as data)."""

    _name = "advisory.care.holiday"
    _description = "Client Care Holiday"
    _order = "date desc, name"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    active = fields.Boolean(default=True)

    _sql_constraints = (
        (
            "name_date_uniq",
            "unique(name, date)",
            "A holiday is entered only once per date.",
        ),
    )
