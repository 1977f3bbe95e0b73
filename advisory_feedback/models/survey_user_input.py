from odoo import api, fields, models

from odoo.addons.advisory_client_mgmt.fields import (
    NullableFloat,
    NullableInteger,
)

NPS_CATEGORIES = [
    ("promoter", "Promoter"),
    ("passive", "Passive"),
    ("detractor", "Detractor"),
]


def nps_category(score):
    """Promoters answer 9-10, passives 7-8, detractors 0-6 (Net Promoter Score)."""
    if score is False or score is None:
        return False
    if score >= 9:
        return "promoter"
    if score >= 7:
        return "passive"
    return "detractor"


class SurveyUserInput(models.Model):
    _name = "survey.user_input"
    # the mixin first: it drops the caller's tracking_disable before mail.thread
    # reads it
    _inherit = ("advisory.protected.mixin", "survey.user_input")

    advisory_partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        compute="_compute_advisory_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="The client (commercial partner) of the person who answers.",
    )
    advisory_project_id = fields.Many2one(
        "project.project",
        index="btree_not_null",
        ondelete="set null",
        help="The closed project this satisfaction survey asks about.",
    )
    advisory_engagement_id = fields.Many2one(
        "advisory.engagement",
        string="Engagement",
        index="btree_not_null",
        ondelete="set null",
        help="The engagement this satisfaction survey closes: a completed answer "
        "moves it from closing to done.",
    )
    advisory_company_id = fields.Many2one(
        "res.company",
        compute="_compute_advisory_company_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="The company whose client satisfaction this answer measures.",
    )
    advisory_sent_on = fields.Date(
        string="Sent On",
        readonly=True,
        copy=False,
        help="The day the firm sent this satisfaction survey to the client (the "
        "survey coverage KPI counts the clients surveyed in a period).",
        protected=True,
    )
    advisory_survey_kind = fields.Selection(related="survey_id.advisory_survey_kind")
    advisory_score = NullableFloat(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Satisfaction in % of the maximum score of the scored (CSAT) questions; "
        "empty when the answer has no satisfaction part.",
    )
    advisory_nps_score = NullableInteger(
        string="NPS Answer",
        readonly=True,
        aggregator="avg",
        help="The 0-10 answer to 'How likely are you to recommend us?'; empty when "
        "the survey has no such question.",
    )
    advisory_nps_category = fields.Selection(
        NPS_CATEGORIES,
        string="NPS Category",
        readonly=True,
        index="btree_not_null",
        help="Promoter (9-10), passive (7-8) or detractor (0-6).",
    )
    advisory_nps_input_id = fields.Many2one(
        "survey.user_input",
        string="NPS Answer Sent Along",
        readonly=True,
        ondelete="set null",
        help="The NPS question sent in the same invitation as this satisfaction "
        "survey (one mail, two links).",
    )
    advisory_feedback_id = fields.Many2one(
        "advisory.feedback",
        string="Feedback Ticket",
        readonly=True,
        ondelete="set null",
        help="The ticket opened automatically for a low score or a detractor.",
    )

    @api.depends("partner_id.commercial_partner_id")
    def _compute_advisory_partner_id(self):
        for user_input in self:
            if user_input.partner_id:
                user_input.advisory_partner_id = (
                    user_input.partner_id.commercial_partner_id
                )
            elif not user_input.advisory_partner_id:
                user_input.advisory_partner_id = False

    @api.depends("advisory_project_id.company_id", "advisory_engagement_id.company_id")
    def _compute_advisory_company_id(self):
        for user_input in self:
            user_input.advisory_company_id = (
                user_input.advisory_project_id.company_id
                or user_input.advisory_engagement_id.company_id
                or user_input.advisory_company_id
                or (user_input.survey_id.advisory_survey_kind and self.env.company)
            )

    # ------------------------------------------------------------------
    # Completion
    # ------------------------------------------------------------------

    def _mark_done(self):
        result = super()._mark_done()
        self._advisory_after_done()
        self.env["advisory.training.record"]._create_from_survey_inputs(self)
        return result

    def _advisory_after_done(self):
        """Score the completed satisfaction answers and let the client, the project
        and the engagement follow."""
        # sudo: clients answer as the public user or as portal users; the scores,
        # roll-ups, tickets and engagement status are the firm's records
        inputs = self.sudo().filtered(
            lambda user_input: user_input.survey_id.advisory_survey_kind
            and not user_input.test_entry
            and user_input.state == "done"
        )
        if not inputs:
            return
        inputs._advisory_compute_scores()
        inputs._advisory_update_rollups()
        inputs._advisory_open_low_score_tickets()
        inputs.advisory_engagement_id._advisory_event("survey_answered")

    def _advisory_compute_scores(self):
        for user_input in self:
            survey = user_input.survey_id
            scored = (
                survey.scoring_type != "no_scoring"
                and user_input.predefined_question_ids.filtered(
                    lambda q: q.question_type in ("simple_choice", "multiple_choice")
                )
            )
            nps_line = user_input.user_input_line_ids.filtered(
                lambda line: line.answer_type == "scale" and not line.skipped
            )[:1]
            nps = nps_line.value_scale if nps_line else False
            user_input.write(
                {
                    "advisory_score": user_input.scoring_percentage
                    if scored
                    else False,
                    "advisory_nps_score": nps,
                    "advisory_nps_category": nps_category(nps),
                }
            )

    def _advisory_update_rollups(self):
        self.advisory_partner_id._advisory_update_satisfaction()
        for field, records in (
            ("advisory_project_id", self.advisory_project_id),
            ("advisory_engagement_id", self.advisory_engagement_id),
        ):
            if not records:
                continue
            answers = self.search(
                [(field, "in", records.ids), ("state", "=", "done")],
                order="end_datetime desc, id desc",
            )
            for record in records:
                mine = answers.filtered(lambda a, r=record, f=field: a[f] == r)
                scores = [
                    a.advisory_score for a in mine if a.advisory_score is not False
                ]
                nps = [
                    a.advisory_nps_score
                    for a in mine
                    if a.advisory_nps_score is not False
                ]
                record.write(
                    {
                        "advisory_satisfaction": sum(scores) / len(scores)
                        if scores
                        else False,
                        "advisory_nps": nps[0] if nps else False,
                    }
                )

    def _advisory_open_low_score_tickets(self):
        """A score below the company's threshold or a detractor opens a ticket."""
        vals_list, low = [], self.browse()
        for user_input in self:
            if user_input.advisory_feedback_id or not user_input.advisory_partner_id:
                continue
            company = user_input.advisory_company_id or self.env.company
            threshold = company.advisory_satisfaction_threshold
            score = user_input.advisory_score
            low_score = score is not False and score < threshold
            detractor = user_input.advisory_nps_category == "detractor"
            if not (low_score or detractor):
                continue
            if low_score:
                subject = self.env._(
                    "Low satisfaction: %(score)s%% in %(survey)s",
                    score=round(score),
                    survey=user_input.survey_id.title,
                )
            else:
                subject = self.env._(
                    "Detractor: %(nps)s/10 in %(survey)s",
                    nps=user_input.advisory_nps_score,
                    survey=user_input.survey_id.title,
                )
            client = user_input.advisory_partner_id
            vals_list.append(
                {
                    "subject": subject,
                    "partner_id": client.id,
                    "contact_id": user_input.partner_id.id
                    if user_input.partner_id != client
                    else False,
                    "company_id": company.id,
                    "channel": "survey",
                    "category": "service_quality",
                    "priority": "2",
                    "project_id": user_input.advisory_project_id.id,
                    "engagement_id": user_input.advisory_engagement_id.id,
                    "user_id": client.relationship_manager_id.id,
                    "survey_input_id": user_input.id,
                    "description": user_input._advisory_answer_summary(),
                }
            )
            low |= user_input
        if not vals_list:
            return
        tickets = self.env["advisory.feedback"].create(vals_list)
        for user_input, ticket in zip(low, tickets, strict=True):
            user_input.advisory_feedback_id = ticket

    def _advisory_answer_summary(self):
        self.ensure_one()
        lines = []
        for line in self.user_input_line_ids.filtered(lambda line: not line.skipped):
            lines.append(f"{line.question_id.title}: {line.display_name}")
        return "\n".join(lines)

    def _advisory_sent_notification(self):
        """The notification telling staff how many contacts the survey invitations
        of ``self`` (just sent) went to."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Satisfaction survey sent to %(count)s contact(s).",
                    count=len(self.partner_id),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
