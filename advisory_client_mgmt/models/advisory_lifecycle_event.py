from odoo import api, fields, models
from odoo.tools import create_index

from .res_partner import LIFECYCLE_STATES


class AdvisoryLifecycleEvent(models.Model):
    """History of the lifecycle state of advisory clients.

    One event per change of ``res.partner.lifecycle_state`` (and one when a client
    gets its first state), written by ``res.partner`` itself: it gives the state of a
    client at any past date (the KPI engine's churn rate and strategic partner share)
    where the chatter tracking does not (no initial value, bulk writes without
    tracking).
    """

    _name = "advisory.lifecycle.event"
    _description = "Client Lifecycle Event"
    _inherit = "advisory.protected.mixin"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        help="The client's company, or for a client shared by all companies the "
        "company in which the change was made.",
    )
    date = fields.Date(
        required=True,
        readonly=True,
        help="Day from which the client is in the new state.",
    )
    old_state = fields.Selection(
        LIFECYCLE_STATES,
        string="From",
        readonly=True,
        help="Empty when the client got its first lifecycle state.",
    )
    new_state = fields.Selection(LIFECYCLE_STATES, string="To", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Changed By",
        readonly=True,
        default=lambda self: self.env.user,
    )

    def init(self):
        super().init()
        # "state of a client at a date": the last event of the partner before it
        create_index(
            self.env.cr,
            "advisory_lifecycle_event_partner_date_idx",
            self._table,
            ["partner_id", "date"],
        )

    @api.model
    def _log_changes(self, partners, old_states):
        """Record one event per partner of ``partners`` whose lifecycle state is not
        ``old_states[partner.id]`` any more (one ``create`` for the batch).

        :param old_states: ``{partner_id: state or False}`` before the change
        """
        today = fields.Date.context_today(self)
        vals_list = [
            {
                "partner_id": partner.id,
                "company_id": partner.company_id.id or self.env.company.id,
                "date": partner.lifecycle_changed_on or today,
                "old_state": old_states.get(partner.id) or False,
                "new_state": partner.lifecycle_state or False,
            }
            for partner in partners
            if (partner.lifecycle_state or False)
            != (old_states.get(partner.id) or False)
        ]
        if vals_list:
            # sudo: the history is written by the system for whoever changes a
            # client; nobody may create or edit events by hand (read-only ACLs)
            self.sudo().create(vals_list)
