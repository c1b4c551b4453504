/** @odoo-module **/
import {registry} from "@web/core/registry";

/**
 * A manager opens the Customer Loyalty app: it opens on the dashboard, whose
 * headline KPIs and monthly charts load from the reporting models, then
 * narrows it to one segment with the global filter.
 */
registry.category("web_tour.tours").add("customer_loyalty_dashboard", {
    steps: () => [
        {trigger: ".o_navbar_apps_menu button", run: "click"},
        {trigger: ".o_app[data-menu-xmlid='customer_loyalty.customer_loyalty_menu_root']", run: "click"},
        {trigger: ".o_spreadsheet_dashboard_action .o_search_panel li.active:contains(Customer Loyalty)"},
        // the headline KPIs of the last closed month
        {trigger: ".o_spreadsheet_dashboard_action canvas.o-scorecard[title='Satisfaction index']"},
        {trigger: ".o_spreadsheet_dashboard_action canvas.o-scorecard[title='Complaints']"},
        {trigger: ".o_spreadsheet_dashboard_action canvas.o-scorecard[title='Preferential revenue']"},
        {trigger: ".o_spreadsheet_dashboard_action canvas.o-scorecard[title='Customers at risk']"},
        // the monthly charts, read from the ticket and satisfaction analyses
        {trigger: ".o_spreadsheet_dashboard_action .o-figure canvas:not(.o-scorecard)"},
        // the segment filter narrows every figure to one segment
        {trigger: ".o_control_panel .o-filter-value input[placeholder*='Segment']", run: "edit Star"},
        {trigger: ".o-autocomplete--dropdown-item a:contains(Star)", run: "click"},
        {trigger: ".o_control_panel .o-filter-value .o_tag:contains(Star)"},
        {trigger: ".o_spreadsheet_dashboard_action canvas.o-scorecard[title='Satisfaction index']"},
    ],
});
