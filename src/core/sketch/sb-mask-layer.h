/* sb-mask-layer.h: the region of a picture an artist paints to repaint it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define SB_TYPE_MASK_LAYER (sb_mask_layer_get_type ())

G_DECLARE_FINAL_TYPE (SbMaskLayer, sb_mask_layer, SB, MASK_LAYER, GObject)

SbMaskLayer     *sb_mask_layer_new         (int          width,
                                            int          height);
int              sb_mask_layer_get_width   (SbMaskLayer *self);
int              sb_mask_layer_get_height  (SbMaskLayer *self);
void             sb_mask_layer_paint       (SbMaskLayer *self,
                                            double       x0,
                                            double       y0,
                                            double       x1,
                                            double       y1,
                                            double       radius,
                                            gboolean     erase);
void             sb_mask_layer_clear       (SbMaskLayer *self);
gboolean         sb_mask_layer_is_empty    (SbMaskLayer *self);
cairo_surface_t *sb_mask_layer_get_surface (SbMaskLayer *self);
GBytes          *sb_mask_layer_export      (SbMaskLayer *self,
                                            GError     **error);
void             sb_mask_layer_load_async  (GFile               *file,
                                            int                  width,
                                            int                  height,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SbMaskLayer     *sb_mask_layer_load_finish (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
