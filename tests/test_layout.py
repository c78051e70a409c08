"""The layout's rules, held by the code itself: sync/ imports only the domain and the store, the
domain holds pure rules, views never open a transaction, and each blueprint is named for its
module or package and its template folder (README, "URL map")."""

import ast
from pathlib import Path

from agent_app import url_map

ROOT = Path(__file__).resolve().parent.parent


def imports_in(text: str, package: str) -> list[str]:
    """Every module (and imported name) a source imports, relative imports made absolute."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[:len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [module] + [f"{module}.{alias.name}" for alias in node.names]
    return found


def imports_of(path: Path) -> list[str]:
    package = ".".join(path.relative_to(ROOT).parts[:-1])
    return imports_in(path.read_text("utf-8"), package)


def beyond_domain_and_store(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith("agent_app.")
            and not m.startswith(("agent_app.domain", "agent_app.store"))]


def test_sync_imports_only_the_domain_and_the_store():
    for path in sorted((ROOT / "sync").glob("*.py")):
        assert not beyond_domain_and_store(imports_of(path)), path.name


def test_the_import_check_can_fail():
    found = imports_in("from ..store import rows\nfrom .. import formatting\n",
                       "agent_app.domain")
    assert beyond_domain_and_store(found) == ["agent_app.formatting"]


def test_the_domain_holds_pure_rules():
    for path in sorted((ROOT / "agent_app" / "domain").glob("*.py")):
        for module in imports_of(path):
            assert module.split(".")[0] not in ("flask", "flask_login", "sync"), (path.name, module)
            assert not module.startswith("agent_app.store"), (path.name, module)


def test_views_never_open_a_transaction():
    for path in sorted((ROOT / "agent_app").rglob("*.py")):
        text = path.read_text("utf-8")
        if ".route(" in text:
            assert "transaction(" not in text, path.relative_to(ROOT)


def test_each_blueprint_is_named_for_its_module_or_package_and_its_template_folder():
    for _urls, blueprint in url_map():
        parts = blueprint.import_name.split(".")
        if parts[0] != "agent_app":
            continue
        owner = parts[-2] if parts[-1] == "views" else parts[-1]
        assert blueprint.name == owner, blueprint.import_name
        assert (ROOT / "templates" / blueprint.name).is_dir(), blueprint.name
