"""Generate addons/customer_loyalty/data/survey_data.xml from the seed surveys.

The shipped questionnaires carry 0-10 rated items as single-choice questions
(answers "0".."10" with their numeric ``loyalty_value``) because Odoo 18 only
triggers conditional questions on choice answers. Writing 11 answers per item by
hand is error-prone: edit the SURVEYS structure below and run

    python3 tools/generate_survey_data.py

The Spanish wording of the seeds is kept in ``readme/SURVEYS.md`` for the
translator (es.po).
"""

from pathlib import Path
from xml.sax.saxutils import escape

OUT = (
    Path(__file__).resolve().parent.parent
    / "addons/customer_loyalty/data/survey_data.xml"
)

# Each survey: (xml id, title, description, [elements])
# element kinds:
#   ("section", key, title)
#   ("rated", key, item_key, measure, title, followup or None, mandatory)
#       followup = (key, title) shown when the rating is < 7
#   ("yesno", key, item_key, title, followup on "No" or None)
#   ("text", key, title, mandatory)
SURVEYS = [
    (
        "survey_preferential_satisfaction",
        "Preferential customer satisfaction survey",
        (
            "Your opinion helps us improve the preferential attention service. Rate "
            "each item from 0 (very unsatisfied / not important) to 10 (very "
            "satisfied / very important)."
        ),
        [
            ("section", "s_products", "Satisfaction with our products"),
            (
                "rated",
                "q1s",
                "product_information",
                "satisfaction",
                (
                    "How satisfied are you with the information we give you about our "
                    "products?"
                ),
                None,
                True,
            ),
            (
                "rated",
                "q1i",
                "product_information",
                "importance",
                "How important is the information about our products to you?",
                None,
                True,
            ),
            (
                "rated",
                "q2s",
                "product_range",
                "satisfaction",
                "How satisfied are you with the range of our products?",
                ("q2f", "Which other products would you like us to offer?"),
                True,
            ),
            (
                "rated",
                "q2i",
                "product_range",
                "importance",
                "How important is the range of our products to you?",
                None,
                True,
            ),
            (
                "rated",
                "q3s",
                "value_for_money",
                "satisfaction",
                "How satisfied are you with the value for money of our products?",
                ("q3f", "Why are you not satisfied?"),
                True,
            ),
            (
                "rated",
                "q4s",
                "products",
                "satisfaction",
                "How satisfied are you with our products?",
                ("q4f", "Why are you not satisfied?"),
                True,
            ),
            (
                "section",
                "s_service",
                "Satisfaction with the preferential attention service",
            ),
            (
                "rated",
                "q5s",
                "resolution_speed",
                "satisfaction",
                (
                    "How satisfied are you with the speed at which your questions and "
                    "incidents are solved?"
                ),
                None,
                True,
            ),
            (
                "rated",
                "q5i",
                "resolution_speed",
                "importance",
                "How important is the speed of resolution to you?",
                None,
                True,
            ),
            (
                "rated",
                "q6s",
                "information_quality",
                "satisfaction",
                (
                    "How satisfied are you with the quality (accuracy, amount) of the "
                    "information we give you in your questions and incidents?"
                ),
                None,
                True,
            ),
            (
                "rated",
                "q6i",
                "information_quality",
                "importance",
                "How important is the quality of that information to you?",
                None,
                True,
            ),
            (
                "rated",
                "q7s",
                "technical_knowledge",
                "satisfaction",
                "How satisfied are you with the technical knowledge of our agents?",
                None,
                True,
            ),
            (
                "rated",
                "q7i",
                "technical_knowledge",
                "importance",
                "How important is the technical knowledge of our agents to you?",
                None,
                True,
            ),
            (
                "rated",
                "q8s",
                "preferential_service",
                "satisfaction",
                (
                    "Overall, how satisfied are you with the preferential attention "
                    "service?"
                ),
                ("q8f", "What is your dissatisfaction due to?"),
                True,
            ),
            ("text", "q8o", "Other topics that are important to you?", False),
            ("section", "s_company", "Overall satisfaction with our company"),
            (
                "rated",
                "q9s",
                "payment_billing",
                "satisfaction",
                (
                    "How satisfied are you with the payment and invoicing methods we "
                    "offer?"
                ),
                ("q9f", "Which other methods would you like?"),
                True,
            ),
            (
                "rated",
                "q9i",
                "payment_billing",
                "importance",
                "How important are the payment and invoicing methods to you?",
                None,
                True,
            ),
            (
                "yesno",
                "q10",
                "recommend",
                "Would you recommend us?",
                ("q10f", "If not, why?"),
            ),
            (
                "rated",
                "q11s",
                "overall",
                "overall",
                "How satisfied are you with our company?",
                ("q11f", "Why are you not satisfied?"),
                True,
            ),
            ("text", "q12", "Help us improve: what can we do to help you?", False),
        ],
    ),
    (
        "survey_post_resolution",
        "How did we do? Post-resolution survey",
        "Your request has been closed. Five short questions help us know how we did.",
        [
            (
                "rated",
                "q1s",
                "resolution_time",
                "satisfaction",
                "How satisfied are you with the time it took to solve your request?",
                None,
                True,
            ),
            (
                "rated",
                "q2s",
                "information_quality",
                "satisfaction",
                (
                    "How satisfied are you with the clarity of the information our "
                    "agent gave you?"
                ),
                None,
                True,
            ),
            (
                "rated",
                "q3s",
                "complaint_handling",
                "complaint_handling",
                (
                    "If your request was a complaint: how satisfied are you with the "
                    "way we handled it?"
                ),
                None,
                False,
            ),
            (
                "rated",
                "q4s",
                "overall",
                "overall",
                "Overall, how satisfied are you with the service you received?",
                ("q4f", "Why are you not satisfied?"),
                True,
            ),
            ("text", "q5", "Any comment or suggestion?", False),
        ],
    ),
    (
        "survey_improvement_participant",
        "Improvement group participant survey",
        (
            "You took part in an improvement group: tell us how you value it, from 0 "
            "to 10."
        ),
        [
            (
                "rated",
                "q1s",
                "group_invitation",
                "satisfaction",
                (
                    "How do you value having been invited to take part in the working "
                    "group to give your opinion and solve problems?"
                ),
                None,
                True,
            ),
            (
                "rated",
                "q2s",
                "group_overall",
                "satisfaction",
                "Overall, how do you rate the working group?",
                None,
                True,
            ),
            (
                "rated",
                "q3s",
                "group_future",
                "satisfaction",
                (
                    "If new working groups are created, how much would you like to "
                    "take part in them?"
                ),
                None,
                True,
            ),
        ],
    ),
    (
        "survey_annual_interview",
        "Annual customer satisfaction interview",
        (
            "Filled in by the agent during the yearly personal interview with the "
            "customer: rate each item as the customer says (0 to 10) and write down "
            "common needs, improvement proposals and commitments."
        ),
        [
            ("section", "s_service", "Services"),
            (
                "rated",
                "q1s",
                "service_quality",
                "satisfaction",
                "Customer's satisfaction with the quality of the services",
                ("q1f", "Why is the customer not satisfied with the quality?"),
                True,
            ),
            (
                "rated",
                "q1i",
                "service_quality",
                "importance",
                "Importance of the quality of the services for the customer",
                None,
                True,
            ),
            (
                "rated",
                "q2s",
                "service_availability",
                "satisfaction",
                "Customer's satisfaction with the availability of the services",
                None,
                True,
            ),
            (
                "rated",
                "q2i",
                "service_availability",
                "importance",
                "Importance of the availability of the services for the customer",
                None,
                True,
            ),
            (
                "rated",
                "q3s",
                "communication",
                "satisfaction",
                "Customer's satisfaction with our communication and information",
                None,
                True,
            ),
            (
                "rated",
                "q3i",
                "communication",
                "importance",
                "Importance of communication and information for the customer",
                None,
                True,
            ),
            (
                "rated",
                "q4s",
                "complaint_handling",
                "complaint_handling",
                "Customer's satisfaction with the handling of their complaints",
                None,
                False,
            ),
            (
                "rated",
                "q5s",
                "overall",
                "overall",
                "Customer's overall satisfaction with our service",
                ("q5f", "Why is the customer not satisfied?"),
                True,
            ),
            ("section", "s_actions", "Improvement"),
            (
                "text",
                "q6",
                "Needs or problems the customer shares with other customers",
                False,
            ),
            (
                "text",
                "q7",
                "Improvement actions proposed and the customer's agreement",
                False,
            ),
            ("text", "q8", "Commitments made to the customer", False),
        ],
    ),
]


