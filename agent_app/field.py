"""Agent pages: the village checklist (the field flow builds on this)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from .auth import village_or_404
from .store import get_db
from .store import residents as resident_store

bp = Blueprint("field", __name__)


@bp.route("/villages/<int:village_id>")
@login_required
def village(village_id: int):
    village = village_or_404(village_id)
    residents = resident_store.village_residents(get_db(), village_id)
    return render_template("field/village.html", village=village, residents=residents)
