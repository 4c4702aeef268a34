/* sb-mask.h: the region of a picture to repaint, as the service takes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

guint8 *sb_mask_read       (GBytes        *mask,
                            guint          width,
                            guint          height,
                            GError       **error);
GBytes *sb_mask_normalize  (GBytes        *mask,
                            guint          width,
                            guint          height,
                            GError       **error);
GBytes *sb_mask_from_alpha (const guint8  *alpha,
                            guint          width,
                            guint          height,
                            gsize          stride,
                            GError       **error);

G_END_DECLS
