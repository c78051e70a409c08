"""Importing the list the local BHXH office hands a commune (XLSX or CSV).

The file is read and every row parsed first, outside any transaction and only up to the bounds
in ``list_files`` (rows, columns, unpacked size), so a huge or hostile file is refused without
ever holding the database's write lock; agents' pushes never wait on a file being read. Then one
import is one transaction: a file that is not a table, or has no name column, changes
nothing; a bad row is skipped and reported by the row number and heading a person sees; the rest
goes in. Re-importing the same or a corrected file updates the people it matches and never makes
duplicates (`store.residents.find_match`: CCCD, else mã số BHXH, else name key + birth + village).
An empty cell never erases a stored value.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from ..declarations.facts import contact_address
from ..domain import premiums
from ..domain.text import clean, search_key
from ..store import audit, transaction
from ..store import coverage as coverage_store
from ..store import imports as import_store
from ..store import places as place_store
from ..store import residents as resident_store
from .columns import LABELS, ParsedRow, field_for, is_column_numbers, parse_row, profile_layout
from .list_files import NotATable, Rows, sheets

HEADING_ROWS = 20                 # how far down a title block may push the headings
IDENTIFYING = ("cccd", "bhxh_code", "birth_year")


class ImportFailed(Exception):
    """The whole file was refused; nothing was changed. The message says why."""


class _RolledBack(Exception):
    """Raised inside the transaction to undo a dry run."""


_SKIP = object()             # a row whose new hamlet the person chose not to create


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    import_id: int | None = None
    # Hamlets the file names that the commune does not have: {"key", "name", "rows", "row",
    # "action" ("create", "skip" or the existing hamlet's id), "similar" (a close name)}.
    new_villages: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Exactly what `import-list --json` prints and the import log keeps."""
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped, "warnings": self.warnings,
                "new_villages": [{k: v["k"] if False else v[k] for k in ("name", "rows", "action")}
                                 for v in self.new_villages]}

    @property
    def skipped_rows(self) -> int:
        return len({entry["row"] for entry in self.skipped})


@dataclass
class Layout:
    """Where the table sits in the file: its heading row and which column holds which field."""

    columns: dict[str, int]
    headings: dict[str, str]
    warnings: list[dict]
    rows: Iterator[tuple[int, tuple]]
    sheet: str = ""                     # a declaration profile's sheet: its title


NEW_VILLAGE_ACTIONS = ("create", "skip")


def import_list(db: Database, data: bytes, file_name: str, commune_code: str, *,
                user_id: int | None = None, dry_run: bool = False,
                new_villages: dict[str, str | int] | None = None) -> Report:
    """Import a list into a commune; with ``dry_run`` report what would happen and keep nothing.

    A hamlet the commune does not have yet is created, unless ``new_villages`` (search key of
    the file's hamlet name → "create", "skip" or an existing hamlet's id of this commune) says
    otherwise; a hamlet missing from a given ``new_villages`` is not created (its rows are
    skipped). The report lists every such hamlet, so a person can decide before confirming."""
    if dry_run and db.conn.in_transaction:
        raise RuntimeError("a dry run must own its transaction to roll it back")
    if place_store.get_commune(db, commune_code) is None:
        raise ImportFailed(f"Không có xã mã {commune_code}: hãy nạp danh mục đơn vị hành chính"
                           " trước (agent-app load-units).")
    known = {v["id"] for v in coverage_store.commune_villages(db, commune_code)}
    if new_villages and set(new_villages.values()) - set(NEW_VILLAGE_ACTIONS) - known:
        raise ImportFailed("Thôn, ấp được chọn để nhập vào không thuộc xã này.")
    try:
        layouts = find_layouts(sheets(data))
        parsed = [(layout, parse_rows(layout)) for layout in layouts]
    except NotATable as error:
        raise ImportFailed(str(error)) from error
    report = Report(warnings=[w for layout in layouts for w in layout.warnings])
    try:
        with transaction(db):
            run = _Import(db, commune_code, user_id, report, new_villages)
            for layout, rows in parsed:
                run.headings, run.sheet = layout.headings, layout.sheet
                for number, row in rows:
                    run.add(number, row)
            report.new_villages = run.new_village_list()
            if dry_run:
                raise _RolledBack
            report.import_id = import_store.log_import(db, user_id, file_name, commune_code,
                                                       report.as_dict())
    except _RolledBack:
        pass
    return report


