from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import split_every

from ..fields import NullableFloat
from .advisory_protected_mixin import ADVISOR_GROUP

# the profile fields a client's record needs, by kind of client
PROFILE_FIELDS = {
    "company": (
        "email",
        "phone",
        "street",
        "city",
        "country_id",
        "industry_id",
        "registration_number",
        "legal_representative",
        "registered_capital",
        "founding_date",
        "relationship_manager_id",
        "acquisition_channel",
        "data_processing_consent",
    ),
    "person": (
        "email",
        "phone",
        "street",
        "city",
        "country_id",
        "relationship_manager_id",
        "acquisition_channel",
        "data_processing_consent",
    ),
}
PROFILE_CRON_BATCH = 500


class ResPartner(models.Model):
    """The quality of the client's profile: how much of what a client of its kind
    needs is filled in, and when someone last checked that it is still true."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    profile_completeness = NullableFloat(
        compute="_compute_profile_completeness",
        store=True,
        groups=ADVISOR_GROUP,
        protected=True,
        aggregator="avg",
        string="Profile Completeness",
        help="Share of the profile fields a client of its kind (company or "
        "individual) needs that are filled in. Empty for a contact that is not a "
        "client.",
    )
    profile_missing_fields = fields.Char(
        compute="_compute_profile_missing_fields",
        # the list names every empty profile field, also those the reader's groups
        # hide
        compute_sudo=True,
        string="Profile Lacks",
        groups=ADVISOR_GROUP,
    )
    profile_reviewed_on = fields.Date(
        tracking=True,
        copy=False,
        protected=True,
        groups=ADVISOR_GROUP,
        help="When the relationship manager last confirmed that the profile is "
        "still true (button 'Profile reviewed'). A profile not reviewed for the "
        "months set in Settings gets a review to-do.",
    )
    profile_stale = fields.Boolean(
        compute="_compute_profile_stale",
        search="_search_profile_stale",
        string="Stale Profile",
        groups=ADVISOR_GROUP,
    )

    @api.depends(
        "is_advisory_client",
        "is_company",
        *sorted(set().union(*PROFILE_FIELDS.values())),
    )
    def _compute_profile_completeness(self):
        for partner, (names, missing) in self._profile_status().items():
            partner.profile_completeness = (
                1 - len(missing) / len(names) if names else False
            )

    @api.depends(
        "is_advisory_client",
        "is_company",
        *sorted(set().union(*PROFILE_FIELDS.values())),
    )
    def _compute_profile_missing_fields(self):
        for partner, (_names, missing) in self._profile_status().items():
            partner.profile_missing_fields = ", ".join(
                self._fields[name]._description_string(self.env) for name in missing
            )

    def _profile_status(self):
        """{partner: (profile fields it needs, those empty)}; none for a contact
        that is not a client."""
        status = {}
        for partner in self:
            if not partner.is_advisory_client:
                status[partner] = ((), [])
                continue
            names = PROFILE_FIELDS["company" if partner.is_company else "person"]
            status[partner] = (names, [name for name in names if not partner[name]])
        return status

    @api.model
    def _profile_stale_domain(self, company):
        """Clients of ``company`` (a shared client: of its relationship manager's
        company) whose profile has not been reviewed, nor created, within the
        company's review interval; nothing when the interval is 0."""
        months = company.advisory_profile_review_months
        if not months:
            return expression.FALSE_DOMAIN
        limit = fields.Date.context_today(self) - relativedelta(months=months)
        return [
            ("is_advisory_client", "=", True),
            ("lifecycle_state", "!=", "churned"),
            "|",
            ("company_id", "=", company.id),
            "&",
            ("company_id", "=", False),
            ("relationship_manager_id.company_id", "=", company.id),
            "|",
            ("profile_reviewed_on", "<=", limit),
            "&",
            ("profile_reviewed_on", "=", False),
            ("create_date", "<=", fields.Datetime.to_datetime(limit)),
        ]

    @api.model
    def _profile_stale_any_domain(self):
        # sudo: the review interval of every company decides, also of companies
        # the reader does not work in (a client shared with them)
        companies = self.env["res.company"].sudo().search([])
        return expression.OR(
            [self._profile_stale_domain(company) for company in companies]
        )

    def _compute_profile_stale(self):
        stale = self.search([("id", "in", self.ids)] + self._profile_stale_any_domain())
        for partner in self:
            partner.profile_stale = partner in stale

    def _search_profile_stale(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = self._profile_stale_any_domain()
        positive = (operator == "=") == value
        return domain if positive else ["!", *domain]

    def action_profile_reviewed(self):
        """Record that the profile was checked today and close its review to-do."""
        self._check_can_profile_review()
        self._do_profile_review()
        return True

    def _check_can_profile_review(self):
        if not self.env.user.has_group("advisory_client_mgmt.group_advisory_user"):
            raise AccessError(
                self.env._("Only advisors can confirm a client's profile.")
            )
        self.check_access("write")
        self._check_client_served(self.ids)
        not_clients = self.filtered(lambda partner: not partner.is_advisory_client)
        if not_clients:
            raise UserError(
                self.env._(
                    "%(partner)s is not an advisory client: it has no profile to "
                    "review.",
                    partner=not_clients[0].display_name,
                )
            )

    def _do_profile_review(self):
        self._as_system().write(
            {"profile_reviewed_on": fields.Date.context_today(self)}
        )
        # sudo: the to-do is the relationship manager's; whoever confirms the
        # profile closes it
        self._profile_review_todos().sudo().action_feedback(
            feedback=self.env._("Profile reviewed")
        )

    def _profile_review_type(self):
        return self.env.ref(
            "advisory_client_mgmt.mail_activity_type_advisory_profile_review"
        )

    def _profile_review_todos(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", self._profile_review_type().id),
            ]
        )

    def _schedule_profile_review(self):
        """A review to-do for the relationship manager of each client of ``self``
        that has none open."""
        self._advisory_schedule_todo(
            self._profile_review_type(),
            self.env._("Review the client's profile"),
            {
                partner: self.env._(
                    "Check that the profile is still true, complete what it lacks "
                    "(%(missing)s), then click 'Profile reviewed'.",
                    missing=partner.profile_missing_fields or self.env._("nothing"),
                )
                for partner in self
            },
        )

    @api.model
    def _cron_profile_reviews(self):
        """Give each client whose profile is stale one review to-do. Safe to run
        again: a client with an open review to-do gets no second one."""
        for company in self.env["res.company"].search([]):
            partners = self.with_company(company)
            clients = partners.search(
                partners._profile_stale_domain(company), order="id"
            )
            partners._run_batches(
                [
                    partners.browse(ids)
                    for ids in split_every(PROFILE_CRON_BATCH, clients.ids)
                ],
                lambda batch: batch._schedule_profile_review(),
            )
        return True
