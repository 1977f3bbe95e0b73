from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date, split_every

from .common import (
    ALL_CLIENTS_GROUPS,
    GRADES,
    OFFICER_GROUP,
    RISK_LEVELS,
    is_downgrade,
)

ASSESSMENT_STATES = [
    ("draft", "Draft"),
    ("to_validate", "To Validate"),
    ("validated", "Validated"),
    ("superseded", "Superseded"),
    ("cancelled", "Cancelled"),
]
DEFAULT_REVIEW_DAYS = 365
RERATE_BATCH = 2000


class AdvisoryRiskAssessment(models.Model):
    _name = "advisory.risk.assessment"
    _advisory_stage_tracked = True  # advisory.stage.event
    _description = "Client Risk Assessment"
    # the approval mixin first: it drops the caller's context keys that would
    # skip the tier checks or the tracking before mail.thread reads them
    _inherit = ("advisory.approval.mixin", "mail.thread", "mail.activity.mixin")
    _order = "date desc, id desc"
    _advisory_client_field = "partner_id"
    _advisory_all_clients_groups = ALL_CLIENTS_GROUPS
    _check_company_auto = True

    _state_from = ["to_validate"]  # noqa: RUF012
    _state_to = ["validated"]  # noqa: RUF012

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
        domain="[('is_advisory_client', '=', True)]",
    )
    project_id = fields.Many2one(
        "project.project",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="Set for the assessment of one project of the client; a project "
        "assessment does not change the client's rating.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    relationship_manager_id = fields.Many2one(
        related="partner_id.relationship_manager_id", string="Relationship Manager"
    )
    model_id = fields.Many2one(
        "advisory.risk.model",
        string="Scoring Model",
        required=True,
        check_company=True,
        default=lambda self: self.env["advisory.risk.model"]._get_active_model(
            self.env.company
        ),
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    line_ids = fields.One2many(
        "advisory.risk.assessment.line",
        "assessment_id",
        string="Factors",
        protected=True,
    )
    score = fields.Float(
        readonly=True, aggregator="avg", help="0-100, 100 is best.", protected=True
    )
    computed_grade = fields.Selection(GRADES, readonly=True, protected=True)
    computed_risk_level = fields.Selection(RISK_LEVELS, readonly=True, protected=True)
    override_grade = fields.Selection(
        GRADES,
        tracking=True,
        help="A risk officer's grade that replaces the computed one (a reason is "
        "required).",
        protected=OFFICER_GROUP,
    )
    override_reason = fields.Text(tracking=True, protected=OFFICER_GROUP)
    grade = fields.Selection(
        GRADES,
        compute="_compute_grade",
        store=True,
        precompute=True,
        # not readonly: the re-rating gives the values to create (a readonly
        # precomputed field is always recomputed); only the computation and the
        # re-rating write it (protected)
        readonly=False,
        index=True,
        tracking=True,
        help="The overriding grade, else the computed one.",
        protected=True,
    )
    risk_level = fields.Selection(
        RISK_LEVELS,
        compute="_compute_grade",
        store=True,
        precompute=True,
        # not readonly: the re-rating gives the values to create (a readonly
        # precomputed field is always recomputed); only the computation and the
        # re-rating write it (protected)
        readonly=False,
        index=True,
        protected=True,
    )
    previous_grade = fields.Selection(
        GRADES,
        readonly=True,
        help="The client's grade when this one was computed.",
        protected=True,
    )
    is_downgrade = fields.Boolean(
        compute="_compute_is_downgrade",
        store=True,
        precompute=True,
        # not readonly: the re-rating gives the values to create (a readonly
        # precomputed field is always recomputed); only the computation and the
        # re-rating write it (protected)
        readonly=False,
        string="Downgrade",
        help="The grade is worse than the client's grade when it was computed.",
        protected=True,
    )
    automatic = fields.Boolean(
        readonly=True,
        help="Created by the daily re-rating, not by a person.",
        protected=True,
    )
    computed_on = fields.Datetime(readonly=True, protected=True)
    validated_on = fields.Date(readonly=True, copy=False, protected=True)
    valid_until = fields.Date(
        readonly=True,
        copy=False,
        help="Validation date + review interval of the policy of the risk level.",
        protected=True,
    )
    missing_count = fields.Integer(
        compute="_compute_missing_count", string="Missing Inputs"
    )
    policy_id = fields.Many2one(
        "advisory.risk.policy", compute="_compute_policy_id", string="Controls"
    )
    state = fields.Selection(
        ASSESSMENT_STATES,
        string="Status",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        default="draft",
        protected=True,
    )

    @api.depends("computed_grade", "computed_risk_level", "override_grade")
    def _compute_grade(self):
        for assessment in self:
            if assessment.override_grade:
                assessment.grade = assessment.override_grade
                assessment.risk_level = (
                    assessment.model_id._level_of_grade(assessment.override_grade)
                    or assessment.computed_risk_level
                )
            else:
                assessment.grade = assessment.computed_grade
                assessment.risk_level = assessment.computed_risk_level

    @api.depends("grade", "previous_grade")
    def _compute_is_downgrade(self):
        for assessment in self:
            assessment.is_downgrade = is_downgrade(
                assessment.previous_grade, assessment.grade
            )

    @api.depends("line_ids.missing")
    def _compute_missing_count(self):
        for assessment in self:
            assessment.missing_count = len(assessment.line_ids.filtered("missing"))

    @api.depends("risk_level", "company_id")
    def _compute_policy_id(self):
        policies = {}
        for assessment in self:
            company = assessment.company_id or self.env.company
            if company not in policies:
                policies[company] = self.env["advisory.risk.policy"]._get_policies(
                    company
                )
            assessment.policy_id = policies[company].get(assessment.risk_level)

    @api.depends("partner_id", "date", "grade")
    def _compute_display_name(self):
        for assessment in self:
            name = self.env._(
                "%(client)s – %(date)s",
                client=assessment.partner_id.display_name or "",
                date=format_date(self.env, assessment.date),
            )
            assessment.display_name = (
                f"{name} ({assessment.grade})" if assessment.grade else name
            )

    @api.constrains("override_grade", "override_reason")
    def _check_override_reason(self):
        for assessment in self:
            if (
                assessment.override_grade
                and not (assessment.override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Give the reason for overriding the grade of %(assessment)s.",
                        assessment=assessment.display_name,
                    )
                )

    @api.constrains("project_id", "partner_id")
    def _check_project_partner(self):
        for assessment in self.filtered("project_id"):
            if assessment.project_id.partner_id != assessment.partner_id:
                raise ValidationError(
                    self.env._(
                        "Project %(project)s is not a project of %(client)s.",
                        project=assessment.project_id.display_name,
                        client=assessment.partner_id.display_name,
                    )
                )

    @api.model
    def _get_under_validation_exceptions(self):
        # a risk officer may override the grade while reviewing it (only risk
        # officers may write these fields: protected by their group)
        return super()._get_under_validation_exceptions() + [
            "override_grade",
            "override_reason",
        ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        for assessment in self:
            if assessment.state in ("validated", "superseded"):
                raise UserError(
                    self.env._(
                        "Assessment %(assessment)s was validated: it stays as the "
                        "client's rating history and cannot be deleted.",
                        assessment=assessment.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_compute(self):
        self._check_can_compute()
        self._do_compute()
        return True

    def action_draft(self):
        self._check_can_draft()
        self._do_draft()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_compute(self):
        self._check_state_in(("draft",), self.env._("be computed"))
        for assessment in self:
            if not assessment.model_id.factor_ids:
                raise UserError(
                    self.env._(
                        "Scoring model %(model)s has no factors: add them before "
                        "computing %(assessment)s.",
                        model=assessment.model_id.display_name,
                        assessment=assessment.display_name,
                    )
                )
            assessment.model_id._check_weights()

    def _do_compute(self):
        """Fill one line per factor of the model and the score, grade and level."""
        now = fields.Datetime.now()
        for (model, company), assessments in self.grouped(
            lambda a: (a.model_id, a.company_id)
        ).items():
            results = model.with_company(company)._score_partners(
                assessments.partner_id
            )
            # sudo: the lines are the computation's output, nobody edits them
            assessments.line_ids.sudo().unlink()
            line_vals = []
            for assessment in assessments:
                result = results[assessment.partner_id.id]
                line_vals += [
                    dict(line, assessment_id=assessment.id) for line in result["lines"]
                ]
                assessment._as_system().write(
                    {
                        "score": result["score"],
                        "computed_grade": result["grade"],
                        "computed_risk_level": result["risk_level"],
                        "previous_grade": assessment.partner_id.risk_grade,
                        "computed_on": now,
                    }
                )
            self.env["advisory.risk.assessment.line"].sudo().create(line_vals)

    def _check_can_submit(self):
        super()._check_can_submit()
        for assessment in self:
            if not assessment.line_ids:
                raise UserError(
                    self.env._(
                        "Compute assessment %(assessment)s before submitting it.",
                        assessment=assessment.display_name,
                    )
                )

    def _do_submit(self):
        super()._do_submit()
        self.filtered(
            lambda a: a.state == "to_validate" and a.is_downgrade
        )._schedule_officer_activities()

    def _check_can_cancel(self):
        self._check_state_in(("draft", "to_validate"), self.env._("be cancelled"))
        downgrades = self.filtered(
            lambda assessment: assessment.state == "to_validate"
            and assessment.is_downgrade
        )
        if downgrades and not (self.env.su or self.env.user.has_group(OFFICER_GROUP)):
            raise AccessError(
                self.env._(
                    "%(assessment)s downgrades the client: only a risk officer can "
                    "cancel it.",
                    assessment=downgrades[0].display_name,
                )
            )

    def _check_can_draft(self):
        self._check_state_in(("cancelled",), self.env._("be reset to draft"))

    def _do_draft(self):
        self._write_state("draft")

    def _do_approve(self):
        super()._do_approve()
        self._after_validated()

    def _after_validated(self):
        """Validity from the policy, then the rating takes effect
        (:meth:`_take_effect`) and the early warnings of the clients are evaluated
        again."""
        if not self:
            return
        today = fields.Date.context_today(self)
        # sudo: the validation is the outcome of the risk officer's review (see
        # _do_approve); these are its consequences on the client's rating
        assessments = self._as_system()
        for company, records in assessments.grouped("company_id").items():
            policies = self.env["advisory.risk.policy"]._get_policies(company)
            for level, by_level in records.grouped("risk_level").items():
                by_level.write(self._validity_vals(policies, level, today))
        assessments._take_effect()
        self._evaluate_rating_alerts(
            self.filtered(lambda a: not a.project_id).partner_id
        )

    @api.model
    def _validity_vals(self, policies, level, today):
        """The values of a rating of risk level ``level`` validated ``today``: valid
        for the review interval of the level's policy (``policies``, from
        ``advisory.risk.policy._get_policies``)."""
        policy = policies.get(level)
        days = policy.review_interval_days if policy else DEFAULT_REVIEW_DAYS
        return {"validated_on": today, "valid_until": today + timedelta(days=days)}

    def _take_effect(self):
        """The validated client assessments of ``self`` become their clients'
        rating: the former validated ratings of these clients are superseded, and
        the ORM recomputes the client's stored rating (``risk_assessment_id``, the
        last validated client assessment, and its related fields) and what follows
        it (service level, segment, document requirements, the level of the draft
        contracts). The one path of a risk officer's validation and of the
        re-rating job; ``self`` is the system's (superuser), with the caller's
        tracking choice (the job's automatic ratings are not tracked)."""
        current = self.filtered(lambda a: a.state == "validated" and not a.project_id)
        if not current:
            return
        # sudo: the former ratings are superseded by the system (the callers'
        # records are the system's already; their context is kept)
        previous = self.sudo().search(
            [
                ("partner_id", "in", current.partner_id.ids),
                ("state", "=", "validated"),
                ("project_id", "=", False),
                ("id", "not in", current.ids),
            ]
        )
        # one write for the batch (the stage history by advisory.state.mixin)
        previous.write({"state": "superseded"})

    @api.model
    def _evaluate_rating_alerts(self, partners):
        """The rating-dependent early warnings of ``partners``, evaluated again."""
        Rule = self.env["advisory.risk.alert.rule"]
        Rule._evaluate_partners(partners, kinds=Rule._rating_kinds())

    def _schedule_officer_activities(self):
        """A to-do per assessment of ``self`` for each risk officer of its company."""
        if not self:
            return
        officers = self.env.ref(OFFICER_GROUP).users.filtered(lambda u: not u.share)
        todo = self.env.ref("mail.mail_activity_data_todo")
        res_model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = [
            {
                "res_model_id": res_model_id,
                "res_id": assessment.id,
                "activity_type_id": todo.id,
                "user_id": officer.id,
                "date_deadline": today,
                "summary": self.env._(
                    "Downgrade %(old)s → %(new)s: validate the rating",
                    old=assessment.previous_grade,
                    new=assessment.grade,
                ),
            }
            for assessment in self
            for officer in officers
            if assessment.company_id in officer.company_ids
        ]
        # sudo: the activities go to the risk officers, whoever submits
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)

    # ------------------------------------------------------------------
    # Re-rating cron
    # ------------------------------------------------------------------

    @api.model
    def _get_rerate_domain(self):
        """Advisory clients whose review is due (or who were never rated) or whose
        inputs changed since their last assessment, without a rating waiting for a
        risk officer."""
        today = fields.Date.context_today(self)
        return [
            ("is_advisory_client", "=", True),
            "|",
            "|",
            ("risk_next_review", "=", False),
            ("risk_next_review", "<=", today),
            ("risk_inputs_changed", "=", True),
            ("risk_assessment_ids", "not any", [("state", "=", "to_validate")]),
        ]

    @api.model
    def _cron_rerate(self, batch_size=RERATE_BATCH):
        """Re-rate the due clients in batches: an automatic assessment per client;
        an unchanged or better grade is validated at once, a downgrade waits for a
        risk officer. Safe to run again: a re-rated client is no longer due."""
        partners = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search(self._get_rerate_domain(), order="id")
        )

        def rerate(batch):
            # a batch's records are not needed by the next one: bounded memory
            self.env.invalidate_all()
            self._rerate_partners(batch)

        # a re-rated client is no longer due: the next run skips it
        self._run_batches(
            [
                self.env["res.partner"].browse(ids)
                for ids in split_every(batch_size, partners.ids)
            ],
            rerate,
        )
        return len(partners)

    @api.model
    def _rerate_partners(self, partners):
        """Rate the clients of ``partners`` (one batch): the inputs by a few grouped
        reads, an automatic assessment per client created with every stored value
        (nothing is recomputed after), its factor lines by one SQL insert
        (``advisory.risk.assessment.line._insert_bulk``). An unchanged or better
        grade is created validated and takes effect as a risk officer's validation
        does (:meth:`_take_effect`); a downgrade waits for a risk officer (review
        and to-do)."""
        # sudo: the cron rates every client; the writes are its own results. No
        # tracking: thousands of automatic ratings a night (the stage history
        # records their states)
        Assessment = self.sudo().with_context(
            tracking_disable=True, mail_notrack=True, mail_create_nolog=True
        )
        partners = partners.with_env(Assessment.env)
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        rating = self._client_rating_fnames()
        partners.fetch(["company_id", "risk_inputs_changed", *rating])
        before = {
            partner.id: [partner[fname] for fname in rating] for partner in partners
        }
        vals_list, lines = [], []
        by_company = defaultdict(list)
        for partner in partners:
            by_company[partner.company_id or self.env.company].append(partner.id)
        for company, company_ids in by_company.items():
            company_partners = partners.browse(company_ids)
            model = self.env["advisory.risk.model"]._get_active_model(company)
            if not model:
                continue
            results = model.sudo()._score_partners(company_partners)
            policies = self.env["advisory.risk.policy"]._get_policies(company)
            for partner in company_partners:
                result = results[partner.id]
                previous = partner.risk_grade
                downgrade = is_downgrade(previous, result["grade"])
                vals = {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "model_id": model.id,
                    "date": today,
                    "score": result["score"],
                    "computed_grade": result["grade"],
                    "computed_risk_level": result["risk_level"],
                    # the precomputed fields, as computed (no override): given,
                    # they are not computed again record by record
                    "grade": result["grade"],
                    "risk_level": result["risk_level"],
                    "is_downgrade": downgrade,
                    "previous_grade": previous,
                    "automatic": True,
                    "computed_on": now,
                    "state": "to_validate" if downgrade else "validated",
                    # tier.validation's status of a record without reviews (the
                    # downgrades' reviews come below)
                    "validation_status": "no",
                }
                if not downgrade:
                    vals.update(
                        self._validity_vals(policies, result["risk_level"], today)
                    )
                vals_list.append(vals)
                lines.append(result["lines"])
        # The ORM marks every field following the client's rating to recompute
        # when assessments are created or superseded; most clients keep their
        # level (and so their service level, segment, document requirements):
        # those fields are held back here and marked below for the clients whose
        # rating values change only.
        dependents = self._client_rating_dependents()
        Partner = self.env["res.partner"]
        with self.env.protecting([Partner._fields[f] for f in dependents], partners):
            created = Assessment.create(vals_list)
            validated = created.filtered(lambda a: a.state == "validated")
            validated._take_effect()
        to_compute = defaultdict(list)
        for partner in partners:
            changed = {
                fname
                for fname, value in zip(rating, before[partner.id], strict=True)
                if partner[fname] != value
            }
            for fname, inputs in dependents.items():
                if inputs & changed:
                    to_compute[fname].append(partner.id)
        for fname, ids in to_compute.items():
            self.env.add_to_compute(Partner._fields[fname], partners.browse(ids))
        self.env["advisory.risk.assessment.line"]._insert_bulk(
            [
                dict(line, assessment_id=assessment.id)
                for assessment, assessment_lines in zip(created, lines, strict=True)
                for line in assessment_lines
            ]
        )
        # the inputs are rated, a downgrade's too (it waits for a risk officer);
        # the client's rating follows in the same UPDATE of its row (flush)
        partners.filtered("risk_inputs_changed").write({"risk_inputs_changed": False})
        pending = created - validated
        if pending:
            pending._request_review()
            pending.filtered(
                lambda a: a.state == "to_validate"
            )._schedule_officer_activities()
        self._evaluate_rating_alerts(partners)
        return created

    @api.model
    @tools.ormcache()
    def _client_rating_fnames(self):
        """The client's stored rating: ``risk_assessment_id`` (its last validated
        client assessment) and the stored fields related to it."""
        return ("risk_assessment_id",) + tuple(
            name
            for name, field in self.env["res.partner"]._fields.items()
            if field.store
            and field.related
            and field.related.split(".")[0] == "risk_assessment_id"
        )

    @api.model
    @tools.ormcache()
    def _client_rating_dependents(self):
        """``{field name: rating field names}``: the stored fields of the client
        that follow its rating (:meth:`_client_rating_fnames`) and the rating
        fields each one depends on (through other such fields too). A field that
        also depends on the assessments another way is left out: the ORM always
        recomputes it."""
        registry = self.env.registry
        Partner = self.env["res.partner"]
        rating = set(self._client_rating_fnames())
        candidates = {
            dependent
            for fname in rating
            for dependent in registry.get_dependent_fields(Partner._fields[fname])
            if dependent.model_name == Partner._name
            and dependent.store
            and dependent.name not in rating
        }
        inputs = {}

        def inputs_of(field, seen=()):
            if field not in inputs:
                result = set()
                for path in field.resolve_depends(registry):
                    first = path[0]
                    if first.name in rating and first.model_name == Partner._name:
                        result.add(first.name)
                    elif first in candidates and first not in seen:
                        sub = inputs_of(first, (*seen, field))
                        if sub is None:
                            result = None
                            break
                        result |= sub
                    elif any(
                        self._name in (f.model_name, f.comodel_name) for f in path
                    ):
                        result = None
                        break
                inputs[field] = result
            return inputs[field]

        return {
            field.name: frozenset(inputs_of(field))
            for field in candidates
            if inputs_of(field)
        }
