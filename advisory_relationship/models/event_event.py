from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    ADVISOR_GROUP,
    MANAGER_GROUP,
)
from odoo.addons.advisory_client_mgmt.models.res_partner import LIFECYCLE_STATES
from odoo.addons.advisory_risk_rating.models.common import RISK_LEVELS, VALUE_TIERS


class EventEvent(models.Model):
    _inherit = "event.event"

    advisory_value_tier = fields.Selection(
        VALUE_TIERS,
        string="Target Value Tier",
        help="Invite the clients of this value tier (empty: any).",
        groups=ADVISOR_GROUP,
    )
    advisory_risk_level = fields.Selection(
        RISK_LEVELS,
        string="Target Risk Level",
        help="Invite the clients of this risk level (empty: any).",
        groups=ADVISOR_GROUP,
    )
    advisory_lifecycle_state = fields.Selection(
        LIFECYCLE_STATES,
        string="Target Lifecycle State",
        help="Invite the clients in this lifecycle state (empty: prospects, active "
        "and dormant clients).",
        groups=ADVISOR_GROUP,
    )
    advisory_industry_ids = fields.Many2many(
        "res.partner.industry",
        string="Target Industries",
        help="Invite the clients of these industries (empty: any).",
        groups=ADVISOR_GROUP,
    )
    advisory_country_ids = fields.Many2many(
        "res.country",
        string="Target Countries",
        help="Invite the clients of these countries (empty: any).",
        groups=ADVISOR_GROUP,
    )
    advisory_state_ids = fields.Many2many(
        "res.country.state",
        string="Target Regions",
        help="Invite the clients of these regions (provinces, states; empty: any).",
        groups=ADVISOR_GROUP,
    )

    advisory_cost_ids = fields.One2many(
        "advisory.relationship.cost",
        "event_id",
        string="Costs",
        groups=MANAGER_GROUP,
    )
    advisory_cost_total = fields.Monetary(
        string="Total Cost",
        compute="_compute_advisory_cost_total",
        currency_field="advisory_cost_currency_id",
        groups=MANAGER_GROUP,
    )
    advisory_cost_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_advisory_cost_total",
        groups=MANAGER_GROUP,
    )

    @api.depends("advisory_cost_ids.amount")
    def _compute_advisory_cost_total(self):
        for event in self:
            event.advisory_cost_total = sum(event.advisory_cost_ids.mapped("amount"))
            event.advisory_cost_currency_id = (
                event.company_id or self.env.company
            ).currency_id

    def _advisory_target_domain(self):
        """The clients of the segment the event targets."""
        self.ensure_one()
        domain = [
            ("is_advisory_client", "=", True),
            ("is_company", "=", True),
            (
                "lifecycle_state",
                "=" if self.advisory_lifecycle_state else "in",
                self.advisory_lifecycle_state or ("prospect", "active", "dormant"),
            ),
        ]
        for field, value in (
            ("value_tier", self.advisory_value_tier),
            ("risk_level", self.advisory_risk_level),
        ):
            if value:
                domain.append((field, "=", value))
        for field, records in (
            ("industry_id", self.advisory_industry_ids),
            ("country_id", self.advisory_country_ids),
            ("state_id", self.advisory_state_ids),
        ):
            if records:
                domain.append((field, "in", records.ids))
        if self.company_id:
            domain = expression.AND(
                [domain, [("company_id", "in", (False, self.company_id.id))]]
            )
        return domain

    def _check_can_advisory_invite(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only advisory managers invite client segments to events.")
            )
        self.check_access("write")
        for event in self:
            if event.is_finished or event.stage_id.pipe_end:
                raise UserError(
                    self.env._(
                        "%(event)s is over: its invitations are closed.",
                        event=event.display_name,
                    )
                )

    def action_advisory_invite(self):
        """Register the contacts of the clients of the targeted segment (those with
        an email; a company without contacts is registered itself). Odoo's event
        mails (the registration mail) invite them. Nothing is sent to the clients
        without the marketing consent (noted in their chatter) nor to opted-out
        addresses; a contact already registered is not registered again."""
        self._check_can_advisory_invite()
        invited = refused = 0
        for event in self:
            new, no_consent = event._do_advisory_invite()
            invited += new
            refused += no_consent
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if invited else "warning",
                "message": self.env._(
                    "%(invited)s contacts invited; %(refused)s clients without the "
                    "marketing consent were not.",
                    invited=invited,
                    refused=refused,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _do_advisory_invite(self):
        self.ensure_one()
        clients = self.env["res.partner"].search(self._advisory_target_domain())
        missing = clients._advisory_consent_missing("marketing")
        if missing:
            missing._advisory_note_consent_missing(
                "marketing",
                self.env._(
                    "No invitation to the event %(event)s was sent.",
                    event=self.display_name,
                ),
            )
        clients -= missing
        contacts = clients.child_ids.filtered(
            lambda contact: contact.type == "contact"
            and not contact.is_company
            and contact.email
        )
        contacts |= clients.filtered(
            lambda client: client.email and client not in contacts.parent_id
        )
        contacts = contacts.filtered(lambda contact: not contact.is_blacklisted)
        registered = (
            self.env["event.registration"]
            .with_context(active_test=False)
            .search([("event_id", "=", self.id), ("partner_id", "in", contacts.ids)])
            .partner_id
        )
        contacts -= registered
        self.env["event.registration"].create(
            [
                {
                    "event_id": self.id,
                    "partner_id": contact.id,
                    "name": contact.name,
                    "email": contact.email,
                    "phone": contact.phone,
                }
                for contact in contacts
            ]
        )
        return len(contacts), len(missing)
