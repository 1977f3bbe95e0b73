from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import AdvisoryCase


class TestAdvisorySecurity(AdvisoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Statement = cls.env["advisory.financial.statement"]
        cls.st_a = Statement.create(cls._statement_vals(cls.client_a))
        cls.st_b = Statement.create(cls._statement_vals(cls.client_b))
        call = cls.env.ref("advisory_client_mgmt.mail_activity_type_advisory_call")
        Plan = cls.env["advisory.communication.plan"]
        cls.plan_a = Plan.create(
            {"partner_id": cls.client_a.id, "activity_type_id": call.id}
        )
        cls.plan_b = Plan.create(
            {"partner_id": cls.client_b.id, "activity_type_id": call.id}
        )
        # a statement of a client of the other company
        cls.client_c = cls.env["res.partner"].create(
            {
                "name": "Company Two Client",
                "is_advisory_client": True,
                "company_id": cls.company_2.id,
                "relationship_manager_id": cls.advisor_a.id,
            }
        )
        cls.st_c = Statement.with_company(cls.company_2).create(
            dict(cls._statement_vals(cls.client_c), company_id=cls.company_2.id)
        )

    def test_advisor_sees_only_own_clients_records(self):
        Statement = self.env["advisory.financial.statement"].with_user(self.advisor_a)
        self.assertEqual(Statement.search([]), self.st_a)
        with self.assertRaises(AccessError):
            self.st_b.with_user(self.advisor_a).read(["revenue"])
        Plan = self.env["advisory.communication.plan"].with_user(self.advisor_a)
        self.assertEqual(Plan.search([]), self.plan_a)
        with self.assertRaises(AccessError):
            self.plan_b.with_user(self.advisor_a).read(["next_date"])
        # nor write nor create for somebody else's client
        with self.assertRaises(AccessError):
            self.env["advisory.financial.statement"].with_user(self.advisor_a).create(
                self._statement_vals(self.client_b, year=2022)
            )

    def test_team_member_sees_client_records(self):
        self.client_b.client_team_ids = [(4, self.advisor_a.id)]
        Statement = self.env["advisory.financial.statement"].with_user(self.advisor_a)
        self.assertEqual(Statement.search([]), self.st_a | self.st_b)

    def test_manager_sees_all_of_own_companies(self):
        Statement = self.env["advisory.financial.statement"].with_user(self.manager)
        self.assertEqual(
            Statement.search([]) & (self.st_a | self.st_b | self.st_c),
            self.st_a | self.st_b,
        )
        manager_both = new_test_user(
            self.env,
            login="adv_manager_both",
            groups="advisory_client_mgmt.group_advisory_manager",
            company_ids=[(6, 0, (self.company | self.company_2).ids)],
        )
        Statement = (
            self.env["advisory.financial.statement"]
            .with_user(manager_both)
            .with_context(allowed_company_ids=(self.company | self.company_2).ids)
        )
        self.assertIn(self.st_c, Statement.search([]))

    def test_user_without_role_has_no_access(self):
        for model in (
            "advisory.financial.statement",
            "advisory.communication.plan",
            "advisory.engagement",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.employee).search([])

    def test_service_lines_configured_by_managers(self):
        ServiceLine = self.env["advisory.service.line"]
        self.assertTrue(ServiceLine.with_user(self.advisor_a).search([]))
        with self.assertRaises(AccessError):
            ServiceLine.with_user(self.advisor_a).create({"name": "Wealth transfer"})
        ServiceLine.with_user(self.manager).create({"name": "Wealth transfer"})

    def test_engagement_visibility(self):
        Engagement = self.env["advisory.engagement"]
        eng_a = Engagement.create({"partner_id": self.client_a.id})
        eng_b = Engagement.create({"partner_id": self.client_b.id})
        self.assertEqual(Engagement.with_user(self.advisor_a).search([]), eng_a)
        self.assertEqual(
            Engagement.with_user(self.manager).search([]) & (eng_a | eng_b),
            eng_a | eng_b,
        )

    def test_reassigning_many_clients(self):
        """A manager hands an advisor's whole portfolio to another in one save (a
        list's mass edit): every client and engagement follows, and the writing of
        the staff lists does not grow with the number of clients."""
        Partner = self.env["res.partner"]
        Engagement = self.env["advisory.engagement"]

        def portfolio(size):
            clients = Partner.create(
                [
                    {
                        "name": f"Portfolio client {size}-{number}",
                        "is_company": True,
                        "is_advisory_client": True,
                        "relationship_manager_id": self.advisor_a.id,
                    }
                    for number in range(size)
                ]
            )
            Engagement.create([{"partner_id": client.id} for client in clients])
            self.env.flush_all()
            self.env.invalidate_all()
            return clients

        def reassign(clients):
            queries = self.env.cr.sql_log_count
            clients.with_user(self.manager).write(
                {"relationship_manager_id": self.advisor_b.id}
            )
            self.env.flush_all()
            return self.env.cr.sql_log_count - queries

        small, large = portfolio(3), portfolio(30)
        # one client keeps advisor A in its team
        large[0].client_team_ids = [Command.link(self.advisor_a.id)]
        self.env.flush_all()
        queries_small = reassign(small)  # (the first also fills the caches)
        self.assertLessEqual(reassign(large), queries_small)
        engagements = Engagement.search([("partner_id", "in", (small | large).ids)])
        self.assertEqual(len(engagements), 33)
        Engagement_b = Engagement.with_user(self.advisor_b)
        self.assertEqual(
            Engagement_b.search([("id", "in", engagements.ids)]), engagements
        )
        self.assertEqual(
            Engagement.with_user(self.advisor_a).search(
                [("id", "in", engagements.ids)]
            ),
            large[0].advisory_engagement_ids,
        )
        self.assertEqual(
            set(
                (engagements - large[0].advisory_engagement_ids)
                .mapped("advisory_access_user_ids")
                .ids
            ),
            {self.advisor_b.id},
        )
