from odoo import api, fields, models

from .common import ALL_CLIENTS_GROUPS


class AdvisoryClientEventMixin(models.AbstractModel):
    """A dated fact of a client's file that feeds its risk rating (credit records,
    management changes), named after the client, its type and its date."""

    _name = "advisory.client.event.mixin"
    _description = "Advisory Dated Fact of a Client"
    _inherit = ("advisory.client.record.mixin", "advisory.risk.input.mixin")
    _advisory_all_clients_groups = ALL_CLIENTS_GROUPS
    # the selection field saying what happened (in the display name)
    _client_event_type_field = None

    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)

    @api.depends(
        lambda self: ("partner_id", "date", self._client_event_type_field)
        if self._client_event_type_field
        else ("partner_id", "date")
    )
    def _compute_display_name(self):
        type_field = self._client_event_type_field
        types = (
            dict(self._fields[type_field]._description_selection(self.env))
            if type_field
            else {}
        )
        for record in self:
            record.display_name = " – ".join(
                part
                for part in (
                    record.partner_id.display_name,
                    types.get(record[type_field]) if type_field else None,
                    record.date and fields.Date.to_string(record.date),
                )
                if part
            )
