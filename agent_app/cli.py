"""The `agent-app` command: everything an operator scripts, beside the web app."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from werkzeug.serving import WSGIRequestHandler, run_simple

from . import backup_cli, config, create_app, declaration_cli, demo, server
from .domain import clock, premiums
from .domain.account_rules import display_name_problem, password_problem, username_problem
from .domain.formatting import money, vn_date
from .domain.identifiers import clean_phone, phone_error
from .imports import cli as import_cli
from .store import connect, get_db, migrate, scalar, transaction
from .store import parameters as parameter_store
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
@click.option("--phone", help="Phone number, given in the agent's renewal reminders.")
@click.password_option()
@with_appcontext
def create_user_command(username, role, display_name, villages, communes, phone,
                        password) -> None:
    """Create an account and give it its villages or communes (the admin's web page does the
    same, by the same rules)."""
    db = get_db()
    display_name = display_name or username
    problem = (username_problem(username) or display_name_problem(display_name)
               or password_problem(password, username))
    if problem:
        raise click.ClickException(problem)
    if user_store.get_user_by_name(db, username):
        raise click.ClickException(f"user {username!r} exists already")
    user_store.add_account(db, None, username, password, role, display_name, list(villages),
                           list(communes), phone=_phone(phone))
    click.echo(f"Created {role} {username}")


@click.command("set-password")
@click.argument("username")
@click.password_option()
@with_appcontext
def set_password_command(username, password) -> None:
    """Change a password (and so clear the demo-password flag)."""
    db = get_db()
    user = _user(db, username)
    problem = password_problem(password, username)
    if problem:
        raise click.ClickException(problem)
    user_store.reset_password(db, None, user["id"], password)
    click.echo(f"Password changed for {username}")


def _user(db, username: str) -> dict:
    user = user_store.get_user_by_name(db, username)
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    return user


def _phone(text: str | None) -> str | None:
    """A phone number as stored (digits only), or a refusal naming what is wrong."""
    if not text:
        return None
    phone = clean_phone(text)
    if error := phone_error(phone):
        raise click.BadParameter(f"số điện thoại {error}", param_hint="--phone")
    return phone


@click.command("set-phone")
@click.argument("username")
@click.argument("phone")
@with_appcontext
def set_phone_command(username, phone) -> None:
    """Set the phone number an agent's renewal reminders give ("-" clears it)."""
    db = get_db()
    user = _user(db, username)
    with transaction(db):
        user_store.set_phone(db, user["id"], None if phone == "-" else _phone(phone))
    click.echo(f"Phone set for {username}")


@click.command("seed-demo")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day the demo is built for (default: today in Vietnam); its week of "
                   "field work ends the day before.")
@with_appcontext
def seed_demo_command(today) -> None:
    """Fill an empty database with the demo communes, people and accounts."""
    db = get_db()
    if scalar(db, "SELECT count(*) FROM users"):
        raise click.ClickException("the database has accounts already; seed an empty one")
    counts = demo.seed(db, today=_day(today))
    click.echo(f"Demo: {counts['households']} households, {counts['residents']} residents,"
               f" {counts['records']} field records.")
    _print_logins()


def _print_logins() -> None:
    click.echo("Demo logins (password " + demo.DEMO_PASSWORD + "): "
               + ", ".join(username for username, _role, _name in demo.DEMO_USERS))


class PrivateRequestHandler(WSGIRequestHandler):
    """Access log without query strings: searches carry names, CCCDs and phone numbers."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = self.path.split("?", 1)[0]
        self.log("info", '"%s %s" %s %s', self.command, path, code, size)


@click.command("serve")
@click.option("--host", default="127.0.0.1",
              help="Address to listen on (the reverse proxy's side in production).")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), type=int,
              help="Port (default: $PORT, else 5000).")
@click.option("--workers", default=server.default_workers, type=click.IntRange(min=1),
              help="Production: worker processes (default: $WEB_CONCURRENCY, else 2 per core).")
@click.option("--timeout", default=60, type=click.IntRange(min=1),
              help="Production: seconds a worker may stay silent before it is replaced.")
@with_appcontext
def serve_command(host: str, port: int, workers: int, timeout: int) -> None:
    """Serve the app: gunicorn in production, Werkzeug's threaded server in development."""
    app = current_app._get_current_object()
    db = connect(app.config["DATABASE"])
    try:
        demo_logins = user_store.active_demo_passwords(db)
    finally:
        db.conn.close()     # nothing open may be inherited by the forked workers
    if app.config["ENV_NAME"] == "production":
        server.serve(app, host, port, workers, timeout)
        return
    if demo_logins:
        _print_logins()
    click.echo(f"Serving on http://{host}:{port} (development server)")
    run_simple(host, port, app, threaded=True, use_reloader=False,
               request_handler=PrivateRequestHandler)


