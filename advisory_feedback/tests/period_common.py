"""The building blocks of the fixtures dated in past periods (the KPI engine's,
the staff scorecards'): a company of their own, so that the demo data of the main
company does not count, and its clients, contracts, tickets and survey answers
created with the dates and states a period's figures are worked out from."""

from freezegun import freeze_time

from odoo.tests import TransactionCase


class PeriodFixtureCase(TransactionCase):
    @classmethod
    def _use_own_company(cls, name):
        """``cls.company``, a new company the fixture's records and users belong
        to, and the only one allowed in ``cls.env`` (without tracking)."""
        cls.company = cls.env["res.company"].create({"name": name})
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                allowed_company_ids=[cls.company.id],
                tracking_disable=True,
                mail_notrack=True,
            )
        )

    @classmethod
    def _client(cls, name, steps=(), company=None, **values):
        """An advisory client of ``company`` (the fixture's by default), created
        on the day of the first of ``steps`` (``(day, lifecycle state)``) and
        moved through their states on their days; created now without steps."""
        vals = {
            "name": name,
            "is_company": True,
            "is_advisory_client": True,
            "company_id": (company or cls.company).id,
            **values,
        }
        if not steps:
            return cls.env["res.partner"].create(vals)
        with freeze_time(steps[0][0]):
            partner = cls.env["res.partner"].create(vals)
        for day, state in steps:
            with freeze_time(day):
                change = {"lifecycle_state": state}
                if state == "churned":
                    change["churn_reason"] = "Moved to a competitor"
                partner.write(change)
        return partner

    @classmethod
    def _contract(cls, engagement, state, signed, amount, start, end, **values):
        """A fixed-fee contract of ``engagement`` in ``state``, signed on
        ``signed`` (False: not signed), running from ``start`` to ``end``."""
        return (
            cls.env["advisory.contract"]
            .sudo()
            .create(
                {
                    "engagement_id": engagement.id,
                    "fee_type": "fixed",
                    "amount": amount,
                    "currency_id": cls.company.currency_id.id,
                    "date_start": start,
                    "date_end": end,
                    "signed_date": signed,
                    "signer_name": "Signer" if signed else False,
                    "state": state,
                    **values,
                }
            )
        )

    @classmethod
    def _ticket(
        cls,
        client,
        received,
        ack,
        ack_deadline,
        resolved=False,
        res_deadline=False,
        company=None,
        **values,
    ):
        """A complaint of ``client`` received, acknowledged and (if ``resolved``)
        resolved at the given times, with the deadlines given (not from an SLA
        policy): its breach flags follow them."""
        record = (
            cls.env["advisory.feedback"]
            .sudo()
            .create(
                {
                    "partner_id": client.id,
                    "company_id": (company or cls.company).id,
                    "subject": "Slow answers",
                    "description": "Slow answers",
                    "category": "complaint",
                    "date_received": received,
                    "state": "resolved" if resolved else "acknowledged",
                    "acknowledged_on": ack,
                    "resolved_on": resolved,
                    "resolution": "Done" if resolved else False,
                    "root_cause": "Staffing" if resolved else False,
                    **values,
                }
            )
        )
        record.write(
            {"response_deadline": ack_deadline, "resolution_deadline": res_deadline}
        )
        return record

    @classmethod
    def _answer(cls, survey, partner, end, score, company=None, **values):
        """A finished answer of ``partner`` to ``survey`` (ended ``end``) with the
        satisfaction score ``score`` (False: none)."""
        return (
            cls.env["survey.user_input"]
            .sudo()
            .create(
                {
                    "survey_id": survey.id,
                    "partner_id": partner.id,
                    "state": "done",
                    "end_datetime": end,
                    "advisory_score": score,
                    "advisory_company_id": (company or cls.company).id,
                    **values,
                }
            )
        )
