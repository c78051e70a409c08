"""`agent-app export-declarations`: a commune's sign-ups of a period in a declaration profile's
layout, for operators' scripts; what the rows still lack goes to standard error."""

from __future__ import annotations

import re
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from .declarations import profile as profile_files
from .declarations import workbook
from .domain import periods
from .store import declaration_settings as settings_store
from .store import get_db
from .store import places as place_store

_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")


def parse_period(text: str) -> periods.Period:
    """"2026-11" (a month), "2026-Q4" (a quarter) or "2026" (a year)."""
    found = _PERIOD.match(text.strip().upper())
    if not found:
        raise click.BadParameter("ghi tháng 2026-11, quý 2026-Q4 hoặc năm 2026",
                                 param_hint="--period")
    year, month, quarter = found.groups()
    try:
        if month:
            return periods.month(int(year), int(month))
        return periods.quarter(int(year), int(quarter)) if quarter else periods.year(int(year))
    except ValueError:
        raise click.BadParameter(f"không có tháng {text}", param_hint="--period") from None


@click.command("export-declarations")
@click.option("--commune", "commune_code", required=True, help="5-digit commune code.")
@click.option("--period", "period_text", required=True,
              help="2026-11 (month), 2026-Q4 (quarter) or 2026 (year).")
@click.option("--profile", "profile_id",
              help="Profile: " + ", ".join(profile_files.profiles())
              + " (default: the commune's).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the .xlsx (default: its usual name, here).")
@with_appcontext
def export_declarations_command(commune_code: str, period_text: str, profile_id: str | None,
                                output: Path | None) -> None:
    """Write a period's sign-ups as the chosen declaration software imports them."""
    db = get_db()
    commune = place_store.get_commune(db, commune_code)
    if commune is None:
        raise click.ClickException(f"no commune with code {commune_code}")
    period = parse_period(period_text)
    remembered = settings_store.commune_settings(db, commune_code).get("declaration_profile")
    chosen = profile_files.choose(profile_id, remembered)
    if chosen is None:
        raise click.ClickException(f"no profile {profile_id!r}; profiles: "
                                   + ", ".join(profile_files.profiles()))
    with force_locale("vi"):                     # the files' and the messages' language
        result = workbook.declaration(db, commune, period, chosen)
        output = output or Path(workbook.file_name(commune, period, chosen))
        output.write_bytes(result.xlsx())
    rows = ", ".join(f"{title}: {count}" for title, count in result.written.items())
    click.echo(f"{output} ({chosen.name}, {period.label}): {rows}")
    for entry in result.left_out:                # names stay out of scripts' output
        click.echo(f"  not in this file: resident {entry['resident_id']}: {entry['why']}",
                   err=True)
    for gap in result.gaps:
        for heading, why in gap.missing:
            click.echo(f"  {gap.sheet} row {gap.row}, {heading}: {why}", err=True)
        for note in gap.attention:
            click.echo(f"  {gap.sheet} row {gap.row}: {note}", err=True)


COMMANDS = [export_declarations_command]
