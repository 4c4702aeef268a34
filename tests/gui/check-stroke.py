#!/usr/bin/python3
"""Checks that a stroke drawn on screen is in the exported sketch where it was
drawn, and nothing else is. Usage:
    check-stroke.py WINDOW_SCREENSHOT EXPORTED_PNG X0 Y0 X1 Y1
(X0, Y0)-(X1, Y1) bounds the stroke in window coordinates. The page is found
in the screenshot as the pure-white square of the canvas; ImageMagick gives
the bounding boxes."""

import subprocess
import sys


def white_runs(path, geometry):
    """The longest run of pure-white pixels along a 1-pixel-thick strip."""
    out = subprocess.run(["convert", path, "-crop", geometry, "+repage", "-depth", "8", "txt:-"],
                         capture_output=True, text=True, check=True).stdout
    white = [("#FFFFFF" in line.upper()) for line in out.splitlines()[1:]]
    best = (0, 0)
    start = None
    for i, is_white in enumerate(white + [False]):
        if is_white and start is None:
            start = i
        elif not is_white and start is not None:
            best = max(best, (i - start, start))
            start = None
    return best[1], best[0]


def bbox(path, *ops):
    """The trim box of the white pixels after ops, as (x, y, w, h)."""
    out = subprocess.run(["convert", path, *ops, "-format", "%@", "info:"],
                         capture_output=True, text=True, check=True).stdout
    size, x, y = out.split("+")
    w, h = size.split("x")
    return int(x), int(y), int(w), int(h)


def main():
    shot, exported = sys.argv[1], sys.argv[2]
    x0, y0, x1, y1 = map(int, sys.argv[3:7])
    width = int(subprocess.run(["identify", "-format", "%w", shot], capture_output=True, text=True).stdout)

    # The page: the longest pure-white run across a row above the stroke,
    # and down a column left of it.
    px, pw = white_runs(shot, f"{width - 340}x1+0+{y0 - 60}")
    py, ph = white_runs(shot, f"1x2000+{px + 10}+0")
    assert abs(pw - ph) <= 2 and pw > 300, f"no square page found: {pw}x{ph}+{px}+{py}"
    scale = 768 / pw

    size = subprocess.run(["identify", "-format", "%wx%h", exported], capture_output=True, text=True).stdout
    assert size == "768x768", size

    # The ink: whatever is not near-white in the export.
    ix, iy, iw, ih = bbox(exported, "-negate", "-threshold", "20%")
    ex0, ey0 = (x0 - px) * scale, (y0 - py) * scale
    ex1, ey1 = (x1 - px) * scale, (y1 - py) * scale
    print(f"page {pw}x{ph}+{px}+{py}; ink {iw}x{ih}+{ix}+{iy}; "
          f"stroke expected from ({ex0:.0f},{ey0:.0f}) to ({ex1:.0f},{ey1:.0f})")

    # Nowhere else: the ink stays within the stroke's box (pen radius and
    # anti-aliasing as margin). Where drawn: it covers the box, but for the
    # stabiliser's lag at the very end.
    margin, lag = 8, 20
    assert ix >= ex0 - margin and iy >= ey0 - margin, "ink before the stroke's start"
    assert ix + iw <= ex1 + margin and iy + ih <= ey1 + margin, "ink beyond the stroke's end"
    assert ix <= ex0 + margin and iy <= ey0 + margin, "the stroke's start is missing"
    assert ix + iw >= ex1 - lag and iy + ih >= ey1 - lag, "the stroke's end is missing"
    print("the stroke is where it was drawn, and nothing else is")


if __name__ == "__main__":
    main()
