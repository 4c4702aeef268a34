/* sb-thumbnail.h: small pictures for the gallery, kept beside the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* The longer side of the gallery's thumbnails: its 136 px tile at scale 2.
 * Kept when a picture arrives, so the gallery never decodes it whole. */
#define SB_THUMBNAIL_SIZE 272

GFile     *sb_thumbnail_get_file (GFile     *image);
GdkPixbuf *sb_thumbnail_load     (GFile     *image,
                                  int        size,
                                  GError   **error);
void       sb_thumbnail_keep     (GFile     *image,
                                  GdkPixbuf *pixbuf,
                                  int        size);

void       sb_thumbnail_looks_grey_async  (GFile               *image,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   sb_thumbnail_looks_grey_finish (GFile               *image,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
