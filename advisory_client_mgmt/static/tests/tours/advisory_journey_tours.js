import { registry } from "@web/core/registry";
import {
    checkChinese,
    clickHeaderButton,
    clickStatButton,
    confirmDialog,
    editField,
    editHtml,
    expectState,
    noErrorDialog,
    openApp,
    openListRow,
    openMenu,
    openTab,
    saveForm,
} from "@advisory_client_mgmt/../tests/tours/advisory_journey_helpers";

// The main journeys of the advisory staff, clicked as a person would, one tour per
// role and step of the client's life (tests/test_journey_tours.py prepares the
// data, runs them as the right user and checks the database after each). The
// "_zh" tours are the same clicks for a user working in Chinese, with a check
// that every label of our addons on the screens visited is in Chinese.

// data prepared by tests/test_journey_tours.py
const CLIENT = "Journey Client Ltd";
const LEAD = "Plant financing 2027";

const ENGAGEMENTS = "advisory_client_mgmt.menu_advisory_engagements";
const FORM = [".o_form_view .o_form_statusbar", ".o_form_view .o_form_sheet"];

const tours = registry.category("web_tour.tours");

/** The tour ``name``, and ``name_zh`` when ``chinese``: the same steps with the
 * translation checks. */
function register(name, steps, { chinese = false } = {}) {
    tours.add(name, { url: "/odoo", steps: () => steps(false) });
    if (chinese) {
        tours.add(`${name}_zh`, { url: "/odoo", steps: () => steps(true) });
    }
}

// 1. Advisor: the opportunity's needs analysis, the engagement, the proposal with
// its risk disclosure, submitted for review.
register(
    "advisory_journey_advisor_proposal",
    (zh) => [
        ...openApp("crm.crm_menu_root"),
        {
            content: "Open the client's opportunity from the pipeline",
            trigger: `.o_kanban_record:contains('${LEAD}') span:contains('${LEAD}')`,
            run: "click",
        },
        openTab("advisory_needs_analysis"),
        ...checkChinese(
            "Opportunity, Needs Analysis tab",
            [
                ".o_form_view .o_notebook .tab-pane.active",
                ".o_form_view .o_notebook .nav-link[name='advisory_needs_analysis']",
                ".o_form_view .o_statusbar_buttons button[name='action_create_engagement']",
            ],
            zh,
            ".o_form_view .o_notebook .nav-link.active[name='advisory_needs_analysis']"
        ),
        {
            content: "Risk preference",
            trigger: ".o_form_view .o_field_widget[name='risk_preference'] select",
            run: 'select "balanced"',
        },
        {
            content: "Investment horizon",
            trigger: ".o_form_view .o_field_widget[name='investment_horizon'] select",
            run: 'select "medium"',
        },
        editField("expected_financing_amount", "5000000"),
        {
            content: "Open the service lines",
            trigger: ".o_form_view .o_field_widget[name='service_line_ids'] input",
            run: "click",
        },
        {
            content: "Pick the first service line (once the list is complete)",
            trigger:
                ".o_form_view .o_field_widget[name='service_line_ids'] .o-autocomplete--dropdown-menu:has(.o-autocomplete--dropdown-item:nth-child(3)) .o-autocomplete--dropdown-item:first-child a",
            run: "click",
        },
        {
            content: "The service line is set",
            trigger: ".o_form_view .o_field_widget[name='service_line_ids'] .o_tag",
        },
        editField(
            "financial_goal",
            "Finance a new plant of 5 M within 18 months, debt ratio under 60%"
        ),
        clickHeaderButton("action_create_engagement"),
        {
            content: "The engagement opens, linked to the opportunity",
            trigger: ".o_form_view .o_field_widget[name='lead_id']",
        },
        expectState("needs_analysis"),
        ...checkChinese("Engagement form", FORM, zh),
        clickHeaderButton("action_new_proposal"),
        {
            content: "The new proposal belongs to the engagement",
            trigger: ".o_form_view .o_field_widget[name='engagement_id'] input:value(ENG/)",
        },
        editField("fee_estimate", "1200000"),
        ...editHtml("summary", "Bank loan and leasing for the new plant."),
        openTab("risk_disclosure"),
        ...editHtml("risk_disclosure", "Rising interest rates increase the cost of the loan."),
        ...saveForm(),
        ...checkChinese("Proposal form", FORM, zh),
        clickHeaderButton("action_submit"),
        expectState("to_review"),
        {
            content: "The proposal waits for its review",
            trigger: ".o_form_view .o_field_widget[name='review_ids']",
        },
        ...checkChinese("Proposal under review", FORM, zh),
        noErrorDialog(),
    ],
    { chinese: true }
);

