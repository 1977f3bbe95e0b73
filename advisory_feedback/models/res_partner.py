from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from odoo.addons.advisory_client_mgmt.fields import (
    NullableFloat,
    NullableInteger,
)
from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    ADVISOR_GROUP,
)

from .survey_user_input import NPS_CATEGORIES

SURVEY_BATCH = 50


class ResPartner(models.Model):
    _inherit = "res.partner"

    satisfaction_last = NullableFloat(
        string="Last Satisfaction (%)",
        readonly=True,
        copy=False,
        help="Satisfaction of the client's last completed survey.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    satisfaction_avg = NullableFloat(
        string="Satisfaction, 12 Months (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Average satisfaction of the client's surveys completed in the last 12 "
        "months.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    nps_last = NullableInteger(
        string="Last NPS Answer",
        readonly=True,
        copy=False,
        help="The client's last 0-10 answer to 'would you recommend us?'.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    nps_category_last = fields.Selection(
        NPS_CATEGORIES,
        string="Last NPS Category",
        readonly=True,
        copy=False,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_survey_last_sent = fields.Date(
        string="Survey Last Sent",
        readonly=True,
        copy=False,
        help="When the client last received a satisfaction survey: the periodic "
        "survey waits the company's interval after it.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    advisory_survey_skipped_on = fields.Date(
        string="Survey Skipped (No Consent)",
        readonly=True,
        copy=False,
        help="When a satisfaction survey due to the client was last not sent "
        "because it has not given its data processing consent (noted in its "
        "chatter): the periodic survey notes it again only after the company's "
        "survey interval.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    # groups: a plain read() of a partner must work for every user (portal users
    # and employees without an advisory role cannot read the tickets)
    advisory_feedback_ids = fields.One2many(
        "advisory.feedback",
        "partner_id",
        string="Feedback Tickets",
        groups=ADVISOR_GROUP,
    )
    advisory_feedback_open_count = fields.Integer(
        string="Open Tickets",
        compute="_compute_advisory_counts",
        groups=ADVISOR_GROUP,
    )

    @api.model
    def _advisory_counts(self):
        return {
            **super()._advisory_counts(),
            "advisory_feedback_open_count": (
                "advisory.feedback",
                [("state", "in", ("new", "acknowledged", "in_progress"))],
            ),
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send_satisfaction_survey(self):
        """Send the satisfaction survey (CSAT + NPS) to the client's contacts now."""
        self._check_can_send_satisfaction_survey()
        return self._advisory_send_surveys()._advisory_sent_notification()

    def action_view_advisory_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_feedback.advisory_feedback_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_send_satisfaction_survey(self):
        if not self.env.user.has_group("advisory_client_mgmt.group_advisory_user"):
            raise UserError(
                self.env._("Only advisory staff can send satisfaction surveys.")
            )
        self.check_access("write")
        for partner in self:
            if not partner.is_advisory_client:
                raise UserError(
                    self.env._(
                        "%(partner)s is not an advisory client: no satisfaction "
                        "survey.",
                        partner=partner.display_name,
                    )
                )
        # no survey without the client's consent: refused before anything is sent
        self._advisory_check_consent("survey")
        for partner in self:
            if not partner._advisory_survey_recipients():
                raise UserError(
                    self.env._(
                        "%(partner)s has no contact with an email address to send "
                        "the survey to.",
                        partner=partner.display_name,
                    )
                )

    def _advisory_survey_recipients(self):
        """The people who receive the client's survey: its contacts with an email,
        else the client itself."""
        self.ensure_one()
        contacts = self.child_ids.filtered(
            lambda child: child.type == "contact" and child.email and child.active
        )
        return contacts or self.filtered("email")

    def _advisory_send_surveys(self, project=False, engagement=False):
        """Invite every contact of the clients of ``self`` to the satisfaction
        survey (with the NPS question in the same mail): one answer per contact
        through survey's own invitation tokens, one mail each. Clients without the
        data processing consent get nothing (the callers refuse or note it before).
        Returns the CSAT answers created."""
        clients = self._advisory_with_consent("survey")
        today = fields.Date.context_today(self)
        company = (
            (project or engagement).company_id
            if (project or engagement)
            else (self.env.company)
        )
        csat = company.advisory_csat_survey_id or self.env.ref(
            "advisory_feedback.survey_advisory_csat"
        )
        nps = company.advisory_nps_survey_id or self.env.ref(
            "advisory_feedback.survey_advisory_nps"
        )
        template = self.env.ref("advisory_feedback.mail_template_satisfaction_survey")
        # sudo: advisors send the firm's survey without being survey officers; the
        # caller checked its access to the clients (and project)
        csat, nps = csat.sudo(), nps.sudo()
        links = {
            "advisory_project_id": project.id if project else False,
            "advisory_engagement_id": engagement.id if engagement else False,
            "advisory_company_id": company.id,
            "advisory_sent_on": today,
        }
        answers = self.env["survey.user_input"].sudo()
        for client in clients:
            for contact in client._advisory_survey_recipients():
                nps_answer = nps._create_answer(
                    partner=contact, check_attempts=False, **links
                )
                answers |= csat._create_answer(
                    partner=contact,
                    check_attempts=False,
                    advisory_nps_input_id=nps_answer.id,
                    **links,
                )
        if answers:
            template.sudo().send_mail_batch(
                answers.ids, email_layout_xmlid="mail.mail_notification_light"
            )
        # sudo: the send date is the survey cron's bookkeeping, whoever sends
        clients.sudo().write({"advisory_survey_last_sent": today})
        return answers

    def _advisory_note_survey_skipped(self, what_not_sent=None):
        """Note on the clients of ``self`` that a satisfaction survey was not sent
        to them because they have not given their data processing consent, and
        record the day (the periodic survey notes it once per survey interval).

        :param what_not_sent: the sentence saying which survey was not sent, or
            ``{client id: sentence}``; the periodic survey by default
        """
        if not self:
            return
        self._advisory_note_consent_missing(
            "survey",
            what_not_sent
            or self.env._("The periodic satisfaction survey was not sent."),
        )
        # the skip date is a fact of the system (protected): written as such
        self._as_system().write(
            {"advisory_survey_skipped_on": fields.Date.context_today(self)}
        )

    def _advisory_send_periodic_surveys(self):
        """One batch of the periodic survey: the clients of ``self`` that gave
        their consent are surveyed, the refusal of the others is noted."""
        refused = self._advisory_consent_missing("survey")
        refused._advisory_note_survey_skipped()
        (self - refused)._advisory_send_surveys()

    def _advisory_update_satisfaction(self):
        """Last and 12-month average satisfaction and last NPS of the clients of
        ``self``, from their completed survey answers."""
        if not self:
            return
        # sudo: the roll-up counts every completed answer of the client, also those
        # the caller (a portal respondent, an advisor) cannot read
        Input = self.env["survey.user_input"].sudo()
        since = fields.Datetime.now() - relativedelta(months=12)
        base = [
            ("advisory_partner_id", "in", self.ids),
            ("state", "=", "done"),
            ("test_entry", "=", False),
        ]
        averages = dict(
            Input._read_group(
                base + [("advisory_score", "!=", False), ("end_datetime", ">=", since)],
                ["advisory_partner_id"],
                ["advisory_score:avg"],
            )
        )
        answers = Input.search(
            base
            + [
                "|",
                ("advisory_score", "!=", False),
                ("advisory_nps_category", "!=", False),
            ],
            order="end_datetime desc, id desc",
        )
        last_score, last_nps = {}, {}
        for answer in answers:
            client = answer.advisory_partner_id
            if answer.advisory_score is not False:
                last_score.setdefault(client, answer.advisory_score)
            if answer.advisory_nps_category:
                last_nps.setdefault(
                    client, (answer.advisory_nps_score, answer.advisory_nps_category)
                )
        # sudo: the roll-up follows the answers, whoever completed them
        for partner in self.sudo():
            nps_score, nps_category = last_nps.get(partner, (False, False))
            partner.write(
                {
                    "satisfaction_last": last_score.get(partner, False),
                    "satisfaction_avg": averages.get(partner, False),
                    "nps_last": nps_score,
                    "nps_category_last": nps_category,
                }
            )

    @api.model
    def _get_periodic_survey_domain(self, company, today):
        due = today - relativedelta(months=company.advisory_survey_interval)
        return [
            ("is_advisory_client", "=", True),
            ("lifecycle_state", "=", "active"),
            ("company_id", "in", [company.id, False]),
            "|",
            ("advisory_survey_last_sent", "=", False),
            ("advisory_survey_last_sent", "<=", due),
            # a client skipped for lack of consent waits for the next round,
            # unless it has consented since
            "|",
            "|",
            ("advisory_survey_skipped_on", "=", False),
            ("advisory_survey_skipped_on", "<=", due),
            ("commercial_partner_id.data_processing_consent", "=", True),
        ]

    @api.model
    def _cron_send_periodic_surveys(self):
        """Send the periodic satisfaction survey to every active client whose last
        survey is older than its company's interval, in batches; a client that got
        one within the interval (also after a project closing) is skipped, so a
        second run sends nothing. A client without the data processing consent
        gets no survey: the refusal is noted in its chatter once per interval."""
        companies = self.env["res.company"].search([])
        for company in companies:
            partners = self.with_company(company)
            today = fields.Date.context_today(partners)
            clients = partners.search(self._get_periodic_survey_domain(company, today))
            # the refusals are noted whether the client has an email or not
            refused = clients._advisory_consent_missing("survey")
            clients = refused | (clients - refused).filtered(
                lambda client: client._advisory_survey_recipients()
            )
            # the send and skip dates are stored: a client surveyed or noted is
            # left alone next time
            partners._run_batches(
                [
                    partners.browse(ids)
                    for ids in split_every(SURVEY_BATCH, clients.ids)
                ],
                lambda batch: batch._advisory_send_periodic_surveys(),
            )
        # the trailing averages move with time
        self.search([("satisfaction_avg", "!=", False)])._advisory_update_satisfaction()
        return True
