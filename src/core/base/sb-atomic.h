/* sb-atomic.h: files written so that a failed write leaves the old one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean sb_atomic_write        (GFile               *file,
                                 GBytes              *bytes,
                                 GError             **error);
void     sb_atomic_write_async  (GFile               *file,
                                 GBytes              *bytes,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean sb_atomic_write_finish (GAsyncResult        *result,
                                 GError             **error);
gboolean sb_atomic_copy         (GFile               *source,
                                 GFile               *destination,
                                 gsize                max_bytes,
                                 GCancellable        *cancellable,
                                 GError             **error);

G_END_DECLS
