"""The calls Odoo's web client sends when a user opens a menu, rebuilt from
the menu's window action and views: its domain, its context's default filters
(``search_default_*``) and group-bys, and the data calls of the first view
type (``read_group`` for a pivot, ``web_read_group`` for a graph,
``web_search_read`` for a list or a kanban, ``search_panel_select_*`` for a
search panel).

Used by ``benchmarks/run`` (each menu timed, all its calls added up) and
``benchmarks/replica`` (the same calls sent over JSON-RPC to an Odoo whose
read-only requests go to a PostgreSQL standby). Views and actions themselves
(``get_views``, ``/web/action/load``) are left out: the browser caches them
after the first menu of a session.
"""

import itertools

from dateutil.relativedelta import relativedelta
from lxml import etree

# (label, menu xml id): every report menu and every list or kanban a manager
# opens; a menu whose module is not installed is skipped with its reason
MENUS = [
    ("Ticket Analysis", "customer_loyalty.helpdesk_ticket_analysis_menu"),
    ("Satisfaction Analysis", "customer_loyalty.customer_satisfaction_report_menu"),
    ("Improvement Candidates", "customer_loyalty.customer_satisfaction_item_menu"),
    (
        "Importance-Satisfaction Matrix",
        "customer_loyalty.customer_satisfaction_matrix_menu",
    ),
    ("KPI Scorecard", "customer_loyalty.customer_kpi_value_menu"),
    ("Direction Dashboard", "customer_loyalty.customer_kpi_value_menu_direction"),
    ("Customer Monthly Snapshot", "customer_loyalty.customer_partner_snapshot_menu"),
    ("Segment Monthly Snapshot", "customer_loyalty.customer_segment_snapshot_menu"),
    ("Satisfaction Summary", "customer_loyalty.customer_satisfaction_summary_menu"),
    ("Customers by Segment", "customer_loyalty.res_partner_menu_by_segment"),
    ("All Tickets", "customer_loyalty.helpdesk_ticket_menu_loyalty"),
    ("Preferential Tickets", "customer_loyalty.helpdesk_ticket_menu_preferential"),
    ("Complaints Register", "customer_loyalty.helpdesk_ticket_menu_complaint"),
    ("Updates Due", "customer_loyalty.helpdesk_ticket_menu_update_due"),
    ("Lost Services", "customer_loyalty.customer_lost_service_menu"),
    ("Customers at Risk", "customer_loyalty.res_partner_menu_at_risk"),
    (
        "Customer Health by Segment",
        "customer_loyalty.customer_partner_snapshot_menu_health",
    ),
    ("Lost Customers", "customer_loyalty.customer_segment_history_menu_lost"),
    ("Interview Plans", "customer_loyalty.customer_interview_plan_menu"),
    ("Renewals Due", "customer_loyalty_contract.customer_contract_renewal_menu"),
]

# the web client's page sizes and count limit
LIST_LIMIT = 80
KANBAN_LIMIT = 40
COUNT_LIMIT = 10001
SEARCH_PANEL_LIMIT = 200


class Skip(Exception):
    """The menu cannot be opened here (module missing, not a window action)."""


def eval_context(env):
    """What the web client evaluates action domains and contexts with."""
    from odoo import fields
    from odoo.tools import safe_eval

    today = fields.Date.context_today(env.user)
    return {
        "uid": env.uid,
        "user": env.user,
        "context_today": lambda: today,
        "current_date": today.strftime("%Y-%m-%d"),
        "datetime": safe_eval.datetime,
        "relativedelta": relativedelta,
        "time": safe_eval.time,
        "allowed_company_ids": env.companies.ids,
        "company_ids": env.companies.ids,
        "active_id": False,
        "active_ids": [],
        "context": dict(env.context),
    }


def _eval(env, text, default):
    from odoo.tools.safe_eval import safe_eval

    if not text:
        return default
    if not isinstance(text, str):
        return text
    return safe_eval(text, eval_context(env))