// 2. Manager: the proposal approved from its review panel.
register(
    "advisory_journey_manager_approval",
    (zh) => [
        ...openApp(),
        ...checkChinese(
            "Advisory menus",
            [".o_main_navbar"],
            zh,
            `.o_main_navbar [data-menu-xmlid='${ENGAGEMENTS}']`
        ),
        ...openMenu(ENGAGEMENTS, "advisory_client_mgmt.advisory_proposal_menu"),
        {
            content: "The proposals list",
            trigger: `.o_list_view .o_data_row:contains('${CLIENT}')`,
        },
        ...checkChinese(
            "Proposal list",
            [".o_list_view thead", ".o_control_panel .o_breadcrumb"],
            zh
        ),
        openListRow(CLIENT),
        expectState("to_review"),
        {
            content: "Unfold the reviews",
            trigger: ".o_form_view .o_field_widget[name='review_ids'] .o_info_btn",
            run: "click",
        },
        {
            content: "The review waits for a manager",
            trigger: ".o_form_view .o_field_widget[name='review_ids'] tbody tr:visible",
        },
        ...checkChinese("Proposal review panel", FORM, zh),
        {
            content: "Approve",
            trigger: ".o_form_view button[name='validate_tier']",
            run: "click",
        },
        expectState("approved"),
        {
            content: "The review is approved",
            trigger: ".o_form_view .o_field_widget[name='review_ids'] tbody tr.alert-success",
        },
        ...checkChinese("Approved proposal", FORM, zh),
        noErrorDialog(),
    ],
    { chinese: true }
);

// 3a. Advisor: the approved proposal presented and accepted, a contract from the
// template with its payment schedule, submitted for approval.
register("advisory_journey_advisor_contract", () => [
    ...openApp(),
    ...openMenu(ENGAGEMENTS, "advisory_client_mgmt.advisory_proposal_menu"),
    openListRow(CLIENT),
    expectState("approved"),
    clickHeaderButton("action_present"),
    expectState("presented"),
    clickHeaderButton("action_accept"),
    expectState("accepted"),
    {
        content: "Open the engagement",
        trigger: ".o_form_view .o_field_widget[name='engagement_id'] a",
        run: "click",
    },
    expectState("contracting"),
    clickHeaderButton("action_new_contract"),
    {
        content: "The contract takes the accepted fee",
        trigger: ".o_form_view .o_field_widget[name='amount'] input:value(1,200,000.00)",
    },
    {
        content: "Choose the contract template",
        trigger: ".o_form_view .o_field_widget[name='template_id'] input",
        run: "edit Standard",
    },
    {
        content: "The standard agreement",
        trigger:
            ".o_form_view .o_field_widget[name='template_id'] .o-autocomplete--dropdown-item a:contains('Standard advisory agreement')",
        run: "click",
    },
    editField("date_start", "12/01/2026"),
    editField("date_end", "11/30/2027"),
    openTab("payments"),
    {
        content: "Add a payment",
        trigger: ".o_form_view div[name='payment_line_ids'] .o_field_x2many_list_row_add a",
        run: "click",
    },
    editField(
        "date_due",
        "12/15/2026",
        ".o_form_view div[name='payment_line_ids'] .o_selected_row"
    ),
    editField("amount", "1200000", ".o_form_view div[name='payment_line_ids'] .o_selected_row"),
    ...saveForm(),
    clickHeaderButton("action_submit"),
    expectState("to_approve"),
    {
        content: "The contract waits for its reviews",
        trigger: ".o_form_view .o_field_widget[name='review_ids']",
    },
    noErrorDialog(),
]);

