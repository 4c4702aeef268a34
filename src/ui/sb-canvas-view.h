/* sb-canvas-view.h: where the page is in the canvas, zoomed and panned
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <graphene.h>
#include <glib.h>

G_BEGIN_DECLS

#define SB_CANVAS_VIEW_MAX_ZOOM 8.0

/* 1 is "fit"; the offset moves the page from the centre, in widget pixels. */
typedef struct {
  double zoom;
  double offset_x;
  double offset_y;
} SbCanvasView;

#define SB_CANVAS_VIEW_FIT ((SbCanvasView) { 1.0, 0.0, 0.0 })

graphene_rect_t sb_canvas_view_get_page  (const SbCanvasView *view,
                                          double              width,
                                          double              height);
double          sb_canvas_view_get_scale (const SbCanvasView *view,
                                          double              width,
                                          double              height);
void            sb_canvas_view_to_sketch (const SbCanvasView *view,
                                          double              width,
                                          double              height,
                                          double              x,
                                          double              y,
                                          double             *sketch_x,
                                          double             *sketch_y);
void            sb_canvas_view_clamp     (SbCanvasView       *view,
                                          double              fit_side);
gboolean        sb_canvas_view_set       (SbCanvasView       *view,
                                          double              width,
                                          double              height,
                                          double              zoom,
                                          double              offset_x,
                                          double              offset_y);
gboolean        sb_canvas_view_zoom_at   (SbCanvasView       *view,
                                          double              width,
                                          double              height,
                                          double              zoom,
                                          double              x,
                                          double              y);
SbCanvasView    sb_canvas_view_framing   (double              width,
                                          double              height,
                                          const double       *scales,
                                          double              aspect);

G_END_DECLS
