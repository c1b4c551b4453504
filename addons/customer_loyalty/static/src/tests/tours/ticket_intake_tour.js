/** @odoo-module **/
import {registry} from "@web/core/registry";

/**
 * An agent opens a ticket with intake questions, answers one in the Intake
 * tab and sees the completeness badge move.
 */
registry.category("web_tour.tours").add("customer_loyalty_ticket_intake", {
    steps: () => [
        {trigger: ".o_form_view .o_field_widget[name='intake_progress']:contains(0 / 3)"},
        {trigger: ".o_notebook a[name='intake']", run: "click"},
        {
            trigger:
                ".o_field_widget[name='intake_answer_ids'] .o_data_row:contains(Server IP) td[name='value_text']",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name='intake_answer_ids'] .o_data_row:contains(Server IP) td[name='value_text'] textarea",
            run: "edit 10.0.0.7",
        },
        {trigger: ".o_form_button_save", run: "click"},
        {trigger: ".o_form_saved"},
        {trigger: ".o_form_view .o_field_widget[name='intake_progress']:contains(1 / 3)"},
    ],
});
