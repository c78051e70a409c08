"""A period's sign-ups written in a profile's layout, and what each row still lacks.

Every cell goes through the app's one writer (``agent_app.spreadsheets``), so text never runs
as a formula. A required cell with no value is never left blank without a word: the row is
listed with the heading and the reason (who can supply it), on the export page and by the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlite_utils import Database

from ..domain import codes, retention
from ..domain.periods import Period
from ..spreadsheets import Column, Sheet, xlsx
from ..store import exports as export_store
from ..store import parameters as parameter_store
from .facts import HINTS, facts
from .profile import Layout, Profile, ProfileColumn

MISSING = _l("chưa có")
NO_CODE = _l("hồ sơ %(profile)s không có mã cho “%(value)s”")
VALUE_LABELS = {"continuing": _l("người đóng tiếp"), "new": _l("người mới tham gia")}
NOT_IN_PROFILE = _l("hồ sơ %(profile)s không có sheet cho %(scheme)s")


@dataclass
class RowGaps:
    """One written row that the software will not take as it is."""

    sheet: str
    row: int                                    # the row number a person sees in Excel
    full_name: str
    resident_id: str
    missing: list[tuple[str, str]] = field(default_factory=list)   # (heading, why)
    attention: list[str] = field(default_factory=list)


@dataclass
class Declaration:
    profile: Profile
    sheets: list[Sheet]
    written: dict[str, int]                     # sheet title -> rows written
    gaps: list[RowGaps]
    left_out: list[dict]                        # sign-ups no sheet of the profile holds

    def xlsx(self) -> bytes:
        return xlsx(self.sheets)

    @property
    def complete(self) -> bool:
        return not self.gaps and not self.left_out


class _Words:
    """The messages in the current language, translated once per file (not once per row)."""

    def __init__(self) -> None:
        self.hints = {source: str(hint) for source, hint in HINTS.items()}
        self.missing, self.no_code = str(MISSING), str(NO_CODE)
        self.labels = {code: str(label) for code, label in VALUE_LABELS.items()}
        self.not_in_profile = str(NOT_IN_PROFILE)
        self.schemes = {code: str(label) for code, label in codes.SCHEMES.items()}

    def cell(self, profile: Profile, column: ProfileColumn,
             values: dict) -> tuple[object, str | None]:
        """The cell's value in the vendor's terms, and why it is empty when it should not be."""
        value = values[column.source]
        if value is None or not column.vocabulary:
            return value, None
        table = profile.vocabularies[column.vocabulary]
        if str(value) in table:
            return table[str(value)], None
        return None, self.no_code % {"profile": profile.name,
                                     "value": self.labels.get(value, value)}

    def why(self, column: ProfileColumn, values: dict, notes: dict) -> str:
        if column.source in notes:
            return str(notes[column.source])
        hint = self.hints.get(column.source)
        return hint % {"agent": values["agent_name"]} if hint else self.missing


def _header(layout: Layout, place: dict) -> list[list]:
    """Rows 1 to the row before the data: the title block, the headings and the field codes."""
    width = len(layout.columns)
    grid = [[None] * width for _ in range(layout.data_row - 1)]
    grid[layout.heading_row - 1] = [column.heading for column in layout.columns]
    if layout.code_row:
        grid[layout.code_row - 1] = [column.code or None for column in layout.columns]
    for row, column, text in layout.cells:
        grid[row - 1][column] = text.format_map(place)
    return grid


def _sheet(profile: Profile, layout: Layout, rows: list[list], place: dict) -> Sheet:
    columns = [Column(c.heading, lambda line, i=i: line[i], c.kind, c.width)
               for i, c in enumerate(layout.columns)]
    return Sheet(layout.title, columns, rows, numbered=False, freeze=f"A{layout.data_row}",
                 header=_header(layout, place))


def build(profile: Profile, signups: list[dict], rules, place: dict,
          card_starts: dict[str, date] | None = None) -> Declaration:
    """The workbook and its gaps. ``place`` fills the title block ({commune}, {province},
    {period}); ``card_starts`` gives each BHYT sign-up's card start by record id."""
    rows: dict[str, list[list]] = {layout.scheme: [] for layout in profile.sheets}
    gaps: list[RowGaps] = []
    left_out: list[dict] = []
    words = _Words()
    for signup in signups:
        layout = profile.sheet_for(signup["scheme"])
        if layout is None:
            why = words.not_in_profile % {"profile": profile.name,
                                          "scheme": words.schemes[signup["scheme"]]}
            left_out.append({"full_name": signup["full_name"],
                             "resident_id": signup["resident_id"], "scheme": signup["scheme"],
                             "why": why})
            continue
        written = rows[layout.scheme]
        values, notes, attention = facts(signup, rules,
                                         (card_starts or {}).get(signup["record_id"]))
        values["row_number"] = len(written) + 1
        line, row_gaps = [], RowGaps(layout.title, layout.data_row + len(written),
                                     signup["full_name"], signup["resident_id"],
                                     attention=[str(a) for a in attention])
        for column in layout.columns:
            value, no_code = words.cell(profile, column, values)
            line.append(value)
            if column.required and value is None:
                row_gaps.missing.append((column.heading.split("\n")[0],
                                         no_code or words.why(column, values, notes)))
        written.append(line)
        if row_gaps.missing or row_gaps.attention:
            gaps.append(row_gaps)
    sheets = [_sheet(profile, layout, rows[layout.scheme], place) for layout in profile.sheets]
    return Declaration(profile, sheets,
                       {layout.title: len(rows[layout.scheme]) for layout in profile.sheets},
                       gaps, left_out)


def declaration(db: Database, commune: dict, period: Period, profile: Profile,
                village_id: int | None = None) -> Declaration:
    """The commune's sign-ups of the period (optionally one village's) in ``profile``."""
    signups = export_store.period_signups(db, commune["code"], period.start, period.end,
                                          village_id)
    place = {"commune": commune["name"], "province": commune["province_name"],
             "period": period.label}
    return build(profile, signups, parameter_store.load_rules(db), place,
                 card_starts(db, signups))


def card_starts(db: Database, signups: list[dict]) -> dict[str, date]:
    """The first day of the card each BHYT sign-up bought, from each person's whole chain: the
    list's card, then every earlier sign-up (agent_app/domain/retention.py)."""
    expiry = {s["resident_id"]: s["bhyt_expiry"] for s in signups if s["scheme"] != "bhxh_tn"}
    chains: dict[str, list[dict]] = {}
    for signup in export_store.bhyt_signups(db, list(expiry)):
        chains.setdefault(signup["resident_id"], []).append(signup)
    return {card["record_id"]: date.fromisoformat(card["valid_from"])
            for resident_id, chain in chains.items()
            for card in retention.bhyt_cards(expiry[resident_id], chain)}


def file_name(commune: dict, period: Period, profile: Profile) -> str:
    """"kê khai EBH Xã Hồng Dân 20261101-20261130.xlsx"."""
    return (f"kê khai {profile.name} {commune['name']} {period.start:%Y%m%d}-"
            f"{period.end:%Y%m%d}.xlsx")
