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


if __name__ == "__main__":
    generate()