# Short names of the items, shown in the analysis and the matrix
ITEM_NAMES = {
    "product_information": "Product information",
    "product_range": "Range of products",
    "value_for_money": "Value for money",
    "products": "Products",
    "resolution_speed": "Speed of resolution",
    "information_quality": "Quality of the information",
    "technical_knowledge": "Technical knowledge of agents",
    "preferential_service": "Preferential attention service",
    "payment_billing": "Payment and invoicing methods",
    "recommend": "Would recommend us",
    "overall": "Overall satisfaction",
    "resolution_time": "Time to solve the request",
    "complaint_handling": "Handling of complaints",
    "group_invitation": "Invitation to take part",
    "group_overall": "Working group overall",
    "group_future": "Wish to join new groups",
    "service_quality": "Quality of the services",
    "service_availability": "Availability of the services",
    "communication": "Communication and information",
}


def _field(name, value=None, ref=None, eval_=None):
    if ref:
        return f'        <field name="{name}" ref="{ref}" />'
    if eval_ is not None:
        return f'        <field name="{name}" eval="{escape(eval_)}" />'
    return f'        <field name="{name}">{escape(value)}</field>'


def _record(xmlid, model, fields):
    return "\n".join(
        [f'    <record id="{xmlid}" model="{model}">', *fields, "    </record>"]
    )


