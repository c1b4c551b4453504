/** @odoo-module **/
import {registry} from "@web/core/registry";

/**
 * The manager flow of the loyalty process: a manager reads the KPI scorecard,
 * drills into its pivot down to the values, opens the importance-satisfaction
 * matrix, creates an improvement area from an improvement candidate (an item
 * customers find important and rate low) with one click, assesses it as
 * SMART, selects it and starts a SMART project from it.
 */
function openMenu(section, item) {
    return [
        {trigger: `.o_menu_sections button:contains(${section})`, run: "click"},
        {trigger: `.dropdown-item:contains(${item}), .o-dropdown-item:contains(${item})`, run: "click"},
    ];
}

registry.category("web_tour.tours").add("customer_loyalty_manager_improvement", {
    steps: () => [
        // the scorecard: KPI x period with status
        {trigger: ".o_list_view .o_data_row .o_field_cell[name='kpi_id']"},
        {trigger: ".o_switch_view.o_pivot", run: "click"},
        {trigger: ".o_pivot td.o_pivot_cell_value:not(.o_empty)", run: "click"},
        // the drill-down lists the values behind the cell
        {trigger: ".o_list_view .o_data_row"},
        {trigger: ".o_breadcrumb .breadcrumb-item:first-child a, .o_breadcrumb .o_back_button", run: "click"},
        {trigger: ".o_pivot"},
        // the importance-satisfaction matrix shows the candidates
        ...openMenu("Reporting", "Importance-Satisfaction Matrix"),
        {trigger: ".o_graph_renderer canvas, .o_pivot"},
        // the improvement candidates: one click turns one into an area
        ...openMenu("Reporting", "Improvement Candidates"),
        {trigger: ".o_list_view .o_data_row .o_field_cell[name='quadrant']"},
        {trigger: ".o_data_row button[name='action_create_improvement_area']", run: "click"},
        {trigger: ".o_form_view .o_field_widget[name='origin']"},
        {trigger: ".o_notebook a[name='evidence']", run: "click"},
        {trigger: ".o_field_widget[name='survey_question_ids'] .o_tag"},
        {trigger: ".o_notebook a[name='smart']", run: "click"},
        {trigger: ".o_field_widget[name='smart_specific'] input", run: "click"},
        {trigger: ".o_field_widget[name='smart_measurable'] input", run: "click"},
        {trigger: ".o_field_widget[name='smart_achievable'] input", run: "click"},
        {trigger: ".o_field_widget[name='smart_relevant'] input", run: "click"},
        {trigger: ".o_field_widget[name='smart_time_bound'] input", run: "click"},
        {trigger: ".o_form_button_save", run: "click"},
        {trigger: ".o_form_saved"},
        {trigger: ".o_form_view .ribbon:contains(SMART)"},
        {trigger: ".o_form_statusbar button[name='action_select']", run: "click"},
        {trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Selected)"},
        // and a SMART project from it
        {trigger: ".o_form_statusbar button[name='action_create_project']", run: "click"},
        {trigger: ".o_form_view .o_field_widget[name='area_id'] input"},
        {trigger: ".o_field_widget[name='objective'] textarea", run: "edit Explain the payment methods to every public administration at contract time."},
        {trigger: ".o_form_button_save", run: "click"},
        {trigger: ".o_form_saved"},
    ],
});
