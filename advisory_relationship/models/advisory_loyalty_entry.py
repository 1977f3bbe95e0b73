from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, split_every

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    ADVISOR_GROUP,
)

DISCOUNT_STATES = [
    ("pending", "Pending Application"),
    ("applied", "Applied"),
]
ENTRY_KINDS = [
    ("earn", "Earned"),
    ("redeem", "Redeemed"),
    ("expire", "Expired"),
]
LOYALTY_CRON_BATCH = 1000


class AdvisoryLoyaltyEntry(models.Model):
    """One line of a client's points ledger: points earned by a rule for a
    source document (a signed contract, an attended event...), spent on a reward,
    or expired. The ledger is the system's record: nobody edits it. A client
    earns once per source document and rule (unique); the points earned first
    are spent first, and what is left of them expires after the company's
    expiry period (a daily job)."""

    _name = "advisory.loyalty.entry"
    _description = "Loyalty Points Entry"
    _inherit = "advisory.protected.mixin"
    _order = "date desc, id desc"
    _advisory_client_field = "partner_id"

    name = fields.Char(string="Reason", required=True, readonly=True, protected=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        protected=True,
    )
    company_id = fields.Many2one(
        "res.company", related="partner_id.company_id", store=True, index=True
    )
    date = fields.Date(
        required=True,
        readonly=True,
        protected=True,
        default=fields.Date.context_today,
    )
    kind = fields.Selection(
        ENTRY_KINDS, required=True, readonly=True, protected=True, index=True
    )
    points = fields.Integer(required=True, readonly=True, protected=True)
    points_remaining = fields.Integer(
        string="Points Left",
        readonly=True,
        protected=True,
        help="Of the points earned, those not spent nor expired yet.",
    )
    expiry_date = fields.Date(readonly=True, protected=True, index=True)
    rule_id = fields.Many2one(
        "advisory.loyalty.rule", readonly=True, ondelete="restrict", protected=True
    )
    reward_id = fields.Many2one(
        "advisory.loyalty.reward", readonly=True, ondelete="restrict", protected=True
    )
    expired_entry_id = fields.Many2one(
        "advisory.loyalty.entry",
        string="Expired Points Of",
        readonly=True,
        ondelete="cascade",
        protected=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        readonly=True,
        protected=True,
        default=lambda self: self.env.user,
    )
    res_model = fields.Char(
        string="Source Model", readonly=True, protected=True, index=True
    )
    res_id = fields.Integer(
        string="Source ID", readonly=True, protected=True, index=True
    )
    discount_percent = fields.Float(
        string="Fee Discount (%)",
        readonly=True,
        protected=True,
        help="A fee discount redeemed: the discount granted on the client's next "
        "proposal (the reward's when redeemed).",
    )
    discount_state = fields.Selection(
        DISCOUNT_STATES,
        string="Discount",
        readonly=True,
        protected=True,
        index="btree_not_null",
        copy=False,
        help="A fee discount redeemed waits for the client's next proposal: it is "
        "applied once, when that proposal is submitted for review.",
    )
    applied_proposal_id = fields.Many2one(
        "advisory.proposal",
        string="Applied To",
        readonly=True,
        protected=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        groups=ADVISOR_GROUP,
    )
    source_ref = fields.Reference(
        selection="_selection_source_ref",
        string="Source Document",
        compute="_compute_source_ref",
    )

    _sql_constraints = (
        (
            "source_rule_uniq",
            "unique(partner_id, rule_id, res_model, res_id)",
            "A client earns points once per source document and rule.",
        ),
        (
            "expired_entry_uniq",
            "unique(expired_entry_id)",
            "Points expire once.",
        ),
        (
            "points_sign",
            "CHECK((kind = 'earn' AND points > 0) OR (kind != 'earn' AND points < 0))",
            "Earned points are positive, redeemed and expired points negative.",
        ),
    )

    @api.model
    def _selection_source_ref(self):
        # sudo: the names of the models a source may be of (ir.model is the
        # administrators'), as Odoo's own reference fields list them
        return [
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([])
        ]

    @api.depends("res_model", "res_id")
    def _compute_source_ref(self):
        for entry in self:
            entry.source_ref = (
                f"{entry.res_model},{entry.res_id}"
                if entry.res_model in self.env and entry.res_id
                else False
            )

    # ------------------------------------------------------------------
    # Earning (the API other addons call)
    # ------------------------------------------------------------------

    @api.model
    def _advisory_loyalty_earn(self, partner, rule_code, source, amount=None):
        """``partner`` (its commercial partner, an advisory client) earns the
        points of the rule ``rule_code`` for ``source`` (a record), once: a second
        call for the same client, rule and source does nothing. ``amount`` (in
        the company currency) counts for the rules with points per amount.

        :return: the new entries (empty when nothing was earned)"""
        return self._advisory_loyalty_earn_many(rule_code, [(partner, source, amount)])

    @api.model
    def _advisory_loyalty_earn_many(self, rule_code, items):
        """The batch form of :meth:`_advisory_loyalty_earn`: ``items`` is a list
        of ``(partner, source, amount)``; one query per batch to find what was
        already earned."""
        rule = self.env["advisory.loyalty.rule"].sudo()._rule_by_code(rule_code)
        if not rule or not items:
            return self.browse()
        # sudo: the ledger is written by the system; whoever triggered the rule
        # (a registration desk user, a portal signature) may not read it
        Entry = self._as_system()
        wanted = {}
        for partner, source, amount in items:
            client = partner.sudo().commercial_partner_id
            if not client.is_advisory_client:
                continue
            points = rule._points_for(amount)
            if points <= 0:
                continue
            wanted.setdefault((client.id, source._name, source.id), (client, points))
        if not wanted:
            return self.browse()
        earned = {
            (row["partner_id"], row["res_model"], row["res_id"])
            for row in Entry.search_read(
                [
                    ("rule_id", "=", rule.id),
                    ("partner_id", "in", list({key[0] for key in wanted})),
                    ("res_model", "in", list({key[1] for key in wanted})),
                    ("res_id", "in", list({key[2] for key in wanted})),
                ],
                ["partner_id", "res_model", "res_id"],
                load=False,
            )
        }
        today = fields.Date.context_today(self)
        vals_list = []
        for key, (client, points) in wanted.items():
            if key in earned:
                continue
            months = (
                client.company_id or self.env.company
            ).advisory_loyalty_expiry_months
            vals_list.append(
                {
                    "name": rule.name,
                    "partner_id": client.id,
                    "date": today,
                    "kind": "earn",
                    "points": points,
                    "points_remaining": points,
                    "expiry_date": today + relativedelta(months=months)
                    if months
                    else False,
                    "rule_id": rule.id,
                    "res_model": key[1],
                    "res_id": key[2],
                }
            )
        return Entry.create(vals_list).with_env(self.env)

    # ------------------------------------------------------------------
    # Redeeming
    # ------------------------------------------------------------------

    @api.model
    def _check_can_redeem(self, partner, reward):
        """Advisors redeem rewards for the clients they serve, managers for any
        client of their companies; a client spends the points she has."""
        if not self.env.user.has_group(ADVISOR_GROUP):
            raise AccessError(
                self.env._("Only advisors and advisory managers redeem rewards.")
            )
        if not partner.is_advisory_client or partner.commercial_partner_id != partner:
            raise UserError(
                self.env._(
                    "%(partner)s is not an advisory client: it has no loyalty points.",
                    partner=partner.display_name,
                )
            )
        self._check_client_served({partner.id})
        if partner.company_id and partner.company_id not in self.env.companies:
            raise AccessError(
                self.env._(
                    "%(client)s belongs to another company.",
                    client=partner.display_name,
                )
            )
        if not reward.active or (
            reward.company_id
            and partner.company_id
            and reward.company_id != partner.company_id
        ):
            raise UserError(
                self.env._(
                    "The reward %(reward)s is not offered to %(client)s.",
                    reward=reward.display_name,
                    client=partner.display_name,
                )
            )

    @api.model
    def _do_redeem(self, partner, reward, note=None):
        """Spend the reward's points (the oldest first): a negative entry; refused
        beyond the balance. The partner's row is locked so that two redemptions
        at once cannot both spend the same points."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE", partner.id
            )
        )
        self._advisory_expire(
            self._expiry_due_domain([("partner_id", "=", partner.id)])
        )
        # sudo: the balance counts every entry of the client (record rules of the
        # user aside); the caller ran _check_can_redeem
        Entry = self._as_system()
        available = Entry.search(
            [
                ("partner_id", "=", partner.id),
                ("kind", "=", "earn"),
                ("points_remaining", ">", 0),
            ],
            order="date, id",
        )
        balance = sum(available.mapped("points_remaining"))
        if reward.points_cost > balance:
            raise UserError(
                self.env._(
                    "%(client)s has %(balance)s points: the reward %(reward)s needs "
                    "%(cost)s.",
                    client=partner.display_name,
                    balance=balance,
                    reward=reward.display_name,
                    cost=reward.points_cost,
                )
            )
        to_spend = reward.points_cost
        for earned in available:
            if not to_spend:
                break
            spent = min(to_spend, earned.points_remaining)
            earned.points_remaining -= spent
            to_spend -= spent
        name = reward.name
        if note:
            name = self.env._("%(reward)s: %(note)s", reward=reward.name, note=note)
        vals = {
            "name": name,
            "partner_id": partner.id,
            "kind": "redeem",
            "points": -reward.points_cost,
            "reward_id": reward.id,
            "user_id": self.env.uid,
        }
        if reward.kind == "fee_discount" and reward.discount_percent > 0:
            # applied to the client's next proposal when it is submitted
            vals.update(
                discount_percent=reward.discount_percent, discount_state="pending"
            )
        return Entry.create(vals).with_env(self.env)

    # ------------------------------------------------------------------
    # Expiry (daily job)
    # ------------------------------------------------------------------

    @api.model
    def _expiry_due_domain(self, domain=None):
        return [
            ("kind", "=", "earn"),
            ("points_remaining", ">", 0),
            ("expiry_date", "<=", fields.Date.context_today(self)),
        ] + (domain or [])

    @api.model
    def _advisory_expire(self, domain):
        """Expire what is left of the earned entries of ``domain``: one negative
        entry each; their points left drop to 0 (so a second run finds none)."""
        Entry = self._as_system()
        due = Entry.search(domain)
        if not due:
            return due
        today = fields.Date.context_today(self)
        Entry.create(
            [
                {
                    "name": self.env._("Expired: %(reason)s", reason=entry.name),
                    "partner_id": entry.partner_id.id,
                    "date": today,
                    "kind": "expire",
                    "points": -entry.points_remaining,
                    "expired_entry_id": entry.id,
                }
                for entry in due
            ]
        )
        due.write({"points_remaining": 0})
        return due

    @api.model
    def _get_loyalty_cron_partner_domain(self):
        """The clients whose level the daily job recomputes (the rolling window
        moves every day)."""
        return [
            "|",
            ("loyalty_entry_ids", "!=", False),
            ("loyalty_level_id", "!=", False),
        ]

    @api.model
    def _cron_loyalty(self):
        """Expire the points past their expiry date, then move the clients'
        levels with the rolling window; in batches, safe to run again."""
        due = self._as_system().search(self._expiry_due_domain(), order="id")
        self._run_batches(
            [self.browse(ids) for ids in split_every(LOYALTY_CRON_BATCH, due.ids)],
            lambda batch: self._advisory_expire([("id", "in", batch.ids)]),
        )
        # sudo: the job recomputes every client's level
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        partners = Partner.search(self._get_loyalty_cron_partner_domain(), order="id")
        self._run_batches(
            [
                Partner.browse(ids)
                for ids in split_every(LOYALTY_CRON_BATCH, partners.ids)
            ],
            lambda batch: batch._advisory_loyalty_recompute(),
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _advisory_window_points(self, partners):
        """``{partner id: points earned over its company's rolling window}``,
        one query per distinct window length."""
        today = fields.Date.context_today(self)
        by_months = defaultdict(list)
        for partner in partners:
            months = (
                partner.company_id or self.env.company
            ).advisory_loyalty_window_months
            by_months[months].append(partner.id)
        points = {}
        for months, partner_ids in by_months.items():
            domain = [("partner_id", "in", partner_ids), ("kind", "=", "earn")]
            if months:
                domain.append(("date", ">", today - relativedelta(months=months)))
            points.update(self._read_group(domain, ["partner_id"], ["points:sum"]))
        return {partner.id: total for partner, total in points.items()}
