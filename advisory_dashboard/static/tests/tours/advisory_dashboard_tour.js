import { registry } from "@web/core/registry";

// The Advisory dashboards in Odoo's Dashboards app (tests/test_dashboard_tours.py). The dashboards are found by the external id of their
// group and opened by the names the server gives them, so the tours do not depend on
// the language. A spreadsheet draws its cells on a canvas: the tours read what the
// grid shows from the dashboard's spreadsheet model (its evaluated cells and the
// state of its pivots, lists and charts).

const GROUP = ["advisory_dashboard", "spreadsheet_dashboard_group_advisory"];

/** The Dashboards app's action component (it holds the dashboards' models). */
function dashboardAction() {
    const todo = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (todo.length) {
        const node = todo.shift();
        if (node.component?.constructor?.template === "spreadsheet_dashboard.DashboardAction") {
            return node.component;
        }
        todo.push(...Object.values(node.children));
    }
    throw new Error("The Dashboards app is not open");
}

async function advisoryGroupId() {
    const orm = odoo.__WOWL_DEBUG__.root.env.services.orm;
    const [, groupId] = await orm.call("ir.model.data", "check_object_reference", GROUP);
    return groupId;
}

/** The Advisory section of the Dashboards app as the user sees it, or undefined. */
async function advisorySection() {
    const groupId = await advisoryGroupId();
    return dashboardAction()
        .getDashboardGroups()
        .find((group) => group.id === groupId);
}

