"""The main journeys in Chromium, one tour per role, clicking through the Advisory
app as a person would (the tours: */static/tests/tours/advisory_*journey*.js).
After each tour the database must show the work done, so a tour cannot pass by
only looking at screens.

- advisor: opportunity with needs analysis → engagement → proposal with its risk
  disclosure → submitted for review; manager: approves it from the review panel;
  advisor: presents it, the client accepts, contract from the template → submitted;
  legal reviewer and executive: approve it; advisor: signs it → project with
  milestones, KPIs and a risk → closed with the evaluation; client (portal): answers
  the satisfaction survey, finds the ticket the low score opened, confirms its
  resolution;
- the advisor's and the manager's first journeys again in Chinese (zh_CN), with a
  check that no label of our addons on the screens visited is left in English;
- manager: KPI dashboard → drill-down → the quarter printed as PDF and workbook;
- risk officer: a downgrade validated from the watchlist.

With ``ADVISORY_SCREENSHOTS=<folder>`` the last test also saves screenshots of the
main screens, from the demo data, in English (docs/screens of the README):
``ADVISORY_SCREENSHOTS=docs/screens ./setup/test tests/test_journey_tours.py``.
"""

import base64
import io
import json
import logging
import os
import pathlib
import time
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser

from .portal_common import portal_user

_logger = logging.getLogger(__name__)

# names the tours look for (advisory_journey_tours.js)
CLIENT = "Journey Client Ltd"
LEAD = "Plant financing 2027"
RISK_CLIENT = "Journey Risk Co"
OUR_ADDONS = [
    "advisory_client_mgmt",
    "advisory_risk_rating",
    "advisory_feedback",
    "advisory_risk_feedback",
]


