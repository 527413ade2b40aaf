"""The written order of the packages (README, Layout): every module of network_app imports only
modules of the layers below its own, and a domain package only the domain packages before it.
Imports inside functions count too."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "network_app"

# Bottom to top. A module may import modules of a lower layer; within its layer, see SAME_LAYER.
LAYERS = ("infrastructure", "models", "access", "domain", "reports", "views", "app")

# Modules at the package's root, by layer. A new one fails the test until it is placed here.
TOP_LEVEL = {
    "config": "infrastructure",
    "extensions": "infrastructure",
    "db_types": "infrastructure",
    "durations": "infrastructure",
    "json_values": "infrastructure",
    "forms": "infrastructure",
    "downloads": "infrastructure",
    "i18n": "infrastructure",
    "audit": "infrastructure",
    "private_files": "infrastructure",
    "request_limits": "infrastructure",
    "links": "infrastructure",
    "read_transactions": "infrastructure",
    "plain_rows": "infrastructure",
    "access": "access",
    "audit_views": "views",
    "backup": "app",
    "cli": "app",
    "demo": "app",
    "__init__": "app",
}

# The domain packages (everything in them but models.py and the views), each using only those
# before it: the register of municipalities and regions, the e-mail outbox (every package below
# may write to it), the accounts, the networks and their groups, personal data (erasure, access
# requests, the anonymiser), meetings, cases and goal attainment, the work at home, the training
# offer (it reads the register and the networks, and builds on the meetings' calendars), and
# recruitment (invitations, applications, follow-up and selection; it may ask who has had a
# training).
DOMAIN_ORDER = (
    "register",
    "notifications",
    "auth",
    "networks",
    "privacy",
    "meetings",
    "cases",
    "assignments",
    "coaching",
    "hours",
    "training",
    "recruitment",
    "dashboards",
)


def place(module):
    """(layer, package) of a module named like 'network_app.cases.services'."""
    parts = module.split(".")[1:]
    if len(parts) == 1:
        name = parts[0]
        if name not in TOP_LEVEL:
            raise LookupError(f"{module}: put it in a layer (TOP_LEVEL in {__name__})")
        return TOP_LEVEL[name], name
    package, name = parts[0], parts[-1]
    if name == "models":
        return "models", package
    if name.endswith("views"):
        return "views", package
    if package == "reports":
        return "reports", package
    if package not in DOMAIN_ORDER:
        raise LookupError(f"{module}: put its package in DOMAIN_ORDER or a layer")
    return "domain", package


def _module_of(path):
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _exists(module):
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imported_modules(source, module):
    """The network_app modules a module's source imports, anywhere in it."""
    package = module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _exists(candidate) else base)
    return {name for name in found if name == "network_app" or name.startswith("network_app.")}


def _allowed(source_place, target_place):
    (layer, package), (target_layer, target_package) = source_place, target_place
    if LAYERS.index(target_layer) < LAYERS.index(layer):
        return True
    if LAYERS.index(target_layer) > LAYERS.index(layer):
        return False
    if layer in ("infrastructure", "app") or package == target_package:
        return True
    if layer == "domain":
        return DOMAIN_ORDER.index(target_package) < DOMAIN_ORDER.index(package)
    return False  # models, views and reports of one package never import another's


def violations(module, source):
    """'module -> target (why)' for each import of the source against the order."""
    found = []
    for target in sorted(imported_modules(source, module)):
        if target == "network_app":
            target = "network_app.__init__"
        if target == module:
            continue
        if not _allowed(place(module), place(target)):
            found.append(f"{module} -> {target} ({place(module)} may not import {place(target)})")
    return found


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_imports_only_what_the_order_allows():
    found = []
    for path in _modules():
        found += violations(_module_of(path), path.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)


def test_every_module_has_a_place_in_the_order():
    for path in _modules():
        place(_module_of(path))


@pytest.mark.parametrize(
    ("module", "source"),
    [
        # A domain package reading the reports, and cases reading the later hours package.
        ("network_app.cases.services", "from network_app.reports import collect"),
        ("network_app.cases.services", "from network_app.hours import progress"),
        # Inside a function, as the anonymiser once was.
        ("network_app.privacy.services", "def f():\n    from network_app.cases import views\n"),
        # A view reaching into another package's views; a model into a service.
        ("network_app.hours.views", "import network_app.cases.views"),
        ("network_app.cases.models", "from network_app.cases.services import case_hours"),
        # The infrastructure and access knowing about the packages above them.
        ("network_app.i18n", "from network_app.hours.progress import ProgressStatus"),
        ("network_app.access", "from network_app.networks import services"),
        ("network_app.auth.services", "from network_app import demo"),
    ],
)
def test_an_import_against_the_order_is_found(module, source):
    assert violations(module, source)


def test_imports_along_the_order_pass():
    assert not violations(
        "network_app.reports.collect",
        "from network_app.cases import services\nfrom network_app.hours import progress\n"
        "from network_app.privacy.publication import Anonymisation\nfrom network_app import i18n",
    )
    assert not violations("network_app.networks.views", "from network_app.cases import services")
