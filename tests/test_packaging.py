"""Every documented command works after ``pip install kgraph``: the runtime pins are closed.

``./dev`` installs ``requirements/runtime.txt`` with ``--no-deps``, so a
dependency of a dependency that is missing there is missing for users of the
pinned install; ``pyproject.toml`` must name the same versions, so that what
``pip install kgraph`` resolves is pinned too, down to the requirements of
packages whose code kgraph never imports (jionlp's).
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins(lines: list[str]) -> dict[str, str]:
    """Name -> exact version of the requirements that apply to this interpreter."""
    found = {}
    for line in lines:
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            version = re.fullmatch(r"==([^,]+)", str(requirement.specifier))
            assert version, f"{line!r} is not an exact pin"
            found[canonicalize_name(requirement.name)] = version.group(1)
    return found


def closure(roots: list[str]) -> set[str]:
    """Names of ``roots`` and everything they require here, extras asked for included."""
    environment = default_environment()
    seen: set[str] = set()
    todo = [(Requirement(root), "") for root in roots]
    while todo:
        requirement, extra = todo.pop()
        marker_environment = {**environment, "extra": extra}
        if requirement.marker and not requirement.marker.evaluate(marker_environment):
            continue
        name = canonicalize_name(requirement.name)
        for wanted in sorted(requirement.extras) or [""]:
            key = f"{name}[{wanted}]"
            if key in seen:
                continue
            seen.add(key)
            for line in metadata.requires(name) or []:
                todo.append((Requirement(line), wanted))
    return {key.split("[")[0] for key in seen}


def test_the_runtime_pins_hold_every_dependency_of_the_runtime() -> None:
    runtime = pins((ROOT / "requirements" / "runtime.txt").read_text().splitlines())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    declared = pins(project)
    needed = closure(project)
    assert "pyshacl" in needed  # kgraph validate is a documented command
    assert sorted(needed - set(runtime)) == [], "pin these in requirements/runtime.txt"
    assert sorted(needed - set(declared)) == [], "pin these in pyproject.toml dependencies"
    for name in needed:
        assert runtime[name] == declared[name] == metadata.version(name), name
