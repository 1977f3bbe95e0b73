from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date, split_every

from .advisory_staff_scorecard import MANAGER_GROUP

TRAINING_STATES = [
    ("planned", "Planned"),
    ("attended", "Attended"),
    ("certified", "Certified"),
    ("expired", "Expired"),
]
# days before its expiry a required certification is announced to its holder
EXPIRY_NOTICE_DAYS = 30
TRAINING_CRON_BATCH = 500
# what a record states, frozen once it is attended or certified
FROZEN_FIELDS = frozenset({"hours", "date", "course_id", "user_id"})


class AdvisoryTrainingRecord(models.Model):
    """A member of staff's participation in a course, or a certification she
    holds, with its hours and its expiry."""

    _name = "advisory.training.record"
    _description = "Training Record"
    _inherit = ("advisory.protected.mixin", "mail.thread", "mail.activity.mixin")
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Staff",
        required=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    course_id = fields.Many2one(
        "advisory.training.course",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    kind = fields.Selection(related="course_id.kind", store=True)
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda self: self.env.company
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Day of the course, or the day the certification was obtained.",
    )
    hours = fields.Float(
        compute="_compute_hours", store=True, readonly=False, precompute=True
    )
    state = fields.Selection(
        TRAINING_STATES,
        required=True,
        default="planned",
        index=True,
        tracking=True,
        copy=False,
        protected=True,
    )
    expiry_date = fields.Date(
        compute="_compute_expiry_date",
        store=True,
        index=True,
        help="The certification is valid until this day (included).",
    )
    survey_input_id = fields.Many2one(
        "survey.user_input",
        string="Certification Answer",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        protected=True,
        help="The passed survey certification that recorded this certificate.",
    )
    expiry_notified = fields.Boolean(
        readonly=True,
        copy=False,
        protected=True,
        help="The holder was told that the certification expires.",
    )
    note = fields.Text()

    @api.constrains("hours")
    def _check_hours(self):
        for record in self:
            if record.hours < 0:
                raise ValidationError(
                    self.env._(
                        "%(record)s: the hours cannot be negative.",
                        record=record.name,
                    )
                )

    @api.depends("user_id.name", "course_id.name")
    def _compute_name(self):
        for record in self:
            record.name = f"{record.course_id.name or ''} – {record.user_id.name or ''}"

    @api.depends("course_id.hours")
    def _compute_hours(self):
        for record in self:
            record.hours = record.course_id.hours

    @api.depends("date", "kind", "course_id.validity_months")
    def _compute_expiry_date(self):
        for record in self:
            months = record.course_id.validity_months
            record.expiry_date = (
                record.date + relativedelta(months=months, days=-1)
                if record.kind == "certification" and months and record.date
                else False
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_attend(self):
        """The participant attended the course (a planned course)."""
        self._check_can_change(("planned",), "course")
        self._do_set_state("attended")

    def action_certify(self):
        """The participant obtained the certification."""
        self._check_can_change(("planned", "attended"), "certification")
        self._do_set_state("certified")

    def _check_can_change(self, states, kind):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only advisory managers can confirm training records.")
            )
        for record in self:
            if not self.env.su and record.user_id == self.env.user:
                # four eyes: another manager confirms her training
                raise AccessError(
                    self.env._(
                        "%(record)s is your own training: another manager confirms it.",
                        record=record.name,
                    )
                )
            if record.state not in states or record.kind != kind:
                raise UserError(
                    self.env._(
                        "%(record)s cannot move on from %(state)s.",
                        record=record.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[record.state],
                    )
                )

    def _do_set_state(self, state):
        # sudo: the state is protected; the caller checked the transition
        self.sudo().write({"state": state})

    def write(self, vals):
        if not self.env.su and FROZEN_FIELDS.intersection(vals):
            # the values' types first: the comparison below converts them
            self._check_field_values(vals)
            self._check_not_confirmed(vals)
        return super().write(vals)

    def _check_not_confirmed(self, vals):
        """Refuse to change what an attended or certified record states: it was
        confirmed by a manager (unchanged values pass, as the web client sends
        them)."""
        for record in self:
            if record.state == "planned":
                continue
            changed = [
                name
                for name in FROZEN_FIELDS
                if name in vals
                and record._fields[name].convert_to_cache(vals[name], record)
                != record._fields[name].convert_to_cache(record[name], record)
            ]
            if changed:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: its %(fields)s cannot be changed.",
                        record=record.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[record.state],
                        fields=", ".join(
                            record._fields[name]._description_string(self.env)
                            for name in changed
                        ),
                    )
                )

    # ------------------------------------------------------------------
    # Survey certifications
    # ------------------------------------------------------------------

    @api.model
    def _create_from_survey_inputs(self, user_inputs):
        """Record the certificates of the passed survey certifications
        ``user_inputs`` whose survey is a course's, for the internal users who
        answered; once per answer."""
        # sudo: staff take certifications as themselves; the record is the firm's
        passed = user_inputs.sudo().filtered(
            lambda ui: ui.state == "done"
            and ui.scoring_success
            and ui.survey_id.certification
            and not ui.test_entry
        )
        if not passed:
            return self.browse()
        Record = self.sudo()
        courses = Record.course_id.search([("survey_id", "in", passed.survey_id.ids)])
        done = set(
            Record.search([("survey_input_id", "in", passed.ids)]).survey_input_id.ids
        )
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [("partner_id", "in", passed.partner_id.ids), ("share", "=", False)]
            )
        )
        vals_list = []
        for user_input in passed:
            if user_input.id in done:
                continue
            user = users.filtered(
                lambda u, ui=user_input: u.partner_id == ui.partner_id
            )
            for course in courses.filtered(
                lambda c, ui=user_input: c.survey_id == ui.survey_id
            ):
                for holder in user[:1]:
                    day = fields.Date.context_today(
                        holder, user_input.end_datetime or fields.Datetime.now()
                    )
                    vals_list.append(
                        {
                            "user_id": holder.id,
                            "course_id": course.id,
                            "company_id": course.company_id.id or holder.company_id.id,
                            "date": day,
                            "state": "certified",
                            "survey_input_id": user_input.id,
                        }
                    )
        return Record.create(vals_list)

    # ------------------------------------------------------------------
    # Cron: expiring certifications
    # ------------------------------------------------------------------

    @api.model
    def _get_expiry_notice_domain(self, today):
        """Certificates that expire within the notice or have expired, not yet
        announced, of certifications some groups require."""
        return [
            ("state", "in", ("certified", "expired")),
            ("expiry_date", "!=", False),
            ("expiry_date", "<=", today + relativedelta(days=EXPIRY_NOTICE_DAYS)),
            ("expiry_notified", "=", False),
            ("course_id.required_group_ids", "!=", False),
        ]

    @api.model
    def _cron_training_expiry(self):
        """Mark the certifications past their expiry as expired and schedule one
        activity per required certification expiring soon (or expired) for its
        holder; safe to run again (each record is announced once)."""
        today = fields.Date.context_today(self)
        # sudo: the job handles every company's records
        Record = self.sudo()
        expired = Record.search(
            [("state", "=", "certified"), ("expiry_date", "<", today)], order="id"
        )
        self._run_batches(
            [self.browse(ids) for ids in split_every(TRAINING_CRON_BATCH, expired.ids)],
            lambda batch: batch._do_set_state("expired"),
        )
        records = Record.search(self._get_expiry_notice_domain(today), order="id")
        self._run_batches(
            [
                Record.browse(ids)
                for ids in split_every(TRAINING_CRON_BATCH, records.ids)
            ],
            lambda batch: batch._notify_expiry(),
        )

    def _notify_expiry(self):
        """One activity per record whose holder's groups require its course."""
        required = self.filtered(
            lambda r: r.course_id.required_group_ids & r.user_id.groups_id
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": todo.id,
                    "user_id": record.user_id.id,
                    "date_deadline": record.expiry_date,
                    "summary": self.env._(
                        "Renew the certification %(course)s (valid until %(date)s)",
                        course=record.course_id.name,
                        date=format_date(self.env, record.expiry_date),
                    ),
                }
                for record in required
            ]
        )
        # sudo: the flag is protected (the job's own fact)
        self.sudo().write({"expiry_notified": True})
