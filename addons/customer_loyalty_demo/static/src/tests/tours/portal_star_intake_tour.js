/** @odoo-module **/
import {registry} from "@web/core/registry";

/**
 * The star customer of the demo, logged in with the portal login the README
 * gives, opens a ticket: choosing the category "Dedicated server reinstall"
 * brings its intake questions, whose answers reach the ticket.
 */
registry.category("web_tour.tours").add("customer_loyalty_demo_portal_intake", {
    url: "/my/tickets",
    steps: () => [
        {trigger: "form[action='/new/ticket'] button[name='create_new_ticket']", run: "click"},
        {
            trigger: "select[name='category']",
            run: "selectByLabel Dedicated server reinstall",
        },
        {trigger: ".o_cl_intake_block:not(.d-none) legend:contains(Dedicated server reinstall)"},
        {trigger: "input[name='subject']", run: "edit Reinstall srv-hospital-01"},
        {trigger: "textarea[name='description']", run: "edit Please reinstall the server of the lab."},
        {
            trigger: ".o_cl_intake_block:not(.d-none) textarea",
            run: "edit srv-hospital-01",
        },
        {
            trigger: ".o_cl_intake_block:not(.d-none) select",
            run: "selectByLabel Debian 12",
        },
        {
            trigger: ".o_cl_intake_block:not(.d-none) input[type='radio'][value='yes']",
            run: "click",
        },
        {trigger: "button[type='submit']", run: "click"},
        {trigger: ".o_cl_intake_answers:contains(srv-hospital-01):contains(Debian 12)"},
    ],
});
