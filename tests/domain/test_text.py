import unicodedata
import uuid

from agent_app.domain.text import clean, matches_word_start, name_sort_key, search_key
from agent_app.store import scalar


def test_search_key_drops_marks_and_maps_d():
    assert search_key("Nguyễn Văn Đức") == "nguyen van duc"
    assert search_key("ĐẶNG  thị   HOÀ") == "dang thi hoa"


def test_search_key_same_for_nfd_input():
    typed_nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    assert typed_nfd != "Nguyễn Văn Đức"
    assert search_key(typed_nfd) == "nguyen van duc"


def test_tone_mark_placement_does_not_matter():
    assert search_key("Thuỷ") == search_key("Thủy") == "thuy"
    assert search_key("hoà") == search_key("hòa")


def test_clean_stores_nfc_and_collapses_spaces():
    assert clean(unicodedata.normalize("NFD", "  Trần   Thị Mai ")) == "Trần Thị Mai"
    assert unicodedata.is_normalized("NFC", clean(unicodedata.normalize("NFD", "Lê Đức")))


def test_names_sort_by_given_name_first():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An"]
    assert sorted(names, key=name_sort_key) == ["Trần Thị An", "Lê Văn An", "Nguyễn Văn Bình"]


def test_word_start_matching():
    key = search_key("Nguyễn Văn An")
    assert matches_word_start(key, "van a")
    assert matches_word_start(key, "nguyen van a")
    assert not matches_word_start(key, "guyen")


HIDDEN = "Lê\u202e Thị\u200b Ẩn\u2066\u200d\ufeff\x00"      # bidi, zero-width, BOM, NUL


def test_clean_drops_bidi_zero_width_and_control_characters():
    assert clean(HIDDEN) == "Lê Thị Ẩn"
    assert clean("Thạch\u200f Sa\u061cRa\u2069") == "Thạch SaRa"


def test_names_from_forms_imports_and_sync_are_stored_without_them(client, auth, db):
    """The three ways a name arrives all go through ``clean``."""
    from commune_data import HONG_DAN, actor, villages
    from listfiles import xlsx

    from agent_app.imports.importer import import_list
    from sync.ingest import ingest

    village = villages(db, HONG_DAN)[0]
    auth.login("agent1")
    client.post("/people", data={"csrf_token": auth.csrf("/"), "village_id": str(village),
                                 "household.id": "", "full_name": HIDDEN + " Một",
                                 "birth_year": "1990", "confirm": "1"})
    village_name = scalar(db, "SELECT name FROM villages WHERE id = ?", (village,))
    in_xlsx = HIDDEN.rstrip("\x00") + " Hai"                  # XLSX cannot hold a NUL
    import_list(db, xlsx([["Họ và tên", "Năm sinh", "Thôn"], [in_xlsx, 1991, village_name]]),
                "ds.xlsx", HONG_DAN)
    result = ingest(db, actor(db), [{
        "id": str(uuid.uuid4()), "kind": "resident", "created_at": "2026-11-23T09:30:00+07:00",
        "data": {"id": str(uuid.uuid4()), "village_id": village, "full_name": HIDDEN + " Ba",
                 "birth_year": 1992, "household": {"id": str(uuid.uuid4()),
                                                   "address": "Ấp\u202e 3"}}}])[0]
    assert result.status == "accepted", result.reason
    names = {r[0] for r in db.conn.execute(
        "SELECT full_name FROM residents WHERE full_name LIKE 'Lê Thị Ẩn%'")}
    assert names == {"Lê Thị Ẩn Một", "Lê Thị Ẩn Hai", "Lê Thị Ẩn Ba"}
    assert scalar(db, "SELECT count(*) FROM households WHERE address = 'Ấp 3'") == 1
