import calendar
from collections import defaultdict
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import format_date, split_every

OCCASION_KINDS = [
    ("birthday", "Birthday"),
    ("anniversary", "Founding Anniversary"),
    ("holiday", "Holiday"),
]
CARE_ACTIONS = [
    ("call", "Call (activity)"),
    ("gift", "Gift (activity)"),
    ("card", "Card (activity)"),
    ("mail", "Greeting Email"),
]
OCCASION_STATES = [
    ("planned", "Planned"),
    ("activity", "Activity Planned"),
    ("sent", "Greeting Sent"),
    ("no_consent", "No Marketing Consent"),
    ("opt_out", "Opted Out"),
    ("skipped", "Skipped"),
]
CARE_CRON_BATCH = 500


def _on_day(month, day, year):
    """The day ``month``/``day`` falls on in ``year`` (29 February: the 28th in
    the other years)."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return date(year, month, day)


class AdvisoryCareOccasion(models.Model):
    """One occasion on which a contact of a client is greeted (a birthday, the
    company's founding anniversary, a holiday), in one year: the daily job creates
    it N days ahead and records what was done. Unique per contact, occasion and
    year, so the job greets each contact once per occasion and year however often
    it runs."""

    _name = "advisory.care.occasion"
    _description = "Client Care Occasion"
    _inherit = "advisory.protected.mixin"
    _order = "date desc, id desc"
    _advisory_client_field = "partner_id"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        protected=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Greeted",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        protected=True,
        help="The contact greeted (the client itself for its anniversary and the "
        "holidays).",
    )
    relationship_manager_id = fields.Many2one(
        "res.users",
        related="partner_id.relationship_manager_id",
        string="Relationship Manager",
    )
    company_id = fields.Many2one(
        "res.company",
        related="partner_id.company_id",
        store=True,
        index=True,
    )
    kind = fields.Selection(
        OCCASION_KINDS, required=True, readonly=True, protected=True
    )
    holiday_id = fields.Many2one(
        "advisory.care.holiday",
        readonly=True,
        ondelete="restrict",
        protected=True,
    )
    occasion_key = fields.Char(
        required=True,
        readonly=True,
        protected=True,
        help="birthday, anniversary or holiday:<name>: with the year and the "
        "contact, the occasion greeted once.",
    )
    date = fields.Date(required=True, readonly=True, protected=True)
    year = fields.Integer(required=True, readonly=True, protected=True)
    action = fields.Selection(
        CARE_ACTIONS,
        readonly=True,
        protected=True,
        help="What the care rule of the client's value tier chose.",
    )
    state = fields.Selection(
        OCCASION_STATES,
        default="planned",
        required=True,
        index=True,
        readonly=True,
        copy=False,
        protected=True,
    )
    activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        ondelete="set null",
        protected=True,
    )

    _sql_constraints = (
        (
            "occasion_uniq",
            "unique(contact_id, occasion_key, year)",
            "A contact is greeted once per occasion and year.",
        ),
    )

    @api.depends("kind", "holiday_id.name", "contact_id.name")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for occasion in self:
            if occasion.kind == "holiday":
                occasion.name = occasion.holiday_id.name
            elif occasion.kind == "birthday":
                occasion.name = self.env._(
                    "Birthday of %(contact)s", contact=occasion.contact_id.name
                )
            else:
                occasion.name = labels.get(occasion.kind)

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------

    @api.model
    def _get_care_client_domain(self):
        """The clients the care calendar greets (churned clients are not)."""
        return [
            ("is_advisory_client", "=", True),
            ("lifecycle_state", "in", ("prospect", "active", "dormant")),
        ]

    @api.model
    def _care_days(self, rules):
        today = fields.Date.context_today(self)
        horizon = max(rules.mapped("days_ahead"), default=0)
        return [today + timedelta(days=n) for n in range(horizon + 1)]

    @api.model
    def _day_domain(self, field, days):
        """Partners whose ``field`` (a date) falls on the month and day of one of
        ``days`` (29 February counts on 28 February of the other years)."""
        pairs = {(day.month, day.day) for day in days}
        pairs |= {(2, 29) for day in days if (day.month, day.day) == (2, 28)}
        return expression.OR(
            [
                [
                    (f"{field}.month_number", "=", month),
                    (f"{field}.day_of_month", "=", day),
                ]
                for month, day in sorted(pairs)
            ]
        )

    @api.model
    def _care_candidates(self, rules):
        """The occasions of the next days (as far ahead as the rules look):
        ``[(client, contact, kind, holiday, date)]``."""
        days = self._care_days(rules)
        Partner = self.env["res.partner"]
        client_domain = self._get_care_client_domain()
        candidates = []

        def _next(month, day):
            for candidate in days:
                if _on_day(month, day, candidate.year) == candidate:
                    return candidate
            return None

        contacts = Partner.search(
            expression.AND(
                [
                    self._day_domain("birthday", days),
                    [
                        ("is_company", "=", False),
                        ("commercial_partner_id", "any", client_domain),
                    ],
                ]
            )
        )
        for contact in contacts:
            when = _next(contact.birthday.month, contact.birthday.day)
            if when:
                candidates.append(
                    (contact.commercial_partner_id, contact, "birthday", False, when)
                )
        clients = Partner.search(
            expression.AND([self._day_domain("founding_date", days), client_domain])
        )
        for client in clients:
            when = _next(client.founding_date.month, client.founding_date.day)
            # the founding day itself is no anniversary
            if when and when.year > client.founding_date.year:
                candidates.append((client, client, "anniversary", False, when))
        holidays = self.env["advisory.care.holiday"].search(
            [("date", ">=", days[0]), ("date", "<=", days[-1])]
        )
        if holidays:
            clients = Partner.search(client_domain)
            for holiday in holidays:
                candidates += [
                    (client, client, "holiday", holiday, holiday.date)
                    for client in clients
                ]
        return candidates

    @api.model
    def _occasion_key(self, kind, holiday):
        # a holiday is greeted once a year whatever its record (the date of a
        # lunar holiday is entered again each year)
        return f"holiday:{holiday.name}" if kind == "holiday" else kind

    @api.model
    def _cron_care_occasions(self):
        """Greet the clients' contacts on their occasions of the next days: create
        the missing occasions (one per contact, occasion and year), then act on
        the planned ones in batches. Safe to run again."""
        rules = self.env["advisory.care.rule"].search([])
        today = fields.Date.context_today(self)
        candidates = self._care_candidates(rules)
        if candidates:
            existing = self.search_read(
                [
                    ("contact_id", "in", list({c[1].id for c in candidates})),
                    ("year", "in", list({c[4].year for c in candidates})),
                ],
                ["contact_id", "occasion_key", "year"],
                load=False,
            )
            seen = {
                (row["contact_id"], row["occasion_key"], row["year"])
                for row in existing
            }
            tiers = {}
            vals_list = []
            for client, contact, kind, holiday, when in candidates:
                key = (contact.id, self._occasion_key(kind, holiday), when.year)
                if key in seen:
                    continue
                if client not in tiers:
                    tiers[client] = client.value_tier
                rule = self.env["advisory.care.rule"]._rule_for(
                    rules, tiers[client], kind
                )
                if not rule or (when - today).days > rule.days_ahead:
                    # not yet: the rule of its client looks fewer days ahead
                    continue
                seen.add(key)
                vals_list.append(
                    {
                        "partner_id": client.id,
                        "contact_id": contact.id,
                        "kind": kind,
                        "holiday_id": holiday and holiday.id,
                        "occasion_key": key[1],
                        "date": when,
                        "year": when.year,
                        "action": rule.action,
                    }
                )
            if vals_list:
                # the occasions are the system's facts (protected fields)
                self._as_system().create(vals_list)
        planned = self.search([("state", "=", "planned")], order="id")
        self._run_batches(
            [self.browse(ids) for ids in split_every(CARE_CRON_BATCH, planned.ids)],
            lambda batch: batch._advisory_greet(rules),
        )

    def _advisory_greet(self, rules):
        """Act on the planned occasions of ``self``: an activity for the
        relationship manager or a greeting email, as the client's care rule says;
        nothing without the client's marketing consent (noted once in the client's
        chatter) or to an opted-out address."""
        occasions = self.filtered(lambda occasion: occasion.state == "planned")
        by_state = defaultdict(lambda: self.browse())
        no_consent = occasions.contact_id._advisory_consent_missing("marketing")
        refused = occasions.filtered(lambda o: o.contact_id in no_consent)
        by_state["no_consent"] |= refused
        occasions -= refused
        mails = occasions.filtered(lambda o: o.action == "mail")
        by_state["opt_out"] |= mails.filtered(
            lambda o: o.contact_id.is_blacklisted or not o.contact_id.email
        )
        mails -= by_state["opt_out"]
        to_activity = occasions - mails - by_state["opt_out"]
        by_state["skipped"] |= to_activity.filtered(
            lambda o: not o.partner_id.relationship_manager_id
        )
        to_activity -= by_state["skipped"]
        # the template of the rule each greeting follows
        templates = defaultdict(lambda: self.browse())
        for occasion in mails:
            rule = self.env["advisory.care.rule"]._rule_for(
                rules, occasion.partner_id.value_tier, occasion.kind
            )
            template = rule.mail_template_id or self.env.ref(
                "advisory_relationship.mail_template_care_greeting"
            )
            templates[template] |= occasion
        for template, greeted in templates.items():
            template.send_mail_batch(greeted.ids)
            by_state["sent"] |= greeted
        activities = to_activity._advisory_create_activities()
        system = self._as_system()
        for occasion, activity in zip(to_activity, activities, strict=True):
            # flushed as one UPDATE for the batch
            system.browse(occasion.id).activity_id = activity
        by_state["activity"] |= to_activity
        for state, records in by_state.items():
            if records:
                system.browse(records.ids).write({"state": state})
        (by_state["sent"] | by_state["activity"])._advisory_book_care_costs(rules)
        if by_state["no_consent"]:
            sentences = defaultdict(list)
            for occasion in by_state["no_consent"]:
                sentences[occasion.partner_id.id].append(
                    self.env._(
                        "%(occasion)s (%(date)s)",
                        occasion=occasion.name,
                        date=format_date(self.env, occasion.date),
                    )
                )
            by_state["no_consent"].partner_id._advisory_note_consent_missing(
                "marketing",
                {
                    client_id: self.env._(
                        "No greeting was sent for: %(occasions)s.",
                        occasions=", ".join(names),
                    )
                    for client_id, names in sentences.items()
                },
            )

    def _advisory_book_care_costs(self, rules):
        """One client care cost per occasion of ``self`` (greeted: an email sent
        or an activity planned) whose care rule has a unit cost, in the company
        currency at the occasion's date; never a second one for an occasion."""
        if not any(rules.mapped("unit_cost")) or not self:
            return
        # sudo: the costs are the system's record of the greetings it made
        # (advisors do not manage costs)
        Cost = self.env["advisory.relationship.cost"].sudo()
        booked = set(Cost.search([("occasion_id", "in", self.ids)]).occasion_id.ids)
        vals_list = []
        for occasion in self:
            if occasion.id in booked:
                continue
            rule = self.env["advisory.care.rule"]._rule_for(
                rules, occasion.partner_id.value_tier, occasion.kind
            )
            if not rule.unit_cost:
                continue
            company = occasion.company_id or self.env.company
            vals_list.append(
                {
                    "name": self.env._(
                        "%(occasion)s: %(action)s for %(client)s",
                        occasion=occasion.name,
                        action=dict(
                            self._fields["action"]._description_selection(self.env)
                        ).get(occasion.action),
                        client=occasion.partner_id.name,
                    ),
                    "company_id": company.id,
                    "amount": rule.currency_id._convert(
                        rule.unit_cost, company.currency_id, company, occasion.date
                    ),
                    "partner_id": occasion.partner_id.id,
                    "occasion_id": occasion.id,
                    "date": occasion.date,
                    # the greeting is made: its cost is a fact, over budget too
                    # (noted in the budget's chatter)
                    "budget_override": True,
                }
            )
        if vals_list:
            Cost.create(vals_list)

    def _advisory_create_activities(self):
        """One activity per occasion of ``self`` on its client, for its
        relationship manager, created in one batch."""
        call = self.env.ref("mail.mail_activity_data_call")
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": occasion.partner_id.id,
                "activity_type_id": (call if occasion.action == "call" else todo).id,
                "user_id": occasion.partner_id.relationship_manager_id.id,
                "date_deadline": occasion.date,
                "summary": occasion._advisory_activity_summary(),
                "note": occasion.contact_id.display_name,
            }
            for occasion in self
        ]
        # the relationship managers see them in their activities; no mail per
        # activity (the job may plan many at once)
        return (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )

    def _advisory_activity_summary(self):
        self.ensure_one()
        if self.action == "call":
            return self.env._("Call for: %(occasion)s", occasion=self.name)
        if self.action == "gift":
            return self.env._("Send a gift for: %(occasion)s", occasion=self.name)
        return self.env._("Send a card for: %(occasion)s", occasion=self.name)
