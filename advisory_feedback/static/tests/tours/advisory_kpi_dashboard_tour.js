import { registry } from "@web/core/registry";

// Advisory > Reporting > KPI Dashboard, clicked as a person would: the dashboard
// (the KPI cards of the latest snapshot) opens without an error dialog.
registry.category("web_tour.tours").add("advisory_kpi_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Advisory app",
            trigger: ".o_app[data-menu-xmlid='advisory_client_mgmt.menu_advisory_root']",
            run: "click",
        },
        {
            content: "Open the Reporting menu",
            trigger:
                ".o_menu_sections [data-menu-xmlid='advisory_client_mgmt.menu_advisory_reporting']",
            run: "click",
        },
        {
            content: "Open the KPI dashboard",
            trigger:
                ".dropdown-item[data-menu-xmlid='advisory_feedback.advisory_kpi_dashboard_menu']",
            run: "click",
        },
        {
            content: "The KPI cards show, no error",
            trigger: ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