def _question(
    sid,
    qid,
    seq,
    title,
    qtype,
    measure="other",
    key=None,
    mandatory=False,
    trigger=None,
):
    fields = [
        _field("survey_id", ref=sid),
        _field("sequence", eval_=str(seq)),
        _field("title", title),
    ]
    if qtype == "section":
        fields += [
            _field("is_page", eval_="True"),
            _field("question_type", eval_="False"),
        ]
    else:
        fields += [
            _field("question_type", qtype),
            _field("constr_mandatory", eval_=str(mandatory)),
            _field("loyalty_measure", measure),
        ]
        if key:
            fields.append(_field("loyalty_item_key", key))
            fields.append(_field("loyalty_item_name", ITEM_NAMES[key]))
        if trigger:
            refs = ", ".join(f"ref('{t}')" for t in trigger)
            fields.append(
                _field("triggering_answer_ids", eval_=f"[Command.set([{refs}])]")
            )
    return _record(qid, "survey.question", fields)


def _answer(qid, aid, seq, value, number):
    return _record(
        aid,
        "survey.question.answer",
        [
            _field("question_id", ref=qid),
            _field("sequence", eval_=str(seq)),
            _field("value", value),
            _field("loyalty_value", eval_=str(number)),
        ],
    )


def generate():
    out = [
        '<?xml version="1.0" encoding="utf-8" ?>',
        "<!-- Generated by tools/generate_survey_data.py: edit the generator. -->",
        "<!-- Spanish source wording of the seeds: readme/SURVEYS.md -->",
        '<odoo noupdate="1">',
    ]
    for sid, title, description, elements in SURVEYS:
        out.append(f"\n    <!-- {escape(title)} -->")
        out.append(
            _record(
                sid,
                "survey.survey",
                [
                    _field("title", title),
                    _field("description", f"<p>{escape(description)}</p>"),
                    _field("access_mode", "token"),
                    _field("questions_layout", "one_page"),
                    _field("users_can_go_back", eval_="True"),
                    _field("is_attempts_limited", eval_="False"),
                    _field("user_id", ref="base.user_admin"),
                ],
            )
        )
        seq = 0
        for element in elements:
            kind, key = element[0], element[1]
            qid = f"{sid}_{key}"
            seq += 10
            if kind == "section":
                out.append(_question(sid, qid, seq, element[2], "section"))
            elif kind == "text":
                out.append(
                    _question(
                        sid, qid, seq, element[2], "text_box", mandatory=element[3]
                    )
                )
            elif kind == "rated":
                _k, _key, item, measure, qtitle, followup, mandatory = element
                out.append(
                    _question(
                        sid, qid, seq, qtitle, "simple_choice", measure, item, mandatory
                    )
                )
                for n in range(11):
                    out.append(_answer(qid, f"{qid}_a{n}", n + 1, str(n), n))
                if followup:
                    seq += 10
                    trigger = [f"{qid}_a{n}" for n in range(7)]
                    out.append(
                        _question(
                            sid,
                            f"{sid}_{followup[0]}",
                            seq,
                            followup[1],
                            "text_box",
                            trigger=trigger,
                        )
                    )
            elif kind == "yesno":
                _k, _key, item, qtitle, followup = element
                out.append(
                    _question(
                        sid, qid, seq, qtitle, "simple_choice", "recommend", item, True
                    )
                )
                out.append(_answer(qid, f"{qid}_yes", 1, "Yes", 1))
                out.append(_answer(qid, f"{qid}_no", 2, "No", 0))
                if followup:
                    seq += 10
                    out.append(
                        _question(
                            sid,
                            f"{sid}_{followup[0]}",
                            seq,
                            followup[1],
                            "text_box",
                            trigger=[f"{qid}_no"],
                        )
                    )
    out.append("</odoo>\n")
    OUT.write_text("\n".join(out), encoding="utf-8")