async function waitFor(condition, what) {
    for (let tries = 0; tries < 300; tries++) {
        const result = condition();
        if (result) {
            return result;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timeout: ${what}`);
}

/** The model of the open dashboard, once loaded and evaluated. */
async function loadedModel(expectSample) {
    const action = dashboardAction();
    const dashboard = await waitFor(() => {
        const active = action.state.activeDashboard;
        if (active?.status === "Error") {
            throw new Error(`${active.displayName} did not load: ${active.error?.message}`);
        }
        return active?.status === "Loaded" && active;
    }, "the dashboard loads");
    if (Boolean(dashboard.isSample) !== expectSample) {
        throw new Error(
            `${dashboard.displayName}: ${dashboard.isSample ? "sample" : "live"} dashboard shown`
        );
    }
    const { waitForDataLoaded } = odoo.loader.modules.get("@spreadsheet/helpers/model");
    await waitForDataLoaded(dashboard.model);
    return { dashboard, model: dashboard.model };
}

/**
 * Every data source loaded, every chart drawn, no cell showing an error (#ERROR,
 * #BAD_EXPR, #N/A, #DIV/0!, ...). Returns the numbers shown on the first sheet.
 */
function checkNoError(name, model) {
    const { toXC } = odoo.loader.modules.get("@odoo/o-spreadsheet").helpers;
    const getters = model.getters;
    const errors = [];
    for (const pivotId of getters.getPivotIds()) {
        const pivot = getters.getPivot(pivotId);
        if (pivot.isValid && !pivot.isValid()) {
            errors.push(`pivot ${pivotId}: ${pivot.loader?.loadError?.message || "invalid"}`);
        }
    }
    for (const listId of getters.getListIds()) {
        const list = getters.getListDataSource(listId);
        if (!list.isValid()) {
            errors.push(`list ${listId}: invalid`);
        }
    }
    for (const chartId of getters.getOdooChartIds()) {
        if (!getters.getChartDataSource(chartId).isValid()) {
            errors.push(`chart ${chartId}: invalid`);
        }
    }
    let numbers = 0;
    const [firstSheet] = getters.getSheetIds();
    for (const sheetId of getters.getSheetIds()) {
        for (const figure of getters.getFigures(sheetId)) {
            try {
                getters.getChartRuntime(figure.id);
            } catch (error) {
                errors.push(`chart ${figure.id}: ${error.message}`);
            }
        }
        for (const position of getters.getEvaluatedCellsPositions(sheetId)) {
            const cell = getters.getEvaluatedCell(position);
            const ref = `${getters.getSheetName(sheetId)}!${toXC(position.col, position.row)}`;
            if (cell.type === "error") {
                errors.push(`${ref}: ${cell.value} ${cell.message || ""}`);
            } else if (sheetId === firstSheet && cell.type === "number" && cell.value) {
                numbers++;
            }
        }
    }
    if (errors.length) {
        throw new Error(`${name}: ${errors.length} errors\n${errors.join("\n")}`);
    }
    return numbers;
}

/** Open the index-th dashboard of the Advisory section and check what it shows. */
function openAndCheck(index, { sample }) {
    return {
        content: `Open the Advisory dashboard #${index + 1}: it shows no error`,
        trigger: ".o_spreadsheet_dashboard_action .o_search_panel_category_value",
        async run(helpers) {
            const section = await advisorySection();
            const dashboard = section.dashboards[index];
            await helpers.click(`li[data-name="${dashboard.displayName}"]`);
            await waitFor(
                () => dashboardAction().state.activeDashboard?.id === dashboard.id,
                `${dashboard.displayName} opens`
            );
            const { model } = await loadedModel(sample);
            const numbers = checkNoError(dashboard.displayName, model);
            if (!sample && numbers < 3) {
                throw new Error(`${dashboard.displayName}: ${numbers} figures from the data`);
            }
            console.info(`${dashboard.displayName}: ${numbers} numbers, no error`);
        },
    };
}

const sectionListed = (count) => ({
    content: `The Advisory section lists ${count} dashboards`,
    trigger: ".o_spreadsheet_dashboard_action .o_search_panel_category_value",
    async run() {
        const section = await advisorySection();
        const names = section ? section.dashboards.map((d) => d.displayName) : [];
        if (names.length !== count) {
            throw new Error(`Advisory dashboards listed: ${names.join(", ") || "none"}`);
        }
    },
});

registry.category("web_tour.tours").add("advisory_dashboard_manager", {
    url: "/odoo/dashboards",
    steps: () => [
        sectionListed(4),
        openAndCheck(0, { sample: false }),
        openAndCheck(1, { sample: false }),
        openAndCheck(2, { sample: false }),
        openAndCheck(3, { sample: false }),
        // the pipeline for the third quarter of this year
        openAndCheck(1, { sample: false }),
        {
            content: "Filter the period: the third quarter",
            trigger: ".o_control_panel .o-filter-value .date_filter_values select",
            run: "select third_quarter",
        },
        {
            content: "The quarter's figures show, without error",
            trigger: ".o_control_panel .o-filter-value .date_filter_values select",
            async run() {
                const { model, dashboard } = await loadedModel(false);
                const [period] = model.getters.getGlobalFilters();
                const value = model.getters.getGlobalFilterValue(period.id);
                if (value?.period !== "third_quarter") {
                    throw new Error(`Period filter: ${JSON.stringify(value)}`);
                }
                checkNoError(dashboard.displayName, model);
            },
        },
        // from a figure of a pivot to its records
        openAndCheck(0, { sample: false }),
        {
            content: "Click the number of active clients",
            trigger: ".o-dashboard-clickable-cell",
            async run(helpers) {
                const { model } = await loadedModel(false);
                const getters = model.getters;
                const sheetId = getters.getActiveSheetId();
                const position = getters
                    .getEvaluatedCellsPositions(sheetId)
                    .find((position) => {
                        const cell = getters.getCell(position);
                        return (
                            cell?.content ===
                                '=PIVOT.VALUE(1,"__count","lifecycle_state","active")' &&
                            getters.getEvaluatedCell(position).value > 0
                        );
                    });
                if (!position) {
                    throw new Error("No active client shown");
                }
                const rect = getters.getVisibleRect({
                    left: position.col,
                    right: position.col,
                    top: position.row,
                    bottom: position.row,
                });
                const target = [...document.querySelectorAll(".o-dashboard-clickable-cell")].find(
                    (div) =>
                        parseFloat(div.style.left) === rect.x &&
                        parseFloat(div.style.top) === rect.y
                );
                if (!target) {
                    throw new Error("The cell is not clickable");
                }
                await helpers.click(target);
            },
        },
        {
            content: "The active clients are listed",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

registry.category("web_tour.tours").add("advisory_dashboard_samples", {
    url: "/odoo/dashboards",
    steps: () => [
        sectionListed(4),
        openAndCheck(0, { sample: true }),
        openAndCheck(1, { sample: true }),
        openAndCheck(2, { sample: true }),
        openAndCheck(3, { sample: true }),
    ],
});

registry.category("web_tour.tours").add("advisory_dashboard_hidden", {
    url: "/odoo/dashboards",
    steps: () => [
        {
            content: "The Dashboards app opens",
            trigger: ".o_spreadsheet_dashboard_action",
        },
        {
            content: "No Advisory section",
            trigger: ".o_spreadsheet_dashboard_action",
            async run() {
                if (await advisorySection()) {
                    throw new Error("The Advisory dashboards are listed");
                }
            },
        },
    ],
});
