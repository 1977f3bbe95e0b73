from odoo import api, models
from odoo.exceptions import ValidationError

from odoo.addons.advisory_feedback.models.advisory_feedback import OPEN_STATES


class AdvisoryFeedback(models.Model):
    _inherit = "advisory.feedback"

    @api.model
    def _priority_floors(self, partner_ids):
        """``{client id: priority floor}`` of the clients ``partner_ids`` (their
        commercial partners' service matrix row) that have one."""
        # sudo: the floor is the client's service, whoever writes the ticket (a
        # portal user, the mail gateway, a survey answer)
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        floors = {
            partner.id: partner.commercial_partner_id.service_matrix_id
            for partner in partners
        }
        return {
            partner_id: row.ticket_priority_floor
            for partner_id, row in floors.items()
            if row.ticket_priority_floor
        }

    @api.model_create_multi
    def create(self, vals_list):
        floors = self._priority_floors(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )
        if floors:
            default = self.default_get(["priority"]).get("priority") or "1"
            for vals in vals_list:
                floor = floors.get(vals.get("partner_id"))
                if floor and vals.get("priority", default) < floor:
                    vals["priority"] = floor
        return super().create(vals_list)

    @api.onchange("partner_id")
    def _onchange_partner_priority_floor(self):
        floor = self._priority_floors(self.partner_id.ids).get(self.partner_id.id)
        if floor and self.priority < floor:
            self.priority = floor

    # open tickets only: a resolved ticket keeps the priority it was handled with
    @api.constrains("priority", "partner_id")
    def _check_priority_floor(self):
        floors = self._priority_floors(self.partner_id.ids)
        labels = dict(self._fields["priority"]._description_selection(self.env))
        for ticket in self.filtered(lambda ticket: ticket.state in OPEN_STATES):
            floor = floors.get(ticket.partner_id.id)
            if floor and ticket.priority < floor:
                raise ValidationError(
                    self.env._(
                        "The tickets of %(client)s have at least the priority "
                        "%(floor)s (the service of its segment): %(ticket)s cannot "
                        "be %(priority)s.",
                        client=ticket.partner_id.display_name,
                        floor=labels[floor],
                        ticket=ticket.name,
                        priority=labels.get(ticket.priority, ""),
                    )
                )

    def _do_close(self):
        super()._do_close()
        kinds = self.env["advisory.next.action.rule"]._nba_ticket_outcome_kinds()
        for ticket in self:
            # the suggestions of a detractor call led to this closed ticket
            self.env["advisory.next.action"]._nba_record_outcome(
                ticket.partner_id.commercial_partner_id,
                kinds,
                self.env._("Ticket %(ticket)s closed", ticket=ticket.display_name),
            )
