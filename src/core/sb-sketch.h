/* sb-sketch.h: the drawing, as strokes and as 768×768 pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define SB_TYPE_SKETCH (sb_sketch_get_type ())

G_DECLARE_FINAL_TYPE (SbSketch, sb_sketch, SB, SKETCH, GObject)

SbSketch        *sb_sketch_new           (void);
cairo_surface_t *sb_sketch_get_surface   (SbSketch *self);
gboolean         sb_sketch_is_empty      (SbSketch *self);
guint            sb_sketch_get_n_strokes (SbSketch *self);
void             sb_sketch_begin_stroke  (SbSketch *self,
                                          double    x,
                                          double    y);
void             sb_sketch_extend_stroke (SbSketch *self,
                                          double    x,
                                          double    y);
void             sb_sketch_end_stroke    (SbSketch *self);
void             sb_sketch_clear         (SbSketch *self);

G_END_DECLS
