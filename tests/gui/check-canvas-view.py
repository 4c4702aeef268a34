#!/usr/bin/python3
"""Where the page is on screen, and whether a stroke drawn on a zoomed,
panned page landed on the right sketch pixels. Usage:
    check-canvas-view.py page WINDOW_SCREENSHOT
        prints "X Y SIDE": the page at "fit" (the pure-white square)
    check-canvas-view.py stroke EXPORTED_PNG X Y SIDE ZOOM DX DY X0 Y0 X1 Y1 RGB
        the page was zoomed ZOOM times about its centre, then moved by
        (DX, DY) window pixels; a stroke drawn from (X0, Y0) to (X1, Y1) in
        window pixels must be in the export, in colour RGB (hex), where the
        view put it, and nowhere else below the sketch's top 160 rows."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
check_stroke = __import__("check-stroke")


def page(shot):
    height = int(subprocess.run(["identify", "-format", "%h", shot],
                                capture_output=True, text=True, check=True).stdout)
    width = int(subprocess.run(["identify", "-format", "%w", shot],
                               capture_output=True, text=True, check=True).stdout)
    # A row through the middle of the window crosses the page.
    px, pw = check_stroke.white_runs(shot, f"{width}x1+0+{height // 2}")
    py, ph = check_stroke.white_runs(shot, f"1x{height}+{px + 10}+0")
    assert abs(pw - ph) <= 2 and pw > 200, f"no square page found: {pw}x{ph}+{px}+{py}"
    print(px, py, pw)


def stroke(exported, px, py, side, zoom, dx, dy, x0, y0, x1, y1, rgb):
    shown = side * zoom
    ox = px + side / 2 - shown / 2 + dx
    oy = py + side / 2 - shown / 2 + dy
    scale = 768 / shown
    ex0, ey0 = (x0 - ox) * scale, (y0 - oy) * scale
    ex1, ey1 = (x1 - ox) * scale, (y1 - oy) * scale
    # The ink of that colour, below the top rows (which hold the colour it was picked from).
    r, g, b = int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)
    ix, iy, iw, ih = check_stroke.bbox(
        exported, "-crop", "768x608+0+160", "+repage",
        "-fill", "black", "-opaque", "white",
        "-fuzz", "12%", "-fill", "white", "-opaque", f"rgb({r},{g},{b})",
        "-fuzz", "0", "-fill", "black", "+opaque", "white")
    iy += 160
    print(f"ink {iw}x{ih}+{ix}+{iy}; expected from ({ex0:.0f},{ey0:.0f}) to ({ex1:.0f},{ey1:.0f})")
    margin = 12
    assert iw > 0 and ih > 0, "no ink of the picked colour"
    assert abs(ix - ex0) <= margin and abs(iy - ey0) <= margin, "the stroke starts elsewhere"
    assert abs(ix + iw - ex1) <= margin + 8 and abs(iy + ih - ey1) <= margin + 8, "the stroke ends elsewhere"
    print("the stroke is where the zoomed, moved view showed it, in the picked colour")


if __name__ == "__main__":
    if sys.argv[1] == "page":
        page(sys.argv[2])
    else:
        args = sys.argv[2:]
        stroke(args[0], *map(float, args[1:11]), args[11])
