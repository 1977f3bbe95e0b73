from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .advisory_protected_mixin import ADVISOR_GROUP
from .res_partner import ACQUISITION_CHANNELS


class CrmLead(models.Model):
    _name = "crm.lead"
    # the mixin first: it drops the caller's tracking_disable before mail.thread
    # reads it
    _inherit = ("advisory.protected.mixin", "crm.lead")

    # the needs analysis is tracked: a change of the client's needs leaves history
    financial_goal = fields.Text(
        help="What the client wants to achieve.", groups=ADVISOR_GROUP, tracking=True
    )
    risk_preference = fields.Selection(
        [
            ("conservative", "Conservative"),
            ("balanced", "Balanced"),
            ("growth", "Growth"),
            ("aggressive", "Aggressive"),
        ],
        groups=ADVISOR_GROUP,
        tracking=True,
    )
    investment_horizon = fields.Selection(
        [
            ("short", "< 1 year"),
            ("medium", "1-3 years"),
            ("long", "3-5 years"),
            ("very_long", "> 5 years"),
        ],
        groups=ADVISOR_GROUP,
        tracking=True,
    )
    service_line_ids = fields.Many2many(
        "advisory.service.line", string="Service Lines", groups=ADVISOR_GROUP
    )
    expected_financing_amount = fields.Monetary(
        currency_field="company_currency", groups=ADVISOR_GROUP, tracking=True
    )
    expected_timeline = fields.Date(
        help="When the client expects the result.", groups=ADVISOR_GROUP, tracking=True
    )
    acquisition_channel = fields.Selection(ACQUISITION_CHANNELS, groups=ADVISOR_GROUP)
    engagement_ids = fields.One2many(
        "advisory.engagement",
        "lead_id",
        string="Engagements",
        groups=ADVISOR_GROUP,
    )
    engagement_count = fields.Integer(
        compute="_compute_engagement_count",
        groups=ADVISOR_GROUP,
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_engagement_count(self):
        counts = dict(
            self.env["advisory.engagement"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.engagement_count = counts.get(lead, 0)

    @api.constrains("expected_financing_amount")
    def _check_expected_financing_amount(self):
        for lead in self:
            if lead.expected_financing_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The expected financing amount of %(lead)s cannot be negative.",
                        lead=lead.display_name,
                    )
                )

    def action_create_engagement(self):
        self._check_can_create_engagement()
        engagements = self._do_create_engagement()
        return self._engagement_action(engagements)

    def action_view_engagements(self):
        self.ensure_one()
        action = self._engagement_action(self.engagement_ids)
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action

    def _check_can_create_engagement(self):
        self.env["advisory.engagement"].check_access("create")
        for lead in self:
            if not lead.partner_id:
                raise UserError(
                    self.env._(
                        "Set a customer on %(lead)s before creating an engagement.",
                        lead=lead.display_name,
                    )
                )
        # sudo: a lead has one open engagement, also when the user cannot read it
        # (another advisor's client)
        open_engagements = (
            self.env["advisory.engagement"]
            .sudo()
            .search(
                [
                    ("lead_id", "in", self.ids),
                    ("state", "not in", ("done", "cancelled")),
                ]
            )
        )
        if open_engagements:
            engagement = open_engagements[0]
            raise UserError(
                self.env._(
                    "%(lead)s already has an open engagement (%(engagement)s): "
                    "finish or cancel it first.",
                    lead=engagement.lead_id.display_name,
                    engagement=engagement.name,
                )
            )

    def _do_create_engagement(self):
        """Make the leads' customers advisory clients and create one engagement per
        lead, in needs analysis."""
        partner_updates = defaultdict(lambda: self.env["res.partner"])
        done_partners = self.env["res.partner"]
        for lead in self:
            partner = lead.partner_id.commercial_partner_id
            if partner in done_partners:
                continue
            done_partners |= partner
            vals = {"is_advisory_client": True}
            if not partner.acquisition_channel and lead.acquisition_channel:
                vals["acquisition_channel"] = lead.acquisition_channel
            manager = lead.user_id or self.env.user
            if not partner.relationship_manager_id:
                vals["relationship_manager_id"] = manager.id
            partner_updates[tuple(sorted(vals.items()))] |= partner
        # before the engagements: the advisor's record rule looks at the client.
        # _as_system: a client without relationship manager gets the opportunity's
        # salesperson, a decision of this action (a user may not set it)
        for vals, partners in partner_updates.items():
            partners._as_system().write(dict(vals))
        engagements = self.env["advisory.engagement"].create(
            [
                {
                    "lead_id": lead.id,
                    "partner_id": lead.partner_id.commercial_partner_id.id,
                    "relationship_manager_id": (lead.user_id or self.env.user).id,
                    "service_line_ids": [Command.set(lead.service_line_ids.ids)],
                    "company_id": (lead.company_id or self.env.company).id,
                }
                for lead in self
            ]
        )
        engagements._do_start_needs_analysis()
        return engagements

    def _engagement_action(self, engagements):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_client_mgmt.advisory_engagement_action"
        )
        if len(engagements) == 1:
            action.update(
                res_id=engagements.id,
                view_mode="form",
                views=[(False, "form")],
            )
        else:
            action["domain"] = [("id", "in", engagements.ids)]
            action["context"] = {}
        return action