def specification(arch, fields_info, model):
    """The ``specification`` the web client sends for the fields of a list,
    form or kanban arch: many2ones with their display name, x2manys with the
    fields of their inline list, always-invisible fields bare."""

    def spec_of(node, model_name):
        spec = {}
        model_fields = fields_info.get(model_name, {}).get("fields", {})
        for field in node.iter("field"):
            parent, nested = field.getparent(), False
            while parent is not None and parent is not node:
                if parent.tag == "field":
                    nested = True
                    break
                parent = parent.getparent()
            if nested:
                continue
            name = field.get("name")
            info = model_fields.get(name)
            if not info:
                continue
            if field.get("invisible") in ("1", "True"):
                spec[name] = {}
            elif info["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif info["type"] in ("one2many", "many2many"):
                sub = field.find(".//list")
                if sub is not None:
                    spec[name] = {
                        "fields": spec_of(sub, info["relation"]),
                        "limit": 40,
                    }
                else:
                    spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    return spec_of(arch, model)


def _search_defaults(env, search_arch, context):
    """Domain and group-bys of the ``search_default_*`` keys of ``context``:
    filters of one group are OR-ed, groups AND-ed, as the search bar does."""
    from odoo.osv import expression

    defaults = {
        key[len("search_default_") :]: value
        for key, value in context.items()
        if key.startswith("search_default_") and value
    }
    groups, current, groupbys = [], [], []
    for node in search_arch.iter():
        if node.tag == "separator" or (node.tag == "group" and current):
            if current:
                groups.append(current)
            current = []
        if node.tag == "filter" and node.get("name") in defaults:
            filter_context = _eval(env, node.get("context"), {})
            if filter_context.get("group_by"):
                groupbys += [
                    gb
                    for gb in (
                        filter_context["group_by"]
                        if isinstance(filter_context["group_by"], list)
                        else [filter_context["group_by"]]
                    )
                ]
            elif node.get("date"):
                raise Skip(f"default date filter {node.get('name')} not replayed")
            elif node.get("domain"):
                current.append(_eval(env, node.get("domain"), []))
        elif node.tag == "field" and node.get("name") in defaults:
            value = defaults[node.get("name")]
            if node.get("filter_domain"):
                domain = _eval(env, node.get("filter_domain"), [])
                domain = [
                    (leaf[0], leaf[1], value if leaf[2] == "self" else leaf[2])
                    if isinstance(leaf, list | tuple)
                    else leaf
                    for leaf in domain
                ]
            else:
                domain = [(node.get("name"), "=", value)]
            groups.append([domain])
    if current:
        groups.append(current)
    domain = expression.AND([expression.OR(group) for group in groups if group])
    return domain, groupbys


def _grouped(field_node):
    name = field_node.get("name")
    interval = field_node.get("interval")
    return f"{name}:{interval}" if interval else name


def _measure_spec(fields_info, name):
    if name == "__count":
        return name
    info = fields_info[name]
    aggregator = "count_distinct" if info["type"] == "many2one" else info["aggregator"]
    return f"{name}:{aggregator}"


def _prefixes(items):
    return [items[:n] for n in range(len(items) + 1)]


def menu_calls(env, xmlid):
    """``(view_type, context, calls)`` of the menu ``xmlid`` for the user of
    ``env``; each call is ``(model, method, args, kwargs)``. Raises
    :class:`Skip` when the menu cannot be opened here."""
    menu = env.ref(xmlid, raise_if_not_found=False)
    if not menu:
        raise Skip(f"{xmlid} not found (module not installed)")
    action = menu.action
    if not action or action._name != "ir.actions.act_window":
        raise Skip(f"{xmlid} opens no window action")
    action = action.sudo()
    model = action.res_model
    context = {**env.context, **_eval(env, action.context, {})}
    domain = _eval(env, action.domain, [])
    views = [(view_id, view_type) for view_id, view_type in action.views]
    search = (action.search_view_id.id or False, "search")
    Model = env[model].with_context(context)
    loaded = Model.get_views([*views, search], {"load_filters": True})
    fields_info = loaded["models"]
    model_fields = fields_info[model]["fields"]
    view_type = views[0][1]
    arch = etree.fromstring(loaded["views"][view_type]["arch"])
    search_arch = etree.fromstring(loaded["views"]["search"]["arch"])
    default_domain, search_groupbys = _search_defaults(env, search_arch, context)
    domain = (domain or []) + (default_domain or [])
    if context.get("group_by"):
        group_by = context["group_by"]
        search_groupbys = group_by if isinstance(group_by, list) else [group_by]
    calls = []

    def call(method, args, kwargs=None, extra_context=None):
        calls.append(
            (
                model,
                method,
                args,
                {**(kwargs or {}), "context": {**context, **(extra_context or {})}},
            )
        )

    if view_type == "pivot":
        _pivot_calls(call, arch, model_fields, domain, search_groupbys, context)
    elif view_type == "graph":
        _graph_calls(call, arch, model_fields, domain, search_groupbys)
    elif view_type in ("list", "kanban"):
        spec = specification(arch, fields_info, model)
        _record_calls(call, Model, arch, view_type, spec, domain, search_groupbys)
    else:
        raise Skip(f"{xmlid} opens a {view_type} view, not replayed")
    _search_panel_calls(call, search_arch, domain)
    return view_type, calls


def _pivot_calls(call, arch, model_fields, domain, search_groupbys, context):
    """Totals, rows, columns and cells: one ``read_group`` per pair of
    prefixes of the row and column group-bys (the action's ``pivot_*``
    context keys replace the arch's, the search's group-bys the rows)."""
    rows = [_grouped(f) for f in arch.iter("field") if f.get("type") == "row"]
    cols = [_grouped(f) for f in arch.iter("field") if f.get("type") == "col"]
    measures = [f.get("name") for f in arch.iter("field") if f.get("type") == "measure"]
    rows = context.get("pivot_row_groupby", rows)
    cols = context.get("pivot_column_groupby", cols)
    measures = context.get("pivot_measures", measures)
    if search_groupbys:
        rows = search_groupbys
    specs = [_measure_spec(model_fields, m) for m in measures or ["__count"]]
    for row, col in itertools.product(_prefixes(rows), _prefixes(cols)):
        call("read_group", [domain, specs, row + col], {"lazy": False})


def _graph_calls(call, arch, model_fields, domain, search_groupbys):
    measure = next(
        (f.get("name") for f in arch.iter("field") if f.get("type") == "measure"),
        "__count",
    )
    groupbys = search_groupbys or [
        _grouped(f) for f in arch.iter("field") if f.get("type") != "measure"
    ]
    specs = ["__count"]
    if measure != "__count":
        specs.append(_measure_spec(model_fields, measure))
    call(
        "web_read_group",
        [domain, specs, groupbys],
        {"lazy": False},
        {"fill_temporal": True},
    )


def _record_calls(call, Model, arch, view_type, spec, domain, search_groupbys):
    """A list or kanban: its first page, or its groups (and, for a kanban,
    the records of each unfolded column)."""
    model_fields = Model.fields_get(attributes=["type", "aggregator"])
    default_limit = LIST_LIMIT if view_type == "list" else KANBAN_LIMIT
    limit = int(arch.get("limit") or default_limit)
    order = arch.get("default_order") or None
    groupbys = search_groupbys
    if not groupbys and view_type == "kanban" and arch.get("default_group_by"):
        groupbys = [arch.get("default_group_by")]
    if not groupbys:
        call(
            "web_search_read",
            [domain, spec],
            {"offset": 0, "limit": limit, "order": order, "count_limit": COUNT_LIMIT},
        )
        return
    aggregates = [
        f"{name}:{model_fields[name]['aggregator']}"
        for name in spec
        if model_fields.get(name, {}).get("aggregator")
        and model_fields[name]["type"] in ("integer", "float", "monetary")
    ]
    call(
        "web_read_group",
        [domain, aggregates, groupbys[:1]],
        {"lazy": True, "limit": LIST_LIMIT if view_type == "list" else None},
    )
    if view_type == "kanban":
        groups = Model.web_read_group(domain, [], groupbys[:1], lazy=True)
        for group in groups["groups"]:
            if not group.get("__fold"):
                call(
                    "web_search_read",
                    [group["__domain"], spec],
                    {"limit": limit, "order": order, "count_limit": COUNT_LIMIT},
                )


def _search_panel_calls(call, search_arch, domain):
    panel = search_arch.find("searchpanel")
    if panel is None:
        return
    for field in panel.iter("field"):
        name = field.get("name")
        kwargs = {
            "category_domain": [],
            "enable_counters": field.get("enable_counters") in ("1", "True"),
            "expand": field.get("expand") in ("1", "True"),
            "filter_domain": [],
            "limit": SEARCH_PANEL_LIMIT,
            "search_domain": domain,
        }
        if field.get("select") == "multi":
            if field.get("groupby"):
                kwargs["group_by"] = field.get("groupby")
            call("search_panel_select_multi_range", [name], kwargs)
        else:
            kwargs["hierarchize"] = field.get("hierarchize") not in ("0", "False")
            call("search_panel_select_range", [name], kwargs)


def run_calls(env, calls):
    """Run ``calls`` in ``env`` as the web client's RPCs would."""
    results = []
    for model, method, args, call_kwargs in calls:
        kwargs = dict(call_kwargs)
        context = kwargs.pop("context", {})
        records = env[model].with_context(context)
        results.append(getattr(records, method)(*args, **kwargs))
    return results


def describe(calls):
    """A short text of the calls: ``4 read_group``, ``web_search_read + ...``."""
    counts = {}
    for __, method, ___, ____ in calls:
        counts[method] = counts.get(method, 0) + 1
    return " + ".join(
        f"{n} {method}" if n > 1 else method for method, n in counts.items()
    )
