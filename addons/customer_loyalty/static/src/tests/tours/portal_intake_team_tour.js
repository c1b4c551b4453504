/** @odoo-module **/
import {registry} from "@web/core/registry";

function shownLegends() {
    return [...document.querySelectorAll(".o_cl_intake_block:not(.d-none) legend")].map(
        (legend) => legend.textContent.trim()
    );
}

function checkShown(expected) {
    const shown = shownLegends();
    if (shown.length !== expected.length || shown.some((name, i) => name !== expected[i])) {
        throw new Error(`Intake blocks shown: ${shown.join(", ")}; expected: ${expected}`);
    }
    for (const block of document.querySelectorAll(".o_cl_intake_block.d-none")) {
        for (const input of block.querySelectorAll("input, select, textarea")) {
            if (!input.disabled) {
                throw new Error("A question of a hidden block would be posted");
            }
        }
    }
}

/**
 * A team has its own template for a category: choosing the team swaps the
 * questions shown for the category, and the ticket is stored with them.
 */
registry.category("web_tour.tours").add("customer_loyalty_portal_intake_team", {
    url: "/new/ticket",
    steps: () => [
        {
            trigger: "select[name='category']",
            run: "selectByLabel Test server reinstall",
        },
        {
            trigger: ".o_cl_intake_block:not(.d-none) legend:contains(Reinstall)",
            run: () => checkShown(["Reinstall"]),
        },
        {trigger: "select[name='team']", run: "selectByLabel VIP desk"},
        {
            trigger: ".o_cl_intake_block:not(.d-none) legend:contains(VIP desk)",
            run: () => checkShown(["Reinstall on the VIP desk"]),
        },
        {trigger: "input[name='subject']", run: "edit Reinstall my VIP server"},
        {trigger: "textarea[name='description']", run: "edit Please reinstall it"},
        {
            trigger: ".o_cl_intake_block:not(.d-none) textarea",
            run: "edit VIP-99",
        },
        {trigger: "button[type='submit']", run: "click"},
        {trigger: ".o_cl_intake_answers:contains(VIP-99)"},
    ],
});
