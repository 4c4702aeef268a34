#!/usr/bin/env python3
"""Checks the two Flatpak manifests: the release one (what Flathub builds)
and the development one (builds this checkout, installs beside the release).

  - Flathub's own linter finds no error in either; the release one is linted
    as in Flathub's build pipeline, where a local `dir` source is refused;
  - flatpak-builder --show-manifest accepts both;
  - they agree on runtime, SDK, command, sandbox holes and clean-up, and
    differ only where a development build must: its app ID (.Devel), the
    development profile, and this checkout's main branch (committed files
    only, never .git or untracked files) instead of a tagged commit;
  - the sandbox asks for exactly what the app needs and no filesystem access
    (files go in and out through portals);
  - the release builds no tests, from a git tag and commit of the project's
    home, and that commit (when this checkout has it) carries that version.

Usage: check-flatpak-manifest.py SOURCE_ROOT LINT_COMMAND|-
With '-' for the linter (no ../shared/ here) those checks are skipped, and
the script says so."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

APP_ID = "io.github.sketchbloom.Sketchbloom"
HOME = "https://github.com/sketchbloom/sketchbloom.git"
REQUIRED = {"--share=network", "--share=ipc", "--socket=wayland",
            "--socket=fallback-x11", "--device=dri"}
SHARED_KEYS = ("runtime", "runtime-version", "sdk", "command", "finish-args", "cleanup")


def app_module(manifest):
    modules = manifest.get("modules") or [{}]
    return modules[-1]


def check_pair(release, devel):
    problems = []
    if release.get("id") != APP_ID:
        problems.append(f"release id is {release.get('id')!r}, not {APP_ID!r}")
    if devel.get("id") != APP_ID + ".Devel":
        problems.append(f"development id is {devel.get('id')!r}, not {APP_ID}.Devel")
    for key in SHARED_KEYS:
        if release.get(key) != devel.get(key):
            problems.append(f"{key} differs: {release.get(key)!r} and {devel.get(key)!r}")
    if release.get("runtime") != "org.gnome.Platform" or release.get("sdk") != "org.gnome.Sdk":
        problems.append("the runtime is not GNOME's")
    if not str(release.get("runtime-version", "")).isdigit() or int(release["runtime-version"]) < 50:
        problems.append(f"runtime-version {release.get('runtime-version')!r}: GNOME 50 or newer is current")
    if release.get("command") != "sketchbloom":
        problems.append(f"command is {release.get('command')!r}, not 'sketchbloom'")
    args = release.get("finish-args", [])
    if set(args) != REQUIRED:
        problems.append(f"finish-args differ: missing {sorted(REQUIRED - set(args))}, "
                        f"extra {sorted(set(args) - REQUIRED)}")
    if any(a.startswith(("--filesystem", "--persist")) for a in args):
        problems.append("asks for filesystem access")

    rel, dev = app_module(release), app_module(devel)
    for module, name in ((rel, "release"), (dev, "development")):
        if module.get("buildsystem") != "meson":
            problems.append(f"{name}: the last module does not build with meson")
    if "-Dtests=false" not in rel.get("config-opts", []):
        problems.append("release: builds the tests (-Dtests=false missing)")
    if "-Dprofile=development" not in dev.get("config-opts", []):
        problems.append("development: not built with -Dprofile=development")
    if any(o.startswith("-Dprofile=") and o != "-Dprofile=default" for o in rel.get("config-opts", [])):
        problems.append("release: built with another profile")

    sources = rel.get("sources", [])
    git = [s for s in sources if s.get("type") == "git"]
    if len(sources) != 1 or len(git) != 1:
        problems.append("release: the app is not built from one git source")
    else:
        source = git[0]
        if source.get("url") != HOME:
            problems.append(f"release: git url {source.get('url')!r}, not the project's home {HOME}")
        if not re.fullmatch(r"v\d+\.\d+\.\d+", source.get("tag", "")):
            problems.append(f"release: tag {source.get('tag')!r} is not vX.Y.Z")
        if not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
            problems.append("release: no full commit id beside the tag")

    # A local git source builds the committed files only: a "dir" source
    # would copy .git, build folders and whatever untracked files lie about.
    dev_sources = dev.get("sources", [])
    if len(dev_sources) != 1 or dev_sources[0].get("type") != "git" or dev_sources[0].get("path") != "..":
        problems.append("development: not built from this checkout's commits (one git source at '..')")
    elif {"url", "commit", "tag"} & set(dev_sources[0]):
        problems.append("development: the git source is pinned to a commit or tag, not the checkout's branch")
    return problems


def check_release_commit(root, release):
    """The tagged commit carries the tag's version. Only where this checkout
    has the history (a shallow clone says so instead)."""
    source = app_module(release).get("sources", [{}])[0]
    commit, tag = source.get("commit", ""), source.get("tag", "")
    if not os.path.isdir(os.path.join(root, ".git")) or shutil.which("git") is None:
        print("# not a git checkout: the release commit is not checked")
        return []
    git = ["git", "-C", root]
    shallow = subprocess.run(git + ["rev-parse", "--is-shallow-repository"],
                             capture_output=True, text=True).stdout.strip()
    meson = subprocess.run(git + ["show", f"{commit}:meson.build"], capture_output=True, text=True)
    if meson.returncode != 0:
        if shallow == "true":
            print("# a shallow clone: the release commit is not checked")
            return []
        return [f"release: commit {commit} is not in this repository's history"]
    version = re.search(r"version:\s*'([^']+)'", meson.stdout)
    if version is None or "v" + version.group(1) != tag:
        return [f"release: commit {commit} is version {version and version.group(1)}, but the tag is {tag}"]
    return []


def lint(command, path, pipeline, exceptions=None):
    """Flathub's linter; pipeline=True lints as Flathub's build pipeline does.
    exceptions: a JSON file of errors this manifest may have, each with why."""
    # A state and cache folder of its own: the linter removes and rewrites its
    # log there, and two runs at once (the appstream test) would race.
    scratch = tempfile.mkdtemp(prefix="sketchbloom-lint-")
    env = dict(os.environ, XDG_STATE_HOME=scratch, XDG_CACHE_HOME=scratch)
    if pipeline:
        env["REPO"] = "https://github.com/flathub/" + APP_ID
    args = [command] + (["--exceptions", "--user-exceptions", exceptions] if exceptions else [])
    result = subprocess.run(args + ["manifest", path], capture_output=True, text=True, env=env)
    shutil.rmtree(scratch, ignore_errors=True)
    if result.returncode == 0:
        return []
    try:
        errors = json.loads(result.stdout).get("errors", [])
    except ValueError:
        errors = [(result.stdout + result.stderr).strip()[-500:]]
    return [f"{os.path.basename(path)}: linter: {e}" for e in errors] or \
           [f"{os.path.basename(path)}: linter exited {result.returncode}"]


def show_manifest(path):
    if shutil.which("flatpak-builder") is None:
        return [f"flatpak-builder is not installed (build-aux/dev.sh test installs it)"]
    result = subprocess.run(["flatpak-builder", "--show-manifest", path], capture_output=True, text=True)
    if result.returncode != 0:
        return [f"{os.path.basename(path)}: flatpak-builder --show-manifest: {result.stderr.strip()}"]
    return []


def main():
    root, linter = sys.argv[1], sys.argv[2]
    paths = {name: os.path.join(root, "flatpak", f"{APP_ID}{suffix}.json")
             for name, suffix in (("release", ""), ("devel", ".Devel"))}
    manifests = {}
    for name, path in paths.items():
        with open(path, encoding="utf-8") as f:
            manifests[name] = json.load(f)

    problems = check_pair(manifests["release"], manifests["devel"])
    problems += check_release_commit(root, manifests["release"])
    for path in paths.values():
        problems += show_manifest(path)
    if linter == "-":
        print("# Flathub's linter is not here (../shared/tools/flatpak-lint): not run")
    else:
        problems += lint(linter, paths["release"], pipeline=True)
        # Only the development manifest has exceptions: its git source is a
        # local path (flatpak/lint-exceptions.json says why).
        problems += lint(linter, paths["devel"], pipeline=False,
                         exceptions=os.path.join(root, "flatpak", "lint-exceptions.json"))

    for p in problems:
        print(p)
    if not problems:
        print("both manifests ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
