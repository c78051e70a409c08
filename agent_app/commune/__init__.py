"""Commune officials' pages: coverage against targets, village review, audited corrections,
exports and campaign days. Admins use them too; supervisors may look but not change.

Every URL starts with the commune's code and is checked against the user's communes: a commune,
village, resident or campaign outside them is a 404, like anywhere else in the app.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash
from flask_login import current_user

from ..auth import commune_or_404, login_manager
from ..domain import clock
from ..domain.periods import Period, PeriodError, from_args
from ..store import get_db
from ..store import places as place_store
from ..store import residents as resident_store

bp = Blueprint("commune", __name__, url_prefix="/communes/<code>")

VIEW_ROLES = ("commune_official", "supervisor", "admin")
EDIT_ROLES = ("commune_official", "admin")


def commune_in_scope(code: str) -> dict:
    """The commune, for a role that reviews communes and a user who answers for this one."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if current_user.role not in VIEW_ROLES:
        abort(404)
    return commune_or_404(code)


def may_edit() -> bool:
    return current_user.role in EDIT_ROLES


def editor_only() -> None:
    if not may_edit():
        abort(403)


def village_in_commune(commune: dict, village_id: int) -> dict:
    village = place_store.get_village(get_db(), village_id)
    if village is None or village["commune_code"] != commune["code"]:
        abort(404)
    return village


def resident_in_commune(commune: dict, resident_id: str) -> dict:
    resident = resident_store.get_resident(get_db(), resident_id)
    if resident is None:
        abort(404)
    village_in_commune(commune, resident["village_id"])
    return resident


def period_from(args) -> Period:
    """The period asked for; this month, with a message saying why, when it cannot be read."""
    try:
        return from_args(args, clock.today())
    except PeriodError as error:
        flash(str(error), "error")
        return from_args({}, clock.today())


from . import campaign_views, correction_views, export_views, pages  # noqa: E402, F401
