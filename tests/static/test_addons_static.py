"""Static checks of the Customer Zone addons: manifests, XML, QWeb, CSV, layout.

Run without Odoo (plain pytest and lxml), as the static tier of setup/test.
"""

import ast
import csv
import importlib.util
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docutils import core as docutils_core
from docutils.writers import html4css1
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
ADDONS = sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))
ADDON_IDS = [a.name for a in ADDONS]
XML_FILES = sorted(
    f for a in ADDONS for f in a.rglob("*.xml") if "static/src/lib" not in str(f)
)
ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
REQUIRED_MANIFEST_KEYS = {
    "name",
    "summary",
    "version",
    "license",
    "author",
    "website",
    "maintainers",
    "development_status",
    "depends",
    "installable",
}
# QWeb and view attributes Odoo 17+ no longer accepts, or we chose to avoid.
FORBIDDEN_ATTRIBUTES = {"t-esc", "t-raw", "attrs", "states"}


def rel(path):
    return str(path.relative_to(ROOT))


def manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def cz_addons():
    """The addon list of setup/lib.sh (CZ_ADDONS), which the scripts use."""
    text = (ROOT / "setup" / "lib.sh").read_text()
    return re.search(r"^CZ_ADDONS=\(([^)]*)\)", text, re.M)[1].split()


