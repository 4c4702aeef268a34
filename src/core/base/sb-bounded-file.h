/* sb-bounded-file.h: reading back a file that may have been tampered with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *sb_bounded_file_read      (GFile         *file,
                                   gsize          max_bytes,
                                   GCancellable  *cancellable,
                                   GError       **error);
GBytes *sb_bounded_file_read_head (GFile         *file,
                                   gsize          length,
                                   GCancellable  *cancellable,
                                   GError       **error);
void    sb_bounded_file_read_async  (GFile               *file,
                                     gsize                max_bytes,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GBytes *sb_bounded_file_read_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
