#!/usr/bin/python3
"""Checks a repaint's create in the simulator's log: description_edit_with_mask,
the base picture and the mask inline at the same size, the mask pure black
and white, and white exactly where the drags went (pixel by pixel: white
within the brush less 1.5 px of each drag's line, black beyond it plus 1.5
px); then that the result was saved as an edit of the painted picture.
Usage:
    check-mask.py SIM_LOG HISTORY SIDE RADIUS "ZOOM DX DY X0 Y0 X1 Y1" ... --page PX PY
Each drag went from (X0, Y0) to (X1, Y1) in window pixels with the page
zoomed ZOOM times about its centre and moved by (DX, DY); at fit the page
is SIDE pixels at (PX, PY); RADIUS is the brush's, in sketch units."""

import base64
import glob
import json
import math
import os
import subprocess
import sys


def decode(uri):
    assert uri.startswith("data:image/png;base64,"), uri[:40]
    return base64.b64decode(uri[len("data:image/png;base64,"):])


def grey(png):
    """(width, height, bytes): the PNG as 8-bit grey, through ImageMagick."""
    size = subprocess.run(["identify", "-format", "%w %h", "png:-"], input=png, capture_output=True,
                          check=True).stdout.split()
    width, height = int(size[0]), int(size[1])
    raw = subprocess.run(["convert", "png:-", "-colorspace", "gray", "-depth", "8", "gray:-"], input=png,
                         capture_output=True, check=True).stdout
    assert len(raw) == width * height, f"{len(raw)} bytes for {width}x{height}"
    return width, height, raw


def segment_distance(x, y, x0, y0, x1, y1):
    dx, dy = x1 - x0, y1 - y0
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x0 + t * dx), y - (y0 + t * dy))


def main():
    args = sys.argv[1:]
    page_at = args.index("--page")
    px, py = map(float, args[page_at + 1:page_at + 3])
    log, history, side, radius = args[0], args[1], float(args[2]), float(args[3])
    drags = [list(map(float, d.split())) for d in args[4:page_at]]

    entries = [json.loads(line) for line in open(log) if line.strip()]
    creates = [e for e in entries if e["path"].endswith("/image-synthesis")]
    assert len(creates) == 2, f"{len(creates)} creates, not 2"
    edit = creates[1]
    assert edit["status"] == 200, edit["status"]
    inputs = edit["request"]["input"]
    assert inputs["function"] == "description_edit_with_mask", inputs["function"]
    assert inputs["prompt"] == "a red door", inputs["prompt"]
    bw, bh, _ = grey(decode(inputs["base_image_url"]))
    width, height, mask = grey(decode(inputs["mask_image_url"]))
    assert (width, height) == (bw, bh), f"mask {width}x{height}, picture {bw}x{bh}"
    assert set(mask) <= {0, 255}, "the mask is not pure black and white"

    # Each drag in the picture's pixels.
    k = width / 768
    lines = []
    for zoom, dx, dy, x0, y0, x1, y1 in drags:
        shown = side * zoom
        ox, oy = px + side / 2 - shown / 2 + dx, py + side / 2 - shown / 2 + dy
        to_picture = 768 / shown * k
        lines.append(((x0 - ox) * to_picture, (y0 - oy) * to_picture, (x1 - ox) * to_picture, (y1 - oy) * to_picture))
    r = radius * k
    print(f"mask {width}x{height}; drags in picture pixels: "
          + ", ".join(f"({a:.0f},{b:.0f})-({c:.0f},{d:.0f})" for a, b, c, d in lines) + f"; brush {r:.0f} px")

    wrong_inside = wrong_outside = white = 0
    for y in range(height):
        row = mask[y * width:(y + 1) * width]
        for x in range(width):
            d = min(segment_distance(x + 0.5, y + 0.5, *line) for line in lines)
            on = row[x] == 255
            white += on
            if d < r - 1.5 and not on:
                wrong_inside += 1
            elif d > r + 1.5 and on:
                wrong_outside += 1
    print(f"{white} white pixels; {wrong_inside} black within the brush, {wrong_outside} white beyond it")
    assert white > 1000, "hardly anything painted"
    assert wrong_inside == 0 and wrong_outside == 0, "the mask is not where the brush went"

    # The result: an edit of the painted picture, saved.
    painted = [json.load(open(p)) for p in glob.glob(os.path.join(history, "*", "entry.json"))]
    edits = [e for e in painted if e.get("parent")]
    assert len(edits) == 1, f"{len(edits)} edits in the history"
    assert edits[0]["state"] == "done", edits[0]["state"]
    assert os.path.isdir(os.path.join(history, edits[0]["parent"]["entry"])), edits[0]["parent"]
    print("the mask is white exactly where the brush went, at fit and at 200 %; the result is an edit of the picture")


if __name__ == "__main__":
    main()
