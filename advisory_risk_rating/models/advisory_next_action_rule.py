from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .common import VALUE_TIERS

NEXT_ACTION_KINDS = [
    ("tier_no_meeting", "No Recent Meeting"),
    ("document_expiring", "Document Expiring"),
    ("project_kpi_off_track", "Project KPI Off Track"),
    ("dormant_opportunity", "Dormant Client with Open Opportunity"),
]
# the longest period a rule looks ahead or back, and waits before repeating
MAX_RULE_DAYS = 3660


class AdvisoryNextActionRule(models.Model):
    """A next-best action: a condition on client facts and the activity it
    suggests to the client's relationship manager.

    Each kind is evaluated by ``_nba_candidates_<kind>(partners)`` for a whole
    batch of clients (a few grouped queries, none per client); it returns
    ``{(partner id, source record or False): reason}`` of the clients for which
    the condition holds, the source being the record the suggestion is about (the
    contract ending, the document expiring...). A module adds a kind with
    ``selection_add`` on ``kind`` and one such method.

    A suggestion is made once per rule, client and source while it is open; once
    done, ignored or followed by an outcome, it is made again only if the condition
    still holds ``repeat_days`` days after it was closed (never with 0).
    """

    _name = "advisory.next.action.rule"
    _description = "Next-Best Action Rule"
    _inherit = "advisory.client.rule.mixin"
    _order = "sequence, id"
    _check_company_auto = True
    _client_rule_batch = 2000

    kind = fields.Selection(
        NEXT_ACTION_KINDS, string="Condition", required=True, tracking=True
    )
    description = fields.Text(
        translate=True, help="Why the firm suggests this action (for the advisors)."
    )
    value_tier = fields.Selection(
        VALUE_TIERS,
        tracking=True,
        help="Only the clients of this value tier; empty: every client.",
    )
    days = fields.Integer(
        tracking=True,
        help="No recent meeting: days without a meeting; document expiring: days "
        "before the expiry date; contract ending: days before the end date; "
        "detractor: days since the answer.",
    )
    threshold = fields.Float(
        tracking=True,
        help="Project KPI off track: share of the target achieved below which a KPI "
        "is off track (0.8 = 80 %); contract ending: the client's last satisfaction "
        "at least this share (0.8 = 80 %).",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Suggested Activity",
        required=True,
        tracking=True,
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'res.partner')]",
    )
    summary = fields.Char(
        translate=True, help="Summary of the suggested activity (default: the name)."
    )
    deadline_days = fields.Integer(
        string="Deadline (days)",
        default=7,
        tracking=True,
        help="The suggested activity is due this many days after the suggestion.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Fallback Responsible",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The activity goes to the client's relationship manager; without one, "
        "to the first member of the client team, else to this user.",
    )
    repeat_days = fields.Integer(
        string="Suggest Again After (days)",
        default=30,
        tracking=True,
        help="Once a suggestion is done or ignored, the same action is suggested "
        "again for the same client and source only if the condition still holds "
        "this many days later; 0: never again.",
    )
    next_action_ids = fields.One2many("advisory.next.action", "rule_id")
    open_count = fields.Integer(string="Open", compute="_compute_counts")
    done_count = fields.Integer(string="Done", compute="_compute_counts")
    ignored_count = fields.Integer(string="Ignored", compute="_compute_counts")
    outcome_count = fields.Integer(string="Outcomes", compute="_compute_counts")

    @api.depends("next_action_ids.state")
    def _compute_counts(self):
        counts = {
            (rule, state): count
            for rule, state, count in self.env["advisory.next.action"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id", "state"], ["__count"]
            )
        }
        for rule in self:
            rule.open_count = counts.get((rule, "open"), 0)
            rule.done_count = counts.get((rule, "done"), 0)
            rule.ignored_count = counts.get((rule, "ignored"), 0)
            rule.outcome_count = counts.get((rule, "outcome"), 0)

    @api.constrains("user_id")
    def _check_user_internal(self):
        for rule in self:
            if rule.user_id.share:
                raise ValidationError(
                    self.env._(
                        "The fallback responsible of rule %(rule)s must be an "
                        "internal user: %(user)s is a portal user.",
                        rule=rule.name,
                        user=rule.user_id.name,
                    )
                )

    @api.constrains("kind", "days", "deadline_days", "repeat_days", "threshold")
    def _check_parameters(self):
        for rule in self:
            for value in (rule.days, rule.deadline_days, rule.repeat_days):
                if not 0 <= value <= MAX_RULE_DAYS:
                    raise ValidationError(
                        self.env._(
                            "The days, the deadline and the repeat period of rule "
                            "%(rule)s are between 0 and %(max)s days.",
                            rule=rule.name,
                            max=MAX_RULE_DAYS,
                        )
                    )
            if rule.kind in rule._nba_kinds_needing_days() and rule.days <= 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s needs a number of days above 0.", rule=rule.name
                    )
                )
            if rule.kind in rule._nba_kinds_needing_share() and not (
                0 < rule.threshold <= 1
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s compares with a share: its threshold is "
                        "between 0 and 1 (0.8 = 80 %%).",
                        rule=rule.name,
                    )
                )

    def action_view_next_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_risk_rating.advisory_next_action_action"
        )
        action.update(domain=[("rule_id", "=", self.id)], context={})
        return action

    # ------------------------------------------------------------------
    # Kinds
    # ------------------------------------------------------------------

    @api.model
    def _nba_kinds_needing_days(self):
        return ["tier_no_meeting", "document_expiring"]

    @api.model
    def _nba_kinds_needing_share(self):
        return ["project_kpi_off_track"]

    @api.model
    def _nba_contract_outcome_kinds(self):
        """Kinds whose suggestion leads to an outcome when a contract of the
        client is signed after it (a renewal, a revived client)."""
        return ["dormant_opportunity"]

    # ------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------

    @api.model
    def _get_rule_partner_domain(self):
        return super()._get_rule_partner_domain() + [
            ("lifecycle_state", "!=", "churned")
        ]

    @api.model
    def _evaluate_partners(self, partners):
        """Evaluate the active rules for the advisory clients of ``partners``:
        suggest the actions whose condition holds (once per rule, client and
        source while open). Returns the suggestions made."""
        # sudo: the suggestions watch every client, whoever triggers them
        rules = self.sudo().search([])
        partners = partners.sudo()
        # one query for the fields every rule reads
        partners.fetch(
            [
                "is_advisory_client",
                "company_id",
                "value_tier",
                "relationship_manager_id",
                "client_team_ids",
            ]
        )
        partners = partners.filtered("is_advisory_client")
        created = self.env["advisory.next.action"]
        if not rules or not partners:
            return created
        for rule in rules:
            scope = rule._rule_scope(partners)
            if scope:
                hits = getattr(rule, f"_nba_candidates_{rule.kind}")(scope)
                created |= rule._nba_suggest(scope, hits)
        return created

    def _rule_scope(self, partners):
        scope = super()._rule_scope(partners)
        if not self.value_tier:
            return scope
        return scope.filtered(lambda partner: partner.value_tier == self.value_tier)

    def _nba_suggest(self, partners, hits):
        """Make a suggestion for each ``(partner id, source)`` of ``hits`` that has
        none open for this rule, and none closed within the repeat period."""
        self.ensure_one()
        if not hits:
            return self.env["advisory.next.action"]
        Action = self.env["advisory.next.action"].sudo()
        domain = [("rule_id", "=", self.id), ("partner_id", "in", partners.ids)]
        if self.repeat_days:
            domain += [
                "|",
                ("state", "=", "open"),
                (
                    "date_closed",
                    ">",
                    fields.Datetime.now() - timedelta(days=self.repeat_days),
                ),
            ]
        known = {
            (action.partner_id.id, action.source_model or False, action.source_id or 0)
            for action in Action.search_fetch(
                domain, ["partner_id", "source_model", "source_id"]
            )
        }
        deadline = fields.Date.context_today(self) + timedelta(days=self.deadline_days)
        # the batch's records (browse(id) would read a missing field client by client)
        by_id = {partner.id: partner for partner in partners}
        vals_list = []
        for (partner_id, source), reason in hits.items():
            if (
                partner_id,
                source._name if source else False,
                source.id if source else 0,
            ) in known:
                continue
            partner = by_id[partner_id]
            vals_list.append(
                {
                    "rule_id": self.id,
                    "partner_id": partner_id,
                    "company_id": (
                        self.company_id or partner.company_id or self.env.company
                    ).id,
                    "reason": reason,
                    "source_model": source._name if source else False,
                    "source_id": source.id if source else 0,
                    "source_name": source.display_name if source else False,
                    "user_id": self._nba_responsible(partner).id,
                    "activity_type_id": self.activity_type_id.id,
                    "date_deadline": deadline,
                }
            )
        if not vals_list:
            return Action
        # no creation message per suggestion: the activity on the client says it
        actions = Action.with_context(tracking_disable=True).create(vals_list)
        actions._nba_schedule_activities()
        return actions

    def _nba_responsible(self, partner):
        """Who is asked to act: the client's relationship manager, else the first
        member of its client team, else the rule's fallback responsible."""
        self.ensure_one()
        return (
            partner.relationship_manager_id
            or partner.client_team_ids[:1]
            or self.user_id
        )

    # ------------------------------------------------------------------
    # Conditions (one per kind)
    # ------------------------------------------------------------------

    def _nba_meeting_types(self):
        """The activity types that count as a meeting: Odoo's meeting category,
        the advisory Meeting channel and the rule's own suggested activity."""
        self.ensure_one()
        return (
            self.env["mail.activity.type"]
            .sudo()
            .search(
                [
                    "|",
                    ("category", "=", "meeting"),
                    (
                        "id",
                        "in",
                        [
                            self.env.ref(
                                "advisory_client_mgmt.mail_activity_type_advisory_meeting"
                            ).id,
                            self.activity_type_id.id,
                        ],
                    ),
                ]
            )
        )

    def _nba_candidates_tier_no_meeting(self, partners):
        """No meeting with the client (a done meeting activity logged on it, or a
        calendar event it attends) in the last ``days`` days, and none planned."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(days=self.days)
        types = self._nba_meeting_types()
        # sudo: the condition counts every meeting of the client
        last_logged = dict(
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("mail_activity_type_id", "in", types.ids),
                ],
                ["res_id"],
                ["date:max"],
            )
        )
        planned = {
            res_id
            for res_id, _count in self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "in", types.ids),
                ],
                ["res_id"],
                ["__count"],
            )
        }
        last_event = {
            partner.id: start
            for partner, start in self.env["calendar.event"]
            .sudo()
            ._read_group(
                [
                    ("partner_ids", "in", partners.ids),
                    ("start", "<=", fields.Datetime.now()),
                ],
                ["partner_ids"],
                ["start:max"],
            )
        }
        upcoming = {
            partner.id
            for partner, _count in self.env["calendar.event"]
            .sudo()
            ._read_group(
                [
                    ("partner_ids", "in", partners.ids),
                    ("start", ">", fields.Datetime.now()),
                ],
                ["partner_ids"],
                ["__count"],
            )
        }
        result = {}
        for partner in partners:
            if partner.id in planned or partner.id in upcoming:
                continue
            dates = [
                last
                for last in (last_logged.get(partner.id), last_event.get(partner.id))
                if last
            ]
            last = max(dates) if dates else None
            if last and last >= since:
                continue
            result[(partner.id, False)] = (
                self.env._(
                    "No meeting since %(date)s (more than %(days)s days).",
                    date=format_date(self.env, last),
                    days=self.days,
                )
                if last
                else self.env._(
                    "No meeting recorded with the client (none in the last %(days)s "
                    "days).",
                    days=self.days,
                )
            )
        return result

    def _nba_candidates_document_expiring(self, partners):
        """A valid document of the client's file expires within ``days`` days (or
        expired) and no new version replaced it."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        # sudo: the condition reads every document of the client's file
        documents = (
            self.env["advisory.client.document"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "in", ("received", "verified")),
                    ("superseded_by_id", "=", False),
                    ("expiry_date", "!=", False),
                    ("expiry_date", "<=", today + timedelta(days=self.days)),
                ],
                ["partner_id", "type_id", "expiry_date"],
            )
        )
        documents.type_id.fetch(["name"])
        return {
            (document.partner_id.id, document): (
                self.env._(
                    "%(document)s expires on %(date)s: ask the client for the new one.",
                    document=document.type_id.name,
                    date=format_date(self.env, document.expiry_date),
                )
                if document.expiry_date >= today
                else self.env._(
                    "%(document)s expired on %(date)s: ask the client for the new one.",
                    document=document.type_id.name,
                    date=format_date(self.env, document.expiry_date),
                )
            )
            for document in documents
        }

    def _nba_candidates_project_kpi_off_track(self, partners):
        """An open project of the client has KPIs achieved below the threshold
        share of their target: one suggestion per project."""
        self.ensure_one()
        # sudo: the condition reads the KPIs of every project of the client
        kpis = (
            self.env["advisory.project.kpi"]
            .sudo()
            .search_fetch(
                [
                    ("project_id.partner_id", "in", partners.ids),
                    ("project_id.advisory_closed", "=", False),
                    ("target", "!=", 0),
                    ("achieved_percent", "<", self.threshold),
                ],
                ["project_id", "name", "achieved_percent"],
                order="project_id, sequence, id",
            )
        )
        kpis.project_id.fetch(["partner_id", "name"])
        result = {}
        for project, project_kpis in kpis.grouped("project_id").items():
            result[(project.partner_id.id, project)] = self.env._(
                "Project %(project)s is off track (below %(threshold)s %% of target): "
                "%(kpis)s.",
                project=project.name,
                threshold=round(self.threshold * 100),
                kpis=", ".join(
                    f"{kpi.name} ({round(kpi.achieved_percent * 100)} %)"
                    for kpi in project_kpis
                ),
            )
        return result

    def _nba_candidates_dormant_opportunity(self, partners):
        """A dormant client with an open opportunity: one suggestion for its
        latest one."""
        self.ensure_one()
        partners.fetch(["lifecycle_state"])
        dormant = partners.filtered(lambda p: p.lifecycle_state == "dormant")
        if not dormant:
            return {}
        # sudo: the condition reads every opportunity of the client
        leads = (
            self.env["crm.lead"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", dormant.ids),
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", False),
                ],
                ["partner_id", "name"],
                order="id desc",
            )
        )
        result = {}
        seen = set()
        for lead in leads:
            if lead.partner_id.id in seen:
                continue
            seen.add(lead.partner_id.id)
            result[(lead.partner_id.id, lead)] = self.env._(
                "Dormant client with the open opportunity %(lead)s: revive it.",
                lead=lead.name,
            )
        return result
