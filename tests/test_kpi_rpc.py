"""The KPI engine through XML-RPC: a manager computes a snapshot and gets its id;
refusals (rights, bad periods) come back as a message, and nothing is stored.
Also the staff scorecards' periods and the training records' protected state."""

from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase


@tagged("post_install", "-at_install")
class TestKpiRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="kpi_rpc_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.advisor = new_test_user(
            cls.env,
            login="kpi_rpc_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )

    def _compute(self, login, *args):
        return self._call(login, "advisory.kpi.snapshot", "compute_snapshot", *args)

    def _snapshots(self, date_from):
        return self.env["advisory.kpi.snapshot"].search(
            [("date_from", "=", date_from), ("company_id", "=", self.env.company.id)]
        )

    def _refused_compute(self, expected, login, *args):
        self._refused(
            expected, login, "advisory.kpi.snapshot", "compute_snapshot", *args
        )

    def test_compute_and_read(self):
        snapshot_id = self._compute("kpi_rpc_manager", "2019-01-01", "2019-03-31")
        snapshot = self._snapshots("2019-01-01")
        self.assertEqual(snapshot.id, snapshot_id)
        self.assertEqual(snapshot.period_type, "quarter")
        lines = self._call(
            "kpi_rpc_advisor",
            "advisory.kpi.snapshot.line",
            "search_read",
            [("snapshot_id", "=", snapshot_id)],
            fields=["kpi_code", "status", "value"],
        )
        field = self.env["advisory.kpi.snapshot.line"]._fields["kpi_code"]
        codes = field._description_selection(self.env)  # the registry's codes
        self.assertEqual(len(lines), len(codes))
        self.assertEqual({line["status"] for line in lines}, {"no_data"})

    def test_refusals(self):
        self._refused_compute(
            "Only advisory managers and executives",
            "kpi_rpc_advisor",
            "2019-04-01",
            "2019-06-30",
        )
        self._refused_compute(
            "before it starts", "kpi_rpc_manager", "2019-06-30", "2019-04-01"
        )
        self._refused_compute(
            "is not a date", "kpi_rpc_manager", "2019-13-45", "2019-06-30"
        )
        self._refused_compute(
            "first and the last day", "kpi_rpc_manager", False, "2019-06-30"
        )
        # a target refers to a KPI of the registry
        target = self.env["advisory.kpi.target"].search(
            [("company_id", "=", self.env.company.id), ("kpi_code", "=", "churn_rate")]
        )
        if not target:
            self.env["advisory.kpi.target"]._ensure_targets(self.env.company)
            target = self.env["advisory.kpi.target"].search(
                [
                    ("company_id", "=", self.env.company.id),
                    ("kpi_code", "=", "churn_rate"),
                ]
            )
        self._refused(
            "is not a valid value for KPI",
            "kpi_rpc_manager",
            "advisory.kpi.target",
            "write",
            target.ids,
            {"kpi_code": "happiness_rate"},
        )
        self.assertEqual(target.kpi_code, "churn_rate")
        self.assertFalse(self._snapshots("2019-04-01"))
        self.assertFalse(self._snapshots("2019-06-30"))

    def test_periods_out_of_years_refused(self):
        """Years 1 and 9999 come back as a message (the previous year of year 1,
        the day after 9999-12-31 do not exist), for KPIs and scorecards."""
        for method in (
            ("advisory.kpi.snapshot", "compute_snapshot"),
            ("advisory.staff.scorecard", "compute_scorecards"),
        ):
            for period in (
                ("0001-01-01", "0001-01-31"),
                ("9999-12-01", "9999-12-31"),
            ):
                self._refused(
                    "Give a period between 1900 and 2999",
                    "kpi_rpc_manager",
                    *method,
                    *period,
                )
        self.assertFalse(self._snapshots("0001-01-01"))

    def test_training_record_created_planned(self):
        """A manager creates a training record planned: its state moves by the
        buttons of another manager only."""
        course = self.env["advisory.training.course"].create(
            {"name": "RPC course", "hours": 4}
        )
        values = {
            "user_id": self.advisor.id,
            "course_id": course.id,
            "state": "attended",
        }
        for state in ("attended", "certified"):
            self._refused(
                "cannot be edited directly",
                "kpi_rpc_manager",
                "advisory.training.record",
                "create",
                [{**values, "state": state}],
            )
        self.assertFalse(
            self.env["advisory.training.record"].search([("course_id", "=", course.id)])
        )
        record_id = self._call(
            "kpi_rpc_manager",
            "advisory.training.record",
            "create",
            [{"user_id": self.manager.id, "course_id": course.id}],
            context={"default_state": "certified"},
        )[0]
        record = self.env["advisory.training.record"].browse(record_id)
        self.assertEqual(record.state, "planned")
        self._refused(
            "your own training",
            "kpi_rpc_manager",
            "advisory.training.record",
            "action_attend",
            [record_id],
        )
        self.assertEqual(record.state, "planned")
