"""`agent-app import-list` and `agent-app load-units`: the list import for operators' scripts."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..store import get_db
from .importer import ImportFailed, import_list
from .units import UnitsRefused, load_units


@click.command("import-list")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commune", "commune_code", required=True, help="5-digit commune code.")
@click.option("--dry-run", is_flag=True, help="Report what would change; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@with_appcontext
def import_list_command(file: Path, commune_code: str, dry_run: bool, as_json: bool) -> None:
    """Import the BHXH office's list (XLSX or CSV) of residents into a commune; hamlets the
    commune does not have are created and listed (the web preview asks first)."""
    try:
        report = import_list(get_db(), file.read_bytes(), file.name, commune_code,
                             dry_run=dry_run)
    except ImportFailed as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    click.echo(f"{file.name} → {commune_code}{' (dry run: nothing stored)' if dry_run else ''}:"
               f" created {report.created}, updated {report.updated},"
               f" unchanged {report.unchanged}, skipped {report.skipped_rows} row(s),"
               f" {len(report.warnings)} warning(s).")
    for village in report.new_villages:
        click.echo(f"  new hamlet “{village['name']}” ({village['rows']} row(s)):"
                   f" {'would be created' if dry_run else 'created'}")
    for label, entries in (("skipped", report.skipped), ("warning", report.warnings)):
        for entry in entries:
            click.echo(f"  {label}: row {entry['row']}, column {entry['column']}:"
                       f" {entry['message']}")


@click.command("load-units")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def load_units_command(csv_file: Path) -> None:
    """Load provinces and communes from a CSV (columns as admin_units_2025.csv)."""
    try:
        counts = load_units(get_db(), csv_file.read_text("utf-8-sig"))
    except UnitsRefused as error:
        raise click.ClickException(f"{csv_file.name}: {error}") from error
    click.echo(f"Loaded {counts['provinces']} provinces, {counts['communes']} communes.")


COMMANDS = [import_list_command, load_units_command]
