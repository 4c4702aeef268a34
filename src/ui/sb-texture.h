/* sb-texture.h: pictures decoded off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        sb_texture_load_async  (GFile                *file,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GdkTexture *sb_texture_load_finish (GAsyncResult         *result,
                                    GError              **error);

void        sb_texture_load_for_display_async  (GFile               *file,
                                                int                  side,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GdkTexture *sb_texture_load_for_display_finish (GAsyncResult        *result,
                                                GdkTexture         **shown,
                                                GError             **error);

G_END_DECLS
