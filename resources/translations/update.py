"""Rebuild the translation catalogs: ``python resources/translations/update.py``.

Two systems, one command:

* the Qt-free core (everything but ``netdesigner/gui``): the strings passed to
  ``_()`` or ``N_()`` are collected into ``netdesigner_<lang>.po`` (translations
  already there are kept, new strings get an empty one, gone strings are dropped)
  and compiled to ``netdesigner_<lang>.mo`` with the standard gettext format;
* the GUI: ``pyside6-lupdate`` collects ``tr()`` / ``QCoreApplication.translate``
  strings of ``netdesigner/gui`` into ``netdesigner_<lang>.ts`` and
  ``pyside6-lrelease`` compiles them to ``.qm``.

Translate the empty ``msgstr ""`` entries of the ``.po`` (or open the ``.ts`` in
``pyside6-linguist``), then run this again and commit the sources with the compiled
files; tests/test_translations.py checks that they are complete and current.
``--check`` changes nothing and exits 1 when something is out of date.
"""

from __future__ import annotations

import ast
import json
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACKAGE = ROOT / "netdesigner"
GUI = PACKAGE / "gui"
DOMAIN = "netdesigner"
LANGUAGES = ("zh_CN",)
MARKERS = ("_", "N_")
HEADER = (
    "Project-Id-Version: NetDesigner\n"
    "Language: {language}\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
)


# --- the core's gettext catalogs -------------------------------------------------


def core_sources() -> list[Path]:
    """The Python files whose ``_()`` strings belong in the core catalog."""
    return sorted(p for p in PACKAGE.rglob("*.py") if GUI not in p.parents)


def extract(paths: list[Path]) -> dict[str, list[str]]:
    """msgid -> ["file", ...] for every ``_("...")`` / ``N_("...")`` call.

    References name the file, not the line, so that an edit elsewhere in a file
    does not leave the catalog out of date.

    A marker called with anything but one string literal (an f-string, a
    variable) is a ``ValueError``: its text cannot reach the catalog.
    """
    found: dict[str, list[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _is_marker(node.func)):
                continue
            where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
            arg = node.args[0] if len(node.args) == 1 else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                places = found.setdefault(arg.value, [])
                source = path.relative_to(ROOT).as_posix()
                if source not in places:
                    places.append(source)
            elif not isinstance(arg, (ast.Name, ast.Attribute, ast.Subscript)):
                # _(name) looks up a string marked with N_ elsewhere; an f-string,
                # a sum or a .format() inside _() can never match the catalog
                raise ValueError(f"{where}: expected one string literal in _()")
    return found


def schema_descriptions() -> dict[str, list[str]]:
    """The ``description`` texts of the design schema: its messages quote them."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "resources" / "schema").glob("*.json")):
        where = path.relative_to(ROOT).as_posix()
        for text in _descriptions(json.loads(path.read_text(encoding="utf-8"))):
            found.setdefault(text, []).append(where)
    return found


def _descriptions(value: object) -> list[str]:
    if isinstance(value, dict):
        own = (
            [value["description"]] if isinstance(value.get("description"), str) else []
        )
        return own + [t for v in value.values() for t in _descriptions(v)]
    if isinstance(value, list):
        return [t for v in value for t in _descriptions(v)]
    return []


def _is_marker(func: ast.expr) -> bool:
    return isinstance(func, ast.Name) and func.id in MARKERS


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a ``.po`` file (the header entry under "")."""
    return parse_po(path.read_text(encoding="utf-8"))


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of a ``.po`` text (no plurals, no contexts: we use neither)."""
    entries: dict[str, str] = {}
    msgid = msgstr = None
    field = None
    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr or ""
            msgid, msgstr, field = _unquote(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, field = _unquote(line[7:]), "str"
        elif line.startswith('"'):
            if field == "id":
                msgid = (msgid or "") + _unquote(line)
            else:
                msgstr = (msgstr or "") + _unquote(line)
    if msgid is not None:
        entries[msgid] = msgstr or ""
    return entries


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def _quote(text: str) -> str:
    """A .po string: one quoted line, or "" then one line per ``\\n`` piece."""
    pieces = text.splitlines(keepends=True) or [""]
    quoted = [_escape(piece) for piece in pieces]
    if len(quoted) == 1:
        return quoted[0]
    return '""\n' + "\n".join(quoted)


def _escape(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'


def write_po(path: Path, language: str, messages: dict[str, list[str]]) -> str:
    """The text of ``path`` updated to ``messages``, keeping known translations."""
    old = read_po(path) if path.exists() else {}
    blocks = [
        f"# NetDesigner's messages in {language}. Terms: glossary.md beside this.\n"
        f'msgid ""\nmsgstr {_quote(HEADER.format(language=language))}\n'
    ]
    for msgid, places in messages.items():
        refs = "".join(f"#: {place}\n" for place in places)
        blocks.append(
            f"{refs}msgid {_quote(msgid)}\nmsgstr {_quote(old.get(msgid, ''))}\n"
        )
    return "\n".join(blocks)


def compile_mo(entries: dict[str, str]) -> bytes:
    """GNU ``.mo`` bytes of the translated entries (what ``msgfmt`` writes).

    Layout: magic, revision 0, count, offsets of the two string tables, an empty
    hash table, then the sorted original strings and their translations.
    """
    pairs = sorted((k.encode(), v.encode()) for k, v in entries.items() if v or k == "")
    count = len(pairs)
    start = 7 * 4 + 16 * count
    ids = strs = b""
    id_table: list[int] = []
    str_table: list[int] = []
    for key, _value in pairs:
        id_table += [len(key), start + len(ids)]
        ids += key + b"\0"
    for _key, value in pairs:
        str_table += [len(value), start + len(ids) + len(strs)]
        strs += value + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0)
    tables = struct.pack(f"<{len(id_table)}I", *id_table)
    tables += struct.pack(f"<{len(str_table)}I", *str_table)
    return header + tables + ids + strs


def update_core(language: str, check: bool) -> list[str]:
    """Bring the ``.po`` and ``.mo`` of ``language`` up to date; the stale ones."""
    po = HERE / f"{DOMAIN}_{language}.po"
    mo = HERE / f"{DOMAIN}_{language}.mo"
    messages = extract(core_sources())
    for text, places in schema_descriptions().items():
        messages.setdefault(text, []).extend(places)
    text = write_po(po, language, messages)
    stale = []
    if not po.exists() or po.read_text(encoding="utf-8") != text:
        stale.append(po.name)
        if not check:
            po.write_text(text, encoding="utf-8")
    binary = compile_mo(parse_po(text))
    if not mo.exists() or mo.read_bytes() != binary:
        stale.append(mo.name)
        if not check:
            mo.write_bytes(binary)
    return stale


# --- the GUI's Qt catalogs ---------------------------------------------------------


def qt_tool(name: str) -> str:
    """The path of ``pyside6-lupdate`` / ``pyside6-lrelease`` (next to Python first)."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} was not found; install PySide6-Essentials")
    return found


