"""The English catalogue merges from several branches: keep it valid and free of duplicates."""

from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).parent.parent / "agent_app/translations/en/LC_MESSAGES/messages.po"


def test_catalogue_parses_strictly():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, abort_invalid=True)
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    assert untranslated == []


def test_each_message_is_defined_once():
    ids = [line for line in CATALOGUE.read_text("utf-8").splitlines()
           if line.startswith('msgid "') and line != 'msgid ""']
    assert [line for line, count in Counter(ids).items() if count > 1] == []
