"""Plain posts become the same data the outbox makes (docs/sync.md, form convention)."""

from werkzeug.datastructures import MultiDict

from agent_app.form_records import fieldset_data, form_data, new_record


def test_names_types_and_empty_values_follow_the_convention():
    form = MultiDict([("csrf_token", "x"), ("resident_id", "r1"), ("reasons", "low_income"),
                      ("reasons", "too_old"), ("follow_up_on", ""), ("location.lat", "9.5"),
                      ("location.lon", ""), ("months", "12"), ("confirm", "1")])
    data = form_data(form, {"reasons": "list", "months": "int", "location.lat": "float",
                            "location.lon": "float", "vssid_shown": "bool"})
    assert data == {"resident_id": "r1", "reasons": ["low_income", "too_old"],
                    "follow_up_on": None, "location": {"lat": 9.5, "lon": None},
                    "months": 12, "vssid_shown": False}


def test_unchecked_lists_are_empty_and_bad_numbers_stay_for_the_check_to_name():
    data = form_data(MultiDict([("months", "twelve")]), {"months": "int", "reasons": "list"})
    assert data == {"months": "twelve", "reasons": []}


def test_one_dict_per_submitted_fieldset_in_order():
    form = MultiDict([("scheme", "bhyt_hgd"), ("resident_id", "a"), ("position", "1"),
                      ("amount", "1263600"), ("resident_id", "b"), ("position", "2"),
                      ("amount", "884520")])
    members = fieldset_data(form, ("resident_id", "position", "amount"),
                            {"position": "int", "amount": "int"})
    assert members == [{"resident_id": "a", "position": 1, "amount": 1263600},
                       {"resident_id": "b", "position": 2, "amount": 884520}]
    shared = form_data(form, {}, leave={"resident_id", "position", "amount"})
    assert shared == {"scheme": "bhyt_hgd"}


def test_a_server_record_has_an_id_and_vietnam_time():
    record = new_record("visit", {"outcome": "not_home"})
    assert record["kind"] == "visit" and len(record["id"]) == 36
    assert record["created_at"].endswith("+07:00")
