from odoo import fields, models


class EventRegistration(models.Model):
    _inherit = "event.registration"

    def write(self, vals):
        attending = vals.get("state") == "done"
        newly = self.filtered(lambda r: r.state != "done") if attending else None
        result = super().write(vals)
        if attending and newly:
            newly.partner_id._advisory_record_event_attendance(fields.Datetime.now())
        return result
