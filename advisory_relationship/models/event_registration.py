from odoo import fields, models


class EventRegistration(models.Model):
    _inherit = "event.registration"

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
