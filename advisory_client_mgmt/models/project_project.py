from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from ..fields import NullableFloat
from .advisory_protected_mixin import ADVISOR_GROUP

PROJECT_MANAGER_GROUP = "project.group_project_manager"
# Odoo's fields of a project's settings (whose project it is, who runs it and sees
# it, its mail alias — which Odoo writes with sudo after a check of the model's
# access only —, ratings and analytic account): project managers only.
# Which projects advisors write at all is for the record rules (those of their
# engagements); the rest of such a project is theirs to write.
PROJECT_SETTINGS = (
    "partner_id",
    "company_id",
    "user_id",
    "active",
    "privacy_visibility",
    "alias_name",
    "alias_contact",
    "alias_defaults",
    "alias_domain_id",
    "alias_bounced_content",
    "allow_task_dependencies",
    "allow_milestones",
    "rating_active",
    "rating_status",
    "rating_status_period",
    "account_id",
)
# how often the client of an engagement gets a progress update
UPDATE_CADENCES = {
    "weekly": relativedelta(weeks=1),
    "biweekly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
}
UPDATE_CRON_BATCH = 500


class ProjectProject(models.Model):
    _name = "project.project"
    # the mixin first: it drops the caller's tracking_disable before mail.thread
    # reads it
    _inherit = ("advisory.protected.mixin", "project.project")

    engagement_id = fields.Many2one(
        "advisory.engagement",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
        check_company=True,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_contract_id = fields.Many2one(
        "advisory.contract",
        string="Contract",
        copy=False,
        readonly=True,
        ondelete="set null",
        check_company=True,
        help="The contract whose signature created the project.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_objectives = fields.Html(string="Objectives", groups=ADVISOR_GROUP)
    advisory_kpi_ids = fields.One2many(
        "advisory.project.kpi",
        "project_id",
        string="KPIs",
        copy=True,
        groups=ADVISOR_GROUP,
    )
    advisory_risk_ids = fields.One2many(
        "advisory.project.risk",
        "project_id",
        string="Risk Register",
        groups=ADVISOR_GROUP,
    )
    advisory_evaluation_score = fields.Selection(
        [
            ("1", "1 - Poor"),
            ("2", "2 - Below Expectations"),
            ("3", "3 - Satisfactory"),
            ("4", "4 - Good"),
            ("5", "5 - Excellent"),
        ],
        string="Evaluation Score",
        copy=False,
        tracking=True,
        groups=ADVISOR_GROUP,
    )
    advisory_evaluation_summary = fields.Text(
        string="Evaluation Summary", copy=False, groups=ADVISOR_GROUP
    )
    advisory_kpi_achievement = NullableFloat(
        string="KPI Achievement",
        compute="_compute_advisory_kpi_achievement",
        store=True,
        aggregator="avg",
        help="Average achievement of the KPIs that have a target (1.0 = 100%).",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_milestone_justification = fields.Text(
        string="Milestone Justification",
        copy=False,
        help="Why the engagement closes with milestones not reached.",
        groups=ADVISOR_GROUP,
    )
    advisory_closed = fields.Boolean(
        string="Engagement Closed",
        readonly=True,
        copy=False,
        tracking=True,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_closed_date = fields.Date(
        string="Engagement Closed On",
        readonly=True,
        copy=False,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_update_cadence = fields.Selection(
        [
            ("weekly", "Weekly"),
            ("biweekly", "Every Two Weeks"),
            ("monthly", "Monthly"),
        ],
        string="Client Update Cadence",
        default="monthly",
        help="How often the client gets a progress update: when one is due, the "
        "project manager gets a to-do. Empty: no reminder.",
        groups=ADVISOR_GROUP,
    )
    advisory_update_due_date = fields.Date(
        string="Next Client Update",
        compute="_compute_advisory_update_due_date",
        store=True,
        help="One cadence after the last update published to the client (or after "
        "the project's start).",
        protected=True,
        groups=ADVISOR_GROUP,
    )

    @api.model
    def _protected_field_groups(self):
        return dict(
            super()._protected_field_groups(),
            **dict.fromkeys(PROJECT_SETTINGS, PROJECT_MANAGER_GROUP),
        )

    @api.depends("advisory_kpi_ids.achieved_percent")
    def _compute_advisory_kpi_achievement(self):
        for project in self:
            values = [
                kpi.achieved_percent
                for kpi in project.advisory_kpi_ids
                if kpi.achieved_percent is not False
            ]
            project.advisory_kpi_achievement = (
                sum(values) / len(values) if values else False
            )

    @api.depends(
        "advisory_update_cadence",
        "engagement_id",
        "advisory_closed",
        "date_start",
        "update_ids.advisory_published_date",
    )
    def _compute_advisory_update_due_date(self):
        for project in self:
            cadence = UPDATE_CADENCES.get(project.advisory_update_cadence)
            if not (cadence and project.engagement_id) or project.advisory_closed:
                project.advisory_update_due_date = False
                continue
            published = [
                date
                for date in project.update_ids.mapped("advisory_published_date")
                if date
            ]
            start = (
                max(published)
                if published
                else project.date_start
                or fields.Date.to_date(project.create_date)
                or fields.Date.context_today(project)
            )
            project.advisory_update_due_date = start + cadence

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_advisory_close(self):
        self._check_can_advisory_close()
        self._do_advisory_close()
        self._advisory_after_close()
        return True

    def action_view_advisory_engagement(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_client_mgmt.advisory_engagement_action"
        )
        action.update(
            res_id=self.engagement_id.id, views=[(False, "form")], view_mode="form"
        )
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_advisory_close(self):
        self.check_access("read")
        self.engagement_id.check_access("write")
        for project in self:
            if not project.engagement_id:
                raise UserError(
                    self.env._(
                        "%(project)s is not the project of an engagement: there is no "
                        "engagement to close.",
                        project=project.display_name,
                    )
                )
            if project.advisory_closed:
                raise UserError(
                    self.env._(
                        "The engagement of %(project)s is already closed.",
                        project=project.display_name,
                    )
                )
            # sudo: every milestone counts, also those of tasks the user does not
            # follow
            open_milestones = project.sudo().milestone_ids.filtered(
                lambda milestone: not milestone.is_reached
            )
            if (
                open_milestones
                and not (project.advisory_milestone_justification or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Milestones %(milestones)s of %(project)s are not reached: "
                        "reach them or explain why in the milestone justification "
                        "before closing the engagement.",
                        milestones=", ".join(open_milestones.mapped("name")),
                        project=project.display_name,
                    )
                )
            if not (
                project.advisory_evaluation_score
                and (project.advisory_evaluation_summary or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Enter the closing evaluation of %(project)s (score and "
                        "summary) before closing the engagement.",
                        project=project.display_name,
                    )
                )

    def _do_advisory_close(self):
        """Mark the projects closed (their evaluation stays on them) and move their
        engagements to closing."""
        self._as_system().write(
            {
                "advisory_closed": True,
                "advisory_closed_date": fields.Date.context_today(self),
            }
        )
        for project in self:
            project.engagement_id.message_post(
                body=self.env._(
                    "Project %(project)s closed; evaluation %(score)s/5: %(summary)s",
                    project=project.display_name,
                    score=project.advisory_evaluation_score,
                    summary=project.advisory_evaluation_summary,
                )
            )
        self.engagement_id._advisory_event("project_closed")

    @api.model
    def _advisory_update_reminder_type(self):
        return self.env.ref(
            "advisory_client_mgmt.mail_activity_type_advisory_progress_update"
        )

    @api.model
    def _cron_advisory_update_reminders(self):
        """Give the manager of each engagement project whose client update is due
        one to-do. Safe to run again: a project with an open one gets no second."""
        today = fields.Date.context_today(self)
        projects = self.search(
            [
                ("engagement_id", "!=", False),
                ("advisory_closed", "=", False),
                ("advisory_update_due_date", "<=", today),
            ],
            order="id",
        )
        self._run_batches(
            [self.browse(ids) for ids in split_every(UPDATE_CRON_BATCH, projects.ids)],
            lambda batch: batch._schedule_advisory_update_reminder(),
        )
        return True

    def _schedule_advisory_update_reminder(self):
        """A to-do for the project manager (or the relationship manager) of each
        project of ``self`` that has none open."""
        activity_type = self._advisory_update_reminder_type()
        open_todos = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        for project in self - self.browse(open_todos.mapped("res_id")):
            user = project.user_id or project.engagement_id.relationship_manager_id
            if not user:
                continue
            project.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=project.advisory_update_due_date,
                user_id=user.id,
                summary=self.env._("Publish a progress update to the client"),
                note=self.env._(
                    "The client of %(engagement)s expects a progress update: "
                    "write it in the project's updates and click 'Publish to "
                    "Client'.",
                    engagement=project.engagement_id.display_name,
                ),
            )

    def _advisory_update_reminder_done(self):
        """A published update fulfils the open reminders of its project."""
        # sudo: the reminder is the project manager's; whoever publishes the update
        # (checked by project.update._check_can_advisory_publish) fulfils it
        self.sudo().activity_feedback(
            [
                "advisory_client_mgmt.mail_activity_type_advisory_progress_update",
            ],
            feedback=self.env._("Progress update published to the client."),
        )

    def _advisory_after_close(self):
        """Hook called once the projects of ``self`` are closed (e.g. to send the
        satisfaction survey); nothing here."""
        return
