"""List import on the web, for admins and commune officials: upload, preview, confirm, log.

The preview is a dry run of the uploaded file. The file waits under the instance folder, named by a
random token, until the person confirms; the confirm step reads it back by that token (never by a
path the browser sends) and only for the person who uploaded it and a commune in their scope.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import spreadsheets
from ..auth import commune_or_404, role_required
from ..domain.text import clean
from ..store import coverage as coverage_store
from ..store import get_db
from ..store import imports as import_store
from ..store import places as place_store
from . import columns as list_rows
from .importer import NEW_VILLAGE_ACTIONS, ImportFailed, import_list

bp = Blueprint("imports", __name__, url_prefix="/imports")

IMPORT_ROLES = ("admin", "commune_official")
PENDING_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _pending_folder() -> Path:
    folder = Path(current_app.config.get("IMPORT_UPLOAD_FOLDER")
                  or os.path.join(current_app.instance_path, "pending_imports"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sweep(folder: Path) -> None:
    """Forget uploads nobody confirmed within a day."""
    limit = time.time() - PENDING_SECONDS
    for path in folder.iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _keep(data: bytes, file_name: str, commune_code: str, new_villages: list[dict]) -> str:
    """Keep the upload until it is confirmed, with the new hamlets its preview found."""
    folder = _pending_folder()
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(data)
    (folder / f"{token}.json").write_text(json.dumps(
        {"user_id": current_user.id, "commune_code": commune_code, "file_name": file_name,
         "new_villages": [{k: v[k] for k in ("key", "name", "rows", "similar")}
                          for v in new_villages]}, ensure_ascii=False))
    return token


def _pending_or_404(token: str) -> tuple[Path, dict]:
    """The upload this token names, if this user made it; 404 otherwise."""
    if not _TOKEN.fullmatch(token or ""):
        abort(404)
    folder = _pending_folder()
    meta_path, data_path = folder / f"{token}.json", folder / f"{token}.upload"
    if not meta_path.exists() or not data_path.exists():
        abort(404)
    meta = json.loads(meta_path.read_text())
    if meta["user_id"] != current_user.id:
        abort(404)
    commune_or_404(meta["commune_code"])
    return data_path, meta


def _discard(data_path: Path) -> None:
    data_path.unlink(missing_ok=True)
    data_path.with_suffix(".json").unlink(missing_ok=True)


def _upload_name(raw: str) -> str:
    """The file's own name, without any folder a browser may send, for the log."""
    return clean(re.split(r"[\\/]", raw or "")[-1])[:200] or "danh-sach"


def _index(error: str | None = None, status: int = 200):
    db = get_db()
    communes = place_store.list_communes(db, current_user.commune_codes)
    imports = import_store.list_imports(db, current_user.commune_codes)
    return render_template("imports/index.html", communes=communes, imports=imports,
                           error=error), status


@bp.route("/")
@role_required(*IMPORT_ROLES)
def index():
    return _index()


@bp.route("/preview", methods=["POST"])
@role_required(*IMPORT_ROLES)
def preview():
    commune = commune_or_404(request.form.get("commune", ""))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _index(_("Hãy chọn tệp danh sách (.xlsx hoặc .csv)."), 400)
    data = upload.read()
    file_name = _upload_name(upload.filename)
    try:
        report = import_list(get_db(), data, file_name, commune["code"],
                             user_id=current_user.id, dry_run=True)
    except ImportFailed as error:
        return _index(_("Không nhập được tệp %(name)s: %(reason)s", name=file_name,
                        reason=str(error)), 400)
    token = _keep(data, file_name, commune["code"], report.new_villages)
    return _preview_page(report, commune, file_name, token)


def _preview_page(report, commune: dict, file_name: str, token: str, missing=(),
                  status: int = 200):
    return render_template(
        "imports/preview.html", report=report, commune=commune, file_name=file_name,
        token=token, villages=coverage_store.commune_villages(get_db(), commune["code"]),
        new_villages=report.new_villages, missing=missing, chosen=request.form), status


def _decisions(new_villages: list[dict], commune_code: str) -> tuple[dict, list[str]]:
    """What the person chose for each new hamlet of the preview, and the hamlets left open."""
    known = {v["id"] for v in coverage_store.commune_villages(get_db(), commune_code)}
    decisions, missing = {}, []
    for village in new_villages:
        choice = request.form.get(f"hamlet-{village['key']}", "")
        if choice in NEW_VILLAGE_ACTIONS:
            decisions[village["key"]] = choice
        elif choice.isascii() and choice.isdigit() and int(choice) in known:
            decisions[village["key"]] = int(choice)
        else:
            missing.append(village["name"])
    return decisions, missing


@bp.errorhandler(413)
def too_large(_error):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return _index(_("Tệp quá lớn: tối đa %(mb)d MB.", mb=limit), 413)


@bp.route("/confirm", methods=["POST"])
@role_required(*IMPORT_ROLES)
def confirm():
    token = request.form.get("token", "")
    data_path, meta = _pending_or_404(token)
    decisions, missing = _decisions(meta.get("new_villages", []), meta["commune_code"])
    if missing:                  # ask again, with the preview as it was
        report = import_list(get_db(), data_path.read_bytes(), meta["file_name"],
                             meta["commune_code"], user_id=current_user.id, dry_run=True)
        return _preview_page(report, commune_or_404(meta["commune_code"]), meta["file_name"],
                             token, missing, 400)
    try:
        report = import_list(get_db(), data_path.read_bytes(), meta["file_name"],
                             meta["commune_code"], user_id=current_user.id,
                             new_villages=decisions)
    except ImportFailed as error:
        flash(_("Không nhập được tệp %(name)s: %(reason)s", name=meta["file_name"],
                reason=str(error)), "error")
        return redirect(url_for("imports.index"))
    finally:
        _discard(data_path)
    flash(_("Đã nhập danh sách: %(created)d người mới, %(updated)d cập nhật, %(unchanged)d"
            " không đổi, %(skipped)d dòng bỏ qua.", created=report.created,
            updated=report.updated, unchanged=report.unchanged,
            skipped=report.skipped_rows), "ok")
    return redirect(url_for("imports.detail", import_id=report.import_id))


@bp.route("/<int:import_id>")
@role_required(*IMPORT_ROLES)
def detail(import_id: int):
    entry = import_store.get_import(get_db(), import_id)
    if entry is None:
        abort(404)
    commune_or_404(entry["commune_code"])
    names = {v["id"]: v["name"]
             for v in coverage_store.commune_villages(get_db(), entry["commune_code"])}
    return render_template("imports/detail.html", entry=entry, village_names=names)


@bp.route("/template.xlsx")
@role_required(*IMPORT_ROLES)
def template():
    """The blank list with every heading the importer knows, and a sheet explaining them."""
    columns = list_rows.COLUMNS
    data = spreadsheets.template([c.heading for c in columns], list_rows.TEXT_COLUMNS,
                                 [(c.heading, c.note) for c in columns])
    return spreadsheets.attachment(data, "mẫu danh sách.xlsx")