# ----------------------------------------------------------------------------
# Demo answers (demo/survey_demo.xml): a few customers of each segment answer
# the annex I survey and the post-resolution survey, so that the satisfaction
# analysis and the importance-satisfaction matrix have content after install.
# ----------------------------------------------------------------------------
DEMO_OUT = OUT.parent.parent / "demo/survey_demo.xml"

DEMO_CUSTOMERS = [
    # xml id, name, segment, contact name, e-mail
    (
        "demo_customer_ayto",
        "Ayuntamiento de Villaverde",
        "segment_preferential",
        "Marta Ruiz",
        "mruiz@villaverde.example.com",
    ),
    (
        "demo_customer_hostel",
        "Hostelería del Norte SL",
        "segment_preferential",
        "Jon Etxeberria",
        "jon@hostnorte.example.com",
    ),
    (
        "demo_customer_uni",
        "Universidad Demo",
        "segment_star",
        "Laura Gómez",
        "lgomez@unidemo.example.com",
    ),
    (
        "demo_customer_shop",
        "Tienda Online Sur SL",
        "segment_standard",
        "Pedro Sánchez",
        "pedro@tiendasur.example.com",
    ),
]

# (customer, months ago, {question key: value})
DEMO_ANNEX_I = [
    (
        "demo_customer_ayto",
        5,
        {
            "q1s": 8,
            "q1i": 7,
            "q2s": 7,
            "q2i": 6,
            "q3s": 6,
            "q4s": 8,
            "q5s": 5,
            "q5i": 10,
            "q6s": 6,
            "q6i": 9,
            "q7s": 9,
            "q7i": 8,
            "q8s": 7,
            "q9s": 4,
            "q9i": 9,
            "q10": 1,
            "q11s": 7,
        },
    ),
    (
        "demo_customer_hostel",
        4,
        {
            "q1s": 7,
            "q1i": 6,
            "q2s": 8,
            "q2i": 5,
            "q3s": 7,
            "q4s": 8,
            "q5s": 6,
            "q5i": 9,
            "q6s": 7,
            "q6i": 8,
            "q7s": 9,
            "q7i": 7,
            "q8s": 8,
            "q9s": 5,
            "q9i": 8,
            "q10": 1,
            "q11s": 8,
        },
    ),
    (
        "demo_customer_uni",
        3,
        {
            "q1s": 9,
            "q1i": 5,
            "q2s": 9,
            "q2i": 4,
            "q3s": 8,
            "q4s": 9,
            "q5s": 7,
            "q5i": 10,
            "q6s": 8,
            "q6i": 9,
            "q7s": 10,
            "q7i": 9,
            "q8s": 9,
            "q9s": 6,
            "q9i": 7,
            "q10": 1,
            "q11s": 9,
        },
    ),
    (
        "demo_customer_ayto",
        1,
        {
            "q1s": 8,
            "q1i": 7,
            "q2s": 6,
            "q2i": 6,
            "q3s": 5,
            "q4s": 7,
            "q5s": 6,
            "q5i": 10,
            "q6s": 7,
            "q6i": 9,
            "q7s": 9,
            "q7i": 8,
            "q8s": 6,
            "q9s": 3,
            "q9i": 10,
            "q10": 0,
            "q11s": 6,
        },
    ),
]
DEMO_POST = [
    ("demo_customer_shop", 2, {"q1s": 9, "q2s": 8, "q4s": 9}),
    ("demo_customer_uni", 2, {"q1s": 7, "q2s": 9, "q4s": 8}),
    ("demo_customer_hostel", 1, {"q1s": 4, "q2s": 6, "q3s": 5, "q4s": 5}),
    ("demo_customer_shop", 0, {"q1s": 8, "q2s": 7, "q4s": 8}),
]


