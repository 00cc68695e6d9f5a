"""The README's layout table names every module of the project's code, and only modules that exist."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def layout_rows():
    """{first cell's path: the whole row} of the README's "Layout" table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            for path in re.findall(r"`([^`]+)`", first):
                rows[path] = line
    return rows


def modules():
    """Every module of timeline/ and config/ (migrations and package markers aside), and every
    module and package at the top of nlp/."""
    found = []
    for top in ("timeline", "config"):
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or path.name == "__init__.py":
                continue
            found.append(relative)
    for path in sorted((ROOT / "nlp").iterdir()):
        if path.name in {"__init__.py", "__pycache__"} or path.name.startswith("."):
            continue
        if path.suffix == ".py" or path.is_dir():
            found.append(path.relative_to(ROOT))
    return found


def is_listed(module, rows):
    """Listed as itself, or by name in the row of a folder that holds it (the row of
    ``timeline/web/`` naming ``views/`` and ``listing.py`` lists ``timeline/web/views/listing.py``)."""
    text = module.as_posix() + ("/" if (ROOT / module).is_dir() else "")
    if text in rows or text.rstrip("/") in rows:
        return True
    if text.endswith("/") and any(path.startswith(text) for path in rows):
        return True  # a folder described by the rows of what it holds
    for folder in module.parents:
        row = rows.get(folder.as_posix() + "/")
        if row is not None:
            named = {f"`{part}`" for part in (module.name, module.name + "/")}
            inner = module.relative_to(folder).parts
            if any(name in row for name in named) and all(f"`{part}/`" in row or f"{part}" in row for part in inner[:-1]):
                return True
    return False


def test_every_module_is_in_the_readme_layout_table():
    rows = layout_rows()
    missing = [module.as_posix() for module in modules() if not is_listed(module, rows)]
    assert not missing, f"modules missing from README's layout table: {missing}"


def test_every_path_of_the_layout_table_exists():
    absent = [path for path in layout_rows() if not (ROOT / path.split(" ")[0]).exists()]
    assert not absent, f"README's layout table names what does not exist: {absent}"


def test_the_check_sees_a_module_missing(tmp_path):
    rows = layout_rows()
    assert is_listed(Path("timeline/web/views/listing.py"), rows)
    assert not is_listed(Path("timeline/web/nowhere.py"), rows)
    assert not is_listed(Path("timeline/attic/old.py"), rows)
