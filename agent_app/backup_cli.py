"""`agent-app backup` and `agent-app restore`: copies of the database for operators' scripts."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .store import utc_now
from .store.backup import BackupRefused, backup, restore


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the database to PATH (a new file, or a folder: named by the time) while serving."""
    if path.is_dir():
        path = path / f"agent_app-{utc_now().replace(':', '')}.sqlite3"
    try:
        done = backup(Path(current_app.config["DATABASE"]), path)
    except BackupRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup {done['path']}: {done['bytes'] / 1e6:,.1f} MB,"
               f" {done['records']:,} field records")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True,
              help="Replace a database that holds data (it is kept aside first).")
@with_appcontext
def restore_command(path: Path, replace: bool) -> None:
    """Restore a backup into the configured database; stop the server first."""
    try:
        done = restore(path, Path(current_app.config["DATABASE"]), replace=replace)
    except BackupRefused as error:
        raise click.ClickException(str(error)) from None
    if done["kept"]:
        click.echo(f"The database as it was is kept in {done['kept']}")
    click.echo(f"Restored {path} into {done['path']}: {done['records']:,} field records")


COMMANDS = [backup_command, restore_command]