def generate_demo():
    out = [
        '<?xml version="1.0" encoding="utf-8" ?>',
        "<!-- Generated by tools/generate_survey_data.py: edit the generator. -->",
        "<odoo>",
    ]
    for xmlid, name, segment, contact, email in DEMO_CUSTOMERS:
        out.append(
            _record(
                xmlid,
                "res.partner",
                [
                    _field("name", name),
                    _field("is_company", eval_="True"),
                    _field("customer_segment_id", ref=segment),
                    _field("email", email),
                ],
            )
        )
        out.append(
            _record(
                f"{xmlid}_contact",
                "res.partner",
                [
                    _field("name", contact),
                    _field("parent_id", ref=xmlid),
                    _field("email", email),
                ],
            )
        )
    segments = {c[0]: c[2] for c in DEMO_CUSTOMERS}
    n = 0
    for sid, answers_list in (
        ("survey_preferential_satisfaction", DEMO_ANNEX_I),
        ("survey_post_resolution", DEMO_POST),
    ):
        for customer, months, answers in answers_list:
            n += 1
            uid = f"demo_user_input_{n}"
            when = (
                f"(DateTime.today() - relativedelta(months={months}, days=3))"
                ".strftime('%Y-%m-%d 10:00:00')"
            )
            out.append(
                _record(
                    uid,
                    "survey.user_input",
                    [
                        _field("survey_id", ref=sid),
                        _field("partner_id", ref=f"{customer}_contact"),
                        _field("loyalty_customer_id", ref=customer),
                        _field("customer_segment_id", ref=segments[customer]),
                        _field("state", "done"),
                        _field("start_datetime", eval_=when),
                        _field("end_datetime", eval_=when),
                        _field("loyalty_sent_date", eval_=when),
                    ],
                )
            )
            for key, value in answers.items():
                qid = f"{sid}_{key}"
                aid = (
                    f"{qid}_a{value}"
                    if key != "q10"
                    else (f"{qid}_yes" if value else f"{qid}_no")
                )
                out.append(
                    _record(
                        f"{uid}_{key}",
                        "survey.user_input.line",
                        [
                            _field("user_input_id", ref=uid),
                            _field("question_id", ref=qid),
                            _field("answer_type", "suggestion"),
                            _field("suggested_answer_id", ref=aid),
                        ],
                    )
                )
    out.append("</odoo>\n")
    DEMO_OUT.parent.mkdir(exist_ok=True)
    DEMO_OUT.write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    generate()
    generate_demo()