@click.group("quote")
def quote_command() -> None:
    """Quote a contribution from the parameters in the database (as agents see it)."""


def _quote_options(command):
    command = click.option("--json", "as_json", is_flag=True, help="Print the Quote as JSON.")(
        command)
    command = click.option("--province", help="Province code, for local top-ups.")(command)
    command = click.option("--group", default="other", show_default=True,
                           type=click.Choice(premiums.GROUPS))(command)
    command = click.option("--months", required=True, type=int)(command)
    return click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]),
                        help="Payment date (default: today in Vietnam).")(command)


def _print_quote(make_quote, as_json: bool) -> None:
    rules = parameter_store.load_rules(get_db())
    try:
        quote = make_quote(rules)
    except premiums.QuoteError as error:
        raise click.ClickException(f"{error.field}: {error}") from None
    if as_json:
        click.echo(json.dumps(quote.as_dict(), ensure_ascii=False, indent=2))
        return
    lines = (("Tổng mức đóng", quote.gross), ("Nhà nước hỗ trợ", quote.state_support),
             ("NSĐP hỗ trợ", quote.local_support), ("Hỗ trợ khác", quote.other_support),
             ("Số tiền phải đóng", quote.payable), ("Mỗi tháng", quote.per_month))
    for label, amount in lines:
        click.echo(f"{label:<20}{money(amount):>16}")
    for row in quote.parameters:
        name = row.get("name") or row.get("kind")
        click.echo(f"  {name}: {premiums.format_value(row)} — {row['source']}")


def _day(on) -> date:
    return on.date() if on else clock.today()


@quote_command.command("bhxh")
@_quote_options
@click.option("--income", required=True, type=int, help="Monthly income in đồng.")
@click.option("--supported-months-left", type=int,
              help="Months of state support the person has left of 120 (default: all).")
@with_appcontext
def quote_bhxh_command(on, months, group, province, as_json, income,
                       supported_months_left) -> None:
    """BHXH tự nguyện: --income, --months (1, 3, 6, 12, 24, 36, 48, 60), --group."""
    _print_quote(lambda rules: premiums.quote_bhxh(
        _day(on), income, months, group, province, rules=rules,
        supported_months_left=supported_months_left), as_json)


@quote_command.command("bhyt")
@_quote_options
@click.option("--position", required=True, type=int, help="Position in the household (1 = first).")
@with_appcontext
def quote_bhyt_command(on, months, group, province, as_json, position) -> None:
    """BHYT hộ gia đình: --position, --months (3, 6, 12)."""
    _print_quote(lambda rules: premiums.quote_bhyt(
        _day(on), position, months, province, group, rules=rules), as_json)


@click.command("check-rules")
@click.option("--days", default=60, show_default=True, type=click.IntRange(0, 3650),
              help="How far ahead every rule a quote needs must be in force.")
@with_appcontext
def check_rules_command(days: int) -> None:
    """Exit 1, listing them, when rules a quote needs run out within --days (for cron)."""
    today = clock.today()
    gaps = premiums.rule_gaps(parameter_store.load_rules(get_db()), today, days)
    for gap in gaps:
        key = f" ({gap['key']})" if gap["key"] else ""
        click.echo(f"{gap['name']}{key}: chưa có dòng áp dụng từ {vn_date(gap['from'])}"
                   f" ({gap['label']})")
    if gaps:
        sys.exit(1)
    until = vn_date((today + timedelta(days=days)).isoformat())
    click.echo(f"Đủ tham số để tính tiền đến {until}.")


COMMANDS = [init_db_command, create_user_command, set_password_command, set_phone_command,
            seed_demo_command, serve_command, quote_command, check_rules_command]
COMMANDS += import_cli.COMMANDS + declaration_cli.COMMANDS
COMMANDS += backup_cli.COMMANDS


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def main() -> None:
    """Console entry point: `agent-app COMMAND`. A refused production start prints its reasons
    alone (an operator reads them, not a traceback) and exits 1."""
    group = FlaskGroup(create_app=create_app, add_default_commands=False,
                       load_dotenv=False, set_debug_flag=False)
    try:
        sys.exit(group.main(prog_name="agent-app"))
    except config.ProductionRefused as refused:
        click.echo(str(refused), err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
