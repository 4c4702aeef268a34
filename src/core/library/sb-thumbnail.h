/* sb-thumbnail.h: small pictures for the gallery, kept beside the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

GFile     *sb_thumbnail_get_file (GFile   *image);
GdkPixbuf *sb_thumbnail_load     (GFile   *image,
                                  int      size,
                                  GError **error);

G_END_DECLS
