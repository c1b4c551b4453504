"""Fixture of the intake / follow-up tests: a category with a template of
questions of every type, on top of the shared LoyaltyCase."""

from odoo import Command
from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class IntakeCase(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Template = cls.env["helpdesk.intake.template"]
        cls.Answer = cls.env["helpdesk.ticket.intake.answer"]
        cls.category_reinstall = cls.env["helpdesk.ticket.category"].create(
            {"name": "Test server reinstall"}
        )
        cls.category_other = cls.env["helpdesk.ticket.category"].create(
            {"name": "Test domains"}
        )
        cls.closing_mail = cls.env.ref(
            "customer_loyalty.mail_template_reinstall_confirmation"
        )
        cls.template = cls.Template.create(
            {
                "name": "Reinstall",
                "category_ids": [Command.link(cls.category_reinstall.id)],
                "line_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "question": "Server IP",
                            "answer_type": "text",
                            "is_required": True,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "question": "Operating system",
                            "answer_type": "choice",
                            "is_required": True,
                            "option_ids": [
                                Command.create({"name": "Debian"}),
                                Command.create({"name": "Windows"}),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "question": "Disks to format",
                            "answer_type": "number",
                            "is_required": True,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 4,
                            "question": "Backup done",
                            "answer_type": "boolean",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 5,
                            "question": "Preferred date",
                            "answer_type": "date",
                        }
                    ),
                ],
            }
        )
        lines = cls.template.line_ids
        cls.q_ip, cls.q_os, cls.q_disks, cls.q_backup, cls.q_date = lines
        cls.opt_debian = cls.q_os.option_ids.filtered(lambda o: o.name == "Debian")
        cls.template_other = cls.Template.create(
            {
                "name": "Domain transfer",
                "category_ids": [Command.link(cls.category_other.id)],
                "line_ids": [
                    Command.create(
                        {
                            "question": "Domain name",
                            "answer_type": "text",
                            "is_required": True,
                        }
                    ),
                ],
            }
        )

    @classmethod
    def _answer(cls, ticket, line):
        return ticket.intake_answer_ids.filtered(lambda a: a.line_id == line)

    @classmethod
    def _answer_all_required(cls, ticket):
        cls._answer(ticket, cls.q_ip).value_text = "10.0.0.7"
        cls._answer(ticket, cls.q_os).value_option_id = cls.opt_debian
        cls._answer(ticket, cls.q_disks).value_number = 2