// 3b. Legal reviewer, then executive: the contract approved from its review panel.
register("advisory_journey_contract_approval", () => [
    ...openApp(),
    ...openMenu(ENGAGEMENTS, "advisory_client_mgmt.advisory_contract_menu"),
    openListRow(CLIENT),
    expectState("to_approve"),
    {
        content: "Unfold the reviews",
        trigger: ".o_form_view .o_field_widget[name='review_ids'] .o_info_btn",
        run: "click",
    },
    {
        content: "Approve",
        trigger: ".o_form_view button[name='validate_tier']",
        run: "click",
    },
    {
        content: "The review is recorded",
        trigger:
            ".o_form_view:not(:has(button[name='validate_tier'])) .o_field_widget[name='review_ids'] tbody tr.alert-success",
    },
    noErrorDialog(),
]);

// 3c. Advisor: the approved contract signed; its project planned (milestones,
// KPIs, risks) and closed with the evaluation.
register("advisory_journey_advisor_sign_close", () => [
    ...openApp(),
    ...openMenu(ENGAGEMENTS, "advisory_client_mgmt.advisory_contract_menu"),
    openListRow(CLIENT),
    expectState("approved"),
    editField("signed_date", "11/30/2026"),
    editField("signer_name", "Lin Wei"),
    clickHeaderButton("action_sign"),
    expectState("signed"),
    // the project the signature created
    ...clickStatButton("action_view_project"),
    openTab("advisory"),
    ...editHtml("advisory_objectives", "New plant financed by Q3 2027."),
    {
        content: "Add a milestone",
        trigger: ".o_form_view div[name='milestone_ids'] .o_field_x2many_list_row_add a",
        run: "click",
    },
    editField(
        "name",
        "Term sheet signed",
        ".o_form_view div[name='milestone_ids'] .o_selected_row"
    ),
    {
        content: "Reached",
        trigger:
            ".o_form_view div[name='milestone_ids'] .o_selected_row .o_field_widget[name='is_reached'] input",
        run: "check",
    },
    {
        content: "Add a KPI",
        trigger: ".o_form_view div[name='advisory_kpi_ids'] .o_field_x2many_list_row_add a",
        run: "click",
    },
    editField(
        "name",
        "Financing raised",
        ".o_form_view div[name='advisory_kpi_ids'] .o_selected_row"
    ),
    editField("target", "5", ".o_form_view div[name='advisory_kpi_ids'] .o_selected_row"),
    editField("actual", "5.2", ".o_form_view div[name='advisory_kpi_ids'] .o_selected_row"),
    editField("unit", "M", ".o_form_view div[name='advisory_kpi_ids'] .o_selected_row"),
    {
        content: "Add a risk",
        trigger: ".o_form_view div[name='advisory_risk_ids'] .o_field_x2many_list_row_add a",
        run: "click",
    },
    editField(
        "description",
        "Bank delays the credit decision",
        ".o_form_view div[name='advisory_risk_ids'] .o_selected_row"
    ),
    {
        content: "Category",
        trigger:
            ".o_form_view div[name='advisory_risk_ids'] .o_selected_row .o_field_widget[name='category'] select",
        run: 'select "credit"',
    },
    editField("probability", "3", ".o_form_view div[name='advisory_risk_ids'] .o_selected_row"),
    editField("impact", "4", ".o_form_view div[name='advisory_risk_ids'] .o_selected_row"),
    ...saveForm(),
    {
        content: "The milestone of the service line is reached too",
        trigger:
            ".o_form_view div[name='milestone_ids'] .o_data_row:has(.o_data_cell[name='is_reached'] input:not(:checked)) .o_data_cell[name='name']",
        run: "click",
    },
    {
        content: "Reached",
        trigger:
            ".o_form_view div[name='milestone_ids'] .o_selected_row .o_field_widget[name='is_reached'] input",
        run: "check",
    },
    {
        content: "Evaluation score",
        trigger: ".o_form_view .o_field_widget[name='advisory_evaluation_score'] select",
        run: 'select "5"',
    },
    editField(
        "advisory_evaluation_summary",
        "Financing closed on time; the client renews next year."
    ),
    ...saveForm(),
    clickHeaderButton("action_advisory_close"),
    confirmDialog(),
    {
        content: "The engagement is closed",
        trigger: ".o_form_view .o_field_widget[name='advisory_closed'] input:checked",
    },
    noErrorDialog(),
]);
