/* sb-canvas-view.c: where the page is in the canvas, zoomed and panned
 *
 * The view transform alone, as plain arithmetic on the widget's size: the
 * canvas (sb-canvas.c) keeps the input handling, and asks here where the
 * page is and which sketch point lies under the pointer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sb-canvas-view.h"
#include "sb-limits.h"
#include "sb-params.h"

/* The page at "fit": the largest centred square that fits. */
static double
fit_side (double width,
          double height)
{
  return MIN (width, height);
}

/* The page as shown: zoomed, and moved by the pan. */
graphene_rect_t
sb_canvas_view_get_page (const SbCanvasView *view,
                         double              width,
                         double              height)
{
  double side = fit_side (width, height) * view->zoom;

  return GRAPHENE_RECT_INIT ((width - side) / 2 + view->offset_x, (height - side) / 2 + view->offset_y, side, side);
}

/* Sketch pixels per widget pixel. */
double
sb_canvas_view_get_scale (const SbCanvasView *view,
                          double              width,
                          double              height)
{
  graphene_rect_t page = sb_canvas_view_get_page (view, width, height);

  return SB_SKETCH_SIZE / MAX (page.size.width, 1.0);
}

void
sb_canvas_view_to_sketch (const SbCanvasView *view,
                          double              width,
                          double              height,
                          double              x,
                          double              y,
                          double             *sketch_x,
                          double             *sketch_y)
{
  graphene_rect_t page = sb_canvas_view_get_page (view, width, height);
  double scale = sb_canvas_view_get_scale (view, width, height);

  *sketch_x = (x - page.origin.x) * scale;
  *sketch_y = (y - page.origin.y) * scale;
}

/* However far it is moved, the page still covers the middle of the view:
 * it never gets lost off screen. At "fit" it is centred. */
void
sb_canvas_view_clamp (SbCanvasView *view,
                      double        fit)
{
  double limit = fit * view->zoom / 2;

  view->offset_x = view->zoom == 1.0 ? 0 : CLAMP (view->offset_x, -limit, limit);
  view->offset_y = view->zoom == 1.0 ? 0 : CLAMP (view->offset_y, -limit, limit);
}

/* Returns: whether the zoom changed (the offset always may) */
gboolean
sb_canvas_view_set (SbCanvasView *view,
                    double        width,
                    double        height,
                    double        zoom,
                    double        offset_x,
                    double        offset_y)
{
  double old_zoom = view->zoom;

  view->zoom = CLAMP (zoom, 1.0, SB_CANVAS_VIEW_MAX_ZOOM);
  if (fabs (view->zoom - 1.0) < 1e-6)
    view->zoom = 1.0;
  view->offset_x = offset_x;
  view->offset_y = offset_y;
  sb_canvas_view_clamp (view, fit_side (width, height));
  return old_zoom != view->zoom;
}

/* Zooms keeping the sketch point under (x, y) where it is. */
gboolean
sb_canvas_view_zoom_at (SbCanvasView *view,
                        double        width,
                        double        height,
                        double        zoom,
                        double        x,
                        double        y)
{
  double fit = fit_side (width, height);
  double sx, sy, side;

  if (fit < 1)
    return FALSE;

  sb_canvas_view_to_sketch (view, width, height, x, y, &sx, &sy);
  zoom = CLAMP (zoom, 1.0, SB_CANVAS_VIEW_MAX_ZOOM);
  side = fit * zoom;
  return sb_canvas_view_set (view, width, height, zoom,
                             x - sx / SB_SKETCH_SIZE * side - (width - side) / 2,
                             y - sy / SB_SKETCH_SIZE * side - (height - side) / 2);
}

/* Room left around a grown frame, in widget pixels. */
#define FRAME_MARGIN 12.0

/**
 * sb_canvas_view_framing:
 * @scales: how far each side of the picture grows (sb-params.h's order)
 * @aspect: the picture's height over its width (it is drawn at the page's
 *   width, from the page's top)
 *
 * The view that shows the whole frame an extension would make, centred:
 * zoomed out below "fit" as far as the frame needs, never in.
 */
SbCanvasView
sb_canvas_view_framing (double        width,
                        double        height,
                        const double *scales,
                        double        aspect)
{
  double fit = fit_side (width, height);
  double across = scales[SB_SIDE_LEFT] + scales[SB_SIDE_RIGHT] - 1;    /* in page widths */
  double down = (scales[SB_SIDE_TOP] + scales[SB_SIDE_BOTTOM] - 1) * aspect;
  /* The margin grows with the frame: none while nothing grows. */
  double needed = MAX (across * fit / MAX (width - 2 * FRAME_MARGIN * MIN (1.0, across - 1), 1.0),
                       down * fit / MAX (height - 2 * FRAME_MARGIN * MIN (1.0, down - aspect), 1.0));
  double zoom = needed > 1.0 ? 1.0 / needed : 1.0;
  double side = fit * zoom;

  /* The frame's centre moved to the view's: from the page's centre, it is
   * half of what the right grows more than the left (and the bottom than
   * the top, below the picture's own middle). */
  return (SbCanvasView) {
    zoom,
    -side * (scales[SB_SIDE_RIGHT] - scales[SB_SIDE_LEFT]) / 2,
    -(side * aspect * (1 + scales[SB_SIDE_BOTTOM] - scales[SB_SIDE_TOP]) - side) / 2,
  };
}
