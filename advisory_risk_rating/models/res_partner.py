from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import split_every

from odoo.addons.advisory_client_mgmt.models.advisory_contract import SIGNED_STATES
from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    ADVISOR_GROUP,
)

from .common import (
    EXPOSURE_CONTRACT_STATES,
    FINANCING_BANDS,
    SERVICE_LEVELS,
    VALUE_TIERS,
)

MANAGEMENT_STABILITY = [
    ("1", "1 - Very unstable"),
    ("2", "2 - Unstable"),
    ("3", "3 - Average"),
    ("4", "4 - Stable"),
    ("5", "5 - Very stable"),
]
SEGMENT_BATCH = 5000
SERVICE_BATCH = 2000


class ResPartner(models.Model):
    _inherit = "res.partner"

    management_stability = fields.Selection(
        MANAGEMENT_STABILITY,
        tracking=True,
        groups=ADVISOR_GROUP,
        help="Stability of the client's management as judged by its advisors; each "
        "recorded management change of the last 12 months lowers it by one in the "
        "rating.",
    )
    management_event_ids = fields.One2many(
        "advisory.management.event",
        "partner_id",
        string="Management Changes",
        groups=ADVISOR_GROUP,
    )
    credit_record_ids = fields.One2many(
        "advisory.credit.record",
        "partner_id",
        string="Credit Records",
        groups=ADVISOR_GROUP,
    )
    risk_assessment_ids = fields.One2many(
        "advisory.risk.assessment",
        "partner_id",
        string="Risk Assessments",
        groups=ADVISOR_GROUP,
    )
    risk_assessment_id = fields.Many2one(
        "advisory.risk.assessment",
        string="Current Rating",
        compute="_compute_risk_assessment_id",
        store=True,
        index="btree_not_null",
        help="The client's last validated assessment.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    risk_score = fields.Float(
        related="risk_assessment_id.score",
        store=True,
        aggregator="avg",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    risk_grade = fields.Selection(
        related="risk_assessment_id.grade",
        store=True,
        index=True,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    risk_level = fields.Selection(
        related="risk_assessment_id.risk_level",
        store=True,
        index=True,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    risk_rated_on = fields.Date(
        related="risk_assessment_id.validated_on",
        store=True,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    risk_next_review = fields.Date(
        related="risk_assessment_id.valid_until",
        store=True,
        index=True,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    risk_inputs_changed = fields.Boolean(
        index=True,
        copy=False,
        groups=ADVISOR_GROUP,
        help="A statement, credit record or management change was recorded since "
        "the last assessment: the next re-rating includes the client.",
        protected=True,
    )
    risk_assessment_count = fields.Integer(
        compute="_compute_advisory_counts", groups=ADVISOR_GROUP
    )
    risk_policy_id = fields.Many2one(
        "advisory.risk.policy",
        compute="_compute_risk_policy_id",
        string="Controls in Force",
        groups=ADVISOR_GROUP,
    )
    risk_review_interval_days = fields.Integer(
        string="Review Interval (days)",
        compute="_compute_risk_policy_id",
        groups=ADVISOR_GROUP,
    )
    risk_max_term_months = fields.Integer(
        string="Max Financing Term (months)",
        compute="_compute_risk_policy_id",
        groups=ADVISOR_GROUP,
    )
    risk_min_margin_ratio = fields.Float(
        string="Min Margin Ratio (%)",
        compute="_compute_risk_policy_id",
        groups=ADVISOR_GROUP,
    )
    risk_extra_approval = fields.Boolean(
        string="Extra Contract Approval",
        compute="_compute_risk_policy_id",
        groups=ADVISOR_GROUP,
    )
    value_tier = fields.Selection(
        VALUE_TIERS,
        index=True,
        copy=False,
        readonly=True,
        help="A: the clients making the top 80 % of the signed contract value of the "
        "last 12 months, B: the next 15 %, C: the rest (recomputed daily; shares "
        "in the settings).",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    financing_band = fields.Selection(
        FINANCING_BANDS,
        index=True,
        copy=False,
        readonly=True,
        help="Band of the financing exposure: open contracts and expected financing.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    service_level = fields.Selection(
        SERVICE_LEVELS,
        compute="_compute_service_level",
        store=True,
        help="Tier-A clients get a dedicated relationship manager; the others the "
        "service of the policy of their risk level.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    risk_segment = fields.Char(
        string="Segment",
        compute="_compute_service_level",
        store=True,
        index=True,
        help="Value tier × risk level.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    trailing_contract_value = fields.Monetary(
        compute="_compute_trailing_contract_value",
        currency_field="advisory_currency_id",
        string="Signed Value (12 months)",
        groups=ADVISOR_GROUP,
    )
    service_matrix_id = fields.Many2one(
        "advisory.service.matrix",
        string="Service",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The row of the service matrix (value tier × risk level) applied to "
        "the client at the last segment recompute: contact cadence and channels, "
        "dedicated relationship manager, ticket priority floor, survey frequency, "
        "proposal review depth.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    service_matrix_revision = fields.Integer(
        readonly=True,
        copy=False,
        help="Technical: the revision of the row's cadence and channels the "
        "client's communication plans follow.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    service_rm_required = fields.Boolean(
        related="service_matrix_id.dedicated_rm_required",
        string="Dedicated RM Required",
        # the row's field is tracked on the row, not on every client
        tracking=False,
        groups=ADVISOR_GROUP,
    )
    risk_alert_ids = fields.One2many(
        "advisory.risk.alert", "partner_id", string="Alerts", groups=ADVISOR_GROUP
    )
    risk_open_alert_count = fields.Integer(
        compute="_compute_advisory_counts",
        string="Open Alerts",
        groups=ADVISOR_GROUP,
    )

    next_action_ids = fields.One2many(
        "advisory.next.action",
        "partner_id",
        string="Next-Best Actions",
        groups=ADVISOR_GROUP,
    )
    next_action_open_count = fields.Integer(
        compute="_compute_advisory_counts",
        string="Suggestions",
        groups=ADVISOR_GROUP,
    )

    @api.depends("risk_assessment_ids.state")
    def _compute_risk_assessment_id(self):
        partners = self.filtered("id")
        current = dict(
            self.env["advisory.risk.assessment"]._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "=", "validated"),
                    ("project_id", "=", False),
                ],
                ["partner_id"],
                ["id:max"],
            )
        )
        for partner in self:
            partner.risk_assessment_id = current.get(partner, False)

    @api.model
    def _advisory_counts(self):
        return {
            **super()._advisory_counts(),
            "risk_assessment_count": ("advisory.risk.assessment", []),
            "risk_open_alert_count": (
                "advisory.risk.alert",
                [("state", "!=", "resolved")],
            ),
            "next_action_open_count": (
                "advisory.next.action",
                [("state", "=", "open")],
            ),
        }

    @api.depends("risk_level", "company_id")
    @api.depends_context("company")
    def _compute_risk_policy_id(self):
        cache = {}
        for partner in self:
            company = partner.company_id or self.env.company
            if company not in cache:
                cache[company] = self.env["advisory.risk.policy"]._get_policies(company)
            policy = cache[company].get(partner.risk_level)
            partner.risk_policy_id = policy
            partner.risk_review_interval_days = (
                policy.review_interval_days if policy else 0
            )
            partner.risk_max_term_months = policy.max_term_months if policy else 0
            partner.risk_min_margin_ratio = policy.min_margin_ratio if policy else 0.0
            partner.risk_extra_approval = bool(policy and policy.extra_approval)

    @api.depends("value_tier", "risk_level")
    def _compute_service_level(self):
        tiers = dict(self._fields["value_tier"]._description_selection(self.env))
        levels = dict(self._fields["risk_level"]._description_selection(self.env))
        cache = {}
        for partner in self:
            if not (partner.value_tier or partner.risk_level):
                partner.service_level = False
                partner.risk_segment = False
                continue
            company = partner.company_id or self.env.company
            if company not in cache:
                cache[company] = self.env["advisory.risk.policy"]._get_policies(company)
            policy = cache[company].get(partner.risk_level)
            partner.service_level = (
                "dedicated"
                if partner.value_tier == "A"
                else (policy.service_level if policy else "standard")
            )
            partner.risk_segment = " · ".join(
                (
                    tiers.get(partner.value_tier) or "-",
                    levels.get(partner.risk_level) or "-",
                )
            )

    @api.depends_context("company")
    def _compute_trailing_contract_value(self):
        values = self._trailing_contract_values(self.env.company, self.ids)
        for partner in self:
            partner.trailing_contract_value = values.get(partner.id, 0.0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_next_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_risk_rating.advisory_next_action_action"
        )
        action.update(
            domain=[("partner_id", "=", self.id)],
            context={"search_default_open": 1},
        )
        return action

    def action_rate_risk(self):
        """Create and compute a draft risk assessment of the client; open it."""
        self.ensure_one()
        assessment = self.env["advisory.risk.assessment"].create(
            {
                "partner_id": self.id,
                "company_id": (self.company_id or self.env.company).id,
                "model_id": self.env["advisory.risk.model"]
                ._get_active_model(self.company_id or self.env.company)
                .id,
            }
        )
        assessment.action_compute()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_risk_rating.advisory_risk_assessment_action"
        )
        action.update(res_id=assessment.id, views=[(False, "form")], view_mode="form")
        return action

    def action_view_risk_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_risk_rating.advisory_risk_assessment_action"
        )
        action.update(
            domain=[("partner_id", "=", self.id)],
            context={"default_partner_id": self.id},
        )
        return action

    def action_view_risk_alerts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_risk_rating.advisory_risk_alert_action"
        )
        action.update(domain=[("partner_id", "=", self.id)], context={})
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _risk_inputs_changed(self):
        """Flag the clients of ``self`` for the next re-rating."""
        # sudo: whoever records a statement or credit event flags the client.
        # Written even when already flagged: a re-rating running at the same
        # moment (with the inputs as they were) then meets this change of the row
        # and leaves the client flagged instead of clearing the flag.
        self.sudo().with_context(tracking_disable=True).write(
            {"risk_inputs_changed": True}
        )

    @api.model
    def _risk_exposure(self, partners):
        """``{partner id: exposure}``: open contracts plus expected financing of the
        open opportunities, in the company currency (two grouped reads)."""
        # sudo: the exposure counts every contract of the client
        contracts = (
            self.env["advisory.contract"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "in", EXPOSURE_CONTRACT_STATES),
                ],
                ["partner_id"],
                ["amount_company_currency:sum"],
            )
        )
        leads = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("expected_financing_amount", ">", 0),
                    ("stage_id.is_won", "=", False),
                ],
                ["partner_id"],
                ["expected_financing_amount:sum"],
            )
        )
        exposure = defaultdict(float)
        for partner, amount in contracts + leads:
            exposure[partner.id] += amount
        return exposure

    @api.model
    def _trailing_contract_values(self, company, partner_ids=None):
        """``{partner id: signed contract value of the last 12 months}`` (company
        currency) of ``company``, in one grouped read."""
        since = fields.Date.context_today(self) - relativedelta(months=12)
        domain = [
            ("company_id", "=", company.id),
            ("state", "in", SIGNED_STATES),
            ("signed_date", ">", since),
        ]
        if partner_ids is not None:
            domain.append(("partner_id", "in", partner_ids))
        # sudo: the value tier counts every signed contract of the company
        return {
            partner.id: amount
            for partner, amount in self.env["advisory.contract"]
            .sudo()
            ._read_group(domain, ["partner_id"], ["amount_company_currency:sum"])
        }

    @api.model
    def _value_tiers(self, values, tier_a_share, tier_b_share):
        """``{partner id: tier}`` of the partners of ``values`` (partner id →
        value): by value descending, A while the value before the client is below
        ``tier_a_share`` % of the total, B below A + B shares, else C (also every
        client without value)."""
        total = sum(value for value in values.values() if value > 0)
        tiers = {}
        cumulated = 0.0
        for partner_id, value in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])):
            if value <= 0 or not total:
                tiers[partner_id] = "C"
                continue
            share_before = cumulated * 100.0 / total
            if share_before < tier_a_share:
                tiers[partner_id] = "A"
            elif share_before < tier_a_share + tier_b_share:
                tiers[partner_id] = "B"
            else:
                tiers[partner_id] = "C"
            cumulated += value
        return tiers

    @api.model
    def _financing_band(self, exposure, company):
        if exposure <= 0:
            return "none"
        if exposure <= company.advisory_financing_small:
            return "small"
        if exposure < company.advisory_financing_large:
            return "medium"
        return "large"

    @api.model
    def _cron_recompute_segments(self):
        """Value tier and financing band of every advisory client, per company,
        with a few grouped reads and one write per (tier, band)."""
        done = 0
        companies = self.env["res.company"].search([])
        for company in companies:
            done += self.with_company(company)._recompute_segments(company)
        return done

    @api.model
    def _recompute_segments(self, company):
        partners = (
            self.with_context(active_test=False, tracking_disable=True)
            .sudo()
            .search(
                [
                    ("is_advisory_client", "=", True),
                    ("company_id", "in", [company.id, False]),
                ],
                order="id",
            )
        )
        values = dict.fromkeys(partners.ids, 0.0)
        values.update(
            {
                partner_id: value
                for partner_id, value in self._trailing_contract_values(company).items()
                if partner_id in values
            }
        )
        tiers = self._value_tiers(
            values, company.advisory_tier_a_share, company.advisory_tier_b_share
        )
        targets = {}
        for batch_ids in split_every(SEGMENT_BATCH, partners.ids):
            batch = partners.browse(batch_ids)
            exposure = self._risk_exposure(batch)
            batch.fetch(["value_tier", "financing_band"])
            for partner in batch:
                key = (
                    tiers[partner.id],
                    self._financing_band(exposure.get(partner.id, 0.0), company),
                )
                if (partner.value_tier, partner.financing_band) != key:
                    targets[partner.id] = key
        # the clients of a (tier, band) follow each other: one write per pair and
        # batch; a client written keeps its segment, a new run skips it
        changed = sorted(targets, key=lambda partner_id: targets[partner_id])
        partners._run_batches(
            [partners.browse(ids) for ids in split_every(SEGMENT_BATCH, changed)],
            lambda batch: batch._write_segments(targets),
        )
        self._apply_service_matrix(company, partners)
        return len(partners)

    def _write_segments(self, targets):
        """Write on the clients of ``self`` their ``(value tier, financing band)``
        of ``targets``, one write per pair."""
        for (tier, band), partners in self.grouped(
            lambda partner: targets[partner.id]
        ).items():
            partners.write({"value_tier": tier, "financing_band": band})

    # ------------------------------------------------------------------
    # Service matrix
    # ------------------------------------------------------------------

    @api.model
    def _apply_service_matrix(self, company, partners):
        """Apply the service matrix of ``company`` to the active advisory clients of
        ``partners`` (those of the company; the clients without a company are
        served by the matrix of :meth:`advisory.service.matrix._shared_company`),
        in batches. Safe to run again: a client whose row did not change keeps its
        plans, and the warnings open once."""
        Matrix = self.env["advisory.service.matrix"].sudo()
        cells = Matrix._get_cells(company)
        if not cells:
            return 0
        shared = Matrix._shared_company() == company
        # sudo: the service follows the segments, whoever runs the recompute
        partners = partners.sudo().filtered(
            lambda partner: partner.active
            and (partner.company_id == company or (shared and not partner.company_id))
        )
        # the clients done keep their row: a new run skips them
        partners._run_batches(
            [partners.browse(ids) for ids in split_every(SERVICE_BATCH, partners.ids)],
            lambda batch: batch._apply_service_matrix_batch(cells, company),
        )
        return len(partners)

    def _apply_service_matrix_batch(self, cells, company):
        """Apply to the clients of ``self`` (one batch, in superuser mode) their row
        of ``cells`` (``{(tier, level): row}``): the plans of the clients whose row
        or its cadence changed, the row recorded on them (one write per row), and
        the service warnings of the whole batch. Modules add what their part of
        the service follows (ticket priority floor) by extending it."""
        self.fetch(
            [
                "value_tier",
                "risk_level",
                "service_matrix_id",
                "service_matrix_revision",
            ]
        )
        rows = {
            partner: cells.get((partner.value_tier, partner.risk_level or "unrated"))
            for partner in self
        }
        changed = defaultdict(list)
        for partner, row in rows.items():
            applied = (row.id, row.plan_revision) if row else (False, 0)
            if applied != (
                partner.service_matrix_id.id,
                partner.service_matrix_revision,
            ):
                changed[applied].append(partner.id)
        if changed:
            moved = self.browse([pid for ids in changed.values() for pid in ids])
            moved._apply_service_plans(rows, company)
            for (row_id, revision), ids in changed.items():
                self.browse(ids).write(
                    {"service_matrix_id": row_id, "service_matrix_revision": revision}
                )
        Rule = self.env["advisory.risk.alert.rule"]
        Rule._evaluate_partners(self, kinds=Rule._service_matrix_kinds())
        return changed

    def _apply_service_plans(self, rows, company):
        """Create or adjust the communication plans of the clients of ``self`` to
        the channel mix and cadence of their row (``rows``: ``{partner: row}``).

        A client's plan of a channel of the mix, made by hand or by the matrix, is
        adjusted (interval; the next date brought forward when it lies beyond the
        new rotation; an archived plan of the matrix comes back), never doubled;
        the matrix's own plans of channels that left the mix are archived, the
        plans made by hand of other channels stay. One search, one create and one
        write per distinct change for the whole batch."""
        # sudo: the plans follow the client's service, whoever runs the recompute;
        # no tracking or creation message per plan (the batch stays a few queries)
        Plan = (
            self.env["advisory.communication.plan"]
            .sudo()
            .with_context(active_test=False, tracking_disable=True)
        )
        partners = self.filtered(lambda partner: rows.get(partner))
        if not partners:
            return
        plans = Plan.search(
            [("partner_id", "in", partners.ids)], order="active desc, id"
        )
        plans.fetch(
            [
                "partner_id",
                "activity_type_id",
                "interval_number",
                "interval_type",
                "next_date",
                "active",
                "service_matrix_managed",
            ]
        )
        by_partner = plans.grouped("partner_id")
        partners.fetch(["company_id", "relationship_manager_id"])
        today = fields.Date.context_today(self)
        steps_by_row = {}
        to_create = []
        to_write = defaultdict(lambda: Plan.browse())
        for partner in partners:
            row = rows[partner]
            if row not in steps_by_row:
                steps_by_row[row] = row._plan_steps(today)
            existing = by_partner.get(partner, Plan.browse())
            kept = Plan.browse()
            for channel, number, unit, first_date, latest_date in steps_by_row[row]:
                plan = next(
                    (plan for plan in existing if plan.activity_type_id == channel),
                    None,
                )
                if plan is None:
                    to_create.append(
                        {
                            "partner_id": partner.id,
                            "company_id": (partner.company_id or company).id,
                            "activity_type_id": channel.id,
                            "interval_number": number,
                            "interval_type": unit,
                            "next_date": first_date,
                            "user_id": partner.relationship_manager_id.id,
                            "service_matrix_managed": True,
                        }
                    )
                    continue
                kept |= plan
                vals = {}
                if (plan.interval_number, plan.interval_type) != (number, unit):
                    vals.update(interval_number=number, interval_type=unit)
                if not plan.active:
                    vals.update(active=True, next_date=first_date)
                elif plan.next_date > latest_date:
                    vals["next_date"] = first_date
                if not plan.service_matrix_managed:
                    vals["service_matrix_managed"] = True
                if vals:
                    to_write[tuple(sorted(vals.items()))] |= plan
            for plan in existing - kept:
                if plan.active and plan.service_matrix_managed:
                    to_write[(("active", False),)] |= plan
        if to_create:
            Plan.create(to_create)
        for vals, group in to_write.items():
            group.write(dict(vals))
