/** @odoo-module **/
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * New ticket page: show the intake questions of the chosen category (and
 * team: a team may have its own template; "0" stands for no team chosen).
 * Questions of other blocks are disabled so that they are not posted; the
 * server checks the answers anyway.
 */
publicWidget.registry.CustomerLoyaltyIntake = publicWidget.Widget.extend({
    selector: "form[action='/submitted/ticket']",
    events: {
        "change select[name='category']": "_onCategoryChange",
        "change select[name='team']": "_onCategoryChange",
    },
    start() {
        this._toggleIntakeBlocks();
        return this._super(...arguments);
    },
    _onCategoryChange() {
        this._toggleIntakeBlocks();
    },
    _toggleIntakeBlocks() {
        const select = this.el.querySelector("select[name='category']");
        const categoryId = select ? select.value : "";
        const teamSelect = this.el.querySelector("select[name='team']");
        const teamKey = (teamSelect && teamSelect.value) || "0";
        for (const block of this.el.querySelectorAll(".o_cl_intake_block")) {
            const active =
                block.dataset.categoryId === categoryId &&
                block.dataset.teamKeys.split(" ").includes(teamKey);
            block.classList.toggle("d-none", !active);
            for (const input of block.querySelectorAll("input, select, textarea")) {
                input.disabled = !active;
            }
        }
    },
});
