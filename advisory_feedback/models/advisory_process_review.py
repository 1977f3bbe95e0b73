from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class AdvisoryProcessReview(models.Model):
    _name = "advisory.process.review"
    _description = "Service Process Review"
    _inherit = ("advisory.state.mixin", "mail.thread", "mail.activity.mixin")
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    period_type = fields.Selection(
        [("quarter", "Quarterly"), ("half_year", "Half-Yearly")],
        string="Period",
        required=True,
        default="quarter",
    )
    date_from = fields.Date(string="Period Start", required=True)
    date_to = fields.Date(string="Period End", required=True)
    meeting_date = fields.Date(tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Chair",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    participant_ids = fields.Many2many(
        "res.users",
        "advisory_process_review_user_rel",
        "review_id",
        "user_id",
        string="Participants",
        domain="[('share', '=', False)]",
    )
    findings = fields.Html()
    action_ids = fields.One2many(
        "advisory.improvement.action", "review_id", string="Improvement Actions"
    )
    feedback_ids = fields.Many2many(
        "advisory.feedback",
        "advisory_process_review_feedback_rel",
        "review_id",
        "feedback_id",
        string="Reviewed Tickets",
    )
    feedback_count = fields.Integer(compute="_compute_counts")
    action_count = fields.Integer(compute="_compute_counts")
    state = fields.Selection(
        [("draft", "Planned"), ("done", "Held")],
        string="Status",
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        protected=True,
    )

    @api.depends("feedback_ids", "action_ids")
    def _compute_counts(self):
        for review in self:
            review.feedback_count = len(review.feedback_ids)
            review.action_count = len(review.action_ids)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for review in self:
            if review.date_to < review.date_from:
                raise ValidationError(
                    self.env._(
                        "Review %(name)s: the period cannot end before it starts.",
                        name=review.name,
                    )
                )

    @api.onchange("date_from", "period_type")
    def _onchange_period(self):
        if self.date_from:
            months = 3 if self.period_type == "quarter" else 6
            self.date_to = self.date_from + relativedelta(months=months, days=-1)

    def action_load_feedback(self):
        """Link the tickets received in the period to the review."""
        self._check_state_in(("draft",), self.env._("load tickets"))
        for review in self:
            tickets = self.env["advisory.feedback"].search(
                [
                    ("company_id", "=", review.company_id.id),
                    ("date_received", ">=", review.date_from),
                    ("date_received", "<", review.date_to + relativedelta(days=1)),
                ]
            )
            review.feedback_ids = [fields.Command.link(t.id) for t in tickets]
        return True

    def action_done(self):
        self._check_state_in(("draft",), self.env._("be marked as held"))
        for review in self:
            if not review.findings or not review.participant_ids:
                raise UserError(
                    self.env._(
                        "Record the participants and the findings of %(name)s "
                        "before marking it as held.",
                        name=review.name,
                    )
                )
        today = fields.Date.context_today(self)
        for review in self:
            review._write_state("done", meeting_date=review.meeting_date or today)
        return True

    def action_reset(self):
        self._check_state_in(("done",), self.env._("be planned again"))
        self._write_state("draft")
        return True
