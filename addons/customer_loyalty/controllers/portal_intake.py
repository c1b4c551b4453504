import werkzeug

from odoo import Command, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from ..models.helpdesk_ticket_classification import CONTACT_TYPES
from ..models.helpdesk_ticket_intake_answer import MAX_ANSWER_LENGTH

INTAKE_PREFIX = "intake_"


class HelpdeskIntakeController(HelpdeskTicketController):
    """The portal "new ticket" page asks the intake questions of the chosen
    category and stores the answers on the ticket (everything is
    gathered in one contact). Required answers and types are checked here, on
    the server: nothing is stored when one is wrong."""

    def _intake_template_for(self, category, team=None, company=None):
        ticket = (
            request.env["helpdesk.ticket"]
            .sudo()
            .new(
                {
                    "category_id": category.id,
                    "team_id": team.id if team else False,
                    "company_id": (
                        company or category.company_id or request.env.company
                    ).id,
                }
            )
        )
        templates = request.env["helpdesk.intake.template"].sudo()
        return templates._find_for_tickets(ticket).get(ticket, templates)

    def _intake_default_team(self):
        """Team a ticket of the portal user gets when the form names none:
        the team of the customer's segment (see ``helpdesk.ticket.create``)."""
        customer = request.env.user.partner_id.commercial_partner_id.sudo()
        segment = (
            customer.customer_segment_id
            or request.env.company.sudo().default_customer_segment_id
        )
        return segment.team_id

    def _intake_blocks(self, categories, teams):
        """Question blocks of the new ticket page: one per category and
        template, with the teams it applies to (``0``: no team chosen).

        A team-specific template replaces the general one when the customer
        chooses that team, so the page asks exactly what the server checks.
        """
        default_team = self._intake_default_team()
        keys = [("0", default_team)] + [(str(team.id), team) for team in teams]
        # one draft ticket per category and team, matched in one search
        Ticket = request.env["helpdesk.ticket"].sudo()
        drafts = {}
        for category in categories:
            for key, team in keys:
                drafts[category, key] = Ticket.new(
                    {
                        "category_id": category.id,
                        "team_id": team.id,
                        "company_id": (category.company_id or request.env.company).id,
                    }
                )
        found = (
            request.env["helpdesk.intake.template"]
            .sudo()
            ._find_for_tickets(Ticket.concat(*drafts.values()))
        )
        blocks = []
        for category in categories:
            by_template = {}
            for key, _team in keys:
                template = found.get(drafts[category, key])
                if template:
                    by_template.setdefault(template, []).append(key)
            blocks += [
                {
                    "category_id": category.id,
                    "team_keys": " ".join(team_keys),
                    "template": template,
                }
                for template, team_keys in by_template.items()
            ]
        return blocks

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["intake_blocks"] = self._intake_blocks(
            values["categories"], values["teams"]
        )
        values.setdefault("intake_posted", {})
        values.setdefault("intake_error", False)
        return values

    def _intake_posted_category(self, kw):
        """The category of the posted form, checked before helpdesk_mgmt uses
        it: an unknown id, or one the customer cannot choose, is a translated
        ValidationError (not a server error)."""
        env = request.env
        category = env["helpdesk.ticket.category"]
        if kw.get("team") and not str(kw["team"]).isdigit():
            raise ValidationError(
                env._(
                    "The team %(team)s does not exist: choose one of the list.",
                    team=kw["team"],
                )
            )
        if not kw.get("category"):
            return category
        category_id = int(kw["category"]) if str(kw["category"]).isdigit() else False
        if env.user.company_id.helpdesk_mgmt_portal_select_category:
            allowed = self._get_categories(**kw)
        else:
            # The page offers no category, but a posted one is still used by
            # helpdesk_mgmt: accept only those shown in the portal.
            allowed = category.search(
                [("id", "=", category_id), ("show_in_portal", "=", True)]
            )
        category = allowed.filtered(lambda c: c.id == category_id)
        if not category:
            raise ValidationError(
                env._(
                    "The category %(category)s does not exist or cannot be "
                    "chosen here: choose one of the list.",
                    category=kw["category"],
                )
            )
        return category

    def _intake_answer_commands(self, kw, vals, category):
        """Answer lines for the posted form (``vals``: the values of the new
        ticket, ``category``: its checked category), or a translated
        ValidationError."""
        env = request.env
        posted = {
            key[len(INTAKE_PREFIX) :]: value
            for key, value in kw.items()
            if key.startswith(INTAKE_PREFIX)
        }
        # the team the ticket will get: the chosen one, else the segment's
        team = env["helpdesk.ticket.team"].sudo().browse(vals.get("team_id"))
        if not team:
            team = self._intake_default_team()
        company = env["res.company"].browse(vals.get("company_id"))
        template = (
            self._intake_template_for(category, team, company) if category else None
        )
        lines = template.line_ids if template else env["helpdesk.intake.template.line"]
        lines_by_id = {str(line.id): line for line in lines}
        unknown = [key for key in posted if key not in lines_by_id]
        if unknown:
            raise ValidationError(
                env._(
                    "These questions are not asked for this category: %(ids)s. "
                    "Reload the page and answer the questions shown.",
                    ids=", ".join(unknown),
                )
            )
        Answer = env["helpdesk.ticket.intake.answer"].sudo()
        commands, missing, errors = [], [], []
        for line in lines:
            try:
                vals = Answer._parse_raw_value(line, posted.get(str(line.id)))
            except ValidationError as error:
                errors.append(error.args[0])
                continue
            if not vals and line.is_required:
                missing.append(line.question)
            commands.append(Command.create({"line_id": line.id, **vals}))
        if missing:
            errors.append(
                env._(
                    "Please answer the required questions: %(questions)s.",
                    questions=", ".join(missing),
                )
            )
        if errors:
            raise ValidationError("\n".join(errors))
        return commands

    def _intake_check_posted_team(self, kw, vals):
        """helpdesk_mgmt takes any team shown in some portal, as superuser: a
        posted team must be one the customer may choose, of the ticket's
        company."""
        env = request.env
        company = env["res.company"].browse(vals["company_id"])
        if not kw.get("team") or not company.sudo().helpdesk_mgmt_portal_select_team:
            return
        team = env["helpdesk.ticket.team"].search(
            [
                ("id", "=", int(kw["team"])),
                ("active", "=", True),
                ("show_in_portal", "=", True),
                ("company_id", "in", [False, env.user.company_id.id]),
            ]
        )
        if not team or (team.company_id and team.company_id != company):
            raise ValidationError(
                env._(
                    "The team %(team)s cannot be chosen here: choose one of the list.",
                    team=kw["team"],
                )
            )

    def _prepare_submit_ticket_vals(self, **kw):
        category = self._intake_posted_category(kw)
        vals = super()._prepare_submit_ticket_vals(**kw)
        self._intake_check_posted_team(kw, vals)
        commands = self._intake_answer_commands(kw, vals, category)
        if commands:
            vals["intake_answer_ids"] = commands
        if kw.get("contact_type"):
            if kw["contact_type"] not in dict(CONTACT_TYPES):
                raise ValidationError(
                    request.env._(
                        "%(value)s is not a kind of request: choose one of the list.",
                        value=kw["contact_type"],
                    )
                )
            vals["contact_type"] = kw["contact_type"]
        return vals

    @http.route(
        "/submitted/ticket",
        type="http",
        auth="user",
        website=True,
        csrf=True,
        methods=["POST"],
    )
    def submit_ticket(self, **kw):
        try:
            with request.env.cr.savepoint():
                return super().submit_ticket(**kw)
        except (ValidationError, UserError) as error:
            values = self._get_create_new_ticket_values(**kw)
            # the form is shown again with the input, except oversized values
            posted = {
                key: value
                for key, value in kw.items()
                if not isinstance(value, str) or len(value) <= MAX_ANSWER_LENGTH
            }
            values.update(intake_error=error.args[0], intake_posted=posted)
            response = request.render("helpdesk_mgmt.portal_create_ticket", values)
            response.status_code = 400
            return response

    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, **kw):
        """Close a ticket from the portal: a form POST with its CSRF token (a
        link in an e-mail never closes a ticket), to a closing stage of the
        ticket's own team. Missing required intake answers bring the ticket
        page back with the reason, not a server error."""
        # helpdesk_mgmt closes any ticket id it is given, as superuser: only
        # a ticket the user may read is closed, and nothing else is passed on
        ticket_id = str(kw.get("ticket_id") or "")
        stage_id = str(kw.get("stage_id") or "")
        if not ticket_id.isdigit() or not stage_id.isdigit():
            return request.not_found()
        ticket = request.env["helpdesk.ticket"].browse(int(ticket_id))
        if not ticket.exists() or not ticket.has_access("read"):
            return request.not_found()
        closing_stages = (
            ticket.sudo()
            .team_id._get_applicable_stages()
            .filtered(lambda stage: stage.close_from_portal)
        )
        if int(stage_id) not in closing_stages.ids:
            # as helpdesk_mgmt does for a stage that cannot close: back to the
            # ticket page, nothing changed
            return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")
        kw = {"ticket_id": ticket_id, "stage_id": stage_id}
        try:
            with request.env.cr.savepoint():
                return super().support_ticket_close(**kw)
        except (ValidationError, UserError) as error:
            query = werkzeug.urls.url_encode({"close_error": error.args[0]})
            return request.redirect(f"/my/ticket/{ticket.id}?{query}")


class CustomerPortalHelpdeskIntake(CustomerPortalHelpdesk):
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values["intake_close_error"] = kwargs.get("close_error")
        return values
