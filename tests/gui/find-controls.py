#!/usr/bin/python3
"""Finds the running app in the accessibility tree and checks that a control
with each expected role and name is there. Usage:
    find-controls.py [--wait SECONDS] APP_NAME ROLE=NAME[=COUNT] ...
    find-controls.py --where APP_NAME ROLE=NAME   (prints its centre: X Y)
    find-controls.py --press APP_NAME ROLE=NAME   (presses it, as a screen
                     reader does: its first accessible action)
    find-controls.py --no-english APP_NAME [ALLOWED ...]
                     (fails on any English word left in a name or text,
                      once the ALLOWED texts are taken out)
ROLE is an AT-SPI role name such as "push button" ('*' for any); a NAME
with "*" in it matches any text there ("Picture * of *: *"); COUNT asks for at least that
many. Exit 0 when all are found, 1 otherwise (listing what
the tree does hold)."""

import re
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402


def walk(node, depth=0):
    """The tree below node. A widget that goes away while it is walked (a
    finished job's row, a toast) is skipped with what is below it."""
    if node is None or depth > 40:
        return
    yield node
    try:
        children = [node.get_child_at_index(i) for i in range(node.get_child_count())]
    except GLib.GError:
        return
    for child in children:
        yield from walk(child, depth + 1)


def names(app):
    """(role, name) of every node still there."""
    seen = []
    for node in walk(app):
        try:
            seen.append((node.get_role_name(), node.get_name()))
        except GLib.GError:
            pass
    return seen


def find_app(name, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_name() == name:
                return app
        time.sleep(0.5)
    return None


def name_matches(wanted, name):
    """The name itself, or any text where the wanted name has a "*"."""
    if "*" in wanted:
        # Only '*' is special (fnmatch would read brackets in names too).
        return re.fullmatch(".*".join(map(re.escape, wanted.split("*"))), name or "", re.S) is not None
    return name == wanted


def main():
    args = sys.argv[1:]
    wait = 10.0
    if args[0] == "--where":
        return where(args[1], args[2])
    if args[0] == "--press":
        return press(args[1], args[2])
    if args[0] == "--no-english":
        return no_english(args[1], args[2:])
    if args[0] == "--wait":
        wait, args = float(args[1]), args[2:]
    app_name = args[0]
    wanted = []
    for arg in args[1:]:
        # (A name may hold "=" itself: only a last "=N" is a count.)
        role, name = arg.split("=", 1)
        counted = re.fullmatch(r"(.*)=(\d+)", name, re.S)
        wanted.append((role, counted.group(1), int(counted.group(2))) if counted else (role, name, 1))
    app = find_app(app_name)
    if app is None:
        print(f"no application named {app_name!r} on the accessibility bus")
        return 1
    # The tree fills in as the window maps (or as work finishes): retry.
    deadline = time.monotonic() + wait
    while True:
        seen = names(app)
        missing = [(r, n, c) for r, n, c in wanted
                   if sum(1 for role, name in seen if name_matches(n, name) and (r == "*" or role == r)) < c]
        if not missing:
            for role, name, count in wanted:
                print(f"found {role}: {name}" + (f" ×{count}" if count > 1 else ""))
            return 0
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    seen = set(seen)
    for role, name, count in missing:
        print(f"MISSING {role}: {name}" + (f" ×{count}" if count > 1 else ""))
    print("the tree holds:")
    for role, name in sorted(seen):
        if name:
            print(f"  {role}: {name}")
    return 1


# Roles a screen reader announces as something to press, pick or type in.
CONTROLS = {"push button", "toggle button", "combo box", "check box", "radio button", "slider",
            "spin button", "entry", "text", "menu item", "link"}


def no_english(app_name, allowed):
    """Every accessible name, and every label's text, in the translation."""
    app = find_app(app_name)
    if app is None:
        print(f"no application named {app_name!r} on the accessibility bus")
        return 1
    left = []
    for node in walk(app):
        if node.get_role_name() == "application":
            continue
        texts = [node.get_name() or ""]
        text_iface = node.get_text_iface()
        if text_iface is not None and node.get_role_name() == "label":
            texts.append(Atspi.Text.get_text(text_iface, 0, -1) or "")
        for text in texts:
            # GTK 4.8 names a nameless widget by its type: not shown text,
            # but a control a screen reader announces so has no name at all.
            if re.fullmatch(r"(Gtk|Adw)[A-Z]\w+", text):
                if node.get_role_name() in CONTROLS:
                    left.append((node.get_role_name(), text, ["a GTK type name, not a name"]))
                continue
            for allow in allowed:
                text = text.replace(allow, "")
            words = re.findall(r"[A-Za-z]{2,}", text)
            if words:
                left.append((node.get_role_name(), text, words))
    for role, text, words in left:
        print(f"ENGLISH {role}: {text!r}: {' '.join(words)}")
    print(f"{len(left)} names or texts with English words")
    return 1 if left else 0


def window_origin(node):
    """The screen position that node's window-relative extents count from.
    AT-SPI's screen coordinates are 0,0 under Xvfb on newer GTK, so positions
    are taken relative to the window. GTK counts them from inside the frame's
    resize border: GTK 4.8 reports the frame at 0,0 and smaller than the X
    window, 4.18 at minus the border and as large; both mean the X window's
    position plus the border."""
    import subprocess
    while node is not None and node.get_role_name() not in ("frame", "window", "dialog"):
        node = node.get_parent()
    if node is None:
        return None
    frame = node.get_extents(Atspi.CoordType.WINDOW)
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{re.escape(node.get_name())}$"],
                         capture_output=True, text=True).stdout.split()
    if not ids:
        return None
    geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", ids[0]],
                              capture_output=True, text=True).stdout
    values = {k: int(v) for k, v in (line.split("=", 1) for line in geometry.split())}
    return (values["X"] + (values["WIDTH"] - frame.width) // 2 - frame.x,
            values["Y"] + (values["HEIGHT"] - frame.height) // 2 - frame.y)


def first_control(app_name, spec, use):
    """Calls use(node) on each control with that role and name, retrying for
    up to 10 s, until it returns something; returns that, or None."""
    role, name = spec.split("=", 1)
    app = find_app(app_name)
    deadline = time.monotonic() + 10
    while app is not None and time.monotonic() < deadline:
        for node in walk(app):
            try:
                if not name_matches(name, node.get_name()) or (role != "*" and node.get_role_name() != role):
                    continue
                found = use(node)
            except GLib.GError:   # gone meanwhile
                continue
            if found is not None:
                return found
        time.sleep(0.5)
    print(f"no {role}: {name}", file=sys.stderr)
    return None


def where(app_name, spec):
    """The screen centre of the first control with that role and name."""
    def centre(node):
        box = node.get_extents(Atspi.CoordType.WINDOW)
        origin = window_origin(node)
        if box.width > 0 and origin is not None:
            return origin[0] + box.x + box.width // 2, origin[1] + box.y + box.height // 2
        return None

    found = first_control(app_name, spec, centre)
    if found is None:
        return 1
    print(*found)
    return 0


def press(app_name, spec):
    """Runs the first action of the first control with that role and name
    that has one (a menu button's inner toggle, on newer GTK)."""
    def run_action(node):
        action = node.get_action_iface()
        if action is None or action.get_n_actions() == 0 or not action.do_action(0):
            return None
        return node.get_role_name()

    pressed = first_control(app_name, spec, run_action)
    if pressed is None:
        return 1
    print(f"pressed {pressed}: {spec.split('=', 1)[1]}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
