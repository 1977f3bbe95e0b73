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
