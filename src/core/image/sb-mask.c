/* sb-mask.c: the region of a picture to repaint, as the service takes it
 *
 * description_edit_with_mask repaints where its mask is pure white
 * (255,255,255) and keeps where it is pure black, and takes a mask only of
 * its picture's size (dashscope-imageedit.md). Whatever a mask looks like
 * where it is made — a soft tinted overlay on the canvas, a grey PNG given
 * to the CLI — it leaves here as a PNG of exactly two colours and that
 * size, with at least one pixel to repaint, or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-mask"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-image-probe.h"
#include "sb-limits.h"
#include "sb-mask.h"

/* Rows of 0 or 255 in, an RGB PNG of black and white out. */
static GBytes *
encode (const guint8  *on,
        guint          width,
        guint          height,
        gsize          stride,
        GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autofree char *png = NULL;
  gsize length;
  gboolean any = FALSE;

  if (pixbuf == NULL)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The region is too large to hold in memory"));
      return NULL;
    }
  for (guint y = 0; y < height; y++)
    {
      guint8 *row = gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);

      for (guint x = 0; x < width; x++)
        {
          guint8 value = on[(gsize) y * stride + x] ? 255 : 0;

          row[3 * x] = row[3 * x + 1] = row[3 * x + 2] = value;
          any |= value != 0;
        }
    }
  if (!any)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("No region is painted: paint where the picture should change"));
      return NULL;
    }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &png, &length, "png", error, NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&png), length);
}

/**
 * sb_mask_from_alpha:
 * @alpha: one byte a pixel, rows @stride apart: how much of the pixel is
 *   painted (the canvas's mask layer)
 *
 * Returns: (transfer full): the mask: white where a pixel is at least half
 *   painted, black elsewhere; or NULL when nothing is
 */
GBytes *
sb_mask_from_alpha (const guint8  *alpha,
                    guint          width,
                    guint          height,
                    gsize          stride,
                    GError       **error)
{
  g_autofree guint8 *on = NULL;

  g_return_val_if_fail (alpha != NULL && width > 0 && height > 0 && stride >= width, NULL);

  on = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      on[(gsize) y * width + x] = alpha[(gsize) y * stride + x] >= 128;
  return encode (on, width, height, width, error);
}

/**
 * sb_mask_read:
 * @mask: a picture of the region (any format the app reads, header
 *   checked before it is decoded)
 * @width: the size of the picture it is for
 *
 * Returns: (transfer full): one byte a pixel, @width to a row: 1 where
 *   @mask is light (and, with transparency, at least half opaque), 0
 *   elsewhere; or NULL when it is no picture, not @width × @height, or
 *   paints nothing
 */
guint8 *
sb_mask_read (GBytes  *mask,
              guint    width,
              guint    height,
              GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (mask, &size);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree guint8 *on = NULL;
  guint mask_width = 0, mask_height = 0;
  gboolean any = FALSE;
  int channels;

  if (!sb_image_check (data, size, SB_IMAGE_MAX_SIDE, error))
    return NULL;
  sb_image_probe (data, size, &mask_width, &mask_height);
  if (mask_width != width || mask_height != height)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The mask is %u×%u pixels; it must be the picture’s size, %u×%u"),
                   mask_width, mask_height, width, height);
      return NULL;
    }
  stream = g_memory_input_stream_new_from_bytes (mask);
  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, error);
  if (pixbuf == NULL)
    return NULL;

  channels = gdk_pixbuf_get_n_channels (pixbuf);
  on = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);

      for (guint x = 0; x < width; x++)
        {
          const guint8 *p = row + (gsize) x * channels;
          /* Rec. 601 luma, in integers. */
          guint luma = (299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000;

          on[(gsize) y * width + x] = luma >= 128 && (!gdk_pixbuf_get_has_alpha (pixbuf) || p[3] >= 128);
          any |= on[(gsize) y * width + x];
        }
    }
  if (!any)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("No region is painted: paint where the picture should change"));
      return NULL;
    }
  return g_steal_pointer (&on);
}

/**
 * sb_mask_normalize:
 * @mask: a picture of the region, as sb_mask_read() takes it
 * @width: the size of the picture it is for
 *
 * Returns: (transfer full): the mask: white where sb_mask_read() finds the
 *   region, black elsewhere; or NULL as sb_mask_read() refuses it
 */
GBytes *
sb_mask_normalize (GBytes  *mask,
                   guint    width,
                   guint    height,
                   GError **error)
{
  g_autofree guint8 *on = sb_mask_read (mask, width, height, error);

  if (on == NULL)
    return NULL;
  return encode (on, width, height, width, error);
}
