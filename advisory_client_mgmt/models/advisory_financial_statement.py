from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero, format_date

from ..fields import NullableFloat

PERIOD_MONTHS = {"year": 12, "quarter": 3}


class AdvisoryFinancialStatement(models.Model):
    _name = "advisory.financial.statement"
    _description = "Client Financial Statement"
    _inherit = "advisory.client.record.mixin"
    _order = "period_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, string="Period", protected=True
    )
    period_type = fields.Selection(
        [("year", "Year"), ("quarter", "Quarter")],
        required=True,
        default="year",
        tracking=True,
    )
    period_start = fields.Date(required=True, tracking=True)
    period_end = fields.Date(required=True, tracking=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    total_assets = fields.Monetary(tracking=True)
    current_assets = fields.Monetary(tracking=True)
    total_liabilities = fields.Monetary(tracking=True)
    current_liabilities = fields.Monetary(tracking=True)
    revenue = fields.Monetary(tracking=True)
    net_profit = fields.Monetary(tracking=True)
    operating_cash_flow = fields.Monetary(tracking=True)
    debt_ratio = NullableFloat(
        compute="_compute_ratios",
        store=True,
        aggregator="avg",
        help="Total liabilities / total assets; empty without assets.",
        protected=True,
    )
    net_margin = NullableFloat(
        compute="_compute_ratios",
        store=True,
        aggregator="avg",
        help="Net profit / revenue; empty without revenue.",
        protected=True,
    )
    current_ratio = NullableFloat(
        compute="_compute_ratios",
        store=True,
        aggregator="avg",
        help="Current assets / current liabilities; empty without current liabilities.",
        protected=True,
    )
    note = fields.Html()

    _sql_constraints = (
        (
            "partner_period_uniq",
            "unique(partner_id, period_start, period_end)",
            "A client has only one financial statement per period.",
        ),
    )

    @api.depends("period_type", "period_start", "period_end")
    def _compute_name(self):
        for statement in self:
            statement.name = statement._period_label(
                statement.period_type, statement.period_start, statement.period_end
            )

    @api.depends(
        "total_assets",
        "current_assets",
        "total_liabilities",
        "current_liabilities",
        "revenue",
        "net_profit",
    )
    def _compute_ratios(self):
        for statement in self:
            statement.debt_ratio = statement._ratio(
                statement.total_liabilities, statement.total_assets
            )
            statement.net_margin = statement._ratio(
                statement.net_profit, statement.revenue
            )
            statement.current_ratio = statement._ratio(
                statement.current_assets, statement.current_liabilities
            )

    @api.constrains(
        "total_assets",
        "current_assets",
        "total_liabilities",
        "current_liabilities",
        "revenue",
    )
    def _check_amounts(self):
        for statement in self:
            for fname in (
                "total_assets",
                "current_assets",
                "total_liabilities",
                "current_liabilities",
                "revenue",
            ):
                if statement[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(client)s (%(period)s) cannot be negative.",
                            field=self._fields[fname]._description_string(self.env),
                            client=statement.partner_id.display_name,
                            period=statement.name,
                        )
                    )
            for part, total in (
                ("current_assets", "total_assets"),
                ("current_liabilities", "total_liabilities"),
            ):
                if (
                    statement.currency_id.compare_amounts(
                        statement[part], statement[total]
                    )
                    > 0
                ):
                    raise ValidationError(
                        self.env._(
                            "%(part)s of %(client)s (%(period)s) cannot exceed the "
                            "%(total)s.",
                            part=self._fields[part]._description_string(self.env),
                            total=self._fields[total]._description_string(self.env),
                            client=statement.partner_id.display_name,
                            period=statement.name,
                        )
                    )

    @api.constrains("period_type", "period_start", "period_end")
    def _check_period(self):
        for statement in self:
            start, end = statement.period_start, statement.period_end
            if not (start and end):
                continue  # required: the ORM refuses the empty date readably
            if end < start:
                raise ValidationError(
                    self.env._(
                        "The period end of a financial statement of %(client)s must "
                        "not be before its start.",
                        client=statement.partner_id.display_name,
                    )
                )
            months = PERIOD_MONTHS[statement.period_type]
            if start.day != 1 or end != start + relativedelta(months=months, days=-1):
                raise ValidationError(
                    self.env._(
                        "A %(period_type)s statement covers exactly %(months)s whole "
                        "months, from the first day of a month to the last day of a "
                        "month: %(start)s - %(end)s does not (%(client)s).",
                        period_type=dict(
                            self._fields["period_type"]._description_selection(self.env)
                        )[statement.period_type].lower(),
                        months=months,
                        start=format_date(self.env, start),
                        end=format_date(self.env, end),
                        client=statement.partner_id.display_name,
                    )
                )

    @api.constrains("partner_id", "period_start", "period_end")
    def _check_unique_period(self):
        self._check_period_entries(
            [
                (
                    statement.id,
                    statement.partner_id.id,
                    statement.period_type,
                    statement.period_start,
                    statement.period_end,
                )
                for statement in self
            ]
        )

    @api.model_create_multi
    def create(self, vals_list):
        # the values' types first (the period dates are read below), then a
        # readable message before the unique constraint's bare SQL error
        for vals in vals_list:
            self._check_field_values(vals)
        default_type = self.env.context.get("default_period_type", "year")
        self._check_period_entries(
            [
                (
                    False,
                    vals.get("partner_id", self.env.context.get("default_partner_id")),
                    vals.get("period_type", default_type),
                    fields.Date.to_date(vals.get("period_start")),
                    fields.Date.to_date(vals.get("period_end")),
                )
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if {"partner_id", "period_start", "period_end"} & vals.keys():
            # same as in create: a readable message before the SQL constraint
            self._check_field_values(vals)
            self._check_period_entries(
                [
                    (
                        statement.id,
                        vals.get("partner_id", statement.partner_id.id),
                        vals.get("period_type", statement.period_type),
                        fields.Date.to_date(
                            vals.get("period_start", statement.period_start)
                        ),
                        fields.Date.to_date(
                            vals.get("period_end", statement.period_end)
                        ),
                    )
                    for statement in self
                ]
            )
        return super().write(vals)

    @api.model
    def _period_label(self, period_type, start, end):
        if not (start and end):
            return False
        if period_type == "year":
            if start.year == end.year:
                return self.env._("FY %(year)s", year=start.year)
            return self.env._("FY %(start)s/%(end)s", start=start.year, end=end.year)
        if period_type == "quarter" and start.month in (1, 4, 7, 10):
            return self.env._(
                "%(year)s Q%(quarter)s",
                year=start.year,
                quarter=(start.month - 1) // 3 + 1,
            )
        return f"{start:%Y-%m} - {end:%Y-%m}"

    def _ratio(self, numerator, denominator):
        """``numerator / denominator``, or False (empty) when the denominator is
        zero."""
        self.ensure_one()
        rounding = self.currency_id.rounding or 0.01
        if float_is_zero(denominator, precision_rounding=rounding):
            return False
        return numerator / denominator

    def _check_period_entries(self, entries):
        """Refuse a second statement of a client for the same period.

        :param entries: ``(statement id or False, partner id, period type, start,
            end)`` with the values the statements will have; the records of ``self``
            are compared with these values, not with the ones in the database.
        """
        entries = [entry for entry in entries if all(entry[1:])]
        if not entries:
            return
        # sudo: the period is unique for the client, also among the statements the
        # current user cannot read (other companies).
        existing = self.sudo().search(
            [
                ("partner_id", "in", list({entry[1] for entry in entries})),
                ("period_start", "in", list({entry[3] for entry in entries})),
                ("id", "not in", self.ids + [e[0] for e in entries if e[0]]),
            ]
        )
        used = {
            (statement.partner_id.id, statement.period_start, statement.period_end)
            for statement in existing
        }
        for _statement_id, partner_id, period_type, start, end in entries:
            key = (partner_id, start, end)
            if key in used:
                raise ValidationError(
                    self.env._(
                        "%(client)s already has a financial statement for %(period)s.",
                        client=self.env["res.partner"].browse(partner_id).display_name,
                        period=self._period_label(period_type, start, end),
                    )
                )
            used.add(key)