@tagged("post_install", "-at_install")
class TestJourneyTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        roles = {
            "advisor": "advisory_client_mgmt.group_advisory_user",
            "manager": "advisory_client_mgmt.group_advisory_manager",
            "legal": "advisory_client_mgmt.group_advisory_legal",
            "executive": "advisory_client_mgmt.group_advisory_executive",
            "risk": "advisory_risk_rating.group_advisory_risk_officer",
        }
        for role, groups in roles.items():
            user = new_test_user(
                cls.env,
                login=f"journey_{role}",
                groups=groups,
                name=f"Journey {role.title()}",
                email=f"{role}@advisory.example.com",
            )
            setattr(cls, role, user)
        cls.client = cls.env["res.partner"].create(
            {
                "name": CLIENT,
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
                "email": "office@journey-client.example.com",
                # the closing survey of journey 4 is sent to the client
                "data_processing_consent": True,
            }
        )
        cls.client_user = portal_user(
            cls.client,
            "journey_client",
            "lin.wei@journey-client.example.com",
            name="Lin Wei",
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": LEAD,
                "type": "opportunity",
                "partner_id": cls.client.id,
                "user_id": cls.advisor.id,
            }
        )
        cls.timings = []

    @classmethod
    def tearDownClass(cls):
        for tour, login, seconds in cls.timings:
            _logger.info("tour %s as %s: %.1f s", tour, login, seconds)
        super().tearDownClass()

    def _tour(self, tour, user, url="/odoo"):
        start = time.monotonic()
        self.start_tour(url, tour, login=user.login)
        self.timings.append((tour, user.login, time.monotonic() - start))
        # the tour changed the records behind this environment's cache
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # Journeys 1 to 4: from the opportunity to the client's confirmation
    # ------------------------------------------------------------------

    def _check_proposal_submitted(self):
        lead = self.lead
        self.assertEqual(lead.risk_preference, "balanced")
        self.assertEqual(lead.investment_horizon, "medium")
        self.assertEqual(lead.expected_financing_amount, 5_000_000)
        self.assertTrue(lead.service_line_ids)
        self.assertIn("debt ratio", lead.financial_goal)
        engagement = lead.engagement_ids
        self.assertEqual(len(engagement), 1)
        self.assertEqual(engagement.partner_id, self.client)
        self.assertEqual(engagement.relationship_manager_id, self.advisor)
        self.assertEqual(engagement.service_line_ids, lead.service_line_ids)
        self.assertEqual(engagement.state, "proposal")
        proposal = engagement.proposal_ids
        self.assertEqual(len(proposal), 1)
        self.assertEqual(proposal.create_uid, self.advisor)
        self.assertEqual(proposal.fee_estimate, 1_200_000)
        self.assertIn("interest rates", proposal.risk_disclosure)
        self.assertIn("leasing", proposal.summary)
        self.assertEqual(proposal.state, "to_review")
        self.assertEqual(proposal.review_ids.mapped("status"), ["pending"])
        return engagement, proposal

    def _check_proposal_approved(self, proposal):
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(proposal.validation_status, "validated")
        self.assertEqual(proposal.review_ids.mapped("status"), ["approved"])
        self.assertEqual(proposal.review_ids.done_by, self.manager)

    def test_01_client_journey(self):
        # 1. advisor: needs analysis → engagement → proposal → review
        self._tour("advisory_journey_advisor_proposal", self.advisor)
        engagement, proposal = self._check_proposal_submitted()

        # 2. manager: approves from the review panel
        self._tour("advisory_journey_manager_approval", self.manager)
        self._check_proposal_approved(proposal)

        # 3. advisor: presented, accepted, contract from the template → submitted
        self._tour("advisory_journey_advisor_contract", self.advisor)
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(engagement.state, "contracting")
        contract = engagement.contract_ids
        self.assertEqual(len(contract), 1)
        self.assertEqual(
            contract.template_id,
            self.env.ref("advisory_client_mgmt.contract_template_standard"),
        )
        self.assertEqual(contract.fee_type, "fixed")
        self.assertEqual(contract.amount, 1_200_000)
        self.assertEqual(str(contract.date_start), "2026-12-01")
        self.assertEqual(str(contract.date_end), "2027-11-30")
        self.assertEqual(contract.payment_line_ids.mapped("amount"), [1_200_000])
        self.assertEqual(contract.state, "to_approve")
        self.assertTrue(contract.executive_approval_required)
        reviews = {
            review.definition_id.get_external_id()[review.definition_id.id]: review
            for review in contract.review_ids
        }
        legal_review = reviews["advisory_client_mgmt.tier_definition_contract_legal"]
        executive_review = reviews[
            "advisory_client_mgmt.tier_definition_contract_executive"
        ]
        self.assertEqual(legal_review.status, "pending")

        # legal reviewer, then executive: each approves from the review panel
        self._tour("advisory_journey_contract_approval", self.legal)
        self.assertEqual(legal_review.status, "approved")
        self.assertEqual(legal_review.done_by, self.legal)
        self.assertEqual(contract.state, "to_approve")
        self._tour("advisory_journey_contract_approval", self.executive)
        self.assertEqual(executive_review.status, "approved")
        self.assertEqual(executive_review.done_by, self.executive)
        self.assertEqual(contract.state, "approved")

        # advisor: signs → project planned → closed with the evaluation
        self._tour("advisory_journey_advisor_sign_close", self.advisor)
        self.assertEqual(contract.state, "signed")
        self.assertEqual(str(contract.signed_date), "2026-11-30")
        self.assertEqual(contract.signer_name, "Lin Wei")
        project = engagement.project_id
        self.assertTrue(project)
        self.assertIn("Q3 2027", project.advisory_objectives)
        self.assertGreaterEqual(len(project.milestone_ids), 2)
        self.assertTrue(all(project.milestone_ids.mapped("is_reached")))
        self.assertIn("Term sheet signed", project.milestone_ids.mapped("name"))
        kpi = project.advisory_kpi_ids
        self.assertEqual(
            (kpi.name, kpi.target, kpi.actual, kpi.unit),
            ("Financing raised", 5.0, 5.2, "M"),
        )
        risk = project.advisory_risk_ids
        self.assertEqual(
            (risk.description, risk.category, risk.score),
            ("Bank delays the credit decision", "credit", 12),
        )
        self.assertEqual(project.advisory_evaluation_score, "5")
        self.assertTrue(project.advisory_closed)
        self.assertEqual(engagement.state, "closing")
        self.assertEqual(self.client.lifecycle_state, "active")

        # 4. client: the closing survey (sent to her by the closing)
        answer = self.env["survey.user_input"].search(
            [
                ("partner_id", "=", self.client_user.partner_id.id),
                ("advisory_project_id", "=", project.id),
                ("survey_id.advisory_survey_kind", "=", "csat"),
            ]
        )
        self.assertEqual(len(answer), 1)
        self._tour(
            "advisory_journey_client_survey", self.client_user, answer.get_start_url()
        )
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.advisory_score, 25.0)
        self.assertEqual(engagement.state, "done")
        ticket = answer.advisory_feedback_id
        self.assertTrue(ticket)
        self.assertEqual(ticket.partner_id, self.client)
        self.assertEqual(ticket.channel, "survey")
        # her advisor resolves the ticket (the staff side, not this journey)
        ticket.with_user(self.advisor).write(
            {
                "resolution": "We now send the quarterly report on the 5th.",
                "root_cause": "No reminder for the report date.",
            }
        )
        ticket.with_user(self.advisor).action_resolve()
        self._tour("advisory_journey_client_confirm", self.client_user, "/my")
        self.assertEqual(ticket.state, "closed")
        self.assertTrue(
            any("the matter is settled" in (m.body or "") for m in ticket.message_ids)
        )

    # ------------------------------------------------------------------
    # Journeys 1 and 2 in Chinese
    # ------------------------------------------------------------------

    def test_02_advisor_and_manager_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        # our addons' terms, and the reviews' (base_tier_validation) on our forms
        self.env["ir.module.module"]._load_module_terms(
            [*OUR_ADDONS, "base_tier_validation"], ["zh_CN"]
        )
        (self.advisor | self.manager).write({"lang": "zh_CN"})
        self._tour("advisory_journey_advisor_proposal_zh", self.advisor)
        _engagement, proposal = self._check_proposal_submitted()
        self._tour("advisory_journey_manager_approval_zh", self.manager)
        self._check_proposal_approved(proposal)

    # ------------------------------------------------------------------
    # Journey 5: the manager's reporting
    # ------------------------------------------------------------------

    def test_03_manager_kpi_dashboard(self):
        Snapshot = self.env["advisory.kpi.snapshot"]
        quarter = Snapshot.compute_snapshot("2026-07-01", "2026-09-30")
        self.assertEqual(quarter.name, "2026 Q3")
        Line = type(self.env["advisory.kpi.snapshot.line"])
        Report = type(self.env["ir.actions.report"])
        drilled, printed = [], []
        open_records = Line._action_open_records
        render_pdf = Report._render_qweb_pdf
        render_xlsx = Report._render_xlsx

        def record_drill(line, numerator):
            drilled.append((line.kpi_code, numerator, line.numerator))
            return open_records(line, numerator)

        def record_pdf(report, report_ref, *args, **kwargs):
            printed.append(("pdf", report._get_report(report_ref).report_name, args))
            return render_pdf(report, report_ref, *args, **kwargs)

        def record_xlsx(report, report_ref, *args, **kwargs):
            printed.append(("xlsx", report._get_report(report_ref).report_name, args))
            return render_xlsx(report, report_ref, *args, **kwargs)

        with (
            patch.object(Line, "_action_open_records", record_drill),
            patch.object(Report, "_render_qweb_pdf", record_pdf),
            patch.object(Report, "_render_xlsx", record_xlsx),
        ):
            self._tour("advisory_journey_manager_kpi", self.manager)
        self.assertEqual(len(drilled), 1)
        _code, numerator, counted = drilled[0]
        self.assertTrue(numerator)
        self.assertGreater(counted, 0)
        self.assertEqual(
            [(kind, name) for kind, name, _args in printed],
            [
                ("pdf", "advisory_feedback.report_kpi_evaluation"),
                ("xlsx", "advisory_feedback.kpi_workbook"),
            ],
        )
        for _kind, _name, args in printed:
            self.assertIn(quarter.id, args[0])

    # ------------------------------------------------------------------
    # Journey 6: the risk officer's watchlist
    # ------------------------------------------------------------------

    def _rate(self, partner, override=None):
        """A rating of ``partner`` made by its advisor and submitted; the risk
        officer's override (with its reason) when given."""
        Assessment = self.env["advisory.risk.assessment"]
        action = partner.with_user(self.advisor).action_rate_risk()
        assessment = Assessment.browse(action["res_id"])
        if override:
            assessment.with_user(self.risk).write(
                {"override_grade": override, "override_reason": "Rating committee"}
            )
        assessment.with_user(self.advisor).action_submit()
        return assessment

    def test_04_risk_officer_downgrade(self):
        client = self.env["res.partner"].create(
            {
                "name": RISK_CLIENT,
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": self.advisor.id,
            }
        )
        first = self._rate(client, override="A")
        first.with_user(self.risk).validate_tier()
        self.assertEqual(first.state, "validated")
        self.assertEqual(client.risk_grade, "A")
        # new defaults: the next rating is lower and waits for a risk officer
        self.env["advisory.credit.record"].create(
            [
                {
                    "partner_id": client.id,
                    "record_type": "default",
                    "date": "2026-10-15",
                    "amount": 750_000,
                    "lender": "Bank of Journey",
                }
            ]
        )
        downgrade = self._rate(client, override="B")
        self.assertTrue(downgrade.is_downgrade)
        self.assertEqual(downgrade.state, "to_validate")
        self.env["advisory.risk.alert.rule"]._evaluate_partners(client)
        alert = self.env["advisory.risk.alert"].search(
            [("partner_id", "=", client.id), ("kind", "=", "downgrade")]
        )
        self.assertEqual(alert.state, "open")

        self._tour("advisory_journey_risk_downgrade", self.risk)
        self.assertEqual(downgrade.state, "validated")
        self.assertEqual(downgrade.review_ids.done_by, self.risk)
        self.assertEqual(client.risk_assessment_id, downgrade)
        self.assertEqual(client.risk_grade, "B")
        self.assertEqual(first.state, "superseded")

    # ------------------------------------------------------------------
    # Screenshots of the main screens (README), on demand
    # ------------------------------------------------------------------

    def test_05_screenshots(self):
        folder = os.environ.get("ADVISORY_SCREENSHOTS")
        if not folder:
            self.skipTest("set ADVISORY_SCREENSHOTS=<folder> to take the screenshots")
        Screens(self, pathlib.Path(folder)).take_all()


