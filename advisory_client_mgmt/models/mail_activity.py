from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        self._advisory_stamp_plan_contacts()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _advisory_stamp_plan_contacts(self):
        """The contacts of communication plans behind these activities are done
        today (the day of the user marking them done)."""
        # sudo: the contact log is the system's record of the plans (nobody writes
        # it by hand); whoever may mark the activity done stamps it
        contacts = (
            self.env["advisory.communication.plan.contact"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("date_done", "=", False)])
        )
        if contacts and not self.env.su:
            # Odoo lets anyone who may edit the client close its activities; the
            # contact counts as done (plan adherence of the scorecards) only when
            # closed by the client's team
            contacts = contacts.with_env(self.env)._filtered_access("read").sudo()
        if contacts:
            contacts.write({"date_done": fields.Date.context_today(self)})
