"""The layout's two rules, read from the source: no import circle between modules, and
dependencies between apps pointing one way, along the flow of the service.

Every `import` of a `clusterbench` module counts, also one inside a function: an import
deferred to call time is still a dependency, and a circle through it is still a circle.
"""

import ast
from pathlib import Path

import clusterbench

PACKAGE = Path(clusterbench.__file__).resolve().parent

# The declared order: a business module of an app imports only the apps before it (and
# its own). `flow` is the one module orchestrating steps that span apps (closing an
# interview drafts the report; releasing it awards the label), so it comes after the
# apps it drives and before the ones that show or generate whole stories.
ORDER = [
    "methodology",
    "clusters",
    "accounts",
    "engagements",
    "offers",
    "interviews",
    "analysis",
    "peers",
    "reports",
    "labels",
    "audits",
    "flow",
    "networks",
    "demo",
    "web",
    "api",  # an interface to every app: the same selectors and services as the pages
]
# Shared by every app, importing none: text and number checks, the shared exceptions, the
# fonts documents are set in (typefaces), keyset pagination, files written whole, the
# admin's pages that only show (readonly_admin).
FOUNDATION = {
    "errors",
    "files",
    "text",
    "numbers",
    "keyset",
    "logfilters",
    "localenv",
    "yamlfiles",
    "languages",
    "typefaces",
    "readonly_admin",
}
# Interface modules take requests and commands and may call any app and the flow.
INTERFACE_PARTS = {"views", "urls", "admin", "forms", "tasks", "management", "templatetags"}
# Wiring the whole project together.
TOP_LEVEL_INTERFACE = {"urls", "settings", "wsgi", "asgi", "cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules() -> dict[str, Path]:
    return {
        module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts
    }


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The clusterbench modules `name` imports, resolved to modules (not packages) where
    `from package import module` names one."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            targets = []
            for alias in node.names:
                submodule = f"{origin}.{alias.name}"
                targets.append(submodule if submodule in known else origin)
        else:
            continue
        found.update(target for target in targets if target in known and target != "clusterbench")
    return found


def import_graph() -> dict[str, set[str]]:
    modules = source_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) - {name} for name, path in modules.items()}


def owner(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def is_interface(module: str) -> bool:
    parts = module.split(".")[1:]
    if len(parts) == 1:
        return parts[0] in TOP_LEVEL_INTERFACE
    return any(part in INTERFACE_PARTS or part.endswith(("_views", "_urls")) for part in parts[1:])


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_app_and_top_level_module_has_a_place_in_the_declared_order():
    places = set(ORDER) | FOUNDATION | TOP_LEVEL_INTERFACE | {"__main__", ""}
    unplaced = sorted({owner(module) for module in source_modules()} - places)
    assert unplaced == [], f"add these to ORDER or FOUNDATION: {unplaced}"


def test_no_module_imports_itself_through_a_circle():
    assert circles(import_graph()) == []


def test_business_modules_import_only_apps_before_their_own():
    against = []
    for module, targets in sorted(import_graph().items()):
        app = owner(module)
        if is_interface(module) or app not in ORDER:
            if app in FOUNDATION:
                against += [
                    f"{module} -> {target}" for target in targets if owner(target) not in FOUNDATION
                ]
            continue
        for target in sorted(targets):
            other = owner(target)
            if other in FOUNDATION or other == app:
                continue
            if other not in ORDER or ORDER.index(other) > ORDER.index(app):
                against.append(f"{module} -> {target}")
    assert against == []


def test_no_module_outside_the_interfaces_imports_an_interface_module():
    # The flow alone may: closing an interview enqueues the report's drafting task.
    wrong = [
        f"{module} -> {target}"
        for module, targets in sorted(import_graph().items())
        if not is_interface(module) and module != "clusterbench.flow"
        for target in sorted(targets)
        if is_interface(target) and owner(target) != owner(module)
    ]
    assert wrong == []
