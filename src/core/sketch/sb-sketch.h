/* sb-sketch.h: the drawing, as strokes and as 768×768 pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "sb-limits.h"
#include "sb-params.h"

G_BEGIN_DECLS

typedef enum {
  SB_TOOL_PEN,
  SB_TOOL_ERASER,
} SbTool;

/* Pen colours are 0xRRGGBB. */
#define SB_COLOR_BLACK 0x000000

/* Pressure of a device that has none, such as a mouse. */
#define SB_DEFAULT_PRESSURE 0.5

#define SB_TYPE_SKETCH (sb_sketch_get_type ())

G_DECLARE_FINAL_TYPE (SbSketch, sb_sketch, SB, SKETCH, GObject)

SbSketch        *sb_sketch_new                (void);
cairo_surface_t *sb_sketch_get_surface        (SbSketch       *self);
gboolean         sb_sketch_is_empty           (SbSketch       *self);
guint            sb_sketch_get_n_strokes      (SbSketch       *self);

SbTool           sb_sketch_get_tool           (SbSketch       *self);
void             sb_sketch_set_tool           (SbSketch       *self,
                                               SbTool          tool);
double           sb_sketch_get_width          (SbSketch       *self);
void             sb_sketch_set_width          (SbSketch       *self,
                                               double          width);
guint32          sb_sketch_get_color          (SbSketch       *self);
gboolean         sb_sketch_get_color_at       (SbSketch       *self,
                                               double          x,
                                               double          y,
                                               guint32        *color);
void             sb_sketch_set_color          (SbSketch       *self,
                                               guint32         color);
gboolean         sb_sketch_get_smoothing      (SbSketch       *self);
void             sb_sketch_set_smoothing      (SbSketch       *self,
                                               gboolean        smoothing);
gboolean         sb_sketch_get_extraction     (SbSketch       *self);
void             sb_sketch_set_extraction     (SbSketch       *self,
                                               gboolean        extraction);

void             sb_sketch_begin_stroke       (SbSketch       *self,
                                               SbTool          tool,
                                               double          x,
                                               double          y,
                                               double          pressure);
void             sb_sketch_extend_stroke      (SbSketch       *self,
                                               double          x,
                                               double          y,
                                               double          pressure);
void             sb_sketch_end_stroke         (SbSketch       *self);
void             sb_sketch_cancel_stroke      (SbSketch       *self);
void             sb_sketch_clear              (SbSketch       *self);
gboolean         sb_sketch_get_can_undo       (SbSketch       *self);
gboolean         sb_sketch_get_can_redo       (SbSketch       *self);
void             sb_sketch_undo               (SbSketch       *self);
void             sb_sketch_redo               (SbSketch       *self);

void             sb_sketch_import_async       (SbSketch       *self,
                                               GFile          *file,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
void             sb_sketch_import_rendering_async (SbSketch   *self,
                                               GFile          *file,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
void             sb_sketch_import_bytes_async (SbSketch       *self,
                                               GBytes         *bytes,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
gboolean         sb_sketch_import_finish      (SbSketch       *self,
                                               GAsyncResult   *result,
                                               GError        **error);

GBytes          *sb_sketch_export_png         (SbSketch       *self,
                                               GError        **error);
void             sb_sketch_export_png_async   (SbSketch       *self,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
GBytes          *sb_sketch_export_png_finish  (SbSketch       *self,
                                               GAsyncResult   *result,
                                               GError        **error);
void             sb_sketch_apply_colors       (SbSketch       *self,
                                               SbParams       *params);

GBytes          *sb_sketch_serialize          (SbSketch       *self);
gboolean         sb_sketch_load               (SbSketch       *self,
                                               GBytes         *data,
                                               GError        **error);

G_END_DECLS