def parse_rows(layout: Layout) -> list[tuple[int, ParsedRow]]:
    """Every non-empty row under the headings, parsed (pure: no database)."""
    parsed = []
    for number, cells in layout.rows:
        if is_column_numbers(cells):
            continue
        values = {name: cells[index] for name, index in layout.columns.items()
                  if index < len(cells)}
        if all(cell is None or str(cell).strip() == "" for cell in values.values()):
            continue
        parsed.append((number, parse_row(values)))
    return parsed


def _heading_row(rows: Rows) -> tuple[int | None, tuple, bool]:
    """The number and cells of the first row (within HEADING_ROWS) that names the name column,
    or None; and whether the sheet has a row of two cells or more."""
    tabular = False
    for number, cells in rows:
        tabular = tabular or sum(1 for cell in cells if cell not in (None, "")) >= 2
        if any(field_for(cell) == "full_name" for cell in cells if cell is not None):
            return number, cells, True
        if number >= HEADING_ROWS:
            break
    return None, (), tabular


def find_layouts(found: list[Rows]) -> list[Layout]:
    """The first sheet whose first rows hold a name heading, and when that sheet is a
    declaration profile's, every later sheet of a profile too (a vendor workbook has one sheet
    per scheme); refuse the file when no sheet has a name heading."""
    tabular = False
    layouts: list[Layout] = []
    for rows in found:
        number, cells, tabular_here = _heading_row(rows)
        tabular = tabular or tabular_here
        if number is not None and (not layouts or profile_layout(cells)):
            layouts.append(_layout(number, cells, rows))
            if not layouts[0].sheet:
                return layouts
    if layouts:
        return layouts
    if not tabular:
        raise ImportFailed("Tệp không có dạng bảng: không có dòng nào có từ hai cột trở lên.")
    raise ImportFailed(f"Không tìm thấy cột “Họ và tên” trong {HEADING_ROWS} dòng đầu của tệp:"
                       " hãy đặt tên cột như trong tệp mẫu.")


def _layout(number: int, cells: tuple, rows: Iterator) -> Layout:
    """The columns the heading row names. A declaration profile's sheet (a vendor export handed
    back) is read from its data row, its vendor-only columns in silence, and may have no village
    column: its rows then update the people already listed (``_Import._match``)."""
    columns: dict[str, int] = {}
    headings: dict[str, str] = {}
    warnings = []
    sheet, data_row = profile_layout(cells) or ("", None)
    for index, cell in enumerate(cells):
        heading = clean(cell)
        if not heading:
            continue
        name = field_for(heading)
        if name is None:
            if data_row is None:
                warnings.append({"row": number, "column": heading,
                                 "message": "cột không được nhận ra; bỏ qua cột này"})
        elif name in columns:
            if data_row is None:
                warnings.append({"row": number, "column": heading,
                                 "message": f"trùng với cột “{headings[name]}”; bỏ qua cột này"})
        elif name:
            columns[name] = index
            headings[name] = heading
    if "village" not in columns and data_row is None:
        raise ImportFailed("Không tìm thấy cột “Thôn” (hoặc Ấp, Bản, Tổ dân phố): mỗi người"
                           " phải thuộc một thôn, ấp.")
    if data_row is not None:
        rows = ((n, line) for n, line in rows if n >= data_row)
    return Layout(columns, headings, warnings, rows, sheet)


