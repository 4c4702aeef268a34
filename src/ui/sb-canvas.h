/* sb-canvas.h: the drawing surface in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-mask-layer.h"
#include "sb-params.h"
#include "sb-sketch.h"
#include "sb-stage.h"

G_BEGIN_DECLS

#define SB_TYPE_CANVAS (sb_canvas_get_type ())

G_DECLARE_FINAL_TYPE (SbCanvas, sb_canvas, SB, CANVAS, GtkWidget)

GtkWidget *sb_canvas_new        (void);
SbSketch  *sb_canvas_get_sketch (SbCanvas *self);
void       sb_canvas_set_sketch (SbCanvas *self,
                                 SbSketch *sketch);
GdkTexture *sb_canvas_get_tracing (SbCanvas  *self);
double      sb_canvas_get_zoom    (SbCanvas  *self);
void        sb_canvas_zoom_in     (SbCanvas  *self);
void        sb_canvas_zoom_out    (SbCanvas  *self);
void        sb_canvas_zoom_fit    (SbCanvas  *self);
void        sb_canvas_widget_to_sketch (SbCanvas *self,
                                        double    x,
                                        double    y,
                                        double   *sketch_x,
                                        double   *sketch_y);
gboolean    sb_canvas_get_picking (SbCanvas  *self);
void        sb_canvas_set_picking (SbCanvas  *self,
                                   gboolean   picking);
void        sb_canvas_set_tracing (SbCanvas  *self,
                                   GdkTexture *tracing);
void        sb_canvas_set_stage   (SbCanvas   *self,
                                   SbStage    *stage);
GdkTexture *sb_canvas_get_staged  (SbCanvas   *self);
void        sb_canvas_set_mask    (SbCanvas    *self,
                                   SbMaskLayer *mask);
SbMaskLayer *sb_canvas_get_mask   (SbCanvas    *self);
void        sb_canvas_set_frame   (SbCanvas     *self,
                                   const double *scales);
void        sb_canvas_set_mask_brush (SbCanvas *self,
                                      double    radius,
                                      gboolean  erasing);
SbStage    *sb_canvas_get_stage   (SbCanvas   *self);

G_END_DECLS
