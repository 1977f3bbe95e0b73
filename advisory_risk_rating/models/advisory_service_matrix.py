from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.advisory_client_mgmt.models.advisory_communication_plan import (
    MAX_INTERVAL,
)

from .common import PROPOSAL_REVIEW_DEPTHS, SERVICE_RISK_LEVELS, VALUE_TIERS

INTERVAL_TYPES = [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")]
# the longest grace of the no-contact warning: ten years, like a plan's interval
MAX_GRACE_DAYS = 3660
# fields whose change makes the communication plans of the row's clients be
# adjusted again at the next segment recompute
PLAN_FIELDS = frozenset(
    {"contact_interval_number", "contact_interval_type", "channel_ids"}
)


class AdvisoryServiceMatrix(models.Model):
    """How a client is served, per value tier × risk level.

    The segment recompute (``res.partner._recompute_segments``) records the row of
    each client in ``res.partner.service_matrix_id`` and applies it: communication
    plans, the dedicated-RM and no-contact warnings, and (advisory_risk_feedback)
    the ticket priority floor and the survey frequency.
    """

    _name = "advisory.service.matrix"
    _description = "Service Matrix"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    value_tier = fields.Selection(VALUE_TIERS, required=True, tracking=True)
    risk_level = fields.Selection(
        SERVICE_RISK_LEVELS,
        required=True,
        tracking=True,
        help="Risk level of the clients of this row; 'Not Rated': the clients "
        "without a validated assessment.",
    )
    contact_interval_number = fields.Integer(
        string="Contact Every",
        required=True,
        default=1,
        tracking=True,
        help="How often the client is contacted, through the channels of the mix "
        "in turn.",
    )
    contact_interval_type = fields.Selection(
        INTERVAL_TYPES,
        string="Contact Interval Unit",
        required=True,
        default="months",
        tracking=True,
    )
    channel_ids = fields.Many2many(
        "mail.activity.type",
        "advisory_service_matrix_channel_rel",
        "matrix_id",
        "activity_type_id",
        string="Channel Mix",
        tracking=True,
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'res.partner')]",
        help="One communication plan per channel; the channels take turns, so "
        "that the client is contacted at the row's cadence (two channels and a "
        "monthly cadence: each channel every two months, one month apart).",
    )
    no_contact_grace_days = fields.Integer(
        string="No-Contact Warning After (days of grace)",
        default=14,
        tracking=True,
        help="The no-contact early warning opens when the client's last contact is "
        "older than the cadence plus these days.",
    )
    dedicated_rm_required = fields.Boolean(
        string="Dedicated RM Required",
        tracking=True,
        help="A client of this row without a relationship manager raises the "
        "'Dedicated RM Missing' early warning.",
    )
    proposal_review_depth = fields.Selection(
        PROPOSAL_REVIEW_DEPTHS,
        required=True,
        default="standard",
        tracking=True,
        help="How deeply the manager reviews the proposals of these clients: shown "
        "on the proposals (frozen when a proposal is submitted) for the reviewer.",
    )
    plan_revision = fields.Integer(
        readonly=True,
        copy=False,
        default=0,
        help="Technical: raised when the cadence or the channel mix changes, so "
        "that the next segment recompute adjusts the plans of the row's clients.",
        protected=True,
    )
    client_count = fields.Integer(string="Clients", compute="_compute_client_count")

    _sql_constraints = (
        (
            "cell_uniq",
            "unique(company_id, value_tier, risk_level)",
            "A company has one service matrix row per value tier and risk level.",
        ),
    )

    @api.depends("value_tier", "risk_level")
    def _compute_display_name(self):
        levels = dict(self._fields["risk_level"]._description_selection(self.env))
        for row in self:
            row.display_name = self.env._(
                "Tier %(tier)s · %(level)s",
                tier=row.value_tier or "-",
                level=levels.get(row.risk_level) or "-",
            )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_client_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("service_matrix_id", "in", self.ids)],
                ["service_matrix_id"],
                ["__count"],
            )
        )
        for row in self:
            row.client_count = counts.get(row, 0)

    @api.constrains(
        "contact_interval_number",
        "contact_interval_type",
        "channel_ids",
        "no_contact_grace_days",
    )
    def _check_cadence(self):
        units = dict(
            self._fields["contact_interval_type"]._description_selection(self.env)
        )
        for row in self:
            maximum = MAX_INTERVAL.get(row.contact_interval_type, 1)
            # each channel of the mix repeats every cadence × channels
            turns = max(len(row.channel_ids), 1)
            if not 0 < row.contact_interval_number * turns <= maximum:
                raise ValidationError(
                    self.env._(
                        "Service matrix %(row)s: the cadence times the number of "
                        "channels must be between 1 and %(max)s %(unit)s (ten "
                        "years).",
                        row=row.display_name,
                        max=maximum,
                        unit=units.get(row.contact_interval_type, ""),
                    )
                )
            if not 0 <= row.no_contact_grace_days <= MAX_GRACE_DAYS:
                raise ValidationError(
                    self.env._(
                        "Service matrix %(row)s: the grace of the no-contact warning "
                        "is between 0 and %(max)s days.",
                        row=row.display_name,
                        max=MAX_GRACE_DAYS,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if PLAN_FIELDS & vals.keys():
            for row in self:
                # _as_system: the revision is the system's bookkeeping of the
                # change the user just made
                row._as_system().write({"plan_revision": row.plan_revision + 1})
        return result

    def action_view_clients(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_client_mgmt.res_partner_action_advisory_client"
        )
        action.update(
            domain=[("service_matrix_id", "=", self.id)],
            context={"create": False},
        )
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_cells(self, company):
        """``{(value tier, risk level or 'unrated'): row}`` of ``company``."""
        return {
            (row.value_tier, row.risk_level): row
            for row in self.search([("company_id", "=", company.id)])
        }

    @api.model
    def _shared_company(self):
        """The company whose matrix serves the clients shared by every company
        (without a company): the first one that has a matrix."""
        # sudo: the choice does not depend on the companies the user works in
        return self.sudo().search([], order="company_id, id", limit=1).company_id

    def _cadence(self):
        """The cadence of the row as a ``relativedelta``."""
        self.ensure_one()
        return relativedelta(
            **{self.contact_interval_type: self.contact_interval_number}
        )

    def _plan_steps(self, today):
        """``[(channel, interval number, interval unit, first date, latest date)]``:
        one communication plan per channel of the mix (in the channels' order),
        each repeating every cadence × channels, the channels one cadence apart
        from ``today`` on; a plan of the row's channel whose next date lies beyond
        the latest date is brought back to its first date."""
        self.ensure_one()
        channels = self.channel_ids.sorted(
            lambda channel: (channel.sequence, channel.id)
        )
        unit = self.contact_interval_type
        number = self.contact_interval_number * len(channels)
        latest = today + relativedelta(**{unit: number})
        return [
            (
                channel,
                number,
                unit,
                today
                + relativedelta(**{unit: self.contact_interval_number * (index + 1)}),
                latest,
            )
            for index, channel in enumerate(channels)
        ]

    def _cadence_label(self):
        """'every 2 weeks', for messages."""
        self.ensure_one()
        units = {
            "days": (self.env._("day"), self.env._("days")),
            "weeks": (self.env._("week"), self.env._("weeks")),
            "months": (self.env._("month"), self.env._("months")),
        }
        singular, plural = units[self.contact_interval_type]
        if self.contact_interval_number == 1:
            return self.env._("every %(unit)s", unit=singular)
        return self.env._(
            "every %(number)s %(unit)s",
            number=self.contact_interval_number,
            unit=plural,
        )
