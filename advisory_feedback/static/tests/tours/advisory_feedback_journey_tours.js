import { registry } from "@web/core/registry";
import {
    noErrorDialog,
    openApp,
    openMenu,
} from "@advisory_client_mgmt/../tests/tours/advisory_journey_helpers";

// Journeys of the client (portal) and of the manager's reporting, clicked as a
// person would (tests/test_journey_tours.py prepares the data and checks the
// database after each tour). The client's new feedback from the portal form is
// the tour advisory_feedback_portal_tour (tests/test_feedback_portal.py).

const REPORTING = "advisory_client_mgmt.menu_advisory_reporting";

// 4a. Client: the satisfaction survey of the closed project answered from the
// invitation link (the tour starts on it), then her ticket in the portal: the
// low score opened one.
registry.category("web_tour.tours").add("advisory_journey_client_survey", {
    steps: () => [
        {
            content: "Start the survey",
            trigger: "button[value='start']:not(.disabled)",
            run: "click",
        },
        {
            content: "Answer every question: dissatisfied",
            trigger: ".js_question-wrapper label.o_survey_choice_btn",
            async run(helpers) {
                const questions = document.querySelectorAll(".js_question-wrapper");
                for (const question of questions) {
                    // the second answer of the scale (0 to 4 points)
                    await helpers.click(question.querySelectorAll("label.o_survey_choice_btn")[1]);
                }
                const answered = document.querySelectorAll(
                    ".js_question-wrapper:has(.o_survey_selected)"
                );
                if (!questions.length || answered.length !== questions.length) {
                    throw new Error(`${answered.length} of ${questions.length} questions answered`);
                }
            },
        },
        {
            content: "Submit the answers",
            trigger: "button[value='finish']:not(.disabled)",
            run: "click",
        },
        {
            content: "The survey thanks the client",
            trigger: ".o_survey_finished",
        },
        {
            content: "Go to the client portal",
            trigger: ".o_survey_finished",
            run: "goToUrl /my/feedback",
            expectUnloadPage: true,
        },
        {
            content: "The low score opened a ticket: open it",
            trigger: ".o_feedback_row:contains('Low satisfaction') a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ticket shows the answers",
            trigger: ".card-header:contains('Low satisfaction')",
        },
    ],
});

// 4b. Client: the ticket resolved by her advisor, its resolution confirmed from the
// portal (the closed loop).
registry.category("web_tour.tours").add("advisory_journey_client_confirm", {
    url: "/my",
    steps: () => [
        {
            content: "Open the feedback of the portal",
            trigger: "a[href='/my/feedback']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the resolved ticket",
            trigger: ".o_feedback_row:contains('Low satisfaction') a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Our answer is shown: confirm it",
            trigger: "a.btn-success[href*='/confirm']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Add a comment",
            trigger: "textarea[name='comment']",
            run: "edit Thank you, the matter is settled.",
        },
        {
            content: "Close the ticket",
            trigger: "form button[type='submit'].btn-success",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ticket is closed",
            trigger: ".o_feedback_decided.alert-success",
        },
    ],
});

// 5. Manager: the KPI dashboard, a KPI card drilled down to the records it counts,
// the quarter's snapshot printed as PDF and as workbook.
registry.category("web_tour.tours").add("advisory_journey_manager_kpi", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu(REPORTING, "advisory_feedback.advisory_kpi_dashboard_menu"),
        {
            content: "The KPI cards of the latest quarter",
            trigger: ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)",
        },
        {
            content: "Drill down from a KPI that counts records",
            trigger: ".o_kanban_record button[name='action_open_numerator']",
            async run(helpers) {
                // the card reads "counted / measured on", e.g. "3.00 / 8.00"
                const counted = (record) =>
                    parseFloat(
                        (record.innerText.match(/([\d.,]+) \/ [\d.,]+/) || ["", "0"])[1].replace(
                            /,/g,
                            ""
                        )
                    );
                const card = [...document.querySelectorAll(".o_kanban_record")].find(
                    (record) =>
                        record.querySelector("button[name='action_open_numerator']") &&
                        counted(record) > 0
                );
                if (!card) {
                    throw new Error("No KPI card counts any record");
                }
                await helpers.click(card.querySelector("button[name='action_open_numerator']"));
            },
        },
        {
            content: "The counted records",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The dashboard again",
            trigger: ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)",
        },
        ...openMenu(REPORTING, "advisory_feedback.advisory_kpi_snapshot_menu"),
        {
            content: "Open the quarter's snapshot",
            trigger: ".o_list_view .o_data_row:contains('2026 Q3') .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "Its KPIs",
            trigger: ".o_form_view .o_field_widget[name='line_ids'] .o_data_row",
        },
        ...printReport("KPI Evaluation (PDF)"),
        ...printReport("KPI Workbook (xlsx)"),
        noErrorDialog(),
    ],
});

function printReport(report) {
    return [
        {
            content: "Open the actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Open the print menu",
            trigger: ".o-dropdown--menu button:has(.fa-print)",
            run: "click",
        },
        {
            content: `Print ${report}`,
            trigger: `.o-dropdown--menu .o_menu_item:contains('${report}')`,
            run: "click",
        },
        {
            content: "The report is downloaded, no error",
            trigger: "body:not(.o_ui_blocked):not(:has(.o_error_dialog))",
        },
    ];
}