class _Import:
    """One file's rows applied to the store, remembering villages, households and people already
    seen in this file so duplicate rows merge and lookups stay cheap."""

    def __init__(self, db: Database, commune_code: str, user_id: int | None, report: Report,
                 decisions: dict[str, str | int] | None):
        self.db = db
        self.commune_code = commune_code
        self.user_id = user_id
        self.headings: dict[str, str] = {}
        self.sheet = ""                  # set per sheet of a vendor workbook
        self.report = report
        self.villages: dict[str, int] = {}
        self.village_communes: dict[int, str] = {}
        self.households: dict[tuple, str] = {}
        self.seen: dict[str, tuple[str, int]] = {}     # resident -> (sheet, row)
        self.decisions = decisions
        self.new_villages: dict[str, dict] = {}
        self.existing_names = [v["name"] for v in coverage_store.commune_villages(db,
                                                                                  commune_code)]
        self.commune = place_store.get_commune(db, commune_code) or {}
        self.default_group = premiums.default_group(self.commune.get("kind"))

    def _note(self, target: list, number: int, name: str, message: str) -> None:
        column = self.headings.get(name, LABELS.get(name, name))
        target.append({"row": number, "column": f"{self.sheet}: {column}" if self.sheet
                       else column, "message": message})

    def add(self, number: int, parsed: ParsedRow) -> None:
        if parsed.errors:
            for name, message in parsed.errors:
                self._note(self.report.skipped, number, name, message)
            return
        for name, message in parsed.warnings:
            self._note(self.report.warnings, number, name, message)
        self._apply(number, parsed)

    def _apply(self, number: int, parsed: ParsedRow) -> None:
        person = dict(parsed.person)
        village_id = self._where(number, parsed.village) if parsed.village else None
        if village_id is _SKIP:
            return
        match, problem = self._match(village_id, person, in_village=bool(parsed.village))
        if match is None and not parsed.village and not problem:
            problem = ("village", "tệp không ghi thôn, ấp và không thấy người này trong danh sách"
                                  " của xã (theo số CCCD, mã số BHXH, hoặc họ tên và ngày sinh);"
                                  " không nhập dòng này")
        village_id = village_id or (match["village_id"] if match else None)
        if problem:
            self._note(self.report.skipped, number, *problem)
            return
        village_id = village_id or self._village(parsed.village, create=True)
        person["village_id"] = village_id
        household_id = self._household(village_id, parsed)
        if household_id:
            person["household_id"] = household_id
        if match is None:
            person.setdefault("support_group", self.default_group)
            resident_id = resident_store.insert_resident(self.db, person)
            self.seen[resident_id] = (self.sheet, number)
            self.report.created += 1
            return
        if self.seen.get(match["id"], (None,))[0] == self.sheet:
            self._note(self.report.warnings, number, "full_name",
                       f"cùng một người với dòng {self.seen[match['id']][1]}; đã gộp làm một")
        else:
            self.seen.setdefault(match["id"], (self.sheet, number))
            self._doubts(number, match, person)
        changes = _changes(match, person)
        if not changes:
            self.report.unchanged += 1
            return
        resident_store.update_resident(self.db, match["id"], changes)
        audit.record_change(self.db, self.user_id, "resident", match["id"], "import",
                            {key: match[key] for key in changes}, changes)
        self.report.updated += 1

    def _match(self, village_id: int | None, person: dict,
               in_village: bool = True) -> tuple[dict | None, tuple | None]:
        """The stored person this row describes, or a (field, message) reason to skip the row.
        A row with no village (a vendor export) is looked for in the whole commune."""
        found = resident_store.find_match(self.db, village_id or 0, person)
        if found is None and not in_village:
            same = [r for r in resident_store.residents_named_in_commune(
                        self.db, self.commune_code, search_key(person["full_name"]))
                    if (r["birth_date"] == person.get("birth_date") if person.get("birth_date")
                        else r["birth_year"] == person.get("birth_year"))]
            found = same[0] if len(same) == 1 else None
        elif found is None and not any(person.get(key) for key in IDENTIFYING):
            named = resident_store.residents_named(self.db, village_id or 0,
                                                 search_key(person["full_name"]))
            if len(named) > 1:
                return None, ("full_name", "nhiều người cùng tên trong thôn này; cần thêm ngày"
                                           " sinh hoặc số CCCD để biết là ai")
            found = named[0] if named else None
        if found and found["merged_into"]:
            found = resident_store.get_resident(self.db, found["merged_into"])
        if found is None:
            return None, None
        by = next((key for key in ("cccd", "bhxh_code")
                   if person.get(key) and found[key] == person[key]), None)
        if by and self._commune_of(found["village_id"]) != self.commune_code:
            label = "số CCCD" if by == "cccd" else "mã số BHXH"
            return None, (by, f"{label} này đã thuộc một người ở xã khác; không nhập dòng này")
        return found, None

    def _doubts(self, number: int, stored: dict, person: dict) -> None:
        """A match that changes who the person seems to be is kept, and said out loud."""
        for key, label in (("cccd", "số CCCD"), ("bhxh_code", "mã số BHXH")):
            if person.get(key) and stored[key] and stored[key] != person[key]:
                self._note(self.report.warnings, number, key,
                           f"{label} khác số đã lưu ({stored[key]}); đã cập nhật theo tệp")
        if stored["search_key"] != search_key(person["full_name"]):
            self._note(self.report.warnings, number, "full_name",
                       f"khớp với người đã lưu tên “{stored['full_name']}”; đã đổi tên theo tệp")

    def _where(self, number: int, name: str) -> int | None | object:
        """The hamlet a row goes to: an existing one; None for a new one to create (after the
        row is known to be good); ``_SKIP`` when the person chose not to create it."""
        key = search_key(name)
        if key not in self.new_villages:
            found = self._village(name, create=False)
            if found is not None:
                return found
            self.new_villages[key] = {"key": key, "name": clean(name), "rows": 0, "row": number}
        entry = self.new_villages[key]
        entry["rows"] += 1
        action = "create" if self.decisions is None else self.decisions.get(key, "skip")
        entry["action"] = action
        if action == "skip":
            self._note(self.report.skipped, number, "village",
                       f"thôn, ấp “{entry['name']}” chưa có trong xã và không được tạo")
            return _SKIP
        if action == "create":
            return self.villages.get(key)
        self.villages[key] = int(action)
        return int(action)

    def new_village_list(self) -> list[dict]:
        """The new hamlets met, each with the existing hamlet whose name is closest, if any."""
        keys = {search_key(name): name for name in self.existing_names}
        for entry in self.new_villages.values():
            close = difflib.get_close_matches(entry["key"], list(keys), n=1, cutoff=0.6)
            entry["similar"] = keys[close[0]] if close else None
        return list(self.new_villages.values())

    def _declared(self, address: str) -> str:
        """The address as a declaration export writes it (``contact_address``)."""
        return contact_address(address, "", self.commune["name"], self.commune["province_name"])

    def _commune_of(self, village_id: int) -> str:
        if village_id not in self.village_communes:
            village = place_store.get_village(self.db, village_id)
            self.village_communes[village_id] = village["commune_code"]
        return self.village_communes[village_id]

    def _village(self, name: str, *, create: bool) -> int | None:
        key = search_key(name)
        if key not in self.villages:
            village_id = place_store.village_id_for(self.db, self.commune_code, name,
                                                    create=create)
            if village_id is None:
                return None
            self.villages[key] = village_id
            self.village_communes[village_id] = self.commune_code
        return self.villages[key]

    def _household(self, village_id: int, parsed: ParsedRow) -> str | None:
        """By mã hộ gia đình, else by the head's name within the village; made on first sight.
        A row for the head ("Chủ hộ") names its own household when the Chủ hộ cell is empty."""
        code, head, address = (parsed.household[key]
                               for key in ("household_code", "head_name", "address"))
        if not head and search_key(parsed.person.get("relation_to_head")) == "chu ho":
            head = parsed.person["full_name"]
        keys = ([(village_id, "code", code)] if code else []) + (
            [(village_id, "head", search_key(head))] if head else [])
        if not keys:
            return None
        household_id = next((self.households[key] for key in keys if key in self.households),
                            None)
        if household_id is None:
            found = resident_store.find_household(self.db, village_id, code, head)
            if found:
                household_id = found["id"]
                if address and found["address"] and address == self._declared(found["address"]):
                    address = found["address"]        # as a declaration export wrote it
                wanted = {"household_code": code, "head_name": head, "address": address}
                changes = {key: value for key, value in wanted.items()
                           if value and found[key] != value
                           and (key != "head_name" or found["household_code"] == code)}
                resident_store.update_household(self.db, household_id, changes)
            else:
                household_id = resident_store.insert_household(self.db, {
                    "village_id": village_id, "household_code": code, "head_name": head,
                    "address": address})
        for key in keys:
            self.households[key] = household_id
        return household_id


def _changes(stored: dict, person: dict) -> dict:
    """What the row would change. A year-only birth keeps a stored full date of that year."""
    changes = {key: value for key, value in person.items() if stored.get(key) != value}
    if person.get("birth_date") is None and stored.get("birth_year") == person.get("birth_year"):
        changes.pop("birth_date", None)
    return changes
