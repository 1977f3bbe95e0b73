from odoo import fields, models
from odoo.exceptions import UserError

from .advisory_protected_mixin import ADVISOR_GROUP

# what the client reads of a published update: frozen once published
CLIENT_FIELDS = frozenset({"name", "status", "progress", "description", "date"})


class ProjectUpdate(models.Model):
    """Progress updates of an engagement's project: staff write them with Odoo's
    project updates; publishing one shows it to the client on her engagement's
    portal page and notifies her contacts who have portal access."""

    _name = "project.update"
    _inherit = ("advisory.protected.mixin", "project.update")

    advisory_published = fields.Boolean(
        string="Published to Client",
        readonly=True,
        copy=False,
        tracking=True,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_published_date = fields.Date(
        string="Published On",
        readonly=True,
        copy=False,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_engagement_id = fields.Many2one(
        related="project_id.engagement_id",
        string="Engagement",
        groups=ADVISOR_GROUP,
    )

    def write(self, vals):
        if not self.env.su and CLIENT_FIELDS & vals.keys():
            self._check_not_published()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._check_not_published()
        return super().unlink()

    def _check_not_published(self):
        # sudo: the freeze holds for every writer, also one without the advisory
        # group (the flag carries groups)
        published = self.sudo().filtered("advisory_published")[:1]
        if published:
            raise UserError(
                self.env._(
                    "%(update)s is published to the client: it cannot be changed "
                    "or deleted. Publish a new update instead.",
                    update=published.name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_advisory_publish(self):
        self._check_can_advisory_publish()
        self._do_advisory_publish()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_advisory_publish(self):
        for update in self:
            engagement = update.project_id.engagement_id
            if not engagement:
                raise UserError(
                    self.env._(
                        "%(update)s is an update of %(project)s, which is not the "
                        "project of an engagement: there is no client to publish "
                        "it to.",
                        update=update.name,
                        project=update.project_id.display_name,
                    )
                )
            if update.advisory_published:
                raise UserError(
                    self.env._(
                        "%(update)s is already published to the client.",
                        update=update.name,
                    )
                )
        # the client's advisors (relationship manager, team) and the managers
        # publish, as they write the engagement
        self.project_id.engagement_id.check_access("write")

    def _do_advisory_publish(self):
        today = fields.Date.context_today(self)
        self._as_system().write(
            {"advisory_published": True, "advisory_published_date": today}
        )
        for update in self:
            update.project_id.engagement_id._notify_progress_update(update)
        self.project_id._advisory_update_reminder_done()