def gui_sources() -> list[Path]:
    """The GUI's Python files, scanned by ``pyside6-lupdate``."""
    return sorted(GUI.rglob("*.py"))


def run_lupdate(ts: Path) -> None:
    files = [str(p.relative_to(ROOT)) for p in gui_sources()]
    subprocess.run(
        [qt_tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations",
         "none", *files, "-ts", str(ts)],
        cwd=ROOT, check=True,
    )  # fmt: skip


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [qt_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        cwd=ROOT, check=True,
    )  # fmt: skip


def update_gui(language: str, check: bool) -> list[str]:
    """Bring the ``.ts`` and ``.qm`` of ``language`` up to date; the stale ones."""
    ts = HERE / f"{DOMAIN}_{language}.ts"
    qm = HERE / f"{DOMAIN}_{language}.qm"
    stale = []
    with tempfile.TemporaryDirectory() as folder:
        new_ts = Path(folder) / ts.name
        if ts.exists():
            shutil.copy(ts, new_ts)
        else:
            new_ts.write_text(_empty_ts(language), encoding="utf-8")
        run_lupdate(new_ts)
        if not ts.exists() or ts.read_bytes() != new_ts.read_bytes():
            stale.append(ts.name)
            if not check:
                shutil.copy(new_ts, ts)
        new_qm = Path(folder) / qm.name
        run_lrelease(new_ts, new_qm)
        if not qm.exists() or qm.read_bytes() != new_qm.read_bytes():
            stale.append(qm.name)
            if not check:
                shutil.copy(new_qm, qm)
    return stale


def _empty_ts(language: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        f'<TS version="2.1" language="{language}">\n</TS>\n'
    )


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for language in LANGUAGES:
        stale += update_core(language, check)
        stale += update_gui(language, check)
    verb = "out of date" if check else "updated"
    for name in stale:
        print(f"{name}: {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
