"""What the README and the OpenAPI say is what the code does: the URL map, the command list and
the sync protocol are checked against the app, so they cannot drift apart."""

import re
from pathlib import Path

from agent_app import url_map
from sync.ingest import STATUSES
from sync.kinds import KINDS
from sync.openapi import SPEC

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def section(title: str) -> str:
    """The README's text under ``## title``, up to the next section."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def patterns(urls: str) -> list[str]:
    return [url.strip() for url in urls.split(",")]


def readme_url_map() -> list[tuple[list[str], str, str]]:
    """(URL patterns, blueprint, module) per row of the README's URL map."""
    found = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| `([^`]+)` \|", section("URL map"), re.M)
    return [(patterns(urls), blueprint, module) for urls, blueprint, module in found]


def owner(rule: str, table: list[tuple[list[str], str]]) -> str | None:
    """The blueprint whose pattern covers ``rule``: an exact URL, else the longest prefix."""
    best, length = None, -1
    for urls, blueprint in table:
        for url in urls:
            prefix = url.endswith("…")
            covers = rule.startswith(url[:-1]) if prefix else rule == url
            if covers and len(url) > length:
                best, length = blueprint, len(url)
    return best


def test_the_readme_url_map_is_the_list_create_app_registers(app):
    registered = [(patterns(urls), blueprint.name) for urls, blueprint in url_map()]
    assert [(urls, name) for urls, name, _module in readme_url_map()] == registered
    assert {name for _urls, name in registered} == set(app.blueprints)


def test_every_route_is_under_its_blueprints_line(app):
    table = [(patterns(urls), blueprint.name) for urls, blueprint in url_map()]
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            assert owner(rule.rule, table) == rule.endpoint.split(".")[0], rule.rule


def test_the_owner_check_can_fail():
    table = [(["/communes/<code>/…"], "commune"), (["/"], "home")]
    assert owner("/communes/<code>/agents", table) == "commune"
    assert owner("/villages/<int:village_id>", table) is None


def test_each_blueprint_lives_in_the_module_the_readme_names(app):
    for _urls, name, module in readme_url_map():
        where = app.blueprints[name].import_name.replace(".", "/")
        package = where.removesuffix("/views") + "/" if where.endswith("/views") else None
        assert module in (f"{where}.py", f"{where}/", package), name
        assert (ROOT / module).exists(), module


def test_the_readme_lists_every_command(app):
    block = section("Command line").split("```sh\n", 1)[1].split("```", 1)[0]
    listed = {line.split()[1] for line in block.splitlines() if line.startswith("agent-app ")}
    commands = set(app.cli.list_commands(None))
    assert listed == commands


def test_the_openapi_record_kinds_are_the_kinds_ingest_knows():
    shapes = SPEC["components"]["schemas"]["Record"]["oneOf"]
    assert [shape["properties"]["kind"]["const"] for shape in shapes] == list(KINDS)
    for shape in shapes:
        kind = KINDS[shape["properties"]["kind"]["const"]]
        assert set(shape["properties"]["data"]["properties"]) == set(kind.fields)
        assert "seq" not in shape["required"]            # the server's own re-ingest has none


def test_the_openapi_statuses_are_the_ones_ingest_returns():
    source = (ROOT / "sync/ingest.py").read_text("utf-8")
    returned = set(re.findall(r'Result\([^"]*?, "(\w+)"', source))
    assert returned == set(STATUSES)
    assert SPEC["components"]["schemas"]["Result"]["properties"]["status"]["enum"] == \
        list(STATUSES)


def test_the_openapi_paths_are_the_sync_apis_routes(app):
    routes = {(rule.rule, method.lower()) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("sync.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, methods in SPEC["paths"].items()
                  for method in methods}
    assert documented == routes
