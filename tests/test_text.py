import unicodedata

from agent_app.text import clean, matches_word_start, name_sort_key, search_key


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
