#!/usr/bin/env python3
"""Fails on an include that goes up the core's layers, or round in a circle.

src/core/ is grouped into folders, lowest first as src/core/meson.build
lists them in core_groups. A file may include headers of its own group and
of the groups before it, never of one after it. And no two modules (a .c
with its .h and -private.h) may include each other, directly or through
others, even within one group: such a circle means neither can be
understood, tested or moved alone.

Usage: check-core-layers.py SOURCE_ROOT
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"(sb-[a-z0-9-]+\.h)"', re.M)
GENERATED = {"sb-enums.h"}  # glib-mkenums' output: declares get_type functions only


def groups_of(core):
    text = (core / "meson.build").read_text()
    match = re.search(r"core_groups\s*=\s*\[([^\]]*)\]", text)
    if not match:
        sys.exit("check-core-layers: no core_groups list in src/core/meson.build")
    return re.findall(r"'([a-z]+)'", match.group(1))


def module_of(name):
    """sb-job-private.h and sb-job.c are one module, sb-job."""
    stem = name.rsplit(".", 1)[0]
    return stem[: -len("-private")] if stem.endswith("-private") else stem


def main():
    core = pathlib.Path(sys.argv[1]) / "src" / "core"
    groups = groups_of(core)
    rank = {group: i for i, group in enumerate(groups)}
    problems = []

    files = {}
    for path in sorted(core.rglob("sb-*.[ch]")):
        group = path.parent.name
        if path.parent == core or group not in rank:
            problems.append(f"{path.relative_to(core)}: not in one of the groups {groups}")
            continue
        if path.name in files:
            problems.append(f"{path.name} is in two groups")
        files[path.name] = (group, path)

    edges = {}
    for name, (group, path) in files.items():
        for header in INCLUDE.findall(path.read_text()):
            if header in GENERATED:
                continue
            if header not in files:
                problems.append(f"{group}/{name} includes {header}, which is not in src/core")
                continue
            target_group = files[header][0]
            if rank[target_group] > rank[group]:
                problems.append(f"{group}/{name} includes {target_group}/{header}: "
                                f"{group} may not include a group above it ({' < '.join(groups)})")
            if module_of(header) != module_of(name):
                edges.setdefault(module_of(name), set()).add(module_of(header))

    # Depth-first search for a circle among modules.
    state, stack = {}, []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for other in sorted(edges.get(module, ())):
            if state.get(other) == "open":
                circle = stack[stack.index(other):] + [other]
                problems.append("include circle: " + " -> ".join(circle))
            elif other not in state:
                visit(other)
        stack.pop()
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module)

    for problem in problems:
        print(problem)
    print(f"check-core-layers: {len(files)} files in {len(groups)} groups, "
          f"{sum(len(v) for v in edges.values())} includes between modules, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
