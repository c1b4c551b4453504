/** @odoo-module **/
import {registry} from "@web/core/registry";

/**
 * The agent flow of the loyalty process: an agent opens a ticket for a star
 * customer, answers the intake questions, tries to close it with one required
 * answer missing (and reads the error), completes it and closes it with a
 * resolution summary.
 */
const answers = ".o_field_widget[name='intake_answer_ids']";

registry.category("web_tour.tours").add("customer_loyalty_agent_star_ticket", {
    steps: () => [
        // a new ticket from the loyalty ticket list
        {trigger: ".o_list_view, .o_kanban_view"},
        {trigger: ".o_control_panel_main_buttons .o-kanban-button-new, .o_list_button_add", run: "click"},
        {trigger: ".o_form_view .o_field_widget[name='name'] input", run: "edit Server srv-7 must be reinstalled"},
        {
            trigger: ".o_field_widget[name='description'] .odoo-editor-editable",
            run: "editor The customer wants a clean Debian on srv-7.",
        },
        {trigger: ".o_field_widget[name='partner_id'] input", run: "edit Ana Star"},
        {trigger: ".o-autocomplete--dropdown-item a:contains(Ana Star)", run: "click"},
        // the customer is a star: the ticket shows the segment
        {trigger: ".o_field_widget[name='customer_segment_id']:contains(Star)"},
        {trigger: ".o_field_widget[name='category_id'] input", run: "edit Test server reinstall"},
        {trigger: ".o-autocomplete--dropdown-item a:contains(Test server reinstall)", run: "click"},
        {trigger: ".o_form_button_save", run: "click"},
        {trigger: ".o_form_saved"},
        // the intake questions of the category appear
        {trigger: ".o_form_view .o_field_widget[name='intake_progress']:contains(0 / 3)"},
        {trigger: ".o_notebook a[name='intake']", run: "click"},
        {
            trigger: `${answers} .o_data_row:contains(Server IP) td[name='value_text']`,
            run: "click",
        },
        {
            trigger: `${answers} .o_data_row:contains(Server IP) td[name='value_text'] textarea`,
            run: "edit 185.42.10.7",
        },
        {
            trigger: `${answers} .o_data_row:contains(Operating system) td[name='value_option_id']`,
            run: "click",
        },
        {
            trigger: `${answers} .o_data_row:contains(Operating system) td[name='value_option_id'] input`,
            run: "edit Debian",
        },
        {trigger: ".o-autocomplete--dropdown-item a:contains(Debian)", run: "click"},
        {trigger: ".o_notebook a[name='resolution']", run: "click"},
        {
            trigger: ".o_field_widget[name='resolution_summary'] .odoo-editor-editable",
            run: "editor Reinstalled with Debian 12; credentials sent by phone.",
        },
        {trigger: ".o_form_button_save", run: "click"},
        {trigger: ".o_form_saved"},
        {trigger: ".o_form_view .o_field_widget[name='intake_progress']:contains(2 / 3)"},
        // closing with the number of disks missing is refused with the reason
        {trigger: ".o_statusbar_status button:contains(Tour Solved)", run: "click"},
        {trigger: ".modal:contains(cannot be closed yet):contains(Disks to format)"},
        {trigger: ".modal .modal-footer .btn-primary", run: "click"},
        {trigger: "body:not(:has(.modal))"},
        {trigger: ".o_form_button_cancel", run: "click"},
        {trigger: ".o_notebook a[name='intake']", run: "click"},
        {
            trigger: `${answers} .o_data_row:contains(Disks to format) td[name='value_number']`,
            run: "click",
        },
        {
            trigger: `${answers} .o_data_row:contains(Disks to format) td[name='value_number'] input`,
            run: "edit 2",
        },
        {trigger: ".o_form_button_save", run: "click"},
        {trigger: ".o_form_saved"},
        {trigger: ".o_form_view .o_field_widget[name='intake_progress']:contains(3 / 3)"},
        // now it closes
        {trigger: ".o_statusbar_status button:contains(Tour Solved)", run: "click"},
        {trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Tour Solved)"},
        {trigger: "body:not(:has(.modal))"},
    ],
});
