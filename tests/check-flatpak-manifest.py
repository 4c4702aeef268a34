#!/usr/bin/env python3
"""Checks the Flatpak manifest: it parses, names the app and its command, uses
the GNOME 47 runtime, asks for exactly the sandbox holes the app needs and no
filesystem access (files come and go through portals), and builds this
checkout with meson. Usage: check-flatpak-manifest.py MANIFEST APP_ID"""

import json
import sys

REQUIRED = {"--share=network", "--share=ipc", "--socket=wayland",
            "--socket=fallback-x11", "--device=dri"}


def check(manifest, app_id):
    problems = []
    if manifest.get("id", manifest.get("app-id")) != app_id:
        problems.append(f"app id is {manifest.get('id')!r}, not {app_id!r}")
    if manifest.get("command") != "sketchbloom":
        problems.append(f"command is {manifest.get('command')!r}, not 'sketchbloom'")
    if (manifest.get("runtime"), manifest.get("runtime-version"), manifest.get("sdk")) != \
            ("org.gnome.Platform", "47", "org.gnome.Sdk"):
        problems.append("runtime is not org.gnome.Platform 47 with org.gnome.Sdk")
    args = manifest.get("finish-args", [])
    if set(args) != REQUIRED:
        problems.append(f"finish-args differ: missing {sorted(REQUIRED - set(args))}, "
                        f"extra {sorted(set(args) - REQUIRED)}")
    if any(a.startswith(("--filesystem", "--persist")) for a in args):
        problems.append("asks for filesystem access")
    app = manifest.get("modules", [])[-1] if manifest.get("modules") else {}
    if app.get("buildsystem") != "meson":
        problems.append("the last module does not build with meson")
    if {"type": "dir", "path": ".."} not in app.get("sources", []):
        problems.append("the app is not built from the local checkout")
    return problems


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    problems = check(manifest, app_id)
    for p in problems:
        print(f"{path}: {p}")
    if not problems:
        print(f"{path}: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
