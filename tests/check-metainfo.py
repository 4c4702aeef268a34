#!/usr/bin/env python3
"""Checks the store listing in the built metainfo against what Flathub asks
and what the project is:
  - the summary fits (at most 35 characters), the licence file is there;
  - releases are newest first, each with notes, and the newest one is this
    version (meson.project_version());
  - brand colours for light and dark, a vcs-browser link, the CLI as a
    provided binary, the tablet among the controls, a content rating;
  - 3 to 5 screenshots, each a file in data/screenshots/ of at most 1000×700
    whose size the metainfo states, with a caption that says where the
    pictures came from when they came from the test service;
  - the screenshots are addressed at the tag our repository publishes (the
    release manifest's), and that tag's version is among the releases.
Usage: check-metainfo.py METAINFO VERSION SOURCE_ROOT"""

import json
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def version_key(v):
    return tuple(int(x) for x in v.split("."))


def check(metainfo, version, root):
    problems = []
    tree = ET.parse(metainfo).getroot()

    summary = tree.findtext("summary", "")
    if not summary or len(summary) > 35:
        problems.append(f"summary {summary!r} is {len(summary)} characters, more than 35")
    if not os.path.isfile(os.path.join(root, "LICENSE")):
        problems.append("no LICENSE file at the top")
    elif "GNU GENERAL PUBLIC LICENSE" not in open(os.path.join(root, "LICENSE"), encoding="utf-8").read(200):
        problems.append("LICENSE is not the GPL")
    if tree.findtext("project_license") != "GPL-3.0-or-later":
        problems.append("project_license is not GPL-3.0-or-later")

    releases = tree.findall("releases/release")
    versions = [r.get("version", "") for r in releases]
    if not releases:
        problems.append("no releases")
    else:
        if versions[0] != version:
            problems.append(f"the newest release is {versions[0]}, but the project is {version}")
        if versions != sorted(versions, key=version_key, reverse=True):
            problems.append(f"releases are not newest first: {versions}")
        for release in releases:
            notes = release.find("description")
            if notes is None or not "".join(notes.itertext()).strip():
                problems.append(f"release {release.get('version')} has no notes")
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", release.get("date", "")):
                problems.append(f"release {release.get('version')} has no date")

    schemes = {c.get("scheme_preference") for c in tree.findall("branding/color[@type='primary']")}
    if schemes != {"light", "dark"}:
        problems.append("brand colours for light and dark are missing")
    if tree.find("url[@type='vcs-browser']") is None:
        problems.append("no vcs-browser url")
    if "sketchbloom-cli" not in [b.text for b in tree.findall("provides/binary")]:
        problems.append("sketchbloom-cli is not a provided binary")
    if "tablet" not in [c.text for c in tree.findall("supports/control")]:
        problems.append("the tablet control is not listed")
    rating = tree.find("content_rating[@type='oars-1.1']")
    if rating is None or rating.find("content_attribute[@id='social-info']") is None:
        problems.append("the content rating does not say that sketches and prompts go online")

    shots = tree.findall("screenshots/screenshot")
    if not 3 <= len(shots) <= 5:
        problems.append(f"{len(shots)} screenshots, not 3 to 5")
    if shots and shots[0].get("type") != "default":
        problems.append("the first screenshot is not the default")
    for shot in shots:
        image = shot.find("image")
        url = image.text if image is not None else ""
        match = re.search(r"/(data/screenshots/[\w.-]+\.png)$", url or "")
        if match is None:
            problems.append(f"screenshot {url!r} is not from data/screenshots/")
            continue
        path = os.path.join(root, match.group(1))
        size = png_size(path) if os.path.isfile(path) else None
        if size is None:
            problems.append(f"{match.group(1)} is missing or not a PNG")
            continue
        if size[0] > 1000 or size[1] > 700:
            problems.append(f"{match.group(1)} is {size[0]}×{size[1]}, more than 1000×700")
        if (image.get("width"), image.get("height")) != (str(size[0]), str(size[1])):
            problems.append(f"{match.group(1)} is {size[0]}×{size[1]}, the metainfo says "
                            f"{image.get('width')}×{image.get('height')}")
        caption = shot.findtext("caption", "")
        if not caption:
            problems.append(f"{match.group(1)} has no caption")
    # What the published release shows: its screenshots at its own tag.
    with open(os.path.join(root, "flatpak", "io.github.sketchbloom.Sketchbloom.json"), encoding="utf-8") as f:
        tag = json.load(f)["modules"][-1]["sources"][0].get("tag", "")
    prefix = f"https://raw.githubusercontent.com/sketchbloom/sketchbloom/{tag}/data/screenshots/"
    for shot in shots:
        url = shot.findtext("image", "")
        if not url.startswith(prefix):
            problems.append(f"screenshot {url!r} is not at the published tag {tag} ({prefix})")
    released = [r.get("version") for r in tree.findall("releases/release")]
    if tag.removeprefix("v") not in released:
        problems.append(f"the published tag {tag} is not among the releases {released}")
    # The pictures in them come from the local simulator: the default one's
    # caption must say so.
    if shots and "test service" not in shots[0].findtext("caption", ""):
        problems.append("the default screenshot's caption does not say its pictures come from the test service")
    return problems


def main():
    metainfo, version, root = sys.argv[1:4]
    problems = check(metainfo, version, root)
    for p in problems:
        print(p)
    if not problems:
        print(f"{os.path.basename(metainfo)}: store listing ok for {version}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
