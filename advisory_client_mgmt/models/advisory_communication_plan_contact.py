from odoo import api, fields, models


class AdvisoryCommunicationPlanContact(models.Model):
    """One contact a communication plan scheduled: when it was due, who had to make
    it and when it was done. The plan's cron creates it with the activity; marking
    the activity done stamps the day. An activity cancelled (deleted) leaves the
    contact not done. Plan adherence (staff scorecards) counts the contacts due in a
    period that were done by their due date."""

    _name = "advisory.communication.plan.contact"
    _description = "Planned Client Contact"
    _order = "date_deadline desc, id desc"
    _rec_name = "plan_id"

    plan_id = fields.Many2one(
        "advisory.communication.plan",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        related="plan_id.partner_id", store=True, index=True, string="Client"
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="Company"
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", readonly=True, index=True
    )
    activity_id = fields.Many2one(
        "mail.activity", readonly=True, index="btree_not_null", ondelete="set null"
    )
    date_deadline = fields.Date(string="Due On", required=True, readonly=True)
    date_done = fields.Date(string="Done On", readonly=True)
    on_time = fields.Boolean(compute="_compute_on_time", store=True)

    @api.depends("date_deadline", "date_done")
    def _compute_on_time(self):
        for contact in self:
            contact.on_time = bool(
                contact.date_done and contact.date_done <= contact.date_deadline
            )
