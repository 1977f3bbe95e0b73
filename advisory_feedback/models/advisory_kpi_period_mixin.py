from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import YEARS

PERIOD_TYPES = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("year", "Year"),
    ("custom", "Custom"),
]


class AdvisoryKpiPeriodMixin(models.AbstractModel):
    """Figures of one company over one period (KPI snapshots, staff scorecards):
    the period's fields, the check of a period asked for, and its name."""

    _name = "advisory.kpi.period.mixin"
    _description = "Advisory Figures of a Company and Period"
    _inherit = "advisory.protected.mixin"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True, index=True)
    period_type = fields.Selection(
        PERIOD_TYPES, required=True, readonly=True, index=True, default="custom"
    )

    _sql_constraints = [  # noqa: RUF012
        (
            "dates_check",
            "CHECK(date_to >= date_from)",
            "The end of the period cannot be before its start.",
        ),
    ]

    def _period_name(self):
        """The period as stored in the names, language-neutral for search and the
        API: "2026-07", "2026 Q3", "2026", or the two days of a custom period."""
        self.ensure_one()
        if not (self.date_from and self.date_to):
            return False
        if self.period_type == "month":
            return self.date_from.strftime("%Y-%m")
        if self.period_type == "quarter":
            quarter = (self.date_from.month - 1) // 3 + 1
            return f"{self.date_from.year} Q{quarter}"
        if self.period_type == "year":
            return str(self.date_from.year)
        start = format_date(self.env, self.date_from)
        end = format_date(self.env, self.date_to)
        return f"{start} – {end}"

    @api.model
    def _to_period_date(self, value):
        try:
            return fields.Date.to_date(value)
        except (TypeError, ValueError):
            raise UserError(
                self.env._("%(value)s is not a date (YYYY-MM-DD).", value=value)
            ) from None

    @api.model
    def _check_period(self, date_from, date_to):
        """The period ``[date_from, date_to]`` as dates, refused with a UserError
        when a day is missing or not a date, when it ends before it starts, or
        when it is out of the years the KPIs can be computed for (the previous
        year and the day after the period are computed too).

        :return: ``(date_from, date_to)``
        """
        date_from = self._to_period_date(date_from)
        date_to = self._to_period_date(date_to)
        if not (date_from and date_to):
            raise UserError(
                self.env._("Give the first and the last day of the period.")
            )
        if not all(YEARS[0] <= day.year <= YEARS[1] for day in (date_from, date_to)):
            raise UserError(
                self.env._(
                    "Give a period between %(first)s and %(last)s.",
                    first=YEARS[0],
                    last=YEARS[1],
                )
            )
        if date_to < date_from:
            raise UserError(
                self.env._(
                    "The period ends (%(end)s) before it starts (%(start)s).",
                    end=format_date(self.env, date_to),
                    start=format_date(self.env, date_from),
                )
            )
        return date_from, date_to

    @api.model
    def _period_type(self, date_from, date_to):
        if date_from.day == 1:
            for period_type, months in (("month", 1), ("quarter", 3), ("year", 12)):
                if period_type == "quarter" and date_from.month % 3 != 1:
                    continue
                if period_type == "year" and date_from.month != 1:
                    continue
                if date_to == date_from + relativedelta(months=months, days=-1):
                    return period_type
        return "custom"

    @api.model
    def _get_cron_company_domain(self):
        """The companies the daily job computes."""
        return []
