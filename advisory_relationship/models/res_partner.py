from odoo import api, fields, models

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    ADVISOR_GROUP,
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    birthday = fields.Date(
        help="The contact's birthday: the care calendar reminds the relationship "
        "manager (or greets the contact) a few days before.",
        groups=ADVISOR_GROUP,
    )
    care_occasion_ids = fields.One2many(
        "advisory.care.occasion",
        "partner_id",
        string="Care Occasions",
        groups=ADVISOR_GROUP,
    )
    care_occasion_count = fields.Integer(
        compute="_compute_advisory_counts", groups=ADVISOR_GROUP
    )
    event_invited_count = fields.Integer(
        string="Events Invited",
        compute="_compute_event_counts",
        groups=ADVISOR_GROUP,
    )
    event_attended_count = fields.Integer(
        string="Events Attended",
        compute="_compute_event_counts",
        groups=ADVISOR_GROUP,
    )

    loyalty_entry_ids = fields.One2many(
        "advisory.loyalty.entry",
        "partner_id",
        string="Loyalty Points Ledger",
        groups=ADVISOR_GROUP,
    )
    loyalty_points = fields.Integer(
        compute="_compute_loyalty_points",
        store=True,
        protected=True,
        groups=ADVISOR_GROUP,
        help="The client's balance: points earned, less those spent and expired.",
    )
    loyalty_level_id = fields.Many2one(
        "advisory.loyalty.level",
        string="Membership Level",
        compute="_compute_loyalty_level_id",
        store=True,
        index="btree_not_null",
        protected=True,
        groups=ADVISOR_GROUP,
        help="The highest level whose threshold the points earned over the rolling "
        "window reach (recomputed daily).",
    )
    loyalty_points_window = fields.Integer(
        string="Points in Window",
        compute="_compute_loyalty_points_window",
        groups=ADVISOR_GROUP,
        help="Points earned over the rolling window of the membership levels.",
    )

    @api.model
    def _advisory_counts(self):
        return {
            **super()._advisory_counts(),
            "care_occasion_count": ("advisory.care.occasion", []),
        }

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_event_counts(self):
        """Events (not registrations) to which a contact of the client was
        invited, and those one of them attended."""
        invited, attended = {}, {}
        if self.ids and self.env["event.registration"].has_access("read"):
            groups = self.env["event.registration"]._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", self.ids),
                    ("state", "!=", "cancel"),
                ],
                ["partner_id", "state"],
                ["event_id:array_agg"],
            )
            # only the commercial partner of the registrations' contacts, not
            # their whole rows (a contact's row is wide)
            self.env["res.partner"].concat(*(group[0] for group in groups)).fetch(
                ["commercial_partner_id"]
            )
            for partner, state, event_ids in groups:
                client = partner.commercial_partner_id.id
                invited.setdefault(client, set()).update(event_ids)
                if state == "done":
                    attended.setdefault(client, set()).update(event_ids)
        for partner in self:
            partner.event_invited_count = len(invited.get(partner.id, ()))
            partner.event_attended_count = len(attended.get(partner.id, ()))

    def action_view_care_occasions(self):
        return self._advisory_action(
            "advisory_relationship.advisory_care_occasion_action"
        )

    def action_view_client_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_relationship.event_registration_client_action"
        )
        action["domain"] = [("partner_id.commercial_partner_id", "=", self.id)]
        return action

    def _advisory_record_event_attendance(self, when):
        """Attendance at a client event is a contact with the client: its last
        contact date moves forward to ``when`` and the lifecycle follows (a dormant
        client becomes active)."""
        # sudo: whoever records the attendance, the client decides (the advisory
        # fields are not readable by a registration desk user)
        clients = self.sudo().commercial_partner_id.filtered("is_advisory_client")
        if not clients:
            return
        # the system's facts (protected): whoever recorded the attendance (a
        # registration desk user may not read the advisory fields)
        system = clients._as_system()
        later = system.filtered(
            lambda client: not client.last_contact_date
            or client.last_contact_date < when
        )
        if later:
            later.write({"last_contact_date": when})
        for company, company_clients in system.grouped("company_id").items():
            company_clients.filtered(
                lambda client: client.lifecycle_state == "dormant"
            )._advisory_update_lifecycle(company or self.env.company)

    # ------------------------------------------------------------------
    # Loyalty
    # ------------------------------------------------------------------

    @api.depends("loyalty_entry_ids.points")
    def _compute_loyalty_points(self):
        # sudo: the balance counts every entry of the client, whoever triggers
        # the recomputation (a registration desk user, the daily job)
        totals = dict(
            self.env["advisory.loyalty.entry"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["points:sum"]
            )
        )
        for partner in self:
            partner.loyalty_points = totals.get(partner._origin, 0)

    @api.depends("loyalty_entry_ids.points", "loyalty_entry_ids.date")
    def _compute_loyalty_level_id(self):
        # sudo: as above; the levels are the configuration
        window = (
            self.env["advisory.loyalty.entry"]
            .sudo()
            ._advisory_window_points(self._origin)
        )
        levels = (
            self.env["advisory.loyalty.level"]
            .sudo()
            .with_context(active_test=True)
            .search([])
        )
        for partner in self:
            partner.loyalty_level_id = levels._level_for(
                levels, window.get(partner._origin.id, 0)
            )

    @api.depends("loyalty_entry_ids.points", "loyalty_entry_ids.date")
    @api.depends_context("uid")
    def _compute_loyalty_points_window(self):
        window = (
            self.env["advisory.loyalty.entry"]
            .sudo()
            ._advisory_window_points(self._origin)
        )
        for partner in self:
            partner.loyalty_points_window = window.get(partner._origin.id, 0)

    def _advisory_loyalty_recompute(self):
        """Recompute the levels of ``self`` (the rolling window moved)."""
        self.env.add_to_compute(self._fields["loyalty_level_id"], self)
        self.env.add_to_compute(self._fields["loyalty_points"], self)
        self.flush_recordset(["loyalty_level_id", "loyalty_points"])

    def action_view_loyalty_entries(self):
        return self._advisory_action(
            "advisory_relationship.advisory_loyalty_entry_action"
        )

    def action_advisory_loyalty_redeem(self):
        """The redemption dialog for this client (the checks run when it
        confirms)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Redeem a Reward"),
            "res_model": "advisory.loyalty.redeem",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }
