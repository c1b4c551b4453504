/** @odoo-module **/
import {registry} from "@web/core/registry";

/**
 * A portal customer opens a ticket of a category with intake questions: only
 * that category's questions are shown, and the answers appear on the ticket.
 */
registry.category("web_tour.tours").add("customer_loyalty_portal_intake", {
    url: "/new/ticket",
    steps: () => [
        {
            trigger: "select[name='category']",
            run: "selectByLabel Test server reinstall",
        },
        {
            trigger: ".o_cl_intake_block:not(.d-none) legend:contains(Reinstall)",
            run() {
                const blocks = document.querySelectorAll(".o_cl_intake_block");
                const shown = [...blocks].filter((b) => !b.classList.contains("d-none"));
                if (shown.length !== 1) {
                    throw new Error(`${shown.length} intake blocks shown instead of 1`);
                }
                for (const block of blocks) {
                    if (block === shown[0]) {
                        continue;
                    }
                    for (const input of block.querySelectorAll("input, select, textarea")) {
                        if (!input.disabled) {
                            throw new Error("A question of another category is posted");
                        }
                    }
                }
            },
        },
        {trigger: "input[name='subject']", run: "edit Reinstall my server"},
        {trigger: "textarea[name='description']", run: "edit Please reinstall it"},
        {
            trigger: ".o_cl_intake_block:not(.d-none) textarea",
            run: "edit 10.0.0.7",
        },
        {
            trigger: ".o_cl_intake_block:not(.d-none) select",
            run: "selectByLabel Debian",
        },
        {
            trigger: ".o_cl_intake_block:not(.d-none) input[type='number']",
            run: "edit 2",
        },
        {trigger: "button[type='submit']", run: "click"},
        {trigger: ".o_cl_intake_answers:contains(10.0.0.7):contains(Debian)"},
    ],
});