def readme_rst():
    """setup/readme_rst.py, the generator of each addon's README.rst."""
    spec = importlib.util.spec_from_file_location(
        "readme_rst", ROOT / "setup" / "readme_rst.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_three_addons_are_here():
    assert {"customer_zone", "customer_zone_payment", "customer_zone_helpdesk"} <= set(
        ADDON_IDS
    )


def test_setup_lists_every_addon():
    """setup/ installs, updates and tests exactly the addons of the repository."""
    assert sorted(cz_addons()) == ADDON_IDS


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_manifest(addon):
    data = manifest(addon)
    assert isinstance(data, dict)
    missing = REQUIRED_MANIFEST_KEYS - set(data)
    assert not missing, f"manifest lacks {sorted(missing)}"
    assert "description" not in data, "the description goes in readme/DESCRIPTION.md"
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", data["version"]), data["version"]
    assert data["installable"] is True
    assert isinstance(data["maintainers"], list) and data["maintainers"]
    for key in ("data", "demo"):
        for name in data.get(key, []):
            assert (addon / name).is_file(), f"{key} file {name} is missing"
    listed = data.get("data", []) + data.get("demo", [])
    assert len(listed) == len(set(listed)), "a file is listed twice"


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_dependencies_point_one_way(addon):
    """customer_zone never depends on a bridge; a bridge never on another."""
    depends = set(manifest(addon)["depends"])
    ours = {d for d in depends if d.startswith("customer_zone")}
    if addon.name == "customer_zone":
        assert not ours
    else:
        assert ours == {"customer_zone"}


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_manifest_data_order(addon):
    """security, then report, data, wizard, views, menus (sale's manifest:
    report actions come before the mail templates that attach them)."""
    order = ["security", "report", "data", "wizard", "views"]
    ranks = []
    for name in manifest(addon).get("data", []):
        folder = name.split("/")[0]
        if name.endswith("_menus.xml"):
            ranks.append(len(order))
        elif folder in order:
            ranks.append(order.index(folder))
    assert ranks == sorted(ranks), f"data files out of order: {ranks}"


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_every_xml_file_is_loaded(addon):
    data = manifest(addon)
    listed = set(data.get("data", []) + data.get("demo", []))
    for path in addon.rglob("*.xml"):
        name = str(path.relative_to(addon))
        if name.startswith("static/"):
            continue
        assert name in listed, f"{name} is not listed in the manifest"


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_layout(addon):
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        text = (addon / "readme" / fragment).read_text()
        assert len(text.strip()) > 40, f"readme/{fragment} says too little"
    pot = (addon / "i18n" / f"{addon.name}.pot").read_text()
    assert 'msgid ""' in pot, "the .pot file has no header"
    assert not list(addon.glob("i18n/en.po"))
    assert (addon / "static/description/icon.png").is_file()
    assert manifest(addon).get("demo"), "every addon ships demo data"


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_python_modules_are_imported(addon):
    for package in ("models", "controllers", "wizard", "report", "tests"):
        folder = addon / package
        if not folder.is_dir():
            continue
        init = (folder / "__init__.py").read_text()
        for module in folder.glob("*.py"):
            if module.name in ("__init__.py", "common.py"):
                continue
            assert re.search(rf"\bimport {module.stem}\b", init), (
                f"{package}/{module.name} is not imported by {package}/__init__.py"
            )


@pytest.mark.parametrize("path", XML_FILES, ids=[rel(f) for f in XML_FILES])
def test_xml(path):
    tree = etree.parse(str(path))
    root = tree.getroot()
    assert root.tag == "odoo", "root element must be <odoo>"
    ids = [
        el.get("id")
        for el in root.iter()
        if el.get("id")
        and el.tag
        in (
            "record",
            "template",
            "menuitem",
        )
    ]
    assert len(ids) == len(set(ids)), "an xml id is defined twice"
    for el in root.iter(etree.Element):
        assert el.tag != "tree", "Odoo 19 list views are <list>"
        bad = FORBIDDEN_ATTRIBUTES & set(el.attrib)
        assert not bad, f"line {el.sourceline}: {sorted(bad)} (use t-out, invisible=)"
        assert el.get("position") != "replace" or el.tag == "attribute", (
            f"line {el.sourceline}: position='replace' breaks other addons"
        )
        if el.tag == "xpath":
            etree.XPath(el.get("expr"))  # raises on a malformed expression
    if "/demo/" in str(path):
        for record_id in ids:
            if "." not in record_id:
                assert record_id.endswith("_demo"), f"demo id {record_id}"


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_access_csv(addon):
    """Every access file is well formed and listed; every model has access."""
    models_with_access = set()
    for path in addon.rglob("*.csv"):
        with path.open(newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ACCESS_HEADER, rel(path)
        ids = [row[0] for row in rows[1:]]
        assert len(ids) == len(set(ids)), "an access id is defined twice"
        for row in rows[1:]:
            assert len(row) == len(ACCESS_HEADER), row
            assert row[0].startswith("access_"), row
            assert all(value in ("0", "1") for value in row[4:]), row
            models_with_access.add(row[2].split(".")[-1])
        assert str(path.relative_to(addon)) in manifest(addon).get("data", [])
    for module in addon.glob("*/*.py"):
        text = module.read_text()
        for name in re.findall(r'^    _name = "([\w.]+)"', text, re.M):
            is_abstract = "models.AbstractModel" in text
            # an extension lists its own model in _inherit, maybe after a mixin
            extends = re.search(rf'_inherit = \[?[^\]]*"{re.escape(name)}"', text)
            if not (is_abstract or extends):
                assert "model_" + name.replace(".", "_") in models_with_access, (
                    f"model {name} has no access rights"
                )


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_readme_rst_is_current(addon):
    """README.rst is generated from readme/*.md and the manifest."""
    expected = readme_rst().render(addon)
    path = addon / "README.rst"
    assert path.is_file() and path.read_text() == expected, (
        f"{rel(path)} is not current: run setup/readme_rst.py"
    )


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_readme_rst_renders_cleanly(addon):
    """The Apps page renders README.rst with docutils, as here (settings of
    base's ir.module.module._get_desc): no warning, no error."""
    messages = io.StringIO()
    docutils_core.publish_string(
        source=(addon / "README.rst").read_text(),
        writer=html4css1.Writer(),
        settings_overrides={
            "embed_stylesheet": False,
            "doctitle_xform": False,
            "output_encoding": "unicode",
            "xml_declaration": False,
            "file_insertion_enabled": False,
            "warning_stream": messages,
            "report_level": 1,
        },
    )
    assert not messages.getvalue()


@pytest.mark.parametrize("addon", ADDONS, ids=ADDON_IDS)
def test_wheel_builds(addon, tmp_path):
    """pip builds the addon's wheel with whool (from setup/requirements.txt),
    offline: no index, no build isolation."""
    assert importlib.util.find_spec("whool"), (
        "whool: pip install -r setup/requirements.txt"
    )
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "--quiet",
         "--wheel-dir", str(tmp_path), str(addon)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    # whool packs the files git tracks: one deleted but not yet removed from
    # git's index ("git rm") fails the build
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob(f"odoo_addon_{addon.name}-19.0.*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert f"odoo/addons/{addon.name}/__manifest__.py" in archive.namelist()
