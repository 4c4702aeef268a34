/* sb-mask-layer.c: the region of a picture an artist paints to repaint it
 *
 * One byte a pixel at the picture's own resolution (not the canvas's: the
 * service takes a mask of the picture's size), painted with a round brush
 * and erased with one. However the window shows it — tinted, soft, over a
 * picture at any zoom — what leaves is sb_mask_from_alpha()'s two tones:
 * white where a pixel is at least half painted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-mask-layer"

#include "config.h"

#include <math.h>

#include "sb-bounded-file.h"
#include "sb-limits.h"
#include "sb-mask.h"
#include "sb-mask-layer.h"
#include "sb-worker.h"

struct _SbMaskLayer
{
  GObject          parent_instance;

  cairo_surface_t *surface;   /* CAIRO_FORMAT_A8, the picture's size */
};

G_DEFINE_FINAL_TYPE (SbMaskLayer, sb_mask_layer, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sb_mask_layer_finalize (GObject *object)
{
  SbMaskLayer *self = SB_MASK_LAYER (object);

  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (sb_mask_layer_parent_class)->finalize (object);
}

static void
sb_mask_layer_class_init (SbMaskLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_mask_layer_finalize;

  /**
   * SbMaskLayer::changed:
   * @x, @y, @width, @height: the pixels that changed
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
}

static void
sb_mask_layer_init (SbMaskLayer *self)
{
}

/* A region for a picture of @width × @height (clamped to what the app
 * takes), nothing painted. */
SbMaskLayer *
sb_mask_layer_new (int width,
                   int height)
{
  SbMaskLayer *self = g_object_new (SB_TYPE_MASK_LAYER, NULL);

  self->surface = cairo_image_surface_create (CAIRO_FORMAT_A8, CLAMP (width, 1, SB_IMAGE_MAX_SIDE),
                                              CLAMP (height, 1, SB_IMAGE_MAX_SIDE));
  return self;
}

int
sb_mask_layer_get_width (SbMaskLayer *self)
{
  g_return_val_if_fail (SB_IS_MASK_LAYER (self), 0);

  return cairo_image_surface_get_width (self->surface);
}

int
sb_mask_layer_get_height (SbMaskLayer *self)
{
  g_return_val_if_fail (SB_IS_MASK_LAYER (self), 0);

  return cairo_image_surface_get_height (self->surface);
}

/* A round brush of @radius from (@x0, @y0) to (@x1, @y1), in the
 * picture's pixels: painted, or taken away. */
void
sb_mask_layer_paint (SbMaskLayer *self,
                     double       x0,
                     double       y0,
                     double       x1,
                     double       y1,
                     double       radius,
                     gboolean     erase)
{
  cairo_t *cr;
  int left, top, right, bottom;

  g_return_if_fail (SB_IS_MASK_LAYER (self));
  g_return_if_fail (radius > 0);

  if (!isfinite (x0) || !isfinite (y0) || !isfinite (x1) || !isfinite (y1) || !isfinite (radius))
    return;
  cr = cairo_create (self->surface);
  cairo_set_operator (cr, erase ? CAIRO_OPERATOR_CLEAR : CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgba (cr, 0, 0, 0, 1);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, 2 * radius);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_mark_dirty (self->surface);

  left = (int) floor (MIN (x0, x1) - radius - 1);
  top = (int) floor (MIN (y0, y1) - radius - 1);
  right = (int) ceil (MAX (x0, x1) + radius + 1);
  bottom = (int) ceil (MAX (y0, y1) + radius + 1);
  left = CLAMP (left, 0, sb_mask_layer_get_width (self));
  top = CLAMP (top, 0, sb_mask_layer_get_height (self));
  right = CLAMP (right, left, sb_mask_layer_get_width (self));
  bottom = CLAMP (bottom, top, sb_mask_layer_get_height (self));
  if (right > left && bottom > top)
    g_signal_emit (self, signals[CHANGED], 0, left, top, right - left, bottom - top);
}

void
sb_mask_layer_clear (SbMaskLayer *self)
{
  cairo_t *cr;

  g_return_if_fail (SB_IS_MASK_LAYER (self));

  cr = cairo_create (self->surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_mark_dirty (self->surface);
  g_signal_emit (self, signals[CHANGED], 0, 0, 0, sb_mask_layer_get_width (self), sb_mask_layer_get_height (self));
}

/* Nothing at least half painted: nothing would be repainted. */
gboolean
sb_mask_layer_is_empty (SbMaskLayer *self)
{
  const guint8 *data;
  int stride;

  g_return_val_if_fail (SB_IS_MASK_LAYER (self), TRUE);

  cairo_surface_flush (self->surface);
  data = cairo_image_surface_get_data (self->surface);
  stride = cairo_image_surface_get_stride (self->surface);
  for (int y = 0; y < sb_mask_layer_get_height (self); y++)
    for (int x = 0; x < sb_mask_layer_get_width (self); x++)
      if (data[(gsize) y * stride + x] >= 128)
        return FALSE;
  return TRUE;
}

/* Returns: (transfer none): the coverage, one byte a pixel, for drawing */
cairo_surface_t *
sb_mask_layer_get_surface (SbMaskLayer *self)
{
  g_return_val_if_fail (SB_IS_MASK_LAYER (self), NULL);

  return self->surface;
}

/* Returns: (transfer full): the mask as the service takes it (a PNG of
 * the picture's size, pure white where painted, pure black elsewhere), or
 * NULL when nothing is painted */
GBytes *
sb_mask_layer_export (SbMaskLayer  *self,
                      GError      **error)
{
  g_return_val_if_fail (SB_IS_MASK_LAYER (self), NULL);

  cairo_surface_flush (self->surface);
  return sb_mask_from_alpha (cairo_image_surface_get_data (self->surface), sb_mask_layer_get_width (self),
                             sb_mask_layer_get_height (self), cairo_image_surface_get_stride (self->surface), error);
}

typedef struct {
  GFile *file;
  int    width;
  int    height;
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->file);
  g_free (load);
}

static void
load_in_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = sb_bounded_file_read (load->file, SB_DOWNLOAD_MAX_BYTES, cancellable, &error);
  g_autofree guint8 *on = NULL;
  g_autoptr(SbMaskLayer) layer = NULL;
  guint8 *pixels;
  int stride;

  /* Checked (header, size, something painted) as it is decoded, once. */
  if (bytes != NULL)
    on = sb_mask_read (bytes, load->width, load->height, &error);
  if (on == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  layer = sb_mask_layer_new (load->width, load->height);
  cairo_surface_flush (layer->surface);
  pixels = cairo_image_surface_get_data (layer->surface);
  stride = cairo_image_surface_get_stride (layer->surface);
  for (int y = 0; y < load->height; y++)
    for (int x = 0; x < load->width; x++)
      pixels[(gsize) y * stride + x] = on[(gsize) y * load->width + x] ? 255 : 0;
  cairo_surface_mark_dirty (layer->surface);
  g_task_return_pointer (task, g_steal_pointer (&layer), g_object_unref);
}

/**
 * sb_mask_layer_load_async:
 * @file: a region as sent (mask.png beside a repaint's entry)
 * @width: the size of the picture it is for
 *
 * The region painted again, to repaint it once more: read and checked on
 * a picture worker, as sb_mask_read() takes a mask.
 */
void
sb_mask_layer_load_async (GFile               *file,
                          int                  width,
                          int                  height,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Load *load = g_new (Load, 1);

  g_return_if_fail (G_IS_FILE (file));

  load->file = g_object_ref (file);
  load->width = CLAMP (width, 1, SB_IMAGE_MAX_SIDE);
  load->height = CLAMP (height, 1, SB_IMAGE_MAX_SIDE);
  g_task_set_source_tag (task, sb_mask_layer_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  sb_worker_run (task, load_in_worker);
}

/* Returns: (transfer full): the region, or NULL with @error */
SbMaskLayer *
sb_mask_layer_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
