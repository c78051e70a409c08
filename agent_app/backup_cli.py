"""`agent-app backup`, `agent-app restore` and `agent-app migrate-to-postgresql`: copies of the
database for operators' scripts."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .store import is_postgresql, utc_now
from .store.backup import BackupRefused, backup, restore
from .store.transfer import TransferRefused, migrate_to_postgresql

ON_POSTGRESQL = ("the database is PostgreSQL: back it up with pg_dump or the cluster's WAL"
                 " archiving (docs/deploy.md)")


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the database to PATH (a new file, or a folder: named by the time) while serving."""
    if is_postgresql(current_app.config["DATABASE"]):
        raise click.ClickException(ON_POSTGRESQL)
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
    if is_postgresql(current_app.config["DATABASE"]):
        raise click.ClickException(ON_POSTGRESQL)
    try:
        done = restore(path, Path(current_app.config["DATABASE"]), replace=replace)
    except BackupRefused as error:
        raise click.ClickException(str(error)) from None
    if done["kept"]:
        click.echo(f"The database as it was is kept in {done['kept']}")
    click.echo(f"Restored {path} into {done['path']}: {done['records']:,} field records")


@click.command("migrate-to-postgresql")
@click.argument("sqlite_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("url")
def migrate_to_postgresql_command(sqlite_file: Path, url: str) -> None:
    """Copy a SQLite database into an empty PostgreSQL one (postgresql://…), verified by row
    counts and hashes per table; stop the server first."""
    if not is_postgresql(url):
        raise click.ClickException("URL: must start with postgresql://")
    try:
        tables = migrate_to_postgresql(sqlite_file, url)
    except TransferRefused as error:
        raise click.ClickException(str(error)) from None
    for table, summary in tables.items():
        click.echo(f"{table}: {summary['rows']:,} rows, sha256 {summary['sha256'][:16]}")
    click.echo(f"Copied {len(tables)} tables; every count and hash is the same on both sides."
               " Set AGENT_APP_DATABASE to the URL and start the server.")


COMMANDS = [backup_command, restore_command, migrate_to_postgresql_command]
