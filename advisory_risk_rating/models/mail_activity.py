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

    def unlink(self):
        # sudo: the suggestion follows its activity, whoever may read it
        cancelled = self.sudo().advisory_next_action_id
        result = super().unlink()
        if cancelled:
            cancelled._nba_activity_cancelled()
        return result

    def _action_done(self, feedback=False, attachment_ids=None):
        # sudo: the suggestion follows its activity, whoever is assigned to it
        # (the state is written by the system); done before the activity goes
        self.sudo().advisory_next_action_id._nba_done_by_activity(feedback)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
