#!/usr/bin/env python3
"""Fails when two modules of one crate depend on each other (directly or in
a loop), and when a CLI command imports anything of the CLI but its output
and exit modules (docs/ARCHITECTURE.md). Reads `crate::` and `super::` paths
outside comments and test modules; a parent module naming its children is
not an edge, so a cycle needs two siblings (or a child naming its parent
while the parent names it)."""
import os
import re
import sys


def module_of(src, path):
    parts = os.path.relpath(path, src)[:-3].split("/")
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return "::".join(parts)


def code_of(text):
    text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
    return "\n".join(l for l in text.split("\n") if not l.strip().startswith("//"))


def resolve(names, parts):
    for k in range(len(parts), 0, -1):
        candidate = "::".join(parts[:k])
        if candidate in names:
            return candidate
    return ""


def edges_of(src):
    modules = {}
    for root, _, files in os.walk(src):
        for f in files:
            if f.endswith(".rs"):
                path = os.path.join(root, f)
                modules[module_of(src, path)] = code_of(open(path).read())
    names = set(modules)
    edges = {m: set() for m in modules}
    for m, text in modules.items():
        base = m.split("::")[:-1] if m else []
        targets = {resolve(names, r.split("::")) for r in re.findall(r"crate::([a-z_][a-z0-9_:]*)", text)}
        targets |= {resolve(names, base + r.split("::")) or "::".join(base)
                    for r in re.findall(r"super::([a-z_][a-z0-9_:]*)", text)}
        for t in targets:
            # The crate root only re-exports; a parent naming a child is not an edge.
            if t and t != m and not t.startswith(m + "::"):
                edges[m].add(t)
    return edges


def cycles(edges):
    found, state, stack = [], {}, []

    def visit(u):
        state[u] = 1
        stack.append(u)
        for v in sorted(edges[u]):
            if state.get(v) == 1:
                found.append(stack[stack.index(v):] + [v])
            elif v not in state:
                visit(v)
        stack.pop()
        state[u] = 2

    for u in sorted(edges):
        if u not in state:
            visit(u)
    return found


failed = False
for crate in sorted(os.listdir("crates")):
    src = f"crates/{crate}/src"
    for loop in cycles(edges_of(src)):
        print(f"{crate}: modules depend on each other: {' -> '.join(loop)}")
        failed = True
commands = "crates/solvent-cli/src/commands"
for f in sorted(os.listdir(commands)):
    text = code_of(open(os.path.join(commands, f)).read())
    for r in re.findall(r"crate::([a-z_]+)", text):
        if r not in ("exit", "output"):
            print(f"solvent-cli: commands/{f} imports crate::{r}: commands use only libraries, output and exit")
            failed = True
sys.exit(1 if failed else 0)
