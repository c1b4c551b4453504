import re

from odoo import http

CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


class PortalCloseMixin:
    """Closing a ticket from the portal as the page does it: a form POST with
    the CSRF token of the session (for an HttpCase after ``authenticate``)."""

    def close_from_portal(self, ticket_id, stage_id, csrf=True, **extra):
        data = {"ticket_id": ticket_id, "stage_id": stage_id, **extra}
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/ticket/close", data=data, allow_redirects=False)

    def close_by_the_page_form(self, ticket, stage):
        """Submit the close button of the ticket page as the browser would."""
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        match = re.search(
            r'<form[^>]*method="POST"[^>]*action="/ticket/close"[^>]*>(.*?)</form>'
            r'|<form[^>]*action="/ticket/close"[^>]*method="POST"[^>]*>(.*?)</form>',
            page,
            re.DOTALL,
        )
        self.assertTrue(match, "the ticket page has a POST close form")
        form = match.group(1) or match.group(2)
        token = CSRF_INPUT.search(form)
        self.assertTrue(token, "the close form carries the CSRF token")
        self.assertIn(f'value="{stage.id}"', form)
        return self.url_open(
            "/ticket/close",
            data={
                "ticket_id": ticket.id,
                "stage_id": stage.id,
                "csrf_token": token.group(1),
            },
        )
