#!/usr/bin/python3
"""Walks the main window with the Tab key only, as a keyboard user does, and
checks what a screen reader hears. Usage:
    tab-walk.py APP_NAME WINDOW_ID IMAGE_NAME [--on NAME ...] NAME ...
(a '*' in a name matches any text)
Presses Tab (real key events, xdotool) from the prompt until the focus comes
back to it, reading after each press which control has the focus (AT-SPI).
Fails when a focused control has no name or a GTK type name for one (or
any control in the window has a GTK type name), when
the NAMEs are not met in this order along the way, or when a toggle named
with --on (the tool and colour in use) does not say it is on. On the first control named IMAGE_NAME it presses Enter
and waits for a new window (the picture opened)."""

import re
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

sys.path.insert(0, __file__.rsplit("/", 1)[0])
find_controls = __import__("find-controls")


def same(name, pattern):
    """Whether @name is @pattern, where a '*' matches any text (a picture's
    name goes on with its prompt)."""
    return re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), name, re.S) is not None


def focused(app):
    """(node, role, name, states) of the control with the keyboard focus."""
    def walk(node, depth=0):
        if node is None or depth > 40:
            return None
        try:
            states = node.get_state_set()
            if depth > 1 and not states.contains(Atspi.StateType.VISIBLE):
                return None
            if states.contains(Atspi.StateType.FOCUSED):
                return node
            for i in range(node.get_child_count()):
                found = walk(node.get_child_at_index(i), depth + 1)
                if found is not None:
                    return found
        except GLib.GError:
            return None
        return None

    for _ in range(20):
        node = walk(app)
        if node is not None:
            return node, node.get_role_name(), node.get_name() or "", node.get_state_set()
        time.sleep(0.1)
    return None, "", "", None


def key(window, name):
    subprocess.run(["xdotool", "key", name], check=True)
    time.sleep(0.15)


def window_name(window):
    return subprocess.run(["xdotool", "getwindowname", window], capture_output=True, text=True).stdout.strip()


def main():
    app_name, window, image_name, rest = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    on, wanted = [], []
    while rest:
        if rest[0] == "--on":
            on.append(rest[1])
            rest = rest[2:]
        else:
            wanted.append(rest.pop(0))
    app = find_controls.find_app(app_name)
    if app is None:
        print(f"no application named {app_name!r} on the accessibility bus")
        return 1

    key(window, "ctrl+l")
    start = focused(app)
    print(f"start: {start[1]}: {start[2]}")
    seen, problems, opened = [], [], False
    for _ in range(150):
        key(window, "Tab")
        node, role, name, states = focused(app)
        if node is None:
            problems.append("the focus went nowhere a screen reader can see")
            break
        checked = states.contains(Atspi.StateType.CHECKED) or states.contains(Atspi.StateType.PRESSED)
        print(f"  {role}: {name}" + (" (on)" if checked else ""))
        if not name.strip():
            problems.append(f"a {role} without a name")
        elif re.fullmatch(r"(Gtk|Adw|Sb)[A-Z]\w+", name):
            problems.append(f"a {role} named by its GTK type: {name}")
        seen.append((role, name, checked))
        if same(name, image_name) and not opened:
            # The viewer takes the drawing's place in the window, which
            # takes the picture's title; Escape brings the drawing back,
            # and the keyboard to the picture it was on.
            title = window_name(window)
            key(window, "Return")
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and window_name(window) == title:
                time.sleep(0.2)
            if window_name(window) == title:
                problems.append("Enter on a gallery picture opened nothing")
            else:
                print(f"  Enter opened the viewer: {window_name(window)}")
                opened = True
                key(window, "Escape")
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and window_name(window) != title:
                    time.sleep(0.2)
                if window_name(window) != title:
                    problems.append("Escape did not return from the viewer to the drawing")
                back = focused(app)
                if back[2] != name:
                    problems.append(f"after the viewer the focus is on {back[2]!r}, not the picture")
        if (role, name) == (start[1], start[2]):
            break
    else:
        problems.append("Tab never came back to the prompt")

    # The names asked for, in this order.
    names = [name for _, name, _ in seen]
    position = 0
    for name in wanted:
        found = next((i for i in range(position, len(names)) if same(names[i], name)), None)
        if found is None:
            problems.append(f"{name!r} not reached in order (after {names[position - 1] if position else 'the start'!r})")
            break
        position = found + 1
    if not opened:
        problems.append(f"no {image_name!r} reached with Tab")
    # Nowhere in the window, a control a screen reader names by its GTK type.
    for node in find_controls.walk(app):
        try:
            role, name = node.get_role_name(), node.get_name() or ""
        except GLib.GError:
            continue
        if role in find_controls.CONTROLS and re.fullmatch(r"(Gtk|Adw|Sb)[A-Z]\w+", name):
            problems.append(f"a {role} named by its GTK type: {name}")

    # The tool and the colour in use say they are on.
    for name in on:
        if not any(checked for _, stop, checked in seen if stop == name):
            problems.append(f"{name!r} does not say it is on")

    for problem in problems:
        print("FAIL:", problem)
    print(f"{len(seen)} stops with Tab; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
