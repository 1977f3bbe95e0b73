import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("advisory_feedback_portal_tour", {
    url: "/my/feedback",
    steps: () => [
        {
            content: "Open the new feedback form",
            trigger: "a.o_feedback_new",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Send the form empty: the errors show",
            trigger: "button.o_feedback_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The subject is required",
            trigger: "input[name='subject'].is-invalid",
        },
        {
            content: "Write a subject",
            trigger: "input[name='subject']",
            run: "edit Quarterly report arrived late",
        },
        {
            content: "Choose a category",
            trigger: "select[name='category']",
            run: "select communication",
        },
        {
            content: "Describe the feedback",
            trigger: "textarea[name='description']",
            run: "edit The Q3 report came two weeks after the agreed date.",
        },
        {
            content: "Send the feedback",
            trigger: "button.o_feedback_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ticket is confirmed",
            trigger: ".o_feedback_created",
        },
        {
            content: "Back to the list",
            trigger: ".breadcrumb a[href='/my/feedback']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The new ticket is listed",
            trigger: ".o_feedback_subject:contains('Quarterly report arrived late')",
        },
    ],
});
