"""Write each addon's README.rst from its readme/*.md fragments and manifest.

The layout is OCA's (oca-gen-addon-readme, which is not on PyPI): title,
summary, description, table of contents, the other fragments as sections,
then "Credits" with the manifest's authors and maintainers. Odoo's Apps page
shows README.rst as the addon's description, rendered by docutils, so the
Markdown of the fragments is converted to reStructuredText that docutils
renders without a warning (nested lists need blank lines around them, inline
code needs double backquotes). Only the Markdown the fragments use is
understood: paragraphs, "#" headings, "-", "*" and "1." lists (nested by
indentation), **strong**, *emphasis*, `code` and [links](url).

    python setup/readme_rst.py              write every addon's README.rst
    python setup/readme_rst.py --check      exit 1 if one is not current

Python standard library only: the static tier runs it without Odoo.
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# fragment -> section title, in OCA's order; DESCRIPTION opens the page
SECTIONS = [
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
]
CREDITS = [("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits")]
HEADING_UNDERLINES = "-~^"  # "#" in a fragment sits below its section ("=")
LIST_ITEM = re.compile(r"^( *)([-*]|\d+\.) +(.*)$")
HEADING = re.compile(r"^(#{1,3}) +(.*?) *#*$")


def addons(root=ROOT):
    return sorted(p.parent for p in root.glob("*/__manifest__.py"))


def inline(text):
    """Markdown inline markup in one line, as reStructuredText: **strong**
    and *emphasis* are the same; `code` becomes ``code``, set apart by an
    escaped space where a word touches it; [text](url) an anonymous link."""
    parts = re.split(r"`([^`]+)`", text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"`\1 <\2>`__", parts[i])
    out = parts[0]
    for code, after in zip(parts[1::2], parts[2::2], strict=True):
        out += ("\\ " if out[-1:].isalnum() else "") + f"``{code}``"
        out += ("\\ " if after[:1].isalnum() else "") + after
    return out


def _blocks(lines):
    """Split Markdown lines into blocks: ("heading", level, text),
    ("para", [lines]) and ("list", [(indent, marker, [lines])])."""
    blocks = []
    for line in lines + [""]:
        item = LIST_ITEM.match(line)
        heading = HEADING.match(line)
        last = blocks[-1] if blocks else None
        if not line.strip():
            blocks.append(None)
        elif heading:
            blocks.append(("heading", len(heading[1]), heading[2]))
        elif item:
            entry = (len(item[1]), item[2], [item[3]])
            if last and last[0] == "list":
                last[1].append(entry)
            else:
                blocks.append(("list", [entry]))
        elif last and last[0] == "list":
            last[1][-1][2].append(line.strip())  # a list item's next line
        elif last and last[0] == "para":
            last[1].append(line.strip())
        else:
            blocks.append(("para", [line.strip()]))
    return _join_lists([b for b in blocks if b])


def _join_lists(blocks):
    """A blank line between two items of one list does not end the list."""
    joined = []
    for block in blocks:
        if block[0] == "list" and joined and joined[-1][0] == "list":
            joined[-1] = ("list", joined[-1][1] + block[1])
        else:
            joined.append(block)
    return joined


def markdown_to_rst(text):
    out = []
    for block in _blocks(text.splitlines()):
        if block[0] == "heading":
            title = inline(block[2])
            out += [title, HEADING_UNDERLINES[block[1] - 1] * len(title)]
        elif block[0] == "para":
            out += [inline(line) for line in block[1]]
        else:
            out += _nested_list_rst(block[1])
        out.append("")
    return "\n".join(out).strip() + "\n"


def _nested_list_rst(items):
    """Items as (indent, marker, lines), nested by their indentation. A
    nested list is set apart by blank lines, which reStructuredText requires
    (else docutils warns "Unexpected indentation")."""
    out = []
    levels = []  # open levels: [markdown indent, rst indent, rst indent of text]
    for indent, marker, lines in items:
        while len(levels) > 1 and indent < levels[-1][0]:
            levels.pop()
            out.append("")
        bullet = "#." if marker[0].isdigit() else "-"
        if not levels:
            levels.append([indent, 0, 0])
        elif indent > levels[-1][0]:
            out.append("")
            levels.append([indent, levels[-1][2], 0])
        level = levels[-1]
        level[2] = level[1] + len(bullet) + 1
        out.append(" " * level[1] + f"{bullet} {inline(lines[0])}")
        out.extend(" " * level[2] + inline(line) for line in lines[1:])
    return out


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def _fragment(addon, name):
    path = addon / "readme" / f"{name}.md"
    return markdown_to_rst(path.read_text()) if path.is_file() else None


def _section(title, body, underline="="):
    return f"{title}\n{underline * len(title)}\n\n{body}"


def render(addon):
    """The README.rst of ``addon`` (a folder), as text."""
    manifest = _manifest(addon)
    name = manifest["name"]
    parts = [
        f"{'=' * len(name)}\n{name}\n{'=' * len(name)}\n",
        "..\n   Generated by setup/readme_rst.py from readme/*.md and the\n"
        "   manifest: edit those, then run it again.\n",
        f"*{manifest['summary']}*\n",
        _fragment(addon, "DESCRIPTION") or "",
        "**Table of contents**\n\n.. contents::\n   :local:\n",
    ]
    for fragment, title in SECTIONS:
        body = _fragment(addon, fragment)
        if body:
            parts.append(_section(title, body))
    credits = [
        _section(
            "Authors",
            "".join(f"- {a.strip()}\n" for a in manifest["author"].split(",")),
            "-",
        )
    ]
    for fragment, title in CREDITS:
        body = _fragment(addon, fragment)
        if body:
            credits.append(_section(title, body, "-"))
    maintainers = "".join(f"- {m}\n" for m in manifest.get("maintainers", []))
    credits.append(
        _section(
            "Maintainers",
            f"This module is maintained by:\n\n{maintainers}\n"
            f"Its home is {manifest['website']}.\n",
            "-",
        )
    )
    parts.append(_section("Credits", "\n".join(credits)))
    return "\n".join(parts)


def main(argv):
    check = "--check" in argv
    stale = []
    for addon in addons():
        path = addon / "README.rst"
        text = render(addon)
        if path.is_file() and path.read_text() == text:
            continue
        if check:
            stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("not current (run setup/readme_rst.py):", *stale, file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