class Screens:
    """Screenshots of the main screens from the demo data, in English, at a desktop
    size: each screen is opened in Chromium (``HttpCase.browser_js``, logged in as
    the demo user of the role; a few clicks where the screen has no URL of its
    own), and once it is loaded and quiet the browser's own screenshot (DevTools
    ``Page.captureScreenshot``, as Odoo's screenshots of failed tours) is saved as a
    small PNG (128 colours, optimised with Pillow when it is installed)."""

    SIZE = (1280, 800)
    ADVISORY = "/odoo/action-advisory_client_mgmt.advisory_engagement_action"

    def __init__(self, case, folder):
        self.case = case
        self.folder = folder
        self.env = case.env

    @staticmethod
    def _url(action, record=None):
        return f"/odoo/action-{action}" + (f"/{record.id}" if record else "")

    def take_all(self):
        ref = self.env.ref
        manager = ref("base.user_admin")
        executive = ref("advisory_client_mgmt.user_advisory_executive")
        officer = ref("advisory_risk_rating.user_advisory_risk_officer")
        kaida = ref("advisory_client_mgmt.demo_client_kaida")
        downgrade = kaida.risk_assessment_ids.filtered(
            lambda assessment: assessment.state == "to_validate"
        )
        portal = self._portal_user(ref("advisory_client_mgmt.demo_client_hengtai"))
        ticket = self.env["advisory.feedback"].search(
            [("partner_id", "=", portal.partner_id.commercial_partner_id.id)],
            order="id",
            limit=1,
        )
        sheet = ".o_form_view .o_form_sheet"
        kanban = ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)"
        screens = [
            # name, user, url, clicks before, screen loaded, scrolled into view
            (
                "client_form",
                manager,
                self._url(
                    "advisory_client_mgmt.res_partner_action_advisory_client",
                    ref("advisory_client_mgmt.demo_client_hengtai"),
                ),
                [],
                f"{sheet} .o_notebook",
                None,
            ),
            (
                "engagement_kanban",
                manager,
                self.ADVISORY,
                [],
                kanban,
                None,
            ),
            (
                "engagement_form",
                manager,
                self._url(
                    "advisory_client_mgmt.advisory_engagement_action",
                    ref("advisory_client_mgmt.demo_engagement_execution"),
                ),
                [],
                sheet,
                None,
            ),
            (
                "contract_reviews",
                executive,
                self._url(
                    "advisory_client_mgmt.advisory_contract_action",
                    ref("advisory_client_mgmt.demo_contract_to_approve_executive"),
                ),
                [f"{sheet} .o_field_widget[name='review_ids'] .o_info_btn"],
                f"{sheet} .o_field_widget[name='review_ids'] tbody tr",
                f"{sheet} .o_field_widget[name='review_ids']",
            ),
            (
                "risk_assessment",
                officer,
                self._url(
                    "advisory_risk_rating.advisory_risk_assessment_action", downgrade
                ),
                [],
                f"{sheet} .o_field_widget[name='line_ids'] .o_data_row",
                None,
            ),
            (
                "feedback_kanban",
                manager,
                self._url("advisory_feedback.advisory_feedback_action"),
                [],
                kanban,
                None,
            ),
            (
                "kpi_dashboard",
                manager,
                self.ADVISORY,
                [
                    ".o_menu_sections "
                    "[data-menu-xmlid='advisory_client_mgmt.menu_advisory_reporting']",
                    ".dropdown-item"
                    "[data-menu-xmlid='advisory_feedback.advisory_kpi_dashboard_menu']",
                ],
                ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)"
                " button[name='action_open_denominator']",
                None,
            ),
            *self._dashboards(manager),
            ("portal_home", portal, "/my", [], ".o_portal_my_home", None),
            ("portal_feedback", portal, "/my/feedback", [], ".o_feedback_row", None),
            (
                "portal_ticket",
                portal,
                f"/my/feedback/{ticket.id}",
                [],
                ".o_portal_wrap .card",
                None,
            ),
            *self._workspace(),
        ]
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, user, url, clicks, loaded, scroll, *size in screens:
            self.take(name, user, url, clicks, loaded, scroll, *size)

    def _workspace(self):
        """The demo client's workspace in the portal (login huaxin): an engagement
        with its progress updates, its accepted proposal, a use-of-funds report,
        her loyalty points."""
        ref = self.env.ref
        client = ref("advisory_client_mgmt.user_demo_portal_huaxin")
        engagement = ref("advisory_client_mgmt.demo_engagement_execution")
        proposal = ref("advisory_client_mgmt.demo_proposal_accepted")
        report = ref("advisory_client_mgmt.demo_fund_usage_report")
        return [
            (
                "portal_engagement",
                client,
                f"/my/engagements/{engagement.id}",
                [],
                ".o_engagement_update",
                None,
                (1280, 2200),
            ),
            (
                "portal_proposal",
                client,
                f"/my/proposals/{proposal.id}",
                [],
                ".o_portal_wrap",
                None,
                (1280, 1100),
            ),
            (
                "portal_fund_usage",
                client,
                f"/my/fund-usage/{report.id}",
                [],
                ".o_portal_wrap",
                None,
            ),
            ("portal_loyalty", client, "/my/loyalty", [], ".o_portal_wrap", None),
        ]

    def _dashboards(self, manager):
        """The Advisory dashboards (advisory_dashboard) of the Dashboards app, whole:
        taller than the other screens."""
        return [
            (
                f"dashboard_{key}",
                manager,
                "/odoo/dashboards?dashboard_id="
                f"{self.env.ref(f'advisory_dashboard.spreadsheet_dashboard_{key}').id}",
                [],
                # the figures of the pivots are loaded: their cells are links
                ".o_spreadsheet_dashboard_action .o-dashboard-clickable-cell",
                None,
                (1280, height),
            )
            for key, height in [
                ("client_portfolio", 1560),
                ("pipeline_contracts", 1400),
                ("service_quality", 1600),
                ("targets", 1100),
            ]
        ]

    def _portal_user(self, client):
        """A portal login for a contact of a demo client (the demo has none)."""
        user = portal_user(
            client,
            "journey_screens_client",
            "zhang.min@hengtai.example.com",
            name="Zhang Min",
        )
        return user

    def take(self, name, user, url, clicks, loaded, scroll, size=SIZE):
        """Open ``url`` as ``user`` in a window of ``size``, click ``clicks`` in
        turn, wait for ``loaded`` and a quiet page, scroll ``scroll`` into view,
        save <folder>/<name>.png."""
        code = f"""(async () => {{
            const waitFor = async (selector) => {{
                for (let tries = 0; tries < 200; tries++) {{
                    const element = document.querySelector(selector);
                    if (element) {{
                        return element;
                    }}
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }}
                throw new Error(`${{selector}} not found`);
            }};
            for (const selector of {json.dumps(clicks)}) {{
                (await waitFor(selector)).click();
            }}
            await waitFor({json.dumps(loaded)});
            const scroll = {json.dumps(scroll)};
            if (scroll) {{
                (await waitFor(scroll)).scrollIntoView({{block: "end"}});
            }}
            // avatars, fonts and the last renderings
            await new Promise((resolve) => setTimeout(resolve, 1500));
            if (document.querySelector(".o_error_dialog")) {{
                throw new Error("error dialog");
            }}
            console.log("test successful");
        }})()"""
        shots = []
        stop = ChromeBrowser.stop

        def capture_then_stop(browser):
            # the screen as the code left it, before browser_js closes Chromium
            if not shots:
                shots.append(
                    browser._websocket_request(
                        "Page.captureScreenshot", params={"format": "png"}
                    )["data"]
                )
            return stop(browser)

        self.case.browser_size = "x".join(map(str, size))
        with patch.object(ChromeBrowser, "stop", capture_then_stop):
            self.case.browser_js(url, code, login=user.login)
        self._save(name, base64.b64decode(shots[0]))

    def _save(self, name, png):
        try:
            from PIL import Image
        except ImportError:  # the PNG as Chromium made it
            Image = None
        if Image:
            image = Image.open(io.BytesIO(png)).convert("RGB")
            image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            png = buffer.getvalue()
        path = self.folder / f"{name}.png"
        path.write_bytes(png)
        _logger.info("screenshot %s: %d KB", path, len(png) // 1024)
