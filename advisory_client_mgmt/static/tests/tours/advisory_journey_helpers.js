// Steps shared by the journey tours (tests/test_journey_tours.py). They select
// elements by stable attributes (data-menu-xmlid, field and button names, state
// keys), never by English text, so that the same tours run in any language.

const ADVISORY_APP = "advisory_client_mgmt.menu_advisory_root";

/** Home menu, then the app of the given root menu. */
export function openApp(menuXmlid = ADVISORY_APP) {
    return [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: `Open the app ${menuXmlid}`,
            trigger: `.o_app[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

/** A menu of the top bar: its section (a dropdown), then the menu item. */
export function openMenu(sectionXmlid, menuXmlid) {
    return [
        {
            content: `Open the menu section ${sectionXmlid}`,
            trigger: `.o_menu_sections [data-menu-xmlid='${sectionXmlid}']`,
            run: "click",
        },
        {
            content: `Open the menu ${menuXmlid}`,
            trigger: `.dropdown-item[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

/** The list row of a record, found by a text of its row (a record's data). */
export function openListRow(text, column = "partner_id") {
    return {
        content: `Open the record of ${text}`,
        trigger: `.o_list_view .o_data_row:contains('${text}') .o_data_cell[name='${column}']`,
        run: "click",
    };
}

/** A button of the form's header, by its method name. */
export function clickHeaderButton(name) {
    return {
        content: `Click ${name}`,
        trigger: `.o_form_view .o_statusbar_buttons button[name='${name}']:enabled`,
        run: "click",
    };
}

/** A stat button of the form, under "More" when the button box is full. */
export function clickStatButton(name) {
    const button = `.o-form-buttonbox button[name='${name}']`;
    return [
        {
            content: `Show ${name} (under More when the button box is full)`,
            trigger: ".o_form_view .o-form-buttonbox",
            async run(helpers) {
                if (!document.querySelector(`.o_form_view ${button}`)) {
                    await helpers.click(".o_form_view .o-form-buttonbox .o_button_more");
                }
            },
        },
        {
            content: `Click ${name}`,
            trigger: button,
            run: "click",
        },
    ];
}

/** The button of a confirmation dialog. */
export function confirmDialog() {
    return {
        content: "Confirm",
        trigger: ".modal .modal-footer .btn-primary",
        run: "click",
    };
}

/** The status bar shows the given state (its key, not its label). */
export function expectState(state) {
    return {
        content: `The record is in state ${state}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='${state}']`,
    };
}

/** A tab of the form's notebook, by its page name. */
export function openTab(page) {
    return {
        content: `Open the tab ${page}`,
        trigger: `.o_form_view .o_notebook .nav-link[name='${page}']`,
        run: "click",
    };
}

/** Type into the input of a field. */
export function editField(name, text, scope = ".o_form_view") {
    return {
        content: `Fill in ${name}`,
        trigger: `${scope} .o_field_widget[name='${name}'] :is(input, textarea)`,
        run: `edit ${text}`,
    };
}

/** Type into an html field (the first paragraph of its editor). */
export function editHtml(name, text) {
    return [
        {
            content: `Write ${name}`,
            trigger: `.o_form_view .o_field_html[name='${name}'] .odoo-editor-editable > :first-child`,
            run: `editor ${text}`,
        },
        {
            content: `${name} is written`,
            trigger: `.o_form_view .o_field_html[name='${name}'] .odoo-editor-editable:contains('${text}')`,
        },
    ];
}

/** Save the form and wait for the save. */
export function saveForm() {
    return [
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ];
}

export function noErrorDialog() {
    return {
        content: "No error dialog",
        trigger: "body:not(:has(.o_error_dialog, .o_dialog .modal-title:contains('Error')))",
    };
}

// ---------------------------------------------------------------------------
// Translation check (the zh_CN runs of the tours)
// ---------------------------------------------------------------------------

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
// OCA base_tier_validation's buttons and review panel on our forms: its zh_CN.po
// leaves them untranslated ("Validate", "Reject", "Restart Validation", ...); not
// our addons' labels, reported upstream rather than failing our journeys
const NOT_OURS = [
    "button[name='request_validation']",
    "button[name='restart_validation']",
    "button[name='validate_tier']",
    "button[name='reject_tier']",
    ".o_field_widget[name='review_ids'] *",
].join(",");
// Latin words that are the same in Chinese UI text (abbreviations, units)
const KEEP = /^(KPI|KPIs|NPS|CSAT|PDF|xlsx|ID|CEO|CFO|M|%|v\d+)$/i;

/** The texts of the labels, buttons, tabs, states, columns and menus our addons
 * put on the screen (under the given scopes), that are in Latin letters only. */
export function untranslatedTexts(scopes) {
    const selectors = [
        ".o_form_label",
        ".o_stat_text",
        ".o_statusbar_buttons button",
        ".o_statusbar_status button",
        ".o_notebook .nav-link",
        ".o_horizontal_separator",
        ".o_list_view thead th[data-name]",
        ".o_kanban_header .o_column_title",
        ".o_field_widget select option",
        ".ribbon span",
        "button.btn",
        ".o_menu_brand",
        ".o_menu_sections .o_nav_entry",
        ".o_menu_sections .dropdown-toggle",
        ".o_menu_sections .dropdown-item",
        ".o_breadcrumb .o_last_breadcrumb_item",
    ];
    const found = new Set();
    const add = (text) => {
        text = (text || "").replace(/\s+/g, " ").trim();
        if (!text || CJK.test(text) || !/[A-Za-z]{2,}/.test(text)) {
            return;
        }
        if (text.split(/[\s/()]+/).every((word) => !word || KEEP.test(word))) {
            return;
        }
        found.add(text);
    };
    for (const scope of scopes) {
        for (const root of document.querySelectorAll(scope)) {
            const elements = root.matches(selectors.join(","))
                ? [root]
                : root.querySelectorAll(selectors.join(","));
            for (const element of elements) {
                if (!element.matches(NOT_OURS)) {
                    add(element.innerText || element.textContent);
                }
            }
            // the placeholders of our fields (inputs and html editors)
            for (const element of root.querySelectorAll("[placeholder]")) {
                if (!element.matches(NOT_OURS)) {
                    add(element.getAttribute("placeholder"));
                }
            }
        }
    }
    return [...found];
}

/** A step that fails when a text of our addons under the scopes is not in
 * Chinese (only in the zh_CN runs), once ``trigger`` shows the screen is there. */
export function checkChinese(screen, scopes, enabled, trigger = scopes[0]) {
    if (!enabled) {
        return [];
    }
    return [
        {
            content: `${screen}: every label of our addons is in Chinese`,
            trigger,
            run() {
                const english = untranslatedTexts(scopes);
                if (english.length) {
                    throw new Error(
                        `Untranslated on ${screen}: ${english
                            .map((text) => JSON.stringify(text))
                            .join(", ")}`
                    );
                }
            },
        },
    ];
}
