from odoo import api, fields, models
from odoo.exceptions import AccessError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    advisory_next_action_id = fields.Many2one(
        "advisory.next.action",
        string="Next-Best Action",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="The suggestion this activity carries out: marking the activity done "
        "marks it done.",
        groups="advisory_client_mgmt.group_advisory_user",
    )

    def _check_next_action_link(self, vals_list):
        """Only the next-best action evaluation links an activity to a
        suggestion (marking the activity done closes the suggestion)."""
        if not self.env.su and any(
            vals.get("advisory_next_action_id") for vals in vals_list
        ):
            raise AccessError(
                self.env._(
                    "Activities are linked to next-best actions by their rules only."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_next_action_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "advisory_next_action_id" in vals:
            self._check_next_action_link([vals])
        return super().write(vals)

    def _advisory_next_actions(self):
        """The suggestions these activities carry out; closing the activities
        closes them, so only the users who may act on them may close the
        activities (Odoo lets anyone who may edit the client close its
        activities)."""
        # sudo: the link is read whoever holds the activity
        actions = self.sudo().advisory_next_action_id
        if actions and not self.env.su:
            actions.with_env(self.env).check_access("write")
        return actions

    def unlink(self):
        cancelled = self._advisory_next_actions()
        result = super().unlink()
        if cancelled:
            cancelled._nba_activity_cancelled()
        return result

    def _action_done(self, feedback=False, attachment_ids=None):
        # the suggestion follows its activity (its state written by the system),
        # done before the activity goes
        self._advisory_next_actions()._nba_done_by_activity(feedback)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
