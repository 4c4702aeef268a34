/* sb-image-probe.h: an image's format and size, read from its header alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SB_IMAGE_UNKNOWN,
  SB_IMAGE_PNG,
  SB_IMAGE_JPEG,
  SB_IMAGE_WEBP,
  SB_IMAGE_BMP,
  SB_IMAGE_TIFF,   /* accepted for imports (scans), not from the service */
} SbImageFormat;

SbImageFormat sb_image_probe       (const guint8  *data,
                                    gsize          length,
                                    guint         *width,
                                    guint         *height);
gboolean      sb_image_check       (const guint8  *data,
                                    gsize          length,
                                    guint          max_side,
                                    GError       **error);
gboolean      sb_image_check_import (const guint8 *data,
                                    gsize          length,
                                    GError       **error);
gboolean      sb_image_is_whole    (const guint8  *data,
                                    gsize          length);
gboolean      sb_image_looks_grey  (const guint8  *pixels,
                                    int            width,
                                    int            height,
                                    gsize          stride,
                                    int            channels);
gboolean      sb_image_check_file  (const char    *path,
                                    guint          max_side,
                                    GError       **error);

G_END_DECLS
