from odoo import api, fields, models


class EventRegistration(models.Model):
    _inherit = "event.registration"

    # What the advisors' record rule reads (technical, like a rule's own column):
    # the advisory client whose contact is registered, and the staff serving it
    # from the staff lists' table. The rule then compares one indexed column with
    # the advisor's served clients; through partner_id.commercial_partner_id it
    # was a subquery over every contact under an OR, which PostgreSQL planned as
    # a scan of all contacts (and compiled, at 100,000 contacts) for each count
    # of a client's events.
    advisory_client_id = fields.Many2one(
        "res.partner",
        compute="_compute_advisory_client_id",
        store=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    advisory_client_served_by_ids = fields.Many2many(
        "res.users",
        compute="_compute_advisory_client_served_by_ids",
        search="_search_advisory_client_served_by_ids",
        groups="base.group_system",
    )

    @api.depends("partner_id.commercial_partner_id.is_advisory_client")
    def _compute_advisory_client_id(self):
        for registration in self:
            client = registration.partner_id.commercial_partner_id
            registration.advisory_client_id = (
                client if client.is_advisory_client else False
            )

    @api.depends("advisory_client_id.advisory_access_user_ids")
    def _compute_advisory_client_served_by_ids(self):
        for registration in self:
            registration.advisory_client_served_by_ids = (
                registration.advisory_client_id.advisory_access_user_ids
            )

    def _search_advisory_client_served_by_ids(self, operator, value):
        return self.env["res.partner"]._served_clients_domain(
            "advisory_client_id", operator, value
        )

    def write(self, vals):
        attending = vals.get("state") == "done"
        newly = self.filtered(lambda r: r.state != "done") if attending else None
        result = super().write(vals)
        if attending and newly:
            newly.partner_id._advisory_record_event_attendance(fields.Datetime.now())
            # points are a fact the firm stands behind: the attendance recorded by
            # its advisory staff (or the system), not by any registration desk
            if self.env.su or self.env.user.has_group(
                "advisory_client_mgmt.group_advisory_user"
            ):
                newly._advisory_loyalty_earn_attendance()
        return result

    def _advisory_loyalty_earn_attendance(self):
        """Attending a client event earns the client the attendance points, once
        per event (however many of its contacts attend)."""
        self.env["advisory.loyalty.entry"]._advisory_loyalty_earn_many(
            "event",
            [
                (registration.partner_id, registration.event_id, None)
                for registration in self.filtered("partner_id")
            ],
        )
