"""The English catalogue merges from several branches (git's union driver): keep it well formed,
translated and free of duplicates."""

import re
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).parent.parent / "agent_app/translations/en/LC_MESSAGES/messages.po"
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr) ")


def _keyword_order_errors(text: str) -> list[str]:
    """A union merge can leave a msgstr without its msgid: check each keyword's predecessor."""
    allowed = {"msgid": {None, "msgstr", "msgstr[]", "msgctxt"}, "msgid_plural": {"msgid"},
               "msgstr": {"msgid"}, "msgctxt": {None, "msgstr", "msgstr[]"}}
    errors, previous = [], None
    for number, line in enumerate(text.splitlines(), 1):
        found = KEYWORD.match(line)
        if not found:
            continue
        keyword = "msgstr[]" if found.group(2) else found.group(1)
        if keyword == "msgstr[]":
            ok = previous == "msgid_plural" if found.group(2) == "0" else previous == "msgstr[]"
        else:
            ok = previous in allowed[keyword]
        if not ok:
            errors.append(f"line {number}: {line}")
        previous = keyword
    return errors


def test_catalogue_is_well_formed_and_translated():
    assert _keyword_order_errors(CATALOGUE.read_text("utf-8")) == []
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, abort_invalid=True)
    assert [m.id for m in catalogue if m.id and not m.string] == []


def test_each_message_is_defined_once():
    ids = [line for line in CATALOGUE.read_text("utf-8").splitlines()
           if line.startswith('msgid "') and line != 'msgid ""']
    assert [line for line, count in Counter(ids).items() if count > 1] == []


def test_the_check_catches_an_orphaned_translation():
    broken = 'msgid "Đến ngày"\nmsgstr "To"\nmsgstr "Until"\n'
    assert _keyword_order_errors(broken) == ['line 3: msgstr "Until"']
