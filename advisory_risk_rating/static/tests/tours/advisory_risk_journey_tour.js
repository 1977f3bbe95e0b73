import { registry } from "@web/core/registry";
import {
    clickStatButton,
    expectState,
    noErrorDialog,
    openApp,
    openMenu,
} from "@advisory_client_mgmt/../tests/tours/advisory_journey_helpers";

// 6. Risk officer: a downgrade validated from the watchlist, clicked as a person
// would: the early warning, its client, the client's ratings, the rating waiting
// for validation (tests/test_journey_tours.py prepares the downgrade and checks the
// client's rating after the tour).
registry.category("web_tour.tours").add("advisory_journey_risk_downgrade", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu(
            "advisory_risk_rating.menu_advisory_risk",
            "advisory_risk_rating.advisory_risk_alert_menu"
        ),
        {
            content: "Open the client's downgrade warning",
            trigger:
                ".o_kanban_record:contains('Journey Risk Co'):contains('Grade lowered from A to B')",
            run: "click",
        },
        {
            content: "Open the client",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] a",
            run: "click",
        },
        ...clickStatButton("action_view_risk_assessments"),
        {
            content: "Open the downgrade waiting for validation",
            trigger: ".o_list_view .o_data_row.text-danger .o_data_cell[name='partner_id']",
            run: "click",
        },
        expectState("to_validate"),
        {
            content: "Validate the rating",
            trigger: ".o_form_view button[name='validate_tier']",
            run: "click",
        },
        expectState("validated"),
        noErrorDialog(),
    ],
});
