from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import split_every

PLAN_CRON_BATCH = 500

# a plan repeats at least every 10 years: a larger interval is a typing error (and
# would overflow the next date)
MAX_INTERVAL = {"days": 3660, "weeks": 520, "months": 120}


class AdvisoryCommunicationPlan(models.Model):
    _name = "advisory.communication.plan"
    _description = "Client Communication Plan"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _advisory_client_field = "partner_id"
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Channel",
        required=True,
        tracking=True,
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'res.partner')]",
    )
    interval_number = fields.Integer(
        string="Every", required=True, default=1, tracking=True
    )
    interval_type = fields.Selection(
        [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")],
        string="Interval Unit",
        required=True,
        default="months",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    next_date = fields.Date(
        required=True,
        index=True,
        default=fields.Date.context_today,
        help="Date of the next activity; the plan schedules it on that day and moves "
        "this date by the interval.",
    )
    note = fields.Html()
    active = fields.Boolean(default=True)

    @api.depends("activity_type_id.name", "interval_number", "interval_type")
    def _compute_name(self):
        units = {
            "days": (self.env._("day"), self.env._("days")),
            "weeks": (self.env._("week"), self.env._("weeks")),
            "months": (self.env._("month"), self.env._("months")),
        }
        for plan in self:
            if not (plan.activity_type_id and plan.interval_type):
                plan.name = False
                continue
            singular, plural = units[plan.interval_type]
            if plan.interval_number == 1:
                plan.name = self.env._(
                    "%(channel)s every %(unit)s",
                    channel=plan.activity_type_id.name,
                    unit=singular,
                )
            else:
                plan.name = self.env._(
                    "%(channel)s every %(number)s %(unit)s",
                    channel=plan.activity_type_id.name,
                    number=plan.interval_number,
                    unit=plural,
                )

    @api.constrains("interval_number", "interval_type")
    def _check_interval_number(self):
        for plan in self:
            maximum = MAX_INTERVAL.get(plan.interval_type, 1)
            if not 0 < plan.interval_number <= maximum:
                raise ValidationError(
                    self.env._(
                        "The interval of the communication plan %(plan)s of %(client)s "
                        "must be between 1 and %(max)s %(unit)s (ten years).",
                        plan=plan.name,
                        client=plan.partner_id.display_name,
                        max=maximum,
                        unit=dict(
                            self._fields["interval_type"]._description_selection(
                                self.env
                            )
                        ).get(plan.interval_type, ""),
                    )
                )

    @api.model
    def _get_due_plan_domain(self):
        """Plans whose next activity is due; the cron turns them into activities."""
        return [
            ("next_date", "<=", fields.Date.context_today(self)),
            ("partner_id.active", "=", True),
        ]

    @api.model
    def _cron_create_plan_activities(self):
        """Schedule the activity of every due plan on its client and move the plan's
        next date past today, in batches. Safe to run again: a plan is due once per
        period."""
        plans = self.search(self._get_due_plan_domain(), order="id")
        res_model_id = self.env["ir.model"]._get_id("res.partner")
        # a plan done is no longer due: the next run does not repeat it
        self._run_batches(
            [self.browse(ids) for ids in split_every(PLAN_CRON_BATCH, plans.ids)],
            lambda batch: batch._create_plan_activities(res_model_id),
        )

    def _create_plan_activities(self, res_model_id):
        """One activity per plan of ``self`` on its client, then the plans' next date
        moved past today (one write per new date)."""
        today = fields.Date.context_today(self)
        # warm the cache in one query each: the activities read the client names
        self.partner_id.mapped("display_name")
        self.activity_type_id.mapped("name")
        activities = (
            self.env["mail.activity"]
            .with_context(
                # the responsible chose this cadence: no "assigned to you" email per
                # activity, the activity shows in their activities like any other
                mail_activity_quick_update=True,
            )
            .create(
                [
                    {
                        "res_model_id": res_model_id,
                        "res_id": plan.partner_id.id,
                        "activity_type_id": plan.activity_type_id.id,
                        "user_id": (
                            plan.user_id.id
                            or plan.partner_id.relationship_manager_id.id
                        ),
                        "date_deadline": plan.next_date,
                        "summary": plan.name,
                        "note": plan.note,
                    }
                    for plan in self
                ]
            )
        )
        # sudo: the contact log is written by the system only (plan adherence)
        self.env["advisory.communication.plan.contact"].sudo().create(
            [
                {
                    "plan_id": plan.id,
                    "user_id": activity.user_id.id,
                    "activity_id": activity.id,
                    "date_deadline": plan.next_date,
                }
                for plan, activity in zip(self, activities, strict=True)
            ]
        )
        by_next_date = defaultdict(lambda: self.browse())
        for plan in self:
            by_next_date[plan._next_date_after(today)] |= plan
        for next_date, plans in by_next_date.items():
            plans.write({"next_date": next_date})

    def _next_date_after(self, today):
        """The first date of the plan's cadence, counted from its next date, that
        is after ``today``."""
        self.ensure_one()
        count = 1
        while True:
            next_date = self.next_date + relativedelta(
                **{self.interval_type: self.interval_number * count}
            )
            if next_date > today:
                return next_date
            count += 1
