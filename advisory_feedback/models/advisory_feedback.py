from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import split_every

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    ADVISOR_GROUP,
)

FEEDBACK_STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]
FEEDBACK_CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
    ("survey", "Survey"),
    ("meeting", "Meeting"),
    ("other", "Other"),
]
OPEN_STATES = ("new", "acknowledged", "in_progress")
FEEDBACK_PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]
FEEDBACK_CATEGORIES = [
    ("service_quality", "Service Quality"),
    ("fees", "Fees"),
    ("communication", "Communication"),
    ("proposal_quality", "Proposal Quality"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]
CRON_BATCH = 200

# the longest subject taken from a description
SUBJECT_LENGTH = 120


class AdvisoryFeedback(models.Model):
    _name = "advisory.feedback"
    _description = "Client Feedback"
    _advisory_client_field = "partner_id"
    _inherit = (
        "advisory.state.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    )
    _order = "priority desc, date_received desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"
    _primary_email = "email_from"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index="trigram",
    )
    subject = fields.Char(
        required=True, tracking=True, help="A short summary of the feedback."
    )
    date_received = fields.Datetime(
        string="Received On",
        required=True,
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
        index=True,
        help="When the ticket was created: the SLA deadlines and the response and "
        "resolution times count from here.",
        protected=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        tracking=True,
        index=True,
        domain="[('is_company', '=', True)]",
        help="The client (commercial partner) the feedback comes from.",
    )
    # the advisors' record rule: "tickets of the clients I serve" read from the
    # staff lists' table (see res.partner._served_clients_sql)
    client_served_by_ids = fields.Many2many(
        "res.users",
        compute="_compute_client_served_by_ids",
        search="_search_client_served_by_ids",
        groups=ADVISOR_GROUP,
    )
    contact_id = fields.Many2one(
        "res.partner",
        tracking=True,
        domain="[('commercial_partner_id', '=', partner_id)]",
        help="The person at the client who gave the feedback.",
    )
    email_from = fields.Char(
        string="Email", help="Where the client expects the answer (email channel)."
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    engagement_id = fields.Many2one(
        "advisory.engagement",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    project_id = fields.Many2one(
        "project.project",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    channel = fields.Selection(
        FEEDBACK_CHANNELS, required=True, default="phone", tracking=True
    )
    category = fields.Selection(
        FEEDBACK_CATEGORIES, required=True, default="service_quality", tracking=True
    )
    priority = fields.Selection(
        FEEDBACK_PRIORITIES, required=True, default="1", index=True, tracking=True
    )
    description = fields.Text()
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        index="btree_not_null",
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user if not self.env.user.share else False,
    )
    team_id = fields.Many2one(
        "crm.team",
        tracking=True,
        check_company=True,
        help="The sales team handling the ticket; its team leader receives the "
        "first escalation.",
    )
    state = fields.Selection(
        FEEDBACK_STATES,
        string="Status",
        group_expand=True,  # kanban columns in the workflow's order, empty ones too
        default="new",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        protected=True,
    )
    resolution = fields.Text(
        tracking=True, copy=False, help="What was done: sent to the client."
    )
    root_cause = fields.Text(
        tracking=True,
        copy=False,
        # internal analysis: not for the client's portal users
        groups="base.group_user",
        help="Why it happened: internal analysis.",
    )
    sla_id = fields.Many2one(
        "advisory.feedback.sla",
        string="SLA Policy",
        compute="_compute_sla_id",
        store=True,
        check_company=True,
        protected=True,
    )
    response_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        help="Acknowledge before: the SLA response hours on the company's working "
        "calendar, counted from the reception.",
        protected=True,
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        help="Resolve before: the SLA resolution hours on the company's working "
        "calendar, counted from the reception.",
        protected=True,
    )
    acknowledged_on = fields.Datetime(readonly=True, copy=False, protected=True)
    resolved_on = fields.Datetime(readonly=True, copy=False, protected=True)
    closed_on = fields.Datetime(readonly=True, copy=False, protected=True)
    response_hours = fields.Float(
        compute="_compute_elapsed_hours",
        store=True,
        aggregator="avg",
        help="Hours (calendar time) from reception to acknowledgement.",
        protected=True,
    )
    resolution_hours = fields.Float(
        compute="_compute_elapsed_hours",
        store=True,
        aggregator="avg",
        help="Hours (calendar time) from reception to resolution.",
        protected=True,
    )
    response_breached = fields.Boolean(
        compute="_compute_breached",
        store=True,
        help="The response deadline passed before the ticket was acknowledged.",
        protected=True,
    )
    resolution_breached = fields.Boolean(
        compute="_compute_breached",
        store=True,
        help="The resolution deadline passed before the ticket was resolved.",
        protected=True,
    )
    sla_status = fields.Selection(
        [("ok", "On Track"), ("breached", "Breached"), ("none", "No SLA")],
        string="SLA Status",
        compute="_compute_sla_status",
        store=True,
        protected=True,
    )
    escalation_level = fields.Integer(
        readonly=True,
        copy=False,
        default=0,
        tracking=True,
        help="0: not escalated; 1: escalated to the team manager; 2: escalated to "
        "the executives.",
        protected=True,
    )
    escalated_on = fields.Datetime(readonly=True, copy=False, protected=True)
    next_escalation = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the ticket escalates to the executives if it is still open.",
        protected=True,
    )
    reopen_count = fields.Integer(readonly=True, copy=False, default=0, protected=True)
    survey_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The survey answer whose low score opened the ticket.",
        protected=True,
    )
    # groups: the client's portal users read their tickets, not the firm's
    # improvement work
    improvement_action_ids = fields.One2many(
        "advisory.improvement.action",
        "feedback_id",
        string="Improvement Actions",
        groups="advisory_client_mgmt.group_advisory_user",
    )
    improvement_action_count = fields.Integer(
        compute="_compute_improvement_count",
        groups="advisory_client_mgmt.group_advisory_user",
    )
    review_ids = fields.Many2many(
        "advisory.process.review",
        "advisory_process_review_feedback_rel",
        "feedback_id",
        "review_id",
        string="Process Reviews",
        copy=False,
        groups="advisory_client_mgmt.group_advisory_user",
    )
    relationship_manager_id = fields.Many2one(
        related="partner_id.relationship_manager_id"
    )
    closed_loop_confirm_url = fields.Char(
        compute="_compute_closed_loop_urls",
        groups="base.group_user",
        help="Link of the resolution mail that closes the ticket, without login.",
    )
    closed_loop_reopen_url = fields.Char(
        compute="_compute_closed_loop_urls",
        groups="base.group_user",
        help="Link of the resolution mail that reopens the ticket, without login.",
    )

    @api.depends("partner_id.advisory_access_user_ids")
    def _compute_client_served_by_ids(self):
        for ticket in self:
            ticket.client_served_by_ids = ticket.partner_id.advisory_access_user_ids

    def _search_client_served_by_ids(self, operator, value):
        return self.env["res.partner"]._served_clients_domain(
            "partner_id", operator, value
        )

    @api.depends("company_id", "priority", "category")
    def _compute_sla_id(self):
        policies = self.env["advisory.feedback.sla"].search(
            [("company_id", "in", self.company_id.ids)]
        )
        for ticket in self:
            candidates = policies.filtered(
                lambda sla, t=ticket: sla.company_id == t.company_id
                and sla.priority == t.priority
            )
            ticket.sla_id = (
                candidates.filtered(lambda sla, t=ticket: sla.category == t.category)[
                    :1
                ]
                or candidates.filtered(lambda sla: not sla.category)[:1]
            )

    @api.depends(
        "sla_id.response_hours",
        "sla_id.resolution_hours",
        "date_received",
        "company_id.resource_calendar_id",
    )
    def _compute_deadlines(self):
        for ticket in self:
            sla = ticket.sla_id
            if not sla or not ticket.date_received:
                ticket.response_deadline = ticket.resolution_deadline = False
                continue
            ticket.response_deadline = ticket._plan_working_hours(
                ticket.date_received, sla.response_hours
            )
            ticket.resolution_deadline = ticket._plan_working_hours(
                ticket.date_received, sla.resolution_hours
            )

    @api.depends("date_received", "acknowledged_on", "resolved_on")
    def _compute_elapsed_hours(self):
        for ticket in self:
            start = ticket.date_received
            ticket.response_hours = (
                (ticket.acknowledged_on - start).total_seconds() / 3600
                if start and ticket.acknowledged_on
                else 0.0
            )
            ticket.resolution_hours = (
                (ticket.resolved_on - start).total_seconds() / 3600
                if start and ticket.resolved_on
                else 0.0
            )

    @api.depends(
        "response_deadline", "resolution_deadline", "acknowledged_on", "resolved_on"
    )
    def _compute_breached(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.response_breached = bool(
                ticket.response_deadline
                and (ticket.acknowledged_on or now) > ticket.response_deadline
            )
            ticket.resolution_breached = bool(
                ticket.resolution_deadline
                and (ticket.resolved_on or now) > ticket.resolution_deadline
            )

    @api.depends("sla_id", "response_breached", "resolution_breached")
    def _compute_sla_status(self):
        for ticket in self:
            if not ticket.sla_id:
                ticket.sla_status = "none"
            elif ticket.response_breached or ticket.resolution_breached:
                ticket.sla_status = "breached"
            else:
                ticket.sla_status = "ok"

    def _compute_improvement_count(self):
        counts = dict(
            self.env["advisory.improvement.action"]._read_group(
                [("feedback_id", "in", self.ids)], ["feedback_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.improvement_action_count = counts.get(ticket, 0)

    def _compute_closed_loop_urls(self):
        for ticket in self:
            if ticket.id:
                ticket.closed_loop_confirm_url = ticket._get_closed_loop_url("confirm")
                ticket.closed_loop_reopen_url = ticket._get_closed_loop_url("reopen")
            else:
                ticket.closed_loop_confirm_url = ticket.closed_loop_reopen_url = False

    def _compute_access_url(self):
        super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/feedback/{ticket.id}"

    @api.constrains("partner_id", "contact_id")
    def _check_contact(self):
        for ticket in self:
            if (
                ticket.contact_id
                and ticket.contact_id.commercial_partner_id
                != ticket.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact of the client %(client)s.",
                        contact=ticket.contact_id.display_name,
                        client=ticket.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if not vals.get("subject") and isinstance(vals.get("description"), str):
                # the external API documents no subject: the description's first
                # line stands for it (the form still asks for one)
                first_line = vals["description"].strip().splitlines()[:1]
                if first_line:
                    vals["subject"] = first_line[0].strip()[:SUBJECT_LENGTH]
            if vals.get("partner_id"):
                # the client is always the commercial partner, the person the
                # contact
                partner = Partner.browse(vals["partner_id"])
                if partner.commercial_partner_id != partner:
                    if not vals.get("contact_id"):
                        vals["contact_id"] = partner.id
                    vals["partner_id"] = partner.commercial_partner_id.id
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("advisory.feedback") or self.env._("New")
        tickets = super().create(vals_list)
        tickets._subscribe_client()
        return tickets

    def _subscribe_client(self):
        for ticket in self:
            partners = ticket.contact_id or ticket.partner_id
            ticket.message_subscribe(partner_ids=partners.ids)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_acknowledge(self):
        self._check_can_acknowledge()
        self._do_acknowledge()
        return True

    def action_start(self):
        self._check_can_start()
        self._do_start()
        return True

    def action_resolve(self):
        self._check_can_resolve()
        self._do_resolve()
        return True

    def action_close(self):
        self._check_can_close()
        self._do_close()
        return True

    def action_reopen(self):
        self._check_can_reopen()
        self._do_reopen()
        return True

    def action_view_improvement_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_feedback.advisory_improvement_action_action"
        )
        action["domain"] = [("feedback_id", "=", self.id)]
        action["context"] = {
            "default_feedback_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_acknowledge(self):
        self._check_state_in(("new",), self.env._("be acknowledged"))

    def _do_acknowledge(self):
        self._write_state("acknowledged", acknowledged_on=fields.Datetime.now())

    def _check_can_start(self):
        self._check_state_in(("new", "acknowledged"), self.env._("be started"))

    def _do_start(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket._write_state(
                "in_progress", acknowledged_on=ticket.acknowledged_on or now
            )

    def _check_can_resolve(self):
        self._check_state_in(OPEN_STATES, self.env._("be resolved"))
        for ticket in self:
            if (
                not (ticket.resolution or "").strip()
                or not (ticket.root_cause or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Enter the resolution (sent to the client) and the root "
                        "cause of %(ticket)s before resolving it.",
                        ticket=ticket.display_name,
                    )
                )

    def _do_resolve(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket._write_state(
                "resolved",
                acknowledged_on=ticket.acknowledged_on or now,
                resolved_on=now,
            )
        self._send_resolution_notice()

    def _check_client_decides(self):
        """The closed loop is the client's: she confirms or reopens a resolution
        on the portal or with the link of the resolution notice (the controller
        runs in superuser mode once it checked her right)."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The client confirms or reopens the resolution of a ticket, on "
                    "the portal or with the link of the resolution notice."
                )
            )

    def _check_can_close(self):
        self._check_client_decides()
        self._check_state_in(("resolved",), self.env._("be closed"))

    def _do_close(self):
        self._write_state("closed", closed_on=fields.Datetime.now())

    def _check_can_reopen(self):
        self._check_client_decides()
        self._check_state_in(("resolved", "closed"), self.env._("be reopened"))

    def _do_reopen(self):
        for ticket in self:
            ticket._write_state(
                "in_progress",
                resolved_on=False,
                closed_on=False,
                reopen_count=ticket.reopen_count + 1,
            )

    def _send_resolution_notice(self):
        """The closed loop: tell the client the outcome, with links to confirm
        (closes the ticket) or reopen it, valid without login."""
        template = self.env.ref(
            "advisory_feedback.mail_template_feedback_resolved",
            raise_if_not_found=False,
        )
        if not template:
            return
        for ticket in self:
            recipient = ticket.contact_id or ticket.partner_id
            # an internal note mailed to the client only: the staff followers must
            # not receive the client's confirm / reopen links
            ticket.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_note",
                partner_ids=recipient.ids,
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _get_closed_loop_url(self, decision):
        """Link of the resolution mail: ``decision`` is ``confirm`` or ``reopen``;
        the access token of the ticket authorizes it without login."""
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url(suffix=f"/{decision}")

    @api.model
    def _plan_working_hours(self, start, hours):
        """``start`` plus ``hours`` working hours on the company's working calendar
        (plain hours when the company has none)."""
        calendar = self.company_id.resource_calendar_id if self else False
        if not calendar:
            return start + timedelta(hours=hours)
        return calendar.plan_hours(hours, start, compute_leaves=True) or (
            start + timedelta(hours=hours)
        )

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------

    @api.model
    def _get_overdue_domain(self, now):
        return [
            ("state", "in", OPEN_STATES),
            "|",
            "&",
            ("acknowledged_on", "=", False),
            ("response_deadline", "<", now),
            ("resolution_deadline", "<", now),
        ]

    @api.model
    def _cron_escalate(self):
        """Escalate the open tickets past a deadline: level 1 (the team manager gets
        an activity and follows the ticket), then level 2 (the executives) once the
        SLA's escalation hours passed after level 1. Each level happens once; the
        breach flags of the overdue tickets are set on the way. Safe to run twice."""
        now = fields.Datetime.now()
        overdue = self.search(self._get_overdue_domain(now))
        overdue._mark_breaches(now)
        level_1 = overdue.filtered(lambda ticket: ticket.escalation_level == 0)
        level_2 = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("escalation_level", "=", 1),
                ("next_escalation", "<=", now),
            ]
        )
        for level, tickets in ((1, level_1), (2, level_2)):
            self._run_batches(
                [self.browse(ids) for ids in split_every(CRON_BATCH, tickets.ids)],
                lambda batch, level=level: batch._escalate(level, now),
            )
        return True

    def _mark_breaches(self, now):
        response = self.filtered(
            lambda t: not t.response_breached
            and not t.acknowledged_on
            and t.response_deadline
            and t.response_deadline < now
        )
        response.write({"response_breached": True})
        resolution = self.filtered(
            lambda t: not t.resolution_breached
            and not t.resolved_on
            and t.resolution_deadline
            and t.resolution_deadline < now
        )
        resolution.write({"resolution_breached": True})

    def _escalation_users(self, level):
        """Who a ticket escalates to: level 1 the team leader (else the client's
        relationship manager), level 2 the executives of the company."""
        self.ensure_one()
        if level == 1:
            return (
                self.team_id.user_id
                or self.partner_id.relationship_manager_id
                or self.user_id
            )
        executives = self.env.ref("advisory_client_mgmt.group_advisory_executive").users
        return executives.filtered(
            lambda user: self.company_id in user.company_ids and not user.share
        )

    def _escalate(self, level, now):
        """Escalate the tickets of ``self`` to ``level``: their escalation users
        follow them and get a to-do, each ticket gets a note. Done for the whole
        batch: one write per next-escalation date, one subscription per group of
        users, one create of the to-dos, one batch of notes."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        res_model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        planned = {}  # (ticket's calendar, hours) -> next escalation
        by_next, by_users, activities, notes = {}, {}, [], {}
        for ticket in self:
            next_escalation = False
            if level == 1:
                hours = ticket.sla_id.escalation_hours
                key = (ticket.company_id.resource_calendar_id, hours)
                if key not in planned:
                    planned[key] = ticket._plan_working_hours(now, hours)
                next_escalation = planned[key]
            by_next.setdefault(next_escalation, []).append(ticket.id)
            users = ticket._escalation_users(level)
            if users:
                by_users.setdefault(users, []).append(ticket.id)
            activities += [
                {
                    "res_model_id": res_model_id,
                    "res_id": ticket.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "summary": self.env._(
                        "Escalated feedback %(ticket)s (level %(level)s)",
                        ticket=ticket.name,
                        level=level,
                    ),
                    "note": ticket.subject,
                    "user_id": user.id,
                    "date_deadline": today,
                }
                for user in users
            ]
            notes[ticket.id] = escape(
                self.env._(
                    "Escalated to level %(level)s (%(users)s): a deadline passed.",
                    level=level,
                    users=", ".join(users.mapped("name")) or "-",
                )
            )
        for next_escalation, ids in by_next.items():
            self.browse(ids).write(
                {
                    "escalation_level": level,
                    "escalated_on": now,
                    "next_escalation": next_escalation,
                }
            )
        for users, ids in by_users.items():
            self.browse(ids).message_subscribe(partner_ids=users.partner_id.ids)
        self.env["mail.activity"].create(activities)
        self._message_log_batch(bodies=notes)

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the feedback alias opens a ticket for the sender's client."""
        values = dict(custom_values or {})
        email = tools.email_normalize(msg_dict.get("email_from") or "")
        partner = self.env["res.partner"]
        if msg_dict.get("author_id"):
            partner = self.env["res.partner"].browse(msg_dict["author_id"])
        elif email:
            partner = self.env["res.partner"].search(
                [("email_normalized", "=", email)], limit=1
            )
        values.setdefault("name", "/")  # the sequence, not the mail subject
        values.setdefault("subject", msg_dict.get("subject") or self.env._("Feedback"))
        values.setdefault("channel", "email")
        values.setdefault("email_from", msg_dict.get("email_from"))
        values.setdefault(
            "description", tools.html2plaintext(msg_dict.get("body") or "")
        )
        if partner:
            values.setdefault("partner_id", partner.commercial_partner_id.id)
            if partner.commercial_partner_id != partner:
                values.setdefault("contact_id", partner.id)
        else:
            # unknown sender: keep the ticket with a new client contact so that
            # nothing is lost; staff links it to the right client
            values.setdefault(
                "partner_id",
                self.env["res.partner"]
                .create(
                    {
                        "name": msg_dict.get("email_from") or email,
                        "email": email,
                        "is_company": True,
                    }
                )
                .id,
            )
        client = self.env["res.partner"].browse(values["partner_id"])
        if client.relationship_manager_id:
            values.setdefault("user_id", client.relationship_manager_id.id)
        return super().message_new(msg_dict, custom_values=values)
