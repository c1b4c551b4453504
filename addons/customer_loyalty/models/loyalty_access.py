"""Group checks shared by the buttons, wizards and crons of the addon.

Buttons are plain public methods: anybody with read access to a record can
call them over RPC whatever the view shows, so each one checks its group here.
"""

from odoo.exceptions import AccessError

USER_GROUP = "customer_loyalty.customer_loyalty_group_user"
MANAGER_GROUP = "customer_loyalty.customer_loyalty_group_manager"
DIRECTION_GROUP = "customer_loyalty.customer_loyalty_group_direction"


def has_loyalty_group(env, *groups):
    return env.su or any(env.user.has_group(group) for group in groups)


def check_loyalty_group(env, *groups):
    """Raise a translated AccessError unless the call runs as superuser or
    the user belongs to one of ``groups`` (xml ids)."""
    if has_loyalty_group(env, *groups):
        return
    names = ", ".join(
        env.ref(group).sudo().full_name for group in groups if env.ref(group, False)
    )
    raise AccessError(
        env._(
            "This action is reserved to %(groups)s: ask your administrator "
            "for the right.",
            groups=names,
        )
    )
