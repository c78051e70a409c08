"""The `agent-app` command: everything an operator scripts, beside the web app."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from werkzeug.serving import run_simple

from . import create_app, demo
from .store import get_db, migrate, scalar, transaction
from .store import users as user_store


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or bring its schema up to date."""
    applied = migrate(get_db())
    click.echo(f"Database {current_app.config['DATABASE']}: "
               + (f"applied {', '.join(applied)}" if applied else "up to date"))


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(user_store.ROLES))
@click.option("--name", "display_name", help="Display name (default: the username).")
@click.option("--village", "villages", multiple=True, type=int, help="Village id (agents).")
@click.option("--commune", "communes", multiple=True, help="Commune code (officials, supervisors).")
@click.password_option()
@with_appcontext
def create_user_command(username, role, display_name, villages, communes, password) -> None:
    """Create an account and give it its villages or communes."""
    db = get_db()
    if user_store.get_user_by_name(db, username):
        raise click.ClickException(f"user {username!r} exists already")
    with transaction(db):
        user_id = user_store.create_user(db, username, password, role, display_name or username)
        user_store.assign_villages(db, user_id, list(villages))
        user_store.assign_communes(db, user_id, list(communes))
    click.echo(f"Created {role} {username}")


@click.command("set-password")
@click.argument("username")
@click.password_option()
@with_appcontext
def set_password_command(username, password) -> None:
    """Change a password (and so clear the demo-password flag)."""
    db = get_db()
    user = user_store.get_user_by_name(db, username)
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    with transaction(db):
        user_store.set_password(db, user["id"], password)
    click.echo(f"Password changed for {username}")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Fill an empty database with the demo communes, people and accounts."""
    db = get_db()
    if scalar(db, "SELECT count(*) FROM users"):
        raise click.ClickException("the database has accounts already; seed an empty one")
    counts = demo.seed(db)
    click.echo(f"Demo: {counts['households']} households, {counts['residents']} residents,"
               f" {counts['records']} field records.")
    _print_logins()


def _print_logins() -> None:
    click.echo("Demo logins (password " + demo.DEMO_PASSWORD + "): "
               + ", ".join(username for username, _role, _name in demo.DEMO_USERS))


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), type=int)
@with_appcontext
def serve_command(host: str, port: int) -> None:
    """Serve the app (threaded) and print the demo logins if they are active."""
    app = current_app._get_current_object()
    if user_store.active_demo_passwords(get_db()):
        _print_logins()
    click.echo(f"Serving on http://{host}:{port}")
    run_simple(host, port, app, threaded=True, use_reloader=False)


COMMANDS = [init_db_command, create_user_command, set_password_command, seed_demo_command,
            serve_command]


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def main() -> None:
    """Console entry point: `agent-app COMMAND`."""
    group = FlaskGroup(create_app=create_app, add_default_commands=False,
                       load_dotenv=False, set_debug_flag=False)
    sys.exit(group.main(prog_name="agent-app"))


if __name__ == "__main__":
    main()
