import { waitUntil } from "@odoo/hoot-dom";
import { registry } from "@web/core/registry";

// The client accepts a proposal and signs a contract in the portal with Odoo's
// signature form (tests/test_proposal_portal.py and tests/test_contract_portal.py
// prepare the documents and check the database after each tour).

function signSteps(openButton) {
    return [
        {
            content: "Open the signature form",
            trigger: openButton,
            run: "click",
        },
        {
            content: "The signer's name is filled in",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Alice Alpha)",
        },
        {
            content: "The signature is drawn from the name",
            trigger: ".modal canvas.o_web_sign_signature",
            async run(helpers) {
                await waitUntil(() => {
                    const canvas = helpers.anchor;
                    const context = canvas.getContext("2d");
                    const image = context.getImageData(0, 0, canvas.width, canvas.height);
                    return new Uint32Array(image.data.buffer).some((pixel) => pixel !== 0);
                });
            },
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The signature is recorded",
            trigger: ".o_advisory_signed",
        },
    ];
}

registry.category("web_tour.tours").add("advisory_proposal_portal_accept_tour", {
    url: "/my/proposals",
    steps: () => [
        {
            content: "Open the proposal",
            trigger: "tr.o_advisory_proposal_row a",
            run: "click",
            expectUnloadPage: true,
        },
        ...signSteps("button.o_advisory_proposal_accept"),
    ],
});

registry.category("web_tour.tours").add("advisory_contract_portal_sign_tour", {
    url: "/my/contracts",
    steps: () => [
        {
            content: "Open the contract",
            trigger: "tr.o_advisory_contract_row a",
            run: "click",
            expectUnloadPage: true,
        },
        ...signSteps("button.o_advisory_contract_sign"),
    ],
});

// The client's journey in her workspace (tests/test_engagement_portal.py): she reads
// the progress update of her running engagement, then accepts the proposal of the
// new one and signs its contract, each from the engagement's page.
registry.category("web_tour.tours").add("advisory_client_workspace_tour", {
    url: "/my/engagements",
    steps: () => [
        {
            content: "Open the running engagement (the older one)",
            trigger: "tr.o_engagement_row:last a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Read its progress update",
            trigger: ".o_engagement_update:contains(Term sheets received):contains(Three banks sent their term sheets.)",
        },
        {
            content: "Back to the engagements",
            trigger: ".breadcrumb a[href='/my/engagements']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the new engagement",
            trigger: "tr.o_engagement_row:first a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open its proposal",
            trigger: ".o_engagement_proposals a",
            run: "click",
            expectUnloadPage: true,
        },
        ...signSteps("button.o_advisory_proposal_accept"),
        {
            content: "Home",
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Her engagements",
            trigger: ".o_portal_my_home a[href='/my/engagements']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the new engagement again",
            trigger: "tr.o_engagement_row:first a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The proposal shows as accepted; open the contract",
            trigger: ".o_engagement_contracts a",
            run: "click",
            expectUnloadPage: true,
        },
        ...signSteps("button.o_advisory_contract_sign"),
    ],
});
