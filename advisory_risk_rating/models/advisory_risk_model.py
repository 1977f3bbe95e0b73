from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round

from .common import LEVEL_VALUES

# months of history the credit-history and management factors look at
CREDIT_HISTORY_MONTHS = 36
MANAGEMENT_CHANGE_MONTHS = 12
# a default weighs as much as this many overdue payments
DEFAULT_WEIGHT = 3


class AdvisoryRiskModel(models.Model):
    _name = "advisory.risk.model"
    _description = "Risk Scoring Model"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _order = "active desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        tracking=True,
        help="Empty: the model of every company that has no model of its own.",
    )
    factor_ids = fields.One2many(
        "advisory.risk.factor", "model_id", string="Factors", copy=True
    )
    grade_band_ids = fields.One2many(
        "advisory.risk.grade.band", "model_id", string="Grade Bands", copy=True
    )
    missing_points = fields.Float(
        default=20.0,
        tracking=True,
        help="Rule for a missing input: a factor whose raw value is missing (no "
        "statement, no credit record, no industry entry...) or outside every band "
        "scores these points (0-100), and its line is flagged Missing.",
    )
    weight_total = fields.Float(compute="_compute_weight_total", string="Total Weight")
    description = fields.Html()

    @api.depends("factor_ids.weight")
    def _compute_weight_total(self):
        for model in self:
            model.weight_total = sum(model.factor_ids.mapped("weight"))

    @api.constrains("factor_ids", "active")
    def _check_weights(self):
        for model in self:
            if model.factor_ids and float_compare(
                model.weight_total, 100.0, precision_digits=2
            ):
                raise ValidationError(
                    self.env._(
                        "The factor weights of scoring model %(model)s add up to "
                        "%(total)s: they must add up to 100.",
                        model=model.name,
                        total=float_round(model.weight_total, 2),
                    )
                )

    @api.constrains("missing_points")
    def _check_missing_points(self):
        for model in self:
            if not 0 <= model.missing_points <= 100:
                raise ValidationError(
                    self.env._(
                        "The points of a missing input must be between 0 and 100."
                    )
                )

    @api.constrains("active", "company_id")
    def _check_one_active(self):
        for model in self.filtered("active"):
            if self.search_count(
                [
                    ("id", "!=", model.id),
                    ("active", "=", True),
                    ("company_id", "=", model.company_id.id),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "Only one scoring model can be active per company: archive "
                        "the other one before activating %(model)s.",
                        model=model.name,
                    )
                )

    @api.constrains("grade_band_ids")
    def _check_grade_bands(self):
        for model in self:
            if model.grade_band_ids and not any(
                band.min_score == 0 for band in model.grade_band_ids
            ):
                raise ValidationError(
                    self.env._(
                        "The lowest grade of scoring model %(model)s must start at "
                        "score 0, so that every score has a grade.",
                        model=model.name,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_active_model(self, company):
        """The active model of ``company`` (its own, else the shared one)."""
        return self.search(
            [("active", "=", True), ("company_id", "in", [company.id, False])],
            order="company_id",
            limit=1,
        )

    def _grade_for(self, score, table=None):
        """``(grade, risk level)`` of a score, from the grade bands (``table``:
        :meth:`_grade_table`, when the caller grades many scores)."""
        self.ensure_one()
        for min_score, grade, level in table or self._grade_table():
            if float_compare(score, min_score, precision_digits=2) >= 0:
                return grade, level
        return False, False

    def _grade_table(self):
        """``[(min score, grade, level)]``, best grade first."""
        return sorted(
            (
                (band.min_score, band.grade, band.risk_level)
                for band in self.grade_band_ids
            ),
            reverse=True,
        )

    def _level_of_grade(self, grade):
        self.ensure_one()
        band = self.grade_band_ids.filtered(lambda b: b.grade == grade)[:1]
        return band.risk_level

    def _collect_inputs(self, partners):
        """Raw values of every factor kind of the model for the clients of
        ``partners``, with a constant number of queries for the whole batch.

        :return: ``{kind: {partner id: (value, display)}}``; a client without a
            value for a kind is absent from its dict (missing input).
        """
        self.ensure_one()
        # one query for the partner fields the inputs read (reading them one by
        # one would fetch every column, 1,000 clients per query)
        partners.sudo().fetch(
            [
                "industry_id",
                "state_id",
                "country_id",
                "management_stability",
                "latest_statement_id",
                "document_completeness",
            ]
        )
        shared = {}
        return {
            kind: getattr(self, f"_input_{kind}")(partners, shared)
            for kind in set(self.factor_ids.mapped("kind"))
        }

    def _latest_ratios(self, partners, shared):
        """``{partner id: {ratio name: value}}`` of the latest statements."""
        if "ratios" not in shared:
            # sudo: a rating reads all the client's inputs, whoever computes it
            statements = partners.sudo().latest_statement_id
            shared["ratios"] = {
                values["partner_id"]: values
                for values in statements.read(
                    ["partner_id", "debt_ratio", "net_margin", "current_ratio"],
                    load=None,
                )
            }
        return shared["ratios"]

    def _input_ratio(self, partners, shared, fname, display):
        return {
            partner_id: (values[fname], display(values[fname]))
            for partner_id, values in self._latest_ratios(partners, shared).items()
            if values[fname] is not False and values[fname] is not None
        }

    def _input_debt_ratio(self, partners, shared):
        return self._input_ratio(
            partners, shared, "debt_ratio", lambda value: f"{value * 100:.1f} %"
        )

    def _input_net_margin(self, partners, shared):
        return self._input_ratio(
            partners, shared, "net_margin", lambda value: f"{value * 100:.1f} %"
        )

    def _input_current_ratio(self, partners, shared):
        return self._input_ratio(
            partners, shared, "current_ratio", lambda value: f"{value:.2f}"
        )

    def _input_credit_history(self, partners, shared):
        since = fields.Date.context_today(self) - relativedelta(
            months=CREDIT_HISTORY_MONTHS
        )
        # sudo: see _latest_ratios
        groups = (
            self.env["advisory.credit.record"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partners.ids), ("date", ">", since)],
                ["partner_id", "record_type"],
                ["__count"],
            )
        )
        counts = defaultdict(lambda: defaultdict(int))
        for partner, record_type, count in groups:
            counts[partner.id][record_type] += count
        # translated once, formatted per client
        template = self.env._(
            "%(loans)s loans, %(overdue)s overdue, %(defaults)s defaults"
        )
        result = {}
        for partner_id, by_type in counts.items():
            value = by_type["overdue"] + DEFAULT_WEIGHT * by_type["default"]
            result[partner_id] = (
                value,
                template
                % {
                    "loans": by_type["bank_loan"],
                    "overdue": by_type["overdue"],
                    "defaults": by_type["default"],
                },
            )
        return result

    def _level_input(self, levels):
        labels = dict(
            self.env["advisory.industry.risk"]
            ._fields["risk_level"]
            ._description_selection(self.env)
        )
        return {
            partner_id: (LEVEL_VALUES[level], labels[level])
            for partner_id, level in levels.items()
            if level
        }

    def _input_industry_risk(self, partners, shared):
        table = self.env["advisory.industry.risk"].sudo()._level_map()
        return self._level_input(
            {partner.id: table.get(partner.industry_id.id) for partner in partners}
        )

    def _input_region_risk(self, partners, shared):
        countries, states = self.env["advisory.region.risk"].sudo()._level_maps()
        return self._level_input(
            {
                partner.id: states.get(partner.state_id.id)
                or countries.get(partner.country_id.id)
                for partner in partners
            }
        )

    def _input_management_stability(self, partners, shared):
        since = fields.Date.context_today(self) - relativedelta(
            months=MANAGEMENT_CHANGE_MONTHS
        )
        # sudo: see _latest_ratios
        changes = dict(
            self.env["advisory.management.event"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partners.ids), ("date", ">", since)],
                ["partner_id"],
                ["__count"],
            )
        )
        # translated once, formatted per client
        template = self.env._("%(value)s (set %(set)s, %(count)s changes in 12 months)")
        result = {}
        for partner in partners:
            if not partner.management_stability:
                continue
            count = changes.get(partner, 0)
            value = max(1, int(partner.management_stability) - count)
            result[partner.id] = (
                value,
                template
                % {"value": value, "set": partner.management_stability, "count": count},
            )
        return result

    def _input_document_completeness(self, partners, shared):
        # sudo: see _latest_ratios
        return {
            partner.id: (
                partner.document_completeness,
                f"{partner.document_completeness * 100:.0f} %",
            )
            for partner in partners.sudo()
            if partner.document_completeness is not False
        }

    def _input_financing_exposure(self, partners, shared):
        if "exposure" not in shared:
            shared["exposure"] = self.env["res.partner"]._risk_exposure(partners)
        symbol = self.env.company.currency_id.symbol or ""
        exposure = shared["exposure"]
        # a plain format: Currency.format per client would cost more than the rating
        return {
            partner_id: (
                exposure.get(partner_id, 0.0),
                f"{symbol} {exposure.get(partner_id, 0.0):,.0f}",
            )
            for partner_id in partners.ids
        }

    def _score_partners(self, partners, inputs=None):
        """Score the clients of ``partners`` with this model.

        :return: ``{partner id: {"score", "grade", "risk_level", "lines"}}`` with
            ``lines`` the values of the assessment lines (without assessment_id).
        """
        self.ensure_one()
        if inputs is None:
            inputs = self._collect_inputs(partners)
        missing_points = self.missing_points
        grade_table = self._grade_table()
        # plain tuples: this loop runs factors x clients times
        factors = [
            (
                factor.id,
                factor.sequence,
                factor.kind,
                factor.weight,
                [
                    (band.value_from, band.value_to, band.points, band.label or False)
                    for band in factor.band_ids
                ],
            )
            for factor in self.factor_ids
        ]
        results = {}
        for partner_id in partners.ids:
            lines, score = [], 0.0
            for factor_id, sequence, kind, weight, bands in factors:
                raw = inputs[kind].get(partner_id)
                points, label = None, False
                if raw is not None:
                    value = raw[0]
                    for value_from, value_to, band_points, band_label in bands:
                        if (value_from is False or value >= value_from) and (
                            value_to is False or value < value_to
                        ):
                            points, label = band_points, band_label
                            break
                missing = points is None
                if missing:
                    points = missing_points
                contribution = points * weight / 100.0
                score += contribution
                lines.append(
                    {
                        "factor_id": factor_id,
                        "sequence": sequence,
                        "raw_value": False if raw is None else raw[0],
                        "value_display": raw[1] if raw else False,
                        "band_label": label,
                        "missing": missing,
                        "points": points,
                        "weight": weight,
                        "contribution": contribution,
                    }
                )
            score = float_round(score, precision_digits=2)
            grade, level = self._grade_for(score, grade_table)
            results[partner_id] = {
                "score": score,
                "grade": grade,
                "risk_level": level,
                "lines": lines,
            }
        return results
